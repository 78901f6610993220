import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SectionRow } from '../../../../shared/contract';
import { gradeGroups } from '../../../../shared/org';
import type { GradeGroup } from '../../../../shared/org';
import { formatCount } from '../../format';

export type ActiveFilter = 'active' | 'retired' | 'all';

export type StaffFilter = {
  /** As typed; the list debounces it before asking the app. */
  query: string;
  section: string | null;
  gradeGroup: GradeGroup | null;
  active: ActiveFilter;
};

export const initialStaffFilter: StaffFilter = { query: '', section: null, gradeGroup: null, active: 'active' };

const activeLabels: Record<ActiveFilter, string> = { active: '在職', retired: '退職', all: 'すべて' };
const all = '__all__';

type Props = {
  filter: StaffFilter;
  onChange: (next: StaffFilter) => void;
  sections: SectionRow[];
  /** How many people match the filters (null while loading the first time). */
  total: number | null;
  /** When the search, 所属 or 職層 narrows the list: how many the account may see without them. */
  everyone: number | null;
};

/** Search box, 所属 / 職層 / 在職 filters and the row count above the staff list. */
export function StaffFilters({ filter, onChange, sections, total, everyone }: Props) {
  const set = (patch: Partial<StaffFilter>) => onChange({ ...filter, ...patch });
  return (
    <Box
      role="search"
      aria-label="絞り込み条件"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 1.5 }}
    >
      <TextField
        label="検索"
        type="search"
        placeholder="氏名・ふりがな・職員番号"
        value={filter.query}
        onChange={(e) => set({ query: e.target.value })}
        sx={{ width: 280, bgcolor: 'background.paper' }}
        slotProps={{ htmlInput: { maxLength: 60 } }}
      />
      <TextField
        select
        label="所属"
        value={filter.section ?? all}
        onChange={(e) => set({ section: e.target.value === all ? null : e.target.value })}
        sx={{ width: 220, bgcolor: 'background.paper' }}
      >
        <MenuItem value={all}>すべての所属</MenuItem>
        {sections.map((s) => (
          <MenuItem key={s.name} value={s.name}>
            {s.name}（{formatCount(s.staffCount)}）
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="職層"
        value={filter.gradeGroup ?? all}
        onChange={(e) => set({ gradeGroup: e.target.value === all ? null : (e.target.value as GradeGroup) })}
        sx={{ width: 150, bgcolor: 'background.paper' }}
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
        label="在職"
        value={filter.active}
        onChange={(e) => set({ active: e.target.value as ActiveFilter })}
        sx={{ width: 120, bgcolor: 'background.paper' }}
      >
        {(Object.keys(activeLabels) as ActiveFilter[]).map((a) => (
          <MenuItem key={a} value={a}>
            {activeLabels[a]}
          </MenuItem>
        ))}
      </TextField>
      {/* 「35,000人」, or for a narrowed list 「35,000人中 12人」; staff-count is the list's own total. */}
      <Typography role="status" sx={{ ml: 'auto', color: 'text.secondary' }}>
        {total !== null && everyone !== null ? `${formatCount(everyone)}中 ` : ''}
        <span data-testid="staff-count">{total === null ? '' : formatCount(total)}</span>
      </Typography>
    </Box>
  );
}
