import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { POSTING_KINDS } from '../../../../shared/postings';
import type { PostingKind } from '../../../../shared/postings';
import type { PostingRow, PostingsView } from '../../../../shared/api/postings';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import { useFormErrors } from '../../hooks/useFormErrors';
import type { FormErrors } from '../../form-errors';
import { useLoad } from '../../hooks/useLoad';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { FormDialog } from '../../ui/form-dialog';
import { placeText, formatDay } from './format';
import { formatCount } from '../../format';
import { DateField } from '../../ui/date-field';

export const MOTIVATION_MAX = 2000;

/** Who reads an application (docs/postings.md): said wherever someone applies. */
export const whoReadsApplications =
  '応募は本人・人事担当・人事配置担当だけが閲覧できます。所属の評価者には表示されません。';

const formFields = ['kind', 'title', 'section', 'team', 'description', 'conditions', 'capacity', 'deadline'] as const;
type FormField = (typeof formFields)[number];

/** The 所属 select's value for 「なし」 (a team or group without a section). */
const NO_SECTION = '';

/** 「募集を作成」 and 「編集」 (HR): 種別, 件名, 所属 or team, 内容, 応募資格, 募集人数, 締切. */
export function PostingFormDialog({
  fy,
  posting,
  onClose,
  onSaved,
}: {
  fy: number;
  /** The posting being edited; null creates a new one. */
  posting: PostingRow | null;
  onClose: () => void;
  onSaved: (view: PostingsView, title: string) => void;
}) {
  const [kind, setKind] = useState<PostingKind | ''>(posting?.kind ?? '庁内公募');
  const [title, setTitle] = useState(posting?.title ?? '');
  const [section, setSection] = useState(posting?.section ?? NO_SECTION);
  const [team, setTeam] = useState(posting?.team ?? '');
  const [description, setDescription] = useState(posting?.description ?? '');
  const [conditions, setConditions] = useState(posting?.conditions ?? '');
  const [capacity, setCapacity] = useState(posting ? String(posting.capacity) : '1');
  const [deadline, setDeadline] = useState(posting?.deadline ?? '');
  const { errors, setErrors, bind } = useFormErrors<FormField>();
  const [busy, setBusy] = useState(false);
  const loadSections = useCallback(() => request('org:sections', {}), []);
  const sections = useLoad(loadSections).data ?? [];
  // A posting's section that is no longer in the organisation still shows as chosen.
  const sectionNames = sections.map((s) => s.name);
  if (posting?.section && !sectionNames.includes(posting.section)) sectionNames.push(posting.section);

  const save = async () => {
    const fields: Partial<Record<FormField, string>> = {};
    if (kind === '') fields.kind = '種別を選んでください。';
    if (title.trim() === '') fields.title = '件名を入力してください。';
    const n = Number(capacity.trim());
    if (capacity.trim() === '' || !Number.isInteger(n) || n < 1)
      fields.capacity = '募集人数は1以上の整数で入力してください。';
    if (deadline === '') fields.deadline = '締切日を入力してください。';
    if (Object.keys(fields).length > 0 || kind === '') {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const view = await request('postings:save', {
        fy,
        id: posting?.id ?? null,
        kind,
        title: title.trim(),
        section: section === NO_SECTION ? null : section,
        team: team.trim(),
        description: description.trim(),
        conditions: conditions.trim(),
        capacity: n,
        deadline,
      });
      onSaved(view, title.trim());
    } catch (e) {
      setErrors(toFormErrors(e, formFields));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      open
      title={posting ? '募集を編集' : '募集を作成'}
      busy={busy}
      general={errors.general}
      submitLabel={posting ? '保存' : '作成'}
      onSubmit={() => void save()}
      onClose={onClose}
      testId="posting-form"
    >
      <Box sx={{ display: 'flex', gap: 2 }}>
        <TextField
          select
          label="種別"
          {...bind('kind', kind, (v) => setKind(v as PostingKind))}
          sx={{ maxWidth: 220 }}
          slotProps={{ select: { inputProps: { 'aria-required': true } } }}
        >
          {POSTING_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {k}
            </MenuItem>
          ))}
        </TextField>
        <TextField label="件名" {...bind('title', title, setTitle)} slotProps={requiredInput} autoFocus />
      </Box>
      <Box sx={{ display: 'flex', gap: 2 }}>
        <TextField
          select
          label="所属"
          {...bind('section', section, setSection, '募集する課。チーム・グループのときは「なし」')}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value={NO_SECTION}>なし</MenuItem>
          {sectionNames.map((name) => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="チーム・グループ名（任意）"
          {...bind('team', team, setTeam, '例: 区長直轄 若手職員プロジェクトチーム')}
        />
      </Box>
      <TextField
        label="内容（任意）"
        {...bind('description', description, setDescription, '業務の内容、活動の頻度など')}
        multiline
        minRows={3}
        maxRows={10}
      />
      <TextField
        label="応募資格（任意）"
        {...bind('conditions', conditions, setConditions, '例: 主事・主任主事で在職2年以上の職員')}
        multiline
        minRows={2}
        maxRows={6}
      />
      <Box sx={{ display: 'flex', gap: 2 }}>
        <TextField
          label="募集人数"
          type="number"
          {...bind('capacity', capacity, setCapacity, '人')}
          slotProps={{ htmlInput: { min: 1, max: 1000, step: 1, 'aria-required': true } }}
          sx={{ maxWidth: 160 }}
        />
        <DateField
          label="締切"
          {...bind('deadline', deadline, setDeadline, 'この日の終わりまで応募できます')}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-required': true } }}
          sx={{ maxWidth: 260 }}
        />
      </Box>
    </FormDialog>
  );
}

/**
 * 「応募する」: the motivation (志望動機), who will read it, and a confirmation before it is sent.
 * The core takes the applicant from the session; nobody applies for someone else here.
 */
export function ApplyDialog({
  fy,
  posting,
  onClose,
  onApplied,
}: {
  fy: number;
  posting: PostingRow;
  onClose: () => void;
  onApplied: (view: PostingsView) => void;
}) {
  // Applying again after 辞退 starts from the earlier motivation.
  const [motivation, setMotivation] = useState(posting.mine?.motivation ?? '');
  const [errors, setErrors] = useState<FormErrors<'motivation'>>(noErrors());
  const [confirming, setConfirming] = useState(false);
  const length = motivation.trim().length;

  const check = () => {
    if (length === 0) setErrors({ fields: { motivation: '志望動機を入力してください。' }, general: null });
    else if (length > MOTIVATION_MAX)
      setErrors({ fields: { motivation: `志望動機は${MOTIVATION_MAX}文字以内で入力してください。` }, general: null });
    else setConfirming(true);
  };

  const send = async () => {
    try {
      onApplied(await request('postings:apply', { fy, postingId: posting.id, motivation: motivation.trim() }));
    } catch (e) {
      // The refusal goes back to the form (the confirmation closes).
      setErrors(toFormErrors(e, ['motivation'] as const));
    }
  };

  return (
    <>
      <FormDialog
        open
        title="応募する"
        busy={confirming}
        general={errors.general}
        submitLabel="応募内容を確認"
        onSubmit={check}
        onClose={onClose}
        testId="apply-form"
      >
        <Box>
          <Typography sx={{ fontWeight: 700 }}>{posting.title}</Typography>
          <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
            {posting.kind}・{placeText(posting)}・募集人数 {formatCount(posting.capacity)}・締切{' '}
            {formatDay(posting.deadline)}
          </Typography>
        </Box>
        <Alert severity="info" data-testid="apply-privacy">
          {whoReadsApplications}
        </Alert>
        <TextField
          label="志望動機"
          value={motivation}
          onChange={(e) => {
            setMotivation(e.target.value);
            setErrors(noErrors());
          }}
          error={!!errors.fields.motivation || length > MOTIVATION_MAX}
          helperText={
            <Box component="span" sx={{ display: 'flex', gap: 2 }}>
              <span>{errors.fields.motivation ?? 'これまでの経験、取り組みたいこと、活かせる力など'}</span>
              <Box component="span" sx={{ ml: 'auto', whiteSpace: 'nowrap' }} data-testid="motivation-count">
                {length} / {MOTIVATION_MAX}
              </Box>
            </Box>
          }
          slotProps={requiredInput}
          multiline
          minRows={6}
          maxRows={14}
          autoFocus
        />
      </FormDialog>
      <ConfirmDialog
        open={confirming}
        title="この内容で応募しますか"
        message={`「${posting.title}」に応募します。志望動機は人事担当・人事配置担当が選考のために読みます。締切までは辞退できます。`}
        confirmLabel="応募する"
        onConfirm={send}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

/** 「応募を辞退しますか」: the caller withdraws their own application while the posting is open. */
export function WithdrawDialog({
  fy,
  posting,
  applicationId,
  onClose,
  onDone,
}: {
  fy: number;
  posting: PostingRow;
  applicationId: number;
  onClose: () => void;
  onDone: (view: PostingsView) => void;
}) {
  return (
    <ConfirmDialog
      open
      title="応募を辞退しますか"
      message={`「${posting.title}」への応募を辞退します。辞退しても、締切までは応募し直せます。`}
      confirmLabel="辞退する"
      danger
      onConfirm={async () => onDone(await request('postings:withdraw', { fy, applicationId }))}
      onClose={onClose}
    />
  );
}

const statusQuestions = {
  締切: {
    title: '募集を締め切りますか',
    body: 'の募集を締め切ります。職員はこの募集に応募・辞退できなくなります。',
    label: '締切にする',
    done: '募集を締め切りました',
  },
  選考終了: {
    title: '選考を終了しますか',
    body: 'の選考を終了します。応募者の状態（採用・不採用）を記録してから終了してください。',
    label: '選考終了',
    done: '選考を終了しました',
  },
  募集中: {
    title: '募集を再開しますか',
    body: 'の募集を再開します。締切日を過ぎているときは、編集で締切日を延ばしてください。',
    label: '募集を再開',
    done: '募集を再開しました',
  },
} as const;

/** HR moves a posting on (締切, 選考終了) or reopens it, after a confirmation. */
export function StatusDialog({
  fy,
  posting,
  status,
  onClose,
  onDone,
}: {
  fy: number;
  posting: PostingRow;
  status: keyof typeof statusQuestions;
  onClose: () => void;
  onDone: (view: PostingsView, message: string) => void;
}) {
  const q = statusQuestions[status];
  return (
    <ConfirmDialog
      open
      title={q.title}
      message={`「${posting.title}」${q.body}`}
      confirmLabel={q.label}
      onConfirm={async () => onDone(await request('postings:setStatus', { fy, id: posting.id, status }), q.done)}
      onClose={onClose}
    />
  );
}
