import { useCallback, useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { STAGE_LABELS } from '../../../../shared/contract';
import type { AppraisalGoalView, AppraisalView } from '../../../../shared/contract';
import { REASON_MAX_CHARS } from '../../../../shared/mbo';
import {
  ADJUSTMENT_STEPS,
  currentProblems,
  draftOf,
  formatAdjustment,
  hasChanges,
  liveScores,
  mergeChanges,
  noChanges,
  prefilledGoals,
  problemAt,
  saveRequestOf,
} from './draft';
import type { AppraisalDraft, Changed, GoalEntry } from './draft';
import { ApiCallError, request } from '../../client';
import { useNotify } from '../../notify';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { submitEffect } from './submit-effect';
import { useAutosave } from '../../hooks/useAutosave';
import { ProblemList, SendBackPanel, SubmitOnBehalfPanel, UnlockPanel } from './actions';
import { NameCrossDialog } from './cross';
import { AppraisalGoals } from './goals';
import { AppraisalHeader, AppraisalNotices, AppraisalScorePanel } from './parts';
import { AppraisalRatings } from './ratings';
import { CommentField, MboBlock } from '../mbo/parts';
import { SaveIndicator } from '../../ui/save-indicator';

type Props = {
  view: AppraisalView;
  fy: number;
  /** Undefined for the caller's own appraisal. */
  staffNo: string | undefined;
  onView: (view: AppraisalView) => void;
  onReload: () => void;
};

/**
 * The appraisal form for every stage: what the caller may write now (view.can.stage) is editable
 * and saved as typed; everything else is shown read-only.
 */
export function AppraisalForm({ view, fy, staffNo, onView, onReload }: Props) {
  const [draft, setDraft] = useState<AppraisalDraft>(() => draftOf(view));
  const latest = useRef(draft);
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);
  // Levels the form filled in from the default count as changes, sent with the first save.
  const pending = useRef<Changed>({ ...noChanges(), goals: new Set(prefilledGoals(view)) });
  const [showErrors, setShowErrors] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const notify = useNotify();
  const [naming, setNaming] = useState<{ goal: AppraisalGoalView; index: number } | null>(null);
  const stage = view.can.stage;

  const save = useCallback(
    async (version: number) => {
      const st = viewRef.current.can.stage;
      if (st === null) return version;
      const changed = pending.current;
      pending.current = noChanges();
      try {
        const next = await request('appraisal:save', {
          fy,
          staffNo,
          version,
          ...saveRequestOf(latest.current, changed, st),
        });
        onView(next);
        return next.version;
      } catch (e) {
        pending.current = mergeChanges(changed, pending.current);
        throw e;
      }
    },
    [fy, staffNo, onView],
  );
  const autosave = useAutosave(save, view.version);

  const change = (next: AppraisalDraft, part: Partial<Changed>) => {
    latest.current = next;
    setDraft(next);
    pending.current = mergeChanges(pending.current, { ...noChanges(), ...part });
    autosave.changed();
  };
  const onGoal = (goalId: number, patch: Partial<GoalEntry>) => {
    const cur = latest.current;
    const base = cur.goals[goalId] ?? { level: null, comment: '', reason: '' };
    change({ ...cur, goals: { ...cur.goals, [goalId]: { ...base, ...patch } } }, { goals: new Set([goalId]) });
  };
  const onRating = (item: string, value: number | null) => {
    const cur = latest.current;
    change({ ...cur, ratings: { ...cur.ratings, [item]: value } }, { ratings: new Set([item]) });
  };

  /** Saves what is pending and returns the version to write on, or null when the save failed. */
  const flushed = async (): Promise<number | null> => {
    if (hasChanges(pending.current)) autosave.changed();
    return (await autosave.flush()) ? autosave.version() : null;
  };

  const problems = currentProblems(view, draft);

  /** 提出する: every problem at its field first; with none, the confirmation says what happens. */
  const askSubmit = () => {
    setShowErrors(true);
    setSubmitError(null);
    if (problems.length > 0) {
      setSubmitError('まだ提出できません。赤く示した項目を入力してください。');
      return;
    }
    setConfirming(true);
  };

  /** Runs inside the confirmation: a failure stays in the dialog. */
  const submit = async () => {
    const v = await flushed();
    if (v === null) {
      throw new ApiCallError({
        code: 'CONFLICT',
        message: '入力中の内容を保存できなかったため、提出できません。保存の状態を確認してください。',
      });
    }
    const next = await request('appraisal:submit', { fy, staffNo, version: v });
    autosave.setVersion(next.version);
    notify.success(`提出しました（「${next.status}」になりました）。`);
    onView(next);
  };
  const effect = stage === null ? null : submitEffect(view, stage);
  const scores = liveScores(view, draft);

  const comments = (['self', 'first', 'second', 'adjuster'] as const).filter(
    (st) => st === stage || view.comments[st] !== '',
  );
  const showAdjustment = stage === 'adjuster' || view.adjustment !== 0 || view.adjustmentReason !== '';
  const adjustmentError = showErrors ? problemAt(problems, 'adjustmentReason') : undefined;

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
        <AppraisalHeader view={view} />
        {stage !== null ? <SaveIndicator state={autosave.state} onReload={onReload} testId="mbo-save-state" /> : null}
      </Box>
      <Stack spacing={2.5} sx={{ maxWidth: 1080 }}>
        <AppraisalNotices view={view} />
        <AppraisalGoals
          view={view}
          draft={draft}
          problems={problems}
          showErrors={showErrors}
          onGoal={onGoal}
          onNameCross={view.can.nameCross ? (goal, index) => setNaming({ goal, index }) : undefined}
        />
        <AppraisalRatings view={view} draft={draft} problems={problems} showErrors={showErrors} onRating={onRating} />
        <MboBlock title="所見" testId="appraisal-comments">
          {comments.length === 0 ? (
            <Typography sx={{ color: 'text.secondary' }}>まだ所見はありません。</Typography>
          ) : null}
          {comments.map((st) => (
            <CommentField
              key={st}
              label={`${STAGE_LABELS[st]}の所見`}
              value={st === stage ? draft.comment : view.comments[st]}
              editable={st === stage}
              onChange={(value) => change({ ...latest.current, comment: value }, { comment: true })}
            />
          ))}
        </MboBlock>
        {showAdjustment ? (
          <MboBlock title="調整（調整者）" testId="appraisal-adjustment">
            {stage === 'adjuster' ? (
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: '220px minmax(0, 1fr)', alignItems: 'start' }}>
                <TextField
                  select
                  label="調整"
                  value={String(draft.adjustment)}
                  onChange={(e) =>
                    change({ ...latest.current, adjustment: Number(e.target.value) }, { adjustment: true })
                  }
                  helperText="−0.50〜+0.50（0.05刻み）"
                >
                  {ADJUSTMENT_STEPS.map((n) => (
                    <MenuItem key={n} value={String(n)}>
                      {formatAdjustment(n)}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  label={draft.adjustment === 0 ? '調整の理由（任意）' : '調整の理由'}
                  value={draft.adjustmentReason}
                  onChange={(e) =>
                    change({ ...latest.current, adjustmentReason: e.target.value }, { adjustment: true })
                  }
                  multiline
                  minRows={2}
                  error={adjustmentError !== undefined}
                  helperText={
                    adjustmentError ??
                    `調整する場合は必須　${[...draft.adjustmentReason].length} / ${REASON_MAX_CHARS}文字`
                  }
                  slotProps={{ htmlInput: { maxLength: REASON_MAX_CHARS } }}
                />
              </Box>
            ) : (
              <Typography>
                {formatAdjustment(view.adjustment)}
                {view.adjustmentReason ? `（理由: ${view.adjustmentReason}）` : ''}
              </Typography>
            )}
          </MboBlock>
        ) : null}
        <AppraisalScorePanel view={view} scores={scores} />
        {view.can.submit && stage !== null ? (
          <MboBlock title={`提出（${STAGE_LABELS[stage]}）`} testId="appraisal-submit">
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              {effect ? `${effect.next}${effect.undo}` : ''}
            </Typography>
            <ProblemList
              problems={problems}
              severity={showErrors ? 'error' : 'info'}
              testId="appraisal-problems"
              heading={`提出する前に、次の項目を入力してください（${problems.length}件）`}
            />
            {submitError ? (
              <Alert severity="error" data-testid="appraisal-submit-error">
                {submitError}
              </Alert>
            ) : null}
            <Box>
              <Button variant="contained" onClick={askSubmit} disabled={confirming}>
                提出する
              </Button>
            </Box>
          </MboBlock>
        ) : null}
        {view.can.sendBack ? (
          <SendBackPanel
            key={`sb-${view.status}`}
            view={view}
            fy={fy}
            version={flushed}
            onDone={(next) => {
              autosave.setVersion(next.version);
              onView(next);
            }}
          />
        ) : null}
        {view.can.submitOnBehalf ? <SubmitOnBehalfPanel view={view} fy={fy} onDone={onView} /> : null}
        {view.can.unlock ? <UnlockPanel view={view} fy={fy} onDone={onView} /> : null}
      </Stack>
      {effect ? (
        <ConfirmDialog
          open={confirming}
          title={effect.title}
          message={`${effect.next}${effect.undo}`}
          confirmLabel="提出する"
          onConfirm={submit}
          onClose={() => setConfirming(false)}
        />
      ) : null}
      {naming ? (
        <NameCrossDialog
          key={naming.goal.id}
          goal={naming.goal}
          index={naming.index}
          fy={fy}
          onClose={() => setNaming(null)}
          onDone={onView}
        />
      ) : null}
    </>
  );
}
