import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { MboGoalView, MboSheetView } from '../../../../shared/contract';
import { REASON_MAX_CHARS } from '../../../../shared/mbo';
import type { DifficultyCoefficients, GoalDraft } from '../../../../shared/mbo';
import { errorField, errorMessage, request } from '../../client';
import { draftOfGoal, parseGoalField } from './draft';
import type { FieldMessages } from './draft';
import { MboGoalFields } from './goal-fields';

type Props = {
  fy: number;
  /** Undefined for one's own sheet. */
  staffNo: string | undefined;
  index: number;
  goal: MboGoalView;
  /** The cycle's 難易度係数, shown in the difficulty choices. */
  coefficients: DifficultyCoefficients;
  /** The version to revise; the caller saves what is pending first. */
  version: () => Promise<number | null>;
  onDone: (view: MboSheetView) => void;
  onClose: () => void;
};

/** 「目標を修正」: a goal's new wording with the required reason; the earlier wording is kept. */
export function MboReviseDialog({ fy, staffNo, index, goal, coefficients, version, onDone, onClose }: Props) {
  const [draft, setDraft] = useState<GoalDraft>(() => draftOfGoal(goal));
  const [reason, setReason] = useState('');
  const [messages, setMessages] = useState<FieldMessages>({});
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setMessages({});
    setGeneral(null);
    if (reason.trim() === '') {
      setReasonError('目標を修正する理由を入力してください');
      return;
    }
    setReasonError(null);
    setBusy(true);
    try {
      const v = await version();
      if (v === null) {
        setGeneral('入力中の内容を保存できなかったため、修正できません。画面の表示を確認してください。');
        return;
      }
      const next = await request('mbo:revise', { fy, staffNo, version: v, goalId: goal.id, goal: draft, reason });
      onDone(next);
      onClose();
    } catch (e) {
      const at = parseGoalField(errorField(e));
      if (at?.field === 'reason') setReasonError(errorMessage(e));
      else if (at && at.goalIndex === index) setMessages({ [at.field]: [errorMessage(e)] });
      else setGeneral(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="mbo-revise-title">
      <DialogTitle id="mbo-revise-title">目標{index + 1}を修正</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>承認後の目標を修正します。修正前の内容と修正理由は履歴として残ります。</DialogContentText>
          <MboGoalFields
            goal={draft}
            idPrefix={`revise-${goal.id}`}
            messages={messages}
            hints={{}}
            severity="error"
            coefficients={coefficients}
            onChange={setDraft}
          />
          <TextField
            label="修正理由"
            required
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
            multiline
            minRows={2}
            error={reasonError !== null}
            helperText={reasonError ?? `${reason.length} / ${REASON_MAX_CHARS}文字`}
            slotProps={{ htmlInput: { maxLength: REASON_MAX_CHARS } }}
          />
          {general ? <Alert severity="error">{general}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={busy}>
          キャンセル
        </Button>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          修正を保存
        </Button>
      </DialogActions>
    </Dialog>
  );
}
