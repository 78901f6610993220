import { useState } from 'react';
import DialogContentText from '@mui/material/DialogContentText';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { AWARD_CATEGORIES, awardKindOf } from '../../../../shared/contract';
import type { AwardCategory, AwardRow } from '../../../../shared/contract';
import type { StaffOption } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import { useFormErrors } from '../../hooks/useFormErrors';
import type { FormErrors } from '../../form-errors';
import { AwardRecipientsPicker } from './recipients';
import { FormDialog } from '../../ui/form-dialog';
import { DateField } from '../../ui/date-field';

/** The fiscal year's first and last day, for the date fields' range. */
export function fyRange(fy: number): { min: string; max: string } {
  return { min: `${fy}-04-01`, max: `${fy + 1}-03-31` };
}

function inRange(iso: string, fy: number): boolean {
  const { min, max } = fyRange(fy);
  return iso >= min && iso <= max;
}

const formFields = ['title', 'category', 'awardedOn', 'groupName', 'nominator', 'recipients'] as const;
type FormField = (typeof formFields)[number];

/** 「表彰を登録」 and 「編集」: title, category, date in the year, group, nominator and recipients. */
export function AwardFormDialog({
  fy,
  award,
  onClose,
  onSaved,
}: {
  fy: number;
  /** The award being edited; null registers a new one. */
  award: AwardRow | null;
  onClose: () => void;
  onSaved: (rows: AwardRow[], title: string) => void;
}) {
  const [title, setTitle] = useState(award?.title ?? '');
  const [category, setCategory] = useState<AwardCategory | ''>(award?.category ?? '');
  const [awardedOn, setAwardedOn] = useState(award?.awardedOn ?? '');
  const [groupName, setGroupName] = useState(award?.groupName ?? '');
  const [nominator, setNominator] = useState(award?.nominator ?? '');
  const [recipients, setRecipients] = useState<StaffOption[]>(
    award?.recipients.map((r) => ({ staffNo: r.staffNo, name: r.name, kana: '', section: r.section })) ?? [],
  );
  const { errors, setErrors, edited, bind } = useFormErrors<FormField>();
  const [busy, setBusy] = useState(false);
  const range = fyRange(fy);

  const save = async () => {
    const fields: Partial<Record<FormField, string>> = {};
    if (title.trim() === '') fields.title = '表彰名を入力してください。';
    if (category === '') fields.category = '区分を選んでください。';
    if (awardedOn === '') fields.awardedOn = '授与日を入力してください。';
    else if (!inRange(awardedOn, fy))
      fields.awardedOn = `授与日は${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）の日付にしてください。`;
    if (recipients.length === 0) fields.recipients = '受賞者を1人以上選んでください。';
    if (Object.keys(fields).length > 0 || category === '') {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const rows = await request('awards:save', {
        fy,
        id: award?.id ?? null,
        title: title.trim(),
        category,
        awardedOn,
        groupName: groupName.trim(),
        nominator: nominator.trim(),
        recipients: recipients.map((r) => r.staffNo),
      });
      onSaved(rows, title.trim());
    } catch (e) {
      setErrors(toFormErrors(e, formFields));
    } finally {
      setBusy(false);
    }
  };

  const internal = AWARD_CATEGORIES.filter((c) => awardKindOf(c) === 'internal');
  const external = AWARD_CATEGORIES.filter((c) => awardKindOf(c) === 'external');
  return (
    <FormDialog
      open
      title={award ? '表彰を編集' : '表彰を登録'}
      busy={busy}
      general={errors.general}
      submitLabel={award ? '保存' : '登録'}
      onSubmit={() => void save()}
      onClose={onClose}
      testId="award-form"
    >
      <TextField label="表彰名" {...bind('title', title, setTitle)} slotProps={requiredInput} autoFocus />
      <TextField
        select
        label="区分"
        {...bind('category', category, (v) => setCategory(v as AwardCategory), '職場内表彰は4つの取組みから選びます。')}
        slotProps={{ select: { inputProps: { 'aria-required': true } } }}
      >
        <ListSubheader>職場内表彰</ListSubheader>
        {internal.map((c) => (
          <MenuItem key={c} value={c}>
            {c}
          </MenuItem>
        ))}
        <ListSubheader>外部の表彰</ListSubheader>
        {external.map((c) => (
          <MenuItem key={c} value={c}>
            {c}
          </MenuItem>
        ))}
      </TextField>
      <DateField
        label="授与日"
        {...bind('awardedOn', awardedOn, setAwardedOn, `${fy}年度の日付（${fy}/4/1〜${fy + 1}/3/31）`)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { ...range, 'aria-required': true } }}
      />
      <TextField
        label="グループ名（任意）"
        {...bind('groupName', groupName, setGroupName, 'グループでの受賞のとき（例: 中浜地域担当チーム）')}
      />
      <TextField label="推薦者（任意）" {...bind('nominator', nominator, setNominator)} />
      <AwardRecipientsPicker
        value={recipients}
        onChange={(v) => {
          setRecipients(v);
          edited('recipients');
        }}
        error={errors.fields.recipients}
      />
    </FormDialog>
  );
}

/** 「決定を記録」: the award committee's decision date; from then on the award adds its bonus. */
export function AwardDecideDialog({
  award,
  onClose,
  onSaved,
}: {
  award: AwardRow;
  onClose: () => void;
  onSaved: (rows: AwardRow[]) => void;
}) {
  const today = todayIso();
  const [decidedOn, setDecidedOn] = useState(today < award.awardedOn ? award.awardedOn : today);
  const [errors, setErrors] = useState<FormErrors<'decidedOn'>>(noErrors());
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (decidedOn === '') {
      setErrors({ fields: { decidedOn: '決定日を入力してください。' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      onSaved(await request('awards:decide', { fy: award.fy, id: award.id, decidedOn }));
    } catch (e) {
      setErrors(toFormErrors(e, ['decidedOn'] as const));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title="表彰委員会の決定を記録"
      busy={busy}
      general={errors.general}
      submitLabel="決定を記録"
      onSubmit={() => void save()}
      onClose={onClose}
      testId="award-decide"
    >
      <DialogContentText>
        「{award.title}」の決定を記録します。記録すると、受賞者（係長級以下）の人事考課に加点されます。
      </DialogContentText>
      <DateField
        label="決定日"
        value={decidedOn}
        onChange={(e) => {
          setDecidedOn(e.target.value);
          setErrors(noErrors());
        }}
        error={!!errors.fields.decidedOn}
        helperText={errors.fields.decidedOn ?? '表彰委員会が決定した日'}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-required': true } }}
        sx={{ maxWidth: 240 }}
        autoFocus
      />
    </FormDialog>
  );
}

/** 「取り消す」: asks for the reason and confirms; the award stays on record without its bonus. */
export function AwardRevokeDialog({
  award,
  onClose,
  onSaved,
}: {
  award: AwardRow;
  onClose: () => void;
  onSaved: (rows: AwardRow[]) => void;
}) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors<'reason'>>(noErrors());
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (reason.trim() === '') {
      setErrors({ fields: { reason: '取消の理由を入力してください。' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      onSaved(await request('awards:revoke', { fy: award.fy, id: award.id, reason: reason.trim() }));
    } catch (e) {
      setErrors(toFormErrors(e, ['reason'] as const));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title="表彰を取り消しますか"
      busy={busy}
      general={errors.general}
      submitLabel="取り消す"
      danger
      onSubmit={() => void save()}
      onClose={onClose}
      testId="award-revoke"
    >
      <DialogContentText>
        「{award.title}
        」を取り消します。記録は理由とともに残り、受賞者の人事考課の加点はなくなります。この操作は元に戻せません。
      </DialogContentText>
      <TextField
        label="取消の理由"
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setErrors(noErrors());
        }}
        error={!!errors.fields.reason}
        helperText={errors.fields.reason ?? '監査ログと表彰の記録に残ります。'}
        slotProps={requiredInput}
        multiline
        minRows={2}
        autoFocus
      />
    </FormDialog>
  );
}
