import Chip from '@mui/material/Chip';
import type { MeasureStatus } from '../../../../shared/plan';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { kpiFigure } from '../../ui/kpi-cards';
import { formatNumber } from '../../format';

/** 達成 / 未達 / 対象外 (or — when there is nothing to judge), in words as well as colour. */
export function MeasureMetChip({ m }: { m: Pick<MeasureStatus, 'applies' | 'met'> }) {
  if (!m.applies) return <Chip size="small" variant="outlined" label="対象外" data-testid="measure-met" />;
  if (m.met === null) return <Chip size="small" variant="outlined" label="—" data-testid="measure-met" />;
  return (
    <Chip
      size="small"
      color={m.met ? 'success' : 'warning'}
      label={m.met ? '達成' : '未達'}
      data-testid="measure-met"
      sx={{ fontWeight: 700 }}
    />
  );
}

/** 達成 / 未達 / — as words, for tables. */
export function metText(met: boolean | null): string {
  return met === null ? '—' : met ? '達成' : '未達';
}

/**
 * Where a measure stands in one line: 「8 / 8課 実施」, 「担当 40 / 42」, 「18回（年24回以上）」 for records,
 * the KPI's figure for KPI-tracked measures (docs/measures.md).
 */
export function measureFigure(m: MeasureStatus): string {
  if (m.kpiId !== null) {
    if (m.kpi === null) return '—';
    const frac =
      m.kpi.numerator !== undefined && m.kpi.denominator !== undefined
        ? `（${formatNumber(m.kpi.numerator)} / ${formatNumber(m.kpi.denominator)}）`
        : '';
    return `${kpiFigure(m.kpi.value, m.kpi.unit)}${frac}`;
  }
  if (m.unit === 'section') return `${formatNumber(m.doneUnits)} / ${formatNumber(m.totalUnits)}課 実施`;
  if (m.unit === 'line') return `担当 ${formatNumber(m.doneUnits)} / ${formatNumber(m.totalUnits)}`;
  return `${formatNumber(m.records)}回（年${formatNumber(m.required)}回以上）`;
}

/** 令和7年度（2025年度）の目標 year of a measure, or — when it names none. */
export function targetYear(fy: number | null): string {
  return fy === null ? '—' : `${fiscalYearShort(fy, 'era')}（${fiscalYearShort(fy, 'western')}）`;
}

/** A records-tracked measure (it takes 実施記録), as opposed to one measured by a KPI. */
export function takesRecords(m: Pick<MeasureStatus, 'kpiId'>): boolean {
  return m.kpiId === null;
}
