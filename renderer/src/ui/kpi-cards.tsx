import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Kpi, KpiUnit } from '../../../shared/kpi';
import { formatNumber } from '../format';

/** 87.5% / 12人 / 3件; — when there is nothing to measure. */
export function kpiFigure(value: number | null, unit: KpiUnit): string {
  if (value === null) return '—';
  return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)}${unit}`;
}

/** 目標 100% / 5人以上 / 目標なし. */
export function kpiTarget(k: Pick<Kpi, 'target' | 'unit'>): string {
  if (k.target === null) return '目標なし';
  return k.unit === '%' ? `目標 ${formatNumber(k.target)}%` : `${formatNumber(k.target)}${k.unit}以上`;
}

/** Shares whose numerator and denominator count things (courses, measures) rather than people. */
const countsItems = new Set(['training_external_courses', 'measures_met']);

/** 「35 / 40人」: what was counted and out of what, for shares. */
function fraction(k: Kpi): string | null {
  if (k.numerator === undefined || k.denominator === undefined) return null;
  const unit = countsItems.has(k.id) ? '件' : '人';
  return `${formatNumber(k.numerator)} / ${formatNumber(k.denominator)}${unit}`;
}

function MetChip({ met }: { met: boolean | null }) {
  if (met === null) return <Chip size="small" variant="outlined" label="—" data-testid="kpi-met" />;
  return (
    <Chip
      size="small"
      color={met ? 'success' : 'warning'}
      label={met ? '達成' : '未達'}
      data-testid="kpi-met"
      sx={{ fontWeight: 700 }}
    />
  );
}

/**
 * The plan's targets as cards: figure, target and met / not met (docs/plan.md). `label` names the
 * list for screen readers (研修の目標, プランの目標).
 */
export function KpiCards({ kpis, label }: { kpis: Kpi[]; label: string }) {
  if (kpis.length === 0) return null;
  return (
    <Box
      component="ul"
      aria-label={label}
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))',
      }}
    >
      {kpis.map((k) => {
        const frac = fraction(k);
        return (
          <Paper
            component="li"
            key={k.id}
            variant="outlined"
            data-testid="kpi-card"
            data-kpi={k.id}
            aria-label={k.label}
            sx={{ p: 1.5, display: 'flex', flexDirection: 'column', gap: 0.5 }}
          >
            <Typography sx={{ fontSize: 13, color: 'text.secondary', minHeight: 36, lineHeight: 1.4 }}>
              {k.label}
            </Typography>
            <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
              <Typography sx={{ fontSize: 26, fontWeight: 700, lineHeight: 1.2 }} data-testid="kpi-value">
                {kpiFigure(k.value, k.unit)}
              </Typography>
              {frac ? (
                <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="kpi-fraction">
                  {frac}
                </Typography>
              ) : null}
            </Box>
            <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1 }}>
              <Typography sx={{ fontSize: 13 }} data-testid="kpi-target">
                {kpiTarget(k)}
              </Typography>
              <MetChip met={k.met} />
            </Box>
          </Paper>
        );
      })}
    </Box>
  );
}
