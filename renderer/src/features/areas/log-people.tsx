import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import type { PersonRef } from '../../../../shared/contract';

type Props = {
  label: string;
  team: PersonRef[];
  chosen: string[];
  max?: number;
  error?: string;
  helper?: string;
  onChange: (chosen: string[]) => void;
};

/** Checkboxes of the area team; with `max`, the rest are disabled once that many are ticked. */
export function AreaLogPeople({ label, team, chosen, max, error, helper, onChange }: Props) {
  const full = max !== undefined && chosen.length >= max;
  return (
    <FormControl component="fieldset" error={Boolean(error)}>
      <FormLabel component="legend" sx={{ fontSize: 13 }}>
        {label}
      </FormLabel>
      <FormGroup sx={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', columnGap: 1 }}>
        {team.map((p) => {
          const on = chosen.includes(p.staffNo);
          return (
            <FormControlLabel
              key={p.staffNo}
              control={
                <Checkbox
                  size="small"
                  checked={on}
                  disabled={!on && full}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...chosen, p.staffNo] : chosen.filter((s) => s !== p.staffNo))
                  }
                />
              }
              label={
                <Box component="span" sx={{ fontSize: 14 }}>
                  {p.name}
                </Box>
              }
            />
          );
        })}
      </FormGroup>
      {error || helper ? <FormHelperText>{error ?? helper}</FormHelperText> : null}
    </FormControl>
  );
}
