import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { MboSheetView } from '../../../../shared/contract';
import { ACCURACY_GOAL_TYPE } from '../../../../shared/mbo';
import { ApiCallError, errorMessage, request } from '../../client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { bodyDraftOf, draftOfGoal, isAreaGoal, updateDraftOf } from './draft';
import type { BodyDraft, GoalUpdateDraft } from './draft';
import { useAutosave } from '../../hooks/useAutosave';
import { MboMidterm } from './midterm';
import {
  AreaEvidencePanel,
  GoalCardTitle,
  GoalSummary,
  MboBlock,
  MboReviewNotes,
  MboSheetHeader,
  RevisionHistory,
  WeightTotal,
} from './parts';
import { SaveIndicator } from '../../ui/save-indicator';
import { MboReviseDialog } from './revise-dialog';
import { MboYearEnd } from './year-end';

type Props = {
  view: MboSheetView;
  fy: number;
  /** Undefined for the caller's own sheet. */
  staffNo: string | undefined;
  onView: (view: MboSheetView) => void;
  onReload: () => void;
  /** Extra blocks for the evaluator or HR (approve, send back), shown under the goals. */
  actions?: React.ReactNode;
};

/**
 * What the year-end submission does and who can undo it (docs/cycle.md, mbo.service.ts): the sheet
 * becomes 自己評価済, nothing of the person's can change, and only HR can send it back to 承認済.
 */
export const YEAR_END_MESSAGE =
  '期末の自己評価を提出します。提出すると、自己評価・期末のコメント・中間の記入は変更できなくなります。直す必要があるときは、人事担当に差し戻しを依頼してください（差し戻しは人事担当だけができます）。';

/**
 * The sheet once goals are submitted: the goals read-only with their evidence and revisions, the
 * mid-term and year-end entries. Each part is editable only for whom `view.can` allows, and what is
 * typed is saved automatically.
 */
export function MboSheetBody({ view, fy, staffNo, onView, onReload, actions }: Props) {
  const [draft, setDraft] = useState<BodyDraft>(() => bodyDraftOf(view));
  const latest = useRef(draft);
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);
  const [revising, setRevising] = useState<number | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  const can = view.can;
  const writes = can.midterm || can.yearEnd || can.firstMid || can.incidents;

  const save = useCallback(
    async (version: number) => {
      const d = latest.current;
      const v = viewRef.current;
      const c = v.can;
      const updates = v.goals
        .map((g) => {
          const u = d.updates[g.id] ?? updateDraftOf(g);
          return {
            goalId: g.id,
            ...(c.midterm ? { progress: u.progress, midNote: u.midNote } : {}),
            ...(c.yearEnd ? { selfLevel: u.selfLevel, selfComment: u.selfComment, selfReason: u.selfReason } : {}),
            ...(c.incidents && g.type === ACCURACY_GOAL_TYPE ? { incidents: d.incidents[g.id] ?? null } : {}),
          };
        })
        .filter((u) => Object.keys(u).length > 1);
      const next = await request('mbo:save', {
        fy,
        staffNo,
        version,
        ...(updates.length > 0 ? { updates } : {}),
        ...(c.midterm ? { selfMidComment: d.selfMid } : {}),
        ...(c.yearEnd ? { selfFinalComment: d.selfFinal } : {}),
        ...(c.firstMid ? { firstMidComment: d.firstMid } : {}),
      });
      onView(next);
      return next.version;
    },
    [fy, staffNo, onView],
  );
  const autosave = useAutosave(save, view.version);

  const change = (next: BodyDraft) => {
    latest.current = next;
    setDraft(next);
    autosave.changed();
  };
  const changeUpdate = (goalId: number, patch: Partial<GoalUpdateDraft>) => {
    const cur = latest.current;
    const base = cur.updates[goalId];
    if (!base) return;
    change({ ...cur, updates: { ...cur.updates, [goalId]: { ...base, ...patch } } });
  };

  /** Saves what is pending and returns the version to write on, or null when the save failed. */
  const flushed = async (): Promise<number | null> => ((await autosave.flush()) ? autosave.version() : null);

  /** Asked first (ConfirmDialog): a failure stays in the dialog and under the button. */
  const submitYearEnd = async () => {
    setSubmitError(null);
    try {
      const v = await flushed();
      if (v === null) {
        throw new ApiCallError({
          code: 'CONFLICT',
          message: '入力中の内容を保存できなかったため、提出できません。保存の状態を確認してください。',
        });
      }
      const next = await request('mbo:submit', { fy, version: v, stage: 'yearEnd' });
      autosave.setVersion(next.version);
      onView(next);
    } catch (e) {
      setSubmitError(errorMessage(e));
      throw e;
    }
  };

  const total = useMemo(() => view.goals.reduce((s, g) => s + (g.weight ?? 0), 0), [view.goals]);
  const revisingGoal = revising === null ? undefined : view.goals[revising];
  const showPhases = view.status === '承認済' || view.status === '自己評価済';

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
        <MboSheetHeader view={view}>{showPhases ? null : <WeightTotal total={total} />}</MboSheetHeader>
        {writes ? <SaveIndicator state={autosave.state} onReload={onReload} testId="mbo-save-state" /> : null}
      </Box>
      <Stack spacing={2.5} sx={{ maxWidth: 1000 }}>
        <MboReviewNotes view={view} />
        {view.status === '提出済' && view.relation === 'self' ? (
          <Alert severity="info">
            目標を提出しました。1次評価者の承認を待っています。承認前に修正が必要な場合は、1次評価者に差し戻しを依頼してください。
          </Alert>
        ) : null}
        <MboBlock title="目標" testId="mbo-goals">
          {view.goals.length === 0 ? (
            <Typography sx={{ color: 'text.secondary' }}>目標はまだありません。</Typography>
          ) : null}
          {view.goals.map((g, i) => (
            <Paper
              key={g.id}
              variant="outlined"
              component="section"
              aria-label={`目標${i + 1}`}
              data-testid="mbo-goal"
              sx={{ p: 2 }}
            >
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5 }}>
                <GoalCardTitle index={i} goal={g} />
                <Box sx={{ flexGrow: 1 }} />
                {can.revise ? (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => setRevising(i)}
                    aria-label={`目標${i + 1}を修正`}
                  >
                    目標を修正
                  </Button>
                ) : null}
              </Box>
              <Box
                sx={{
                  display: 'grid',
                  gap: 2,
                  gridTemplateColumns: isAreaGoal(g) ? { xs: '1fr', lg: 'minmax(0, 1fr) 300px' } : '1fr',
                }}
              >
                <Stack spacing={1.5} sx={{ minWidth: 0 }}>
                  <GoalSummary goal={draftOfGoal(g)} coefficients={view.difficultyCoefficients} />
                  <RevisionHistory index={i} revisions={g.revisions} />
                </Stack>
                {isAreaGoal(g) ? <AreaEvidencePanel evidence={view.areaEvidence} /> : null}
              </Box>
            </Paper>
          ))}
        </MboBlock>
        {showPhases ? (
          <MboMidterm
            view={view}
            draft={draft}
            onUpdate={changeUpdate}
            onComment={(field, value) => change({ ...latest.current, [field]: value })}
          />
        ) : null}
        {showPhases ? (
          <MboYearEnd
            view={view}
            draft={draft}
            onUpdate={changeUpdate}
            onIncidents={(goalId, n) =>
              change({ ...latest.current, incidents: { ...latest.current.incidents, [goalId]: n } })
            }
            onComment={(value) => change({ ...latest.current, selfFinal: value })}
            submit={
              can.submitYearEnd ? (
                <Box>
                  {submitError ? (
                    <Alert severity="error" sx={{ mb: 2 }} data-testid="mbo-submit-error">
                      {submitError}
                    </Alert>
                  ) : null}
                  <Button variant="contained" onClick={() => setAsking(true)} disabled={asking}>
                    自己評価を提出
                  </Button>
                </Box>
              ) : null
            }
          />
        ) : null}
        {actions}
      </Stack>
      <ConfirmDialog
        open={asking}
        title="期末の自己評価を提出"
        message={YEAR_END_MESSAGE}
        confirmLabel="提出する"
        onConfirm={submitYearEnd}
        onClose={() => setAsking(false)}
      />
      {revisingGoal && revising !== null ? (
        <MboReviseDialog
          key={revisingGoal.id}
          fy={fy}
          staffNo={staffNo}
          index={revising}
          goal={revisingGoal}
          coefficients={view.difficultyCoefficients}
          version={flushed}
          onDone={(next) => {
            autosave.setVersion(next.version);
            onView(next);
          }}
          onClose={() => setRevising(null)}
        />
      ) : null}
    </>
  );
}
