import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MboSheetView } from '../../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  COMMENT_MAX_CHARS,
  LEVELS,
  LEVEL_LABELS,
  REASON_MAX_CHARS,
  describeScore,
  difficultyLabel,
  formatScore,
  isLevel,
  needsOverrideReason,
  overrideReasonIssue,
  performanceScore,
  proposedLevelForAccuracyGoal,
} from '../../../../shared/mbo';
import type { ScoreResult } from '../../../../shared/mbo';
import { numberOrNull } from './draft';
import type { BodyDraft, GoalUpdateDraft } from './draft';
import { CommentField, MboBlock, ProposalNote } from './parts';

type Props = {
  view: MboSheetView;
  draft: BodyDraft;
  onUpdate: (goalId: number, patch: Partial<GoalUpdateDraft>) => void;
  onIncidents: (goalId: number, incidents: number | null) => void;
  onComment: (value: string) => void;
  /** The submit button, when the person may submit. */
  submit: ReactNode;
};

function ScoreLine({ label, result, live }: { label: string; result: ScoreResult; live?: boolean }) {
  return (
    <Box data-testid={live ? 'mbo-live-score' : undefined}>
      <Typography sx={{ fontWeight: 600, fontSize: '1.1rem' }} aria-live={live ? 'polite' : undefined}>
        {label}: {result.score === null ? '未確定' : formatScore(result.score)}
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {describeScore(result)}
      </Typography>
    </Box>
  );
}

function incidentsIssue(n: number | null): string | undefined {
  if (n === null) return undefined;
  return Number.isInteger(n) && n >= 0 && n <= 999 ? undefined : 'ミス・事故の件数は0以上の整数で入力してください';
}

/** 期末: the person's own level per goal (S–D), the live 業績評価点 and the year-end comment. */
export function MboYearEnd({ view, draft, onUpdate, onIncidents, onComment, submit }: Props) {
  const editable = view.can.yearEnd;
  const levelOf = (goalId: number) => draft.updates[goalId]?.selfLevel ?? null;
  // Scored from what is chosen now, so the score follows each choice before it is saved.
  const selfScore = performanceScore(
    view.goals.map((g) => ({
      weight: g.weight ?? 0,
      level: editable ? levelOf(g.id) : g.self.level,
      difficulty: g.difficulty ?? 'B',
    })),
    view.difficultyCoefficients,
  );

  return (
    <MboBlock title="期末（自己評価）" testId="mbo-year-end">
      {view.goals.map((g, i) => {
        const u = draft.updates[g.id];
        if (!u) return null;
        const accuracy = g.type === ACCURACY_GOAL_TYPE;
        const incidents = view.can.incidents ? (draft.incidents[g.id] ?? null) : g.incidents;
        const proposal = accuracy
          ? view.can.incidents
            ? proposedLevelForAccuracyGoal(Number.isInteger(incidents) ? incidents : null)
            : g.proposal
          : null;
        const level = editable ? u.selfLevel : g.self.level;
        const reasonNeeded = needsOverrideReason(proposal?.level ?? null, level);
        const reasonIssue = overrideReasonIssue(proposal?.level ?? null, level, u.selfReason);
        return (
          <Paper key={g.id} variant="outlined" component="section" aria-label={`目標${i + 1}の自己評価`} sx={{ p: 2 }}>
            <Typography sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{`目標${i + 1}　${g.title}`}</Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1.5 }}>
              {`ウェイト ${g.weight ?? '—'}%　難易度 ${g.difficulty ? difficultyLabel(g.difficulty, view.difficultyCoefficients) : '—'}`}
              {accuracy ? '　正確性重視' : ''}
            </Typography>
            <Stack spacing={2}>
              {accuracy ? (
                <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
                  {view.can.incidents ? (
                    <TextField
                      label="ミス・事故の件数"
                      type="number"
                      value={incidents ?? ''}
                      onChange={(e) => onIncidents(g.id, numberOrNull(e.target.value))}
                      error={incidentsIssue(incidents) !== undefined}
                      helperText={incidentsIssue(incidents) ?? '期間中の件数（1次評価者が記録）'}
                      slotProps={{ htmlInput: { min: 0, max: 999, step: 1, inputMode: 'numeric' } }}
                      sx={{ width: 220 }}
                    />
                  ) : null}
                  <ProposalNote incidents={incidents} proposal={proposal} />
                </Box>
              ) : null}
              {editable ? (
                <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '300px minmax(0, 1fr)' } }}>
                  <TextField
                    select
                    label="自己評価（達成度）"
                    value={u.selfLevel ?? ''}
                    onChange={(e) => onUpdate(g.id, { selfLevel: isLevel(e.target.value) ? e.target.value : null })}
                    helperText={u.selfLevel === null ? '評語を選んでください' : undefined}
                  >
                    <MenuItem value="">（未選択）</MenuItem>
                    {LEVELS.map((l) => (
                      <MenuItem key={l} value={l}>
                        {`${l}　${LEVEL_LABELS[l]}`}
                        {proposal?.level === l ? '（提案）' : ''}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField
                    label="自己評価のコメント"
                    value={u.selfComment}
                    onChange={(e) => onUpdate(g.id, { selfComment: e.target.value })}
                    multiline
                    minRows={2}
                    fullWidth
                    helperText={`${[...u.selfComment].length} / ${COMMENT_MAX_CHARS}文字`}
                    slotProps={{ htmlInput: { maxLength: COMMENT_MAX_CHARS } }}
                  />
                  {reasonNeeded ? (
                    <TextField
                      label="提案と異なる評語にする理由"
                      required
                      value={u.selfReason}
                      onChange={(e) => onUpdate(g.id, { selfReason: e.target.value })}
                      multiline
                      minRows={2}
                      fullWidth
                      error={reasonIssue !== null}
                      helperText={reasonIssue ?? `${[...u.selfReason].length} / ${REASON_MAX_CHARS}文字`}
                      slotProps={{ htmlInput: { maxLength: REASON_MAX_CHARS } }}
                      sx={{ gridColumn: '1 / -1' }}
                    />
                  ) : null}
                </Box>
              ) : (
                <Box>
                  <Typography variant="body2">
                    自己評価: {g.self.level ? `${g.self.level}（${LEVEL_LABELS[g.self.level]}）` : '未入力'}
                  </Typography>
                  {g.self.comment ? (
                    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      コメント: {g.self.comment}
                    </Typography>
                  ) : null}
                  {g.self.reason ? (
                    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      提案と異なる評語にする理由: {g.self.reason}
                    </Typography>
                  ) : null}
                </Box>
              )}
            </Stack>
          </Paper>
        );
      })}
      <Paper variant="outlined" sx={{ p: 2, bgcolor: 'action.hover' }}>
        <ScoreLine label="業績評価点（自己評価）" result={selfScore} live />
        {view.scores.first.score !== null ? <ScoreLine label="業績評価点（1次）" result={view.scores.first} /> : null}
        {view.scores.second.score !== null ? <ScoreLine label="業績評価点（2次）" result={view.scores.second} /> : null}
      </Paper>
      <CommentField
        label="期末の自己コメント"
        value={editable ? draft.selfFinal : view.comments.selfFinal}
        editable={editable}
        onChange={onComment}
      />
      {submit}
    </MboBlock>
  );
}
