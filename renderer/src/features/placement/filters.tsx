import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { SectionRow } from '../../../../shared/contract';
import { gradeGroups } from '../../../../shared/org';
import type { GradeGroup } from '../../../../shared/org';
import { people } from './format';

export type PlacementFilter = {
  section: string | null;
  gradeGroup: GradeGroup | null;
  minYearsInPost: number | null;
  wishesTransfer: boolean;
  applied: boolean;
  rankClass: number | null;
};

export const initialPlacementFilter: PlacementFilter = {
  section: null,
  gradeGroup: null,
  minYearsInPost: null,
  wishesTransfer: false,
  applied: false,
  rankClass: null,
};

const all = '__all__';
const yearChoices = [1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20];
const classChoices = [1, 2, 3, 4, 5];

type Props = { filter: PlacementFilter; onChange: (next: PlacementFilter) => void; sections: SectionRow[] };

/** 所属・職層・在課年数・異動希望・公募・区分: the placement list's conditions (the core filters). */
export function PlacementFilters({ filter, onChange, sections }: Props) {
  const set = (patch: Partial<PlacementFilter>) => onChange({ ...filter, ...patch });
  const field = { size: 'small' as const, sx: { bgcolor: 'background.paper' } };
  return (
    <Box
      role="search"
      aria-label="絞り込み条件"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 1.5 }}
    >
      <TextField
        select
        label="所属"
        value={filter.section ?? all}
        onChange={(e) => set({ section: e.target.value === all ? null : e.target.value })}
        {...field}
        sx={{ ...field.sx, width: 220 }}
      >
        <MenuItem value={all}>全体</MenuItem>
        {sections.map((s) => (
          <MenuItem key={s.name} value={s.name}>
            {s.name}（{people(s.staffCount)}）
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="職層"
        value={filter.gradeGroup ?? all}
        onChange={(e) => set({ gradeGroup: e.target.value === all ? null : (e.target.value as GradeGroup) })}
        {...field}
        sx={{ ...field.sx, width: 130 }}
      >
        <MenuItem value={all}>すべて</MenuItem>
        {gradeGroups.map((g) => (
          <MenuItem key={g} value={g}>
            {g}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="在課年数"
        value={filter.minYearsInPost === null ? all : String(filter.minYearsInPost)}
        onChange={(e) => set({ minYearsInPost: e.target.value === all ? null : Number(e.target.value) })}
        {...field}
        sx={{ ...field.sx, width: 130 }}
      >
        <MenuItem value={all}>指定なし</MenuItem>
        {yearChoices.map((n) => (
          <MenuItem key={n} value={String(n)}>
            {n}年以上
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="区分（過去3年）"
        value={filter.rankClass === null ? all : String(filter.rankClass)}
        onChange={(e) => set({ rankClass: e.target.value === all ? null : Number(e.target.value) })}
        {...field}
        sx={{ ...field.sx, width: 150 }}
      >
        <MenuItem value={all}>すべて</MenuItem>
        {classChoices.map((n) => (
          <MenuItem key={n} value={String(n)}>
            第{n}区分
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Checkbox checked={filter.wishesTransfer} onChange={(e) => set({ wishesTransfer: e.target.checked })} />
        }
        label="異動希望あり"
      />
      <FormControlLabel
        control={<Checkbox checked={filter.applied} onChange={(e) => set({ applied: e.target.checked })} />}
        label="公募応募あり"
      />
    </Box>
  );
}
