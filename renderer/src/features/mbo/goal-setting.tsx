import { useCallback, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { MboSheetView } from '../../../../shared/contract';
import { MAX_GOALS, emptyGoal, goalHints, validateGoals } from '../../../../shared/mbo';
import type { GoalDraft } from '../../../../shared/mbo';
import { ApiCallError, errorField, errorMessage, request } from '../../client';
import { goalsDraftOf, isAreaGoal, keyed, parseGoalField, splitIssues, weightTotal } from './draft';
import type { FieldMessages, KeyedGoal } from './draft';
import { useAutosave } from '../../hooks/useAutosave';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { MboGoalFields } from './goal-fields';
import { AreaEvidencePanel, GoalCardTitle, MboReviewNotes, MboSheetHeader, WeightTotal } from './parts';
import { SaveIndicator } from '../../ui/save-indicator';

type Props = {
  view: MboSheetView;
  fy: number;
  onView: (view: MboSheetView) => void;
  onReload: () => void;
};

const empty: FieldMessages = {};

/** Goal setting (未提出 / 差し戻し): up to five goals, saved as typed, then submitted to the 1次. */
export function MboGoalSetting({ view, fy, onView, onReload }: Props) {
  const [goals, setGoals] = useState<KeyedGoal[]>(() => goalsDraftOf(view));
  const latest = useRef(goals);
  const [strict, setStrict] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [serverField, setServerField] = useState<{ goalIndex: number; field: string; message: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [removing, setRemoving] = useState<number | null>(null);

  const save = useCallback(
    async (version: number) => {
      const next = await request('mbo:save', { fy, version, goals: latest.current.map((k) => k.goal) });
      onView(next);
      return next.version;
    },
    [fy, onView],
  );
  const autosave = useAutosave(save, view.version);

  const update = (next: KeyedGoal[]) => {
    latest.current = next;
    setGoals(next);
    setServerField(null);
    autosave.changed();
  };
  const changeGoal = (index: number, goal: GoalDraft) =>
    update(latest.current.map((k, i) => (i === index ? { ...k, goal } : k)));
  const add = () => update([...latest.current, keyed(emptyGoal())]);
  const remove = (index: number) => update(latest.current.filter((_k, i) => i !== index));
  const move = (index: number, by: -1 | 1) => {
    const list = [...latest.current];
    const [item] = list.splice(index, 1);
    if (!item) return;
    list.splice(index + by, 0, item);
    update(list);
  };

  const drafts = useMemo(() => goals.map((k) => k.goal), [goals]);
  const issues = useMemo(() => splitIssues(validateGoals(drafts, strict ? 'submit' : 'draft')), [drafts, strict]);
  const hints = useMemo(() => splitIssues(goalHints(drafts)), [drafts]);
  const total = weightTotal(drafts);

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      if (!(await autosave.flush())) {
        setSubmitError('入力中の内容を保存できなかったため、提出できません。保存の状態を確認してください。');
        return;
      }
      const next = await request('mbo:submit', { fy, version: autosave.version(), stage: 'goals' });
      autosave.setVersion(next.version);
      onView(next);
    } catch (e) {
      setStrict(true);
      setSubmitError(errorMessage(e));
      const at = parseGoalField(errorField(e));
      if (e instanceof ApiCallError && at && at.goalIndex !== null) {
        setServerField({ goalIndex: at.goalIndex, field: at.field, message: e.message });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const messagesAt = (index: number): FieldMessages => {
    const own = issues.goals.get(index) ?? empty;
    if (serverField?.goalIndex !== index) return own;
    const field = serverField.field as keyof FieldMessages;
    const list = own[field] ?? [];
    // The server's message names the goal ("目標2: …"); the field already sits in that goal's card.
    const message = serverField.message.replace(/^目標\d+:\s*/u, '');
    return list.includes(message) ? own : { ...own, [field]: [...list, message] };
  };

  return (
    <>
      <Box
        sx={{
          position: 'sticky',
          top: -24,
          zIndex: 2,
          bgcolor: 'background.default',
          py: 1,
          mb: 1,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <MboSheetHeader view={view}>
          <WeightTotal total={total} />
        </MboSheetHeader>
        <SaveIndicator state={autosave.state} onReload={onReload} testId="mbo-save-state" />
      </Box>
      <Stack spacing={2} sx={{ maxWidth: 1000 }}>
        <MboReviewNotes view={view} />
        {issues.sheet.length > 0 ? (
          <Alert severity={strict ? 'error' : 'warning'} data-testid="mbo-sheet-issues">
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {issues.sheet.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </Box>
          </Alert>
        ) : null}
        {goals.length === 0 ? (
          <Typography sx={{ color: 'text.secondary' }}>
            「目標を追加」から目標を設定してください（1〜{MAX_GOALS}件。地域担当目標を1件以上含めます）。
          </Typography>
        ) : null}
        {goals.map((k, i) => (
          <Paper
            key={k.key}
            variant="outlined"
            component="section"
            aria-label={`目標${i + 1}`}
            data-testid="mbo-goal"
            sx={{ p: 2 }}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2 }}>
              <GoalCardTitle index={i} goal={k.goal} />
              <Box sx={{ flexGrow: 1 }} />
              <Button size="small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`目標${i + 1}を上へ`}>
                上へ
              </Button>
              <Button
                size="small"
                onClick={() => move(i, 1)}
                disabled={i === goals.length - 1}
                aria-label={`目標${i + 1}を下へ`}
              >
                下へ
              </Button>
              <Button
                size="small"
                color="error"
                aria-label={`目標${i + 1}を削除`}
                onClick={() => {
                  const g = k.goal;
                  if (g.title.trim() || g.content.trim() || g.standard.trim()) setRemoving(i);
                  else remove(i);
                }}
              >
                削除
              </Button>
            </Box>
            <Box
              sx={{
                display: 'grid',
                gap: 2,
                gridTemplateColumns: isAreaGoal(k.goal) ? { xs: '1fr', lg: 'minmax(0, 1fr) 280px' } : '1fr',
              }}
            >
              <MboGoalFields
                goal={k.goal}
                idPrefix={`goal-${k.key}`}
                messages={messagesAt(i)}
                hints={hints.goals.get(i) ?? empty}
                severity={strict ? 'error' : 'warning'}
                coefficients={view.difficultyCoefficients}
                onChange={(g) => changeGoal(i, g)}
              />
              {isAreaGoal(k.goal) ? <AreaEvidencePanel evidence={view.areaEvidence} /> : null}
            </Box>
          </Paper>
        ))}
        <Box>
          <Button variant="outlined" onClick={add} disabled={goals.length >= MAX_GOALS}>
            目標を追加
          </Button>
          <Typography component="span" variant="body2" sx={{ ml: 2, color: 'text.secondary' }}>
            {goals.length} / {MAX_GOALS}件
          </Typography>
        </Box>
        {view.can.submitGoals ? (
          <Box sx={{ pt: 1 }}>
            {submitError ? (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="mbo-submit-error">
                {submitError}
              </Alert>
            ) : null}
            <Button variant="contained" onClick={() => void submit()} disabled={submitting}>
              提出する
            </Button>
            <Typography component="span" variant="body2" sx={{ ml: 2, color: 'text.secondary' }}>
              提出すると1次評価者{view.firstEvaluator ? `（${view.firstEvaluator.name}）` : ''}が確認します
            </Typography>
          </Box>
        ) : null}
      </Stack>
      <ConfirmDialog
        open={removing !== null}
        title={`目標${(removing ?? 0) + 1}を削除`}
        message="この目標を削除します。入力した内容は失われます。よろしいですか？"
        confirmLabel="削除する"
        danger
        onConfirm={() => {
          if (removing !== null) remove(removing);
          return Promise.resolve();
        }}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
