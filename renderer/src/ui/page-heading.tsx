import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { fiscalYearLabel } from '../../../shared/fiscal-year';
import { useFiscalYear } from '../fiscal-year';

/** The page title, with the fiscal year the page works on when it depends on one. */
export function PageHeading({
  title,
  showYear = false,
  actions,
}: {
  title: string;
  showYear?: boolean;
  actions?: ReactNode;
}) {
  const { fy } = useFiscalYear();
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, mb: 2 }}>
      <Typography variant="h1" component="h1">
        {title}
      </Typography>
      {showYear && fy !== null ? <Typography sx={{ color: 'text.secondary' }}>{fiscalYearLabel(fy)}</Typography> : null}
      <Box sx={{ flexGrow: 1 }} />
      {actions}
    </Box>
  );
}
