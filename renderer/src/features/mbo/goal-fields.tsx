import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import {
  DIFFICULTIES,
  GOAL_CATEGORIES,
  GOAL_TYPES,
  TEXT_MAX_CHARS,
  TITLE_MAX_CHARS,
  WARD_PRIORITIES,
  difficultyLabel,
  isDifficulty,
  isGoalCategory,
  isGoalType,
  isWardPriority,
} from '../../../../shared/mbo';
import type { DifficultyCoefficients, GoalDraft, GoalField } from '../../../../shared/mbo';
import type { FieldMessages } from './draft';
import { numberOrNull } from './draft';

type Props = {
  goal: GoalDraft;
  /** Used to name the fields of one goal apart from another's (e.g. the type radios). */
  idPrefix: string;
  messages: FieldMessages;
  hints: FieldMessages;
  /** Warnings while writing; errors after a refused submission. */
  severity: 'warning' | 'error';
  /** The cycle's 難易度係数, shown in the difficulty choices. */
  coefficients: DifficultyCoefficients;
  onChange: (goal: GoalDraft) => void;
};

const none = '';

/** The fields of one goal (docs/scores.md), shared by the goal-setting cards and the revision dialog. */
export function MboGoalFields({ goal, idPrefix, messages, hints, severity, coefficients, onChange }: Props) {
  const set = <K extends keyof GoalDraft>(field: K, value: GoalDraft[K]) => onChange({ ...goal, [field]: value });
  const message = (field: GoalField) => messages[field]?.join(' ');
  const helper = (field: GoalField, extra?: string) => {
    const m = message(field);
    const h = hints[field]?.join(' ');
    return m ?? h ?? extra;
  };
  const helperSx = (field: GoalField) =>
    message(field) !== undefined
      ? { color: severity === 'error' ? 'error.main' : 'warning.dark' }
      : hints[field]
        ? { color: 'info.main' }
        : undefined;
  const isError = (field: GoalField) => severity === 'error' && message(field) !== undefined;
  const count = (field: 'title' | 'content' | 'standard' | 'schedule', max: number) =>
    `${[...goal[field]].length} / ${max}文字`;

  // Required at 提出 (shared/mbo.ts validateGoals): marked before anyone submits.
  const text = (field: 'title' | 'content' | 'standard' | 'schedule', label: string, max: number, rows: number) => (
    <TextField
      label={label}
      required={field !== 'schedule'}
      value={goal[field]}
      onChange={(e) => set(field, e.target.value)}
      multiline={rows > 1}
      minRows={rows > 1 ? rows : undefined}
      fullWidth
      error={isError(field)}
      helperText={
        <Box component="span" sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
          <Box component="span" sx={helperSx(field)}>
            {helper(field) ?? ''}
          </Box>
          <span>{count(field, max)}</span>
        </Box>
      }
      slotProps={{ htmlInput: { maxLength: max * 2 } }}
    />
  );

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(12, minmax(0, 1fr))' }}>
      <Box sx={{ gridColumn: { xs: 'span 12', md: 'span 4' } }}>
        <TextField
          select
          label="区分"
          required
          value={goal.category ?? none}
          onChange={(e) => set('category', isGoalCategory(e.target.value) ? e.target.value : null)}
          fullWidth
          error={isError('category')}
          helperText={helper('category')}
          slotProps={{ formHelperText: { sx: helperSx('category') } }}
        >
          <MenuItem value={none}>（未選択）</MenuItem>
          {GOAL_CATEGORIES.map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ gridColumn: { xs: 'span 12', md: 'span 8' } }}>
        {text('title', '目標（タイトル）', TITLE_MAX_CHARS, 1)}
      </Box>
      <Box sx={{ gridColumn: 'span 12' }}>{text('content', '内容', TEXT_MAX_CHARS, 2)}</Box>
      <Box sx={{ gridColumn: 'span 12' }}>{text('standard', '達成基準', TEXT_MAX_CHARS, 2)}</Box>
      <Box sx={{ gridColumn: { xs: 'span 12', md: 'span 6' } }}>
        <TextField
          select
          label="区の重点施策（任意）"
          value={goal.priority ?? none}
          onChange={(e) => set('priority', isWardPriority(e.target.value) ? e.target.value : null)}
          fullWidth
          error={isError('priority')}
          helperText={helper('priority')}
          slotProps={{ formHelperText: { sx: helperSx('priority') } }}
        >
          <MenuItem value={none}>（選択しない）</MenuItem>
          {WARD_PRIORITIES.map((p) => (
            <MenuItem key={p} value={p}>
              {p}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ gridColumn: { xs: 'span 6', md: 'span 3' } }}>
        {/* A short label that fits the field at 1366 wide; the unit and range sit beside and below it. */}
        <TextField
          label="ウェイト"
          required
          type="number"
          value={goal.weight ?? ''}
          onChange={(e) => set('weight', numberOrNull(e.target.value))}
          fullWidth
          error={isError('weight')}
          helperText={helper('weight', '1〜100（全目標で合計100）')}
          slotProps={{
            input: { endAdornment: <InputAdornment position="end">%</InputAdornment> },
            htmlInput: { min: 1, max: 100, step: 5, inputMode: 'numeric' },
            formHelperText: { sx: helperSx('weight') },
          }}
        />
      </Box>
      <Box sx={{ gridColumn: { xs: 'span 6', md: 'span 3' } }}>
        <TextField
          select
          label="難易度"
          required
          value={goal.difficulty ?? none}
          onChange={(e) => set('difficulty', isDifficulty(e.target.value) ? e.target.value : null)}
          fullWidth
          error={isError('difficulty')}
          helperText={helper('difficulty')}
          slotProps={{ formHelperText: { sx: helperSx('difficulty') } }}
        >
          <MenuItem value={none}>（未選択）</MenuItem>
          {DIFFICULTIES.map((d) => (
            <MenuItem key={d} value={d}>
              {difficultyLabel(d, coefficients)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ gridColumn: { xs: 'span 12', md: 'span 8' } }}>
        {text('schedule', 'スケジュール（任意）', TEXT_MAX_CHARS, 1)}
      </Box>
      <Box sx={{ gridColumn: { xs: 'span 12', md: 'span 4' } }}>
        <FormControl component="fieldset" error={isError('type')} required>
          <FormLabel component="legend">種類</FormLabel>
          <RadioGroup
            row
            name={`${idPrefix}-type`}
            value={goal.type ?? none}
            onChange={(e) => set('type', isGoalType(e.target.value) ? e.target.value : null)}
          >
            {GOAL_TYPES.map((t) => (
              <FormControlLabel key={t} value={t} control={<Radio size="small" />} label={t} />
            ))}
          </RadioGroup>
          {helper('type') ? <FormHelperText sx={helperSx('type')}>{helper('type')}</FormHelperText> : null}
        </FormControl>
      </Box>
    </Box>
  );
}
