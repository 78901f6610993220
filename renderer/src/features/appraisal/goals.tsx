import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppraisalGoalView, AppraisalView } from '../../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  LEVELS,
  LEVEL_LABELS,
  REASON_MAX_CHARS,
  difficultyLabel,
  isDifficulty,
  isLevel,
} from '../../../../shared/mbo';
import type { Level } from '../../../../shared/mbo';
import { departs, problemAt } from './draft';
import type { AppraisalDraft, GoalEntry, Problem } from './draft';
import { MboBlock } from '../mbo/parts';

const levelText = (l: Level | null) => (l === null ? '未評価' : `${l}（${LEVEL_LABELS[l]}）`);

/** 「選択してください」 in an empty select, greyed as a placeholder is. */
export const placeholder = (
  <Box component="span" sx={{ color: 'text.disabled' }}>
    選択してください
  </Box>
);

/** A level as the select lists it; the goal's default (他所属評価 or the proposal) is marked. */
const levelOption = (l: Level, defaultLevel: Level | null | undefined) =>
  `${l}　${LEVEL_LABELS[l]}${defaultLevel === l ? '（既定）' : ''}`;

/** A level select without a visible label (the column says which stage); named for assistive tech. */
export function LevelSelect({
  name,
  value,
  onChange,
  error,
  helperText,
  defaultLevel,
}: {
  name: string;
  value: Level | null;
  onChange: (l: Level | null) => void;
  error?: string | undefined;
  helperText?: string | undefined;
  defaultLevel?: Level | null;
}) {
  return (
    <TextField
      select
      size="small"
      fullWidth
      value={value ?? ''}
      onChange={(e) => onChange(isLevel(e.target.value) ? e.target.value : null)}
      error={error !== undefined}
      helperText={error ?? helperText}
      slotProps={{
        htmlInput: { 'aria-label': name },
        select: { displayEmpty: true, renderValue: (v) => (isLevel(v) ? levelOption(v, defaultLevel) : placeholder) },
      }}
    >
      <MenuItem value="">（未選択に戻す）</MenuItem>
      {LEVELS.map((l) => (
        <MenuItem key={l} value={l}>
          {levelOption(l, defaultLevel)}
        </MenuItem>
      ))}
    </TextField>
  );
}

function ReadOnlyEntry({ entry, showReason }: { entry: GoalEntry; showReason?: boolean }) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2" sx={{ fontWeight: entry.level ? 600 : 400 }}>
        {levelText(entry.level)}
      </Typography>
      {entry.comment ? (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {entry.comment}
        </Typography>
      ) : null}
      {showReason && entry.reason ? (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', color: 'warning.dark' }}>
          既定と異なる理由: {entry.reason}
        </Typography>
      ) : null}
    </Stack>
  );
}

function CrossCell({ goal }: { goal: AppraisalGoalView }) {
  const c = goal.cross;
  if (!c) {
    return goal.proposal ? (
      <Typography variant="body2">
        ミスなしの提案: {goal.proposal.level}
        <br />
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {goal.proposal.reason}
        </Box>
      </Typography>
    ) : (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        —
      </Typography>
    );
  }
  return (
    <Stack spacing={0.5} data-testid="appraisal-cross-cell">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {c.role}: {c.evaluator?.name ?? '未設定'}
      </Typography>
      <Typography variant="body2" sx={{ fontWeight: c.level ? 600 : 400 }}>
        {c.level ? levelText(c.level) : 'まだ評価されていません'}
      </Typography>
      {c.comment ? (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {c.comment}
        </Typography>
      ) : null}
    </Stack>
  );
}

type Props = {
  view: AppraisalView;
  draft: AppraisalDraft;
  problems: readonly Problem[];
  showErrors: boolean;
  onGoal: (goalId: number, patch: Partial<GoalEntry>) => void;
  onNameCross?: ((goal: AppraisalGoalView, index: number) => void) | undefined;
};

/** 業績評価: each goal with the person's, the cross-section, the 1次's and the 2次's levels. */
export function AppraisalGoals({ view, draft, problems, showErrors, onGoal, onNameCross }: Props) {
  const stage = view.can.stage;
  // The column the caller writes in gets the room for its fields.
  const widths =
    stage === 'first' || stage === 'second'
      ? {
          goal: '23%',
          self: '14%',
          cross: '16%',
          first: stage === 'first' ? '31%' : '16%',
          second: stage === 'second' ? '31%' : '16%',
        }
      : { goal: '24%', self: '19%', cross: '19%', first: '19%', second: '19%' };
  const err = (field: string) => (showErrors ? problemAt(problems, field) : undefined);
  const editCell = (g: AppraisalGoalView, i: number, st: 'first' | 'second') => {
    const d = draft.goals[g.id] ?? { level: null, comment: '', reason: '' };
    const n = i + 1;
    const short = st === 'first' ? '1次' : '2次';
    const needsReason = st === 'first' && departs(g, d.level);
    const source =
      st === 'first' && g.firstDefault
        ? `既定: ${g.firstDefault.level}（${g.firstDefault.source === 'cross' ? '他所属評価の評語' : 'ミスなしの提案'}）`
        : undefined;
    return (
      <Stack spacing={1}>
        <LevelSelect
          name={`目標${n}の${short}評語`}
          value={d.level}
          onChange={(level) => onGoal(g.id, { level })}
          error={err(`goals.${g.id}`)}
          helperText={source}
          defaultLevel={st === 'first' ? (g.firstDefault?.level ?? null) : null}
        />
        <TextField
          label="コメント（任意）"
          size="small"
          value={d.comment}
          onChange={(e) => onGoal(g.id, { comment: e.target.value })}
          multiline
          minRows={2}
          fullWidth
          slotProps={{ htmlInput: { maxLength: 1000, 'aria-label': `目標${n}の${short}コメント` } }}
        />
        {needsReason ? (
          <TextField
            label="既定と異なる評語にする理由"
            size="small"
            value={d.reason}
            onChange={(e) => onGoal(g.id, { reason: e.target.value })}
            multiline
            minRows={2}
            fullWidth
            error={err(`goals.${g.id}.reason`) !== undefined}
            helperText={err(`goals.${g.id}.reason`) ?? '必須。2次評価者と調整者に表示されます'}
            slotProps={{
              htmlInput: {
                maxLength: REASON_MAX_CHARS,
                'aria-label': `目標${n}の評語を既定と変える理由`,
                'aria-required': true,
              },
            }}
          />
        ) : null}
      </Stack>
    );
  };
  return (
    <MboBlock title="業績評価（目標管理）" testId="appraisal-goals">
      {view.goals.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>
          目標管理シートに目標がありません（目標管理: {view.mboStatus}）。
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="目標ごとの評価" sx={{ tableLayout: 'fixed', minWidth: 960 }}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: widths.goal }}>目標</TableCell>
                <TableCell sx={{ width: widths.self }}>本人</TableCell>
                <TableCell sx={{ width: widths.cross }}>他所属評価</TableCell>
                <TableCell sx={{ width: widths.first }}>1次評価者</TableCell>
                <TableCell sx={{ width: widths.second }}>2次評価者</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {view.goals.map((g, i) => (
                <TableRow key={g.id} data-testid="appraisal-goal" sx={{ verticalAlign: 'top' }}>
                  <TableCell>
                    <Stack spacing={0.5}>
                      <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center', flexWrap: 'wrap' }}>
                        <Typography variant="body2" sx={{ fontWeight: 600 }}>
                          目標{i + 1}
                        </Typography>
                        {g.category ? (
                          <Chip
                            size="small"
                            label={g.category}
                            variant="outlined"
                            color={g.category === '地域担当目標' ? 'secondary' : 'default'}
                          />
                        ) : null}
                        {g.type === ACCURACY_GOAL_TYPE ? (
                          <Chip size="small" label="正確性重視" variant="outlined" />
                        ) : null}
                      </Box>
                      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                        {g.title}
                      </Typography>
                      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                        {`ウェイト ${g.weight ?? '—'}%　難易度 ${isDifficulty(g.difficulty) ? difficultyLabel(g.difficulty, view.difficultyCoefficients) : (g.difficulty ?? '—')}`}
                      </Typography>
                      {g.type === ACCURACY_GOAL_TYPE ? (
                        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                          ミス・事故: {g.incidents === null ? '未記録' : `${g.incidents}件`}
                        </Typography>
                      ) : null}
                      {onNameCross ? (
                        <Box>
                          <Button size="small" variant="outlined" onClick={() => onNameCross(g, i)}>
                            他所属評価者を指名
                          </Button>
                        </Box>
                      ) : null}
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <ReadOnlyEntry entry={g.self} />
                  </TableCell>
                  <TableCell>
                    <CrossCell goal={g} />
                  </TableCell>
                  <TableCell>
                    {stage === 'first' ? editCell(g, i, 'first') : <ReadOnlyEntry entry={g.first} showReason />}
                  </TableCell>
                  <TableCell>
                    {stage === 'second' ? editCell(g, i, 'second') : <ReadOnlyEntry entry={g.second} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </MboBlock>
  );
}
