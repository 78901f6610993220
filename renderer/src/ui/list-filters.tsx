import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

/** The search box of the people lists (matched against 職員番号, 氏名 and 所属 by each list). */
export function PeopleQuery({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      label="職員番号・氏名・所属で絞り込み"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      size="small"
      sx={{ width: 300 }}
    />
  );
}

/** A filter by one value of a fixed list; empty means すべて (shown as such). */
export function ChoiceFilter<T extends string>({
  label,
  value,
  choices,
  onChange,
  width = 160,
}: {
  label: string;
  value: T | '';
  choices: readonly T[];
  onChange: (value: T | '') => void;
  width?: number;
}) {
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as T | '')}
      size="small"
      sx={{ width }}
      slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
    >
      <MenuItem value="">すべて</MenuItem>
      {choices.map((c) => (
        <MenuItem key={c} value={c}>
          {c}
        </MenuItem>
      ))}
    </TextField>
  );
}
