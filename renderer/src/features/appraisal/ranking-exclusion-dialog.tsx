import { useState } from 'react';
import DialogContentText from '@mui/material/DialogContentText';
import TextField from '@mui/material/TextField';
import { EXCLUSION_REASON_MAX_CHARS } from '../../../../shared/contract';
import type { RankingView } from '../../../../shared/contract';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';
import { FormDialog } from '../../ui/form-dialog';

/** 「対象外にする」: HR takes a waiting person out of the year's relative ranking, with the reason. */
export function RankingExclusionDialog({
  fy,
  person,
  onClose,
  onSaved,
}: {
  fy: number;
  person: { staffNo: string; name: string; status: string };
  onClose: () => void;
  onSaved: (view: RankingView) => void;
}) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors<'reason'>>(noErrors());
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (reason.trim() === '') {
      setErrors({ fields: { reason: '対象外にする理由を入力してください' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      onSaved(
        await request('appraisal:exclude', {
          fy,
          staffNo: person.staffNo,
          reason: reason.trim(),
          // The screen reads its own page again after the change: one row is enough here.
          rowsPage: { offset: 0, limit: 1 },
        }),
      );
    } catch (err) {
      setErrors(toFormErrors(err, ['reason'] as const));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title="相対評価の対象外にする"
      busy={busy}
      general={errors.general}
      submitLabel="対象外にする"
      onSubmit={() => void submit()}
      onClose={onClose}
      testId="ranking-exclude-dialog"
    >
      <DialogContentText>
        {person.staffNo} {person.name}（{person.status}
        ）を今年度の相対評価の対象外にします。順位と区分の定数に含まれなくなり、「対象に戻す」でいつでも戻せます（確定前に限ります）。
      </DialogContentText>
      <TextField
        label="対象外にする理由"
        placeholder="例: 休職中のため"
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setErrors(noErrors());
        }}
        error={!!errors.fields.reason}
        helperText={errors.fields.reason ?? `${EXCLUSION_REASON_MAX_CHARS}文字以内。監査ログに残ります。`}
        slotProps={{
          ...requiredInput,
          htmlInput: { ...requiredInput.htmlInput, maxLength: EXCLUSION_REASON_MAX_CHARS },
        }}
        autoFocus
      />
    </FormDialog>
  );
}
