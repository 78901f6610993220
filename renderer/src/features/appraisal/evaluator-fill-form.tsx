import { memo } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { FillCell, FillField, FillForm, FillProblem } from '../../../../shared/evaluator-fill';
import { LEVEL_LABELS, isLevel } from '../../../../shared/mbo';

/*
 * One form of an evaluator workbook, laid out as the sheet is: a four-column grid (label | value |
 * label | value, long answers across three columns), headings and notes across all four. The
 * evaluator's fields are inputs — a choice for levels (S–D) and ratings (1–5), text otherwise —
 * with the problem the import would report shown at the field.
 */

type Props = {
  form: FillForm;
  values: Readonly<Record<string, string>>;
  problems: readonly FillProblem[];
  onChange: (key: string, value: string) => void;
};

const chars = (s: string) => [...s].length;

function Field({
  field,
  value,
  problem,
  onChange,
}: {
  field: FillField;
  value: string;
  problem: string | undefined;
  onChange: (key: string, value: string) => void;
}) {
  if (field.choices) {
    const known = value === '' || field.choices.includes(value);
    return (
      <TextField
        select
        size="small"
        value={value}
        onChange={(e) => onChange(field.key, e.target.value)}
        error={problem !== undefined}
        helperText={problem}
        sx={{ minWidth: 140, bgcolor: 'background.paper' }}
        slotProps={{ htmlInput: { 'aria-label': field.label }, select: { displayEmpty: true } }}
      >
        <MenuItem value="">
          <em>未選択</em>
        </MenuItem>
        {field.choices.map((c) => (
          <MenuItem key={c} value={c}>
            {field.kind === 'level' && isLevel(c) ? `${c}　${LEVEL_LABELS[c]}` : c}
          </MenuItem>
        ))}
        {known ? null : <MenuItem value={value}>{value}</MenuItem>}
      </TextField>
    );
  }
  const n = chars(value);
  return (
    <TextField
      multiline
      minRows={2}
      fullWidth
      size="small"
      value={value}
      onChange={(e) => onChange(field.key, e.target.value)}
      error={problem !== undefined}
      helperText={problem ?? (field.max !== null ? `${n} / ${field.max}文字` : undefined)}
      sx={{ bgcolor: 'background.paper' }}
      slotProps={{ htmlInput: { 'aria-label': field.label } }}
    />
  );
}

const cellSx = (cell: FillCell) => {
  switch (cell.style) {
    case 'title':
      return { fontSize: 18, fontWeight: 700, py: 1 };
    case 'subtitle':
      return { fontSize: 13, color: 'text.secondary', pb: 1 };
    case 'section':
      return { bgcolor: '#dce6f0', fontWeight: 700, px: 1, py: 0.75, mt: 1 };
    case 'note':
      return { fontSize: 13, color: 'text.secondary', py: 0.5 };
    case 'label':
      return { bgcolor: 'grey.100', fontSize: 13, px: 1, py: 0.75, border: 1, borderColor: 'divider' };
    default:
      return { px: 1, py: 0.75, border: 1, borderColor: 'divider', whiteSpace: 'pre-wrap', fontSize: 14 };
  }
};

export const FillFormView = memo(function FillFormView({ form, values, problems, onChange }: Props) {
  const byKey = new Map(problems.map((p) => [p.key, p.message]));
  return (
    <Box
      role="group"
      aria-label={`${form.name}（${form.staffNo}）の人事考課票`}
      sx={{ display: 'grid', gridTemplateColumns: '15fr 31fr 15fr 31fr', columnGap: 0, rowGap: 0 }}
    >
      {form.cells.map((cell) => {
        const area = { gridRow: cell.row, gridColumn: `${cell.col} / span ${cell.span}` };
        if (cell.field) {
          return (
            <Box
              key={`${cell.row}:${cell.col}`}
              sx={{ ...area, p: 0.75, border: 1, borderColor: 'divider', bgcolor: '#fff9db' }}
              data-field={cell.field.key}
            >
              <Field
                field={cell.field}
                value={values[cell.field.key] ?? ''}
                problem={byKey.get(cell.field.key)}
                onChange={onChange}
              />
            </Box>
          );
        }
        return (
          <Typography key={`${cell.row}:${cell.col}`} component="div" sx={{ ...area, ...cellSx(cell) }}>
            {cell.text}
          </Typography>
        );
      })}
    </Box>
  );
});
