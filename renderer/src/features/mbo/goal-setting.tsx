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

/**
 * What 提出する does and who can undo it (docs/cycle.md, electron/core/mbo/mbo.service.ts): the goals
 * lock; the 1次 approves or sends them back, and HR may send a sheet back one stage.
 */
export function submitGoalsMessage(firstEvaluator: string | null): string {
  const first = firstEvaluator ? `1次評価者（${firstEvaluator}）` : '1次評価者';
  return `目標を${first}に提出します。提出すると、目標は編集できなくなります。直す必要があるときは、1次評価者（または人事担当）に差し戻してもらうと、もう一度編集して提出できます。`;
}

/** Goal setting (未提出 / 差し戻し): up to five goals, saved as typed, then submitted to the 1次. */
export function MboGoalSetting({ view, fy, onView, onReload }: Props) {
  const [goals, setGoals] = useState<KeyedGoal[]>(() => goalsDraftOf(view));
  const latest = useRef(goals);
  // The goals (by key) a refused submission checked: only they show the submit rules as errors; a goal
  // added afterwards starts clean (warnings only) until the next 提出する.
  const [checked, setChecked] = useState<ReadonlySet<number> | null>(null);
  const strict = checked !== null;
  const [asking, setAsking] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [serverField, setServerField] = useState<{ goalIndex: number; field: string; message: string } | null>(null);
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
    setSubmitError(null);
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
  const submitIssues = useMemo(() => validateGoals(drafts, 'submit'), [drafts]);
  const atSubmit = useMemo(() => splitIssues(submitIssues), [submitIssues]);
  const atDraft = useMemo(() => splitIssues(validateGoals(drafts, 'draft')), [drafts]);
  const isChecked = (index: number) => checked !== null && checked.has(goals[index]?.key ?? -1);
  // What still stops 提出 after a refusal: the sheet's rules and the checked goals' fields.
  const refused = strict ? submitIssues.filter((p) => p.goalIndex === null || isChecked(p.goalIndex)) : [];
  const hints = useMemo(() => splitIssues(goalHints(drafts)), [drafts]);
  const total = weightTotal(drafts);

  /** 提出する: every problem is listed at once (at its field and above the button); none, and it asks first. */
  const askSubmit = () => {
    setSubmitError(null);
    setServerField(null);
    if (submitIssues.length > 0) {
      setChecked(new Set(latest.current.map((k) => k.key)));
      return;
    }
    setAsking(true);
  };

  const submit = async () => {
    setSubmitError(null);
    if (!(await autosave.flush())) {
      throw new ApiCallError({
        code: 'CONFLICT',
        message: '入力中の内容を保存できなかったため、提出できません。保存の状態を確認してください。',
      });
    }
    try {
      const next = await request('mbo:submit', { fy, version: autosave.version(), stage: 'goals' });
      autosave.setVersion(next.version);
      onView(next);
    } catch (e) {
      setChecked(new Set(latest.current.map((k) => k.key)));
      setSubmitError(errorMessage(e));
      const at = parseGoalField(errorField(e));
      if (e instanceof ApiCallError && at && at.goalIndex !== null) {
        setServerField({ goalIndex: at.goalIndex, field: at.field, message: e.message });
      }
      throw e;
    }
  };

  const messagesAt = (index: number): FieldMessages => {
    const own = (isChecked(index) ? atSubmit : atDraft).goals.get(index) ?? empty;
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
        {atDraft.sheet.length > 0 ? (
          <Alert severity={strict ? 'error' : 'warning'} data-testid="mbo-sheet-issues">
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {atDraft.sheet.map((m) => (
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
                severity={isChecked(i) ? 'error' : 'warning'}
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
            {submitError !== null || refused.length > 0 ? (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="mbo-submit-error">
                {submitError !== null ? <Typography variant="body2">{submitError}</Typography> : null}
                {refused.length > 0 ? (
                  <>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {`まだ提出できません。次の${refused.length}件を直してください。`}
                    </Typography>
                    <Box component="ul" sx={{ m: 0, pl: 2.5 }} data-testid="mbo-submit-problems">
                      {refused.map((p, i) => (
                        <Typography component="li" variant="body2" key={`${p.goalIndex ?? 's'}-${p.field ?? ''}-${i}`}>
                          {p.goalIndex === null ? p.message : `目標${p.goalIndex + 1}: ${p.message}`}
                        </Typography>
                      ))}
                    </Box>
                  </>
                ) : null}
              </Alert>
            ) : null}
            <Button variant="contained" onClick={askSubmit} disabled={asking}>
              提出する
            </Button>
            <Typography component="span" variant="body2" sx={{ ml: 2, color: 'text.secondary' }}>
              提出すると1次評価者{view.firstEvaluator ? `（${view.firstEvaluator.name}）` : ''}が確認します。
            </Typography>
          </Box>
        ) : null}
      </Stack>
      <ConfirmDialog
        open={asking}
        title="目標を提出"
        message={submitGoalsMessage(view.firstEvaluator?.name ?? null)}
        confirmLabel="提出する"
        onConfirm={submit}
        onClose={() => setAsking(false)}
      />
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
