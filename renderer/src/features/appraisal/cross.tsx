import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppraisalGoalView, AppraisalView } from '../../../../shared/contract';
import type { StaffOption } from '../../../../shared/contract';
import { isDifficulty, difficultyLabel } from '../../../../shared/mbo';
import type { DifficultyCoefficients, Level } from '../../../../shared/mbo';
import { errorMessage, request } from '../../client';
import { formatDateTime } from '../../format';
import { useNotify } from '../../notify';
import { AppraisalHeader } from './parts';
import { LevelSelect } from './goals';
import { StaffAutocomplete } from '../../ui/staff-autocomplete';

function CrossGoalCard({
  goal,
  index,
  fy,
  editable,
  coefficients,
  onView,
}: {
  goal: AppraisalGoalView;
  index: number;
  fy: number;
  editable: boolean;
  coefficients: DifficultyCoefficients;
  onView: (v: AppraisalView) => void;
}) {
  const notify = useNotify();
  const [level, setLevel] = useState<Level | null>(goal.cross?.level ?? null);
  const [comment, setComment] = useState(goal.cross?.comment ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const n = index + 1;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await request('appraisal:cross', { fy, goalId: goal.id, level, comment });
      notify.success('他所属評価を保存しました。');
      onView(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`目標${n}`}
      sx={{ p: 2 }}
      data-testid="appraisal-cross-goal"
    >
      <Stack spacing={1.5}>
        <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600 }}>
          目標{n}（{goal.category ?? '区分なし'}）: {goal.title}
        </Typography>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
          達成基準: {goal.standard || '—'}
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {`ウェイト ${goal.weight ?? '—'}%　難易度 ${isDifficulty(goal.difficulty) ? difficultyLabel(goal.difficulty, coefficients) : '—'}　依頼: ${goal.cross?.role ?? '他所属評価者'}`}
          {goal.cross?.ratedAt ? `　最終保存 ${formatDateTime(goal.cross.ratedAt)}` : ''}
        </Typography>
        {editable ? (
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: '260px minmax(0, 1fr)', alignItems: 'start' }}>
            <LevelSelect name={`目標${n}の他所属評価の評語`} value={level} onChange={setLevel} />
            <TextField
              label="他所属評価のコメント"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              multiline
              minRows={2}
              fullWidth
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
          </Box>
        ) : (
          <Typography>
            評語: {goal.cross?.level ?? '未評価'}
            {goal.cross?.comment ? `　${goal.cross.comment}` : ''}
          </Typography>
        )}
        {error ? <Alert severity="error">{error}</Alert> : null}
        {editable ? (
          <Box>
            <Button variant="contained" onClick={() => void save()} disabled={busy}>
              評価を保存
            </Button>
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * The cross-section evaluator's form: only the goals they were asked to rate, each with a level and
 * a comment that become the 1次's default. No other ratings, comments or scores.
 */
export function AppraisalCrossForm({
  view,
  fy,
  onView,
}: {
  view: AppraisalView;
  fy: number;
  onView: (v: AppraisalView) => void;
}) {
  const open = view.can.crossGoalIds.length > 0;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1000 }} data-testid="appraisal-cross-form">
      <AppraisalHeader view={view} />
      <Alert severity="info">
        {open
          ? '依頼された目標について、担当地域・チームでの取組みを評価してください。この評語は1次評価者の評語の既定になります。'
          : '1次評価が済んでいるため、他所属評価は変更できません。'}
      </Alert>
      {view.goals.map((g, i) => (
        <CrossGoalCard
          key={`${g.id}-${g.cross?.ratedAt ?? ''}`}
          goal={g}
          index={i}
          fy={fy}
          editable={view.can.crossGoalIds.includes(g.id)}
          coefficients={view.difficultyCoefficients}
          onView={onView}
        />
      ))}
    </Stack>
  );
}

/** HR names (or removes) who rates a goal from outside the 1次's supervision. */
export function NameCrossDialog({
  goal,
  index,
  fy,
  onClose,
  onDone,
}: {
  goal: AppraisalGoalView;
  index: number;
  fy: number;
  onClose: () => void;
  onDone: (v: AppraisalView) => void;
}) {
  const [evaluator, setEvaluator] = useState<StaffOption | null>(
    goal.cross?.evaluator ? { ...goal.cross.evaluator, kana: '', section: null } : null,
  );
  const [role, setRole] = useState(goal.cross?.role ?? 'プロジェクトチームリーダー');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await request('appraisal:nameCross', {
        fy,
        goalId: goal.id,
        evaluatorNo: evaluator?.staffNo ?? null,
        role,
      });
      onDone(next);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={() => (busy ? undefined : onClose())}
      maxWidth="sm"
      fullWidth
      aria-labelledby="name-cross-title"
    >
      <DialogTitle id="name-cross-title">目標{index + 1}の他所属評価者を指名</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">{goal.title}</Typography>
          <StaffAutocomplete
            label="他所属評価者"
            value={evaluator}
            onChange={setEvaluator}
            helperText="空にして保存すると指名を外します（地域担当目標は地域のリーダーに戻ります）"
          />
          <TextField
            label="役割"
            value={role}
            onChange={(e) => setRole(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 60 } }}
          />
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={busy}>
          キャンセル
        </Button>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          指名を保存
        </Button>
      </DialogActions>
    </Dialog>
  );
}
