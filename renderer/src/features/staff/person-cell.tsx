import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { PersonRef } from '../../../../shared/contract';

/** 山田 太郎（00123） */
export function personLabel(p: PersonRef | null): string {
  return p ? `${p.name}（${p.staffNo}）` : '';
}

/** A person as a cell: the name with 職員番号, then 所属・職位 in small print. */
export function PersonCell({ person, empty = '—' }: { person: PersonRef | null; empty?: string }) {
  if (!person) return <Typography sx={{ color: 'text.secondary' }}>{empty}</Typography>;
  return (
    <Box>
      <Typography component="span" sx={{ fontWeight: 500 }}>
        {person.name}
      </Typography>
      <Typography component="span" sx={{ ml: 0.75, fontSize: 12, color: 'text.secondary' }}>
        {person.staffNo}
      </Typography>
      <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>
        {[person.section, person.position].filter(Boolean).join('・')}
      </Typography>
    </Box>
  );
}
