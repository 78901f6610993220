import Box from '@mui/material/Box';
import type { StaffDetail } from '../../../../shared/contract';
import { formatDay } from '../../format';
import { StaffPanel } from './panel';

function yearsLabel(years: number | null): string {
  if (years === null) return '—';
  return years === 0 ? '1年未満' : `${years}年`;
}

/** Every field of the roster, as a two-column list of terms and values. */
export function StaffProfile({ detail }: { detail: StaffDetail }) {
  const s = detail.staff;
  const items: [string, string][] = [
    ['職員番号', s.staffNo],
    ['氏名', s.name],
    ['ふりがな', s.kana],
    ['所属', s.section ?? '—'],
    ['担当', s.line ?? '—'],
    ['職位', s.position],
    ['職層', s.gradeGroup],
    ['職種', s.jobType || '—'],
    ['雇用区分', s.employment],
    ['採用日', formatDay(s.hiredOn) || '—'],
    ['現所属配属日', formatDay(s.postedOn) || '—'],
    ['現所属年数', yearsLabel(detail.yearsInPost)],
    ['資格', s.qualifications || '—'],
    ['在職', s.active ? '在職' : '退職'],
  ];
  return (
    <StaffPanel title="基本情報">
      <Box
        component="dl"
        sx={{
          m: 0,
          display: 'grid',
          gridTemplateColumns: { xs: '8em 1fr', lg: '8em 1fr 8em 1fr' },
          columnGap: 2,
          rowGap: 1,
          '& dt': { color: 'text.secondary', fontSize: 13, pt: '2px' },
          '& dd': { m: 0, wordBreak: 'break-word' },
        }}
      >
        {items.map(([term, value]) => (
          <Box key={term} sx={{ display: 'contents' }}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Box>
        ))}
      </Box>
    </StaffPanel>
  );
}
