import { useId } from 'react';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { percent } from '../../../../shared/training-kpi';
import { kpiFigure } from '../../ui/kpi-cards';
import { formatNumber } from '../../format';

/** One block of the home page: a titled region (screen readers list them as landmarks). */
export function HomeCard({
  title,
  note,
  actions,
  children,
  testId,
}: {
  title: string;
  note?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby={id}
      data-testid={testId}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 1.5, minWidth: 0 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h3" component="h2" id={id}>
          {title}
        </Typography>
        {note}
        <Box sx={{ flexGrow: 1 }} />
        {actions}
      </Box>
      {children}
    </Paper>
  );
}

/** 「35 / 40人（87.5%）」 with a bar: how far a step of the year has come. */
export function ProgressLine({
  label,
  done,
  total,
  unit,
  testId,
}: {
  label: string;
  done: number;
  total: number;
  unit: string;
  testId: string;
}) {
  const pct = percent(done, total);
  const figure = `${formatNumber(done)} / ${formatNumber(total)}${unit}`;
  return (
    <Box data-testid={testId}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 700 }}>{label}</Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Typography data-testid="progress-figure">{figure}</Typography>
        <Typography sx={{ color: 'text.secondary', minWidth: 56, textAlign: 'right' }}>
          {kpiFigure(pct, '%')}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={pct ?? 0}
        aria-label={`${label} ${figure}`}
        sx={{ height: 8, borderRadius: 4, mt: 0.5 }}
      />
    </Box>
  );
}
