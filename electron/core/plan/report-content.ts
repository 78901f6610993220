import { withheldLabel } from '../../../shared/access';
import { HEADLINE_KPI_ID } from '../../../shared/plan-kpi';
import type { PlanDashboard, ShareRow } from '../../../shared/api/plan';
import { fiscalYearShort } from '../../../shared/fiscal-year';
import type { Kpi, KpiUnit } from '../../../shared/kpi';
import { MEASURE_UNIT_LABELS } from '../../../shared/plan';
import type { MeasureStatus } from '../../../shared/plan';
import { formatCount, formatNumber } from '../../../shared/numbers';

/*
 * What the KPI report says (docs/kpi-report.md), as rows of primitive values: the workbook
 * (report-xlsx.ts) and the PDF (pdf/report-pdf.ts) lay out the same rows, so the two never differ.
 * Everything comes from the dashboard's figures (plan:dashboard), already withheld for the viewer.
 */

export type ReportCell = string | number | null;

export function verdictLabel(met: boolean | null, applies = true): string {
  if (!applies) return '対象外';
  return met === null ? '—' : met ? '達成' : '未達';
}

/** 33.3%, 5人, 2件; — when there is nothing to measure. */
export function figureLabel(value: number | null, unit: KpiUnit): string {
  if (value === null) return '—';
  return unit === '%' ? `${value.toFixed(1)}%` : `${formatNumber(value)}${unit}`;
}

/** 90%以上, 8件以上; — where the plan names no target (a figure to watch). */
export function targetLabel(target: number | null, unit: KpiUnit): string {
  return target === null ? '—' : `${formatNumber(target)}${unit}以上`;
}

/** A KPI's figure with what it counted: 33.3%（1/3）. */
export function kpiFigure(k: Kpi | undefined): string {
  if (!k) return '—';
  const shown = figureLabel(k.value, k.unit);
  return k.value !== null && k.numerator !== undefined && k.denominator !== undefined
    ? `${shown}（${formatNumber(k.numerator)}/${formatNumber(k.denominator)}）`
    : shown;
}

/** One KPI over the report's years (oldest first), judged on the report's own year. */
export type KpiLine = {
  id: string;
  label: string;
  unit: KpiUnit;
  target: number | null;
  /** One per year of the report (undefined where that year has no such KPI). */
  years: (Kpi | undefined)[];
  met: boolean | null;
};

/** The years of the report, oldest first. */
export function reportYears(d: PlanDashboard): number[] {
  return d.years.map((y) => y.fy);
}

export function yearHeader(fy: number): string {
  return fiscalYearShort(fy, 'era');
}

/** Every KPI of the report's years, in the order of the latest year (then any only older years have). */
export function kpiLines(d: PlanDashboard): KpiLine[] {
  const order: string[] = [];
  const latestFirst = [...d.years].reverse();
  for (const y of latestFirst) for (const k of y.kpis) if (!order.includes(k.id)) order.push(k.id);
  const own = d.years.find((y) => y.fy === d.fy);
  return order.map((id) => {
    const years = d.years.map((y) => y.kpis.find((k) => k.id === id));
    const latest = latestFirst.map((y) => y.kpis.find((k) => k.id === id)).find((k) => k !== undefined)!;
    const mine = own?.kpis.find((k) => k.id === id);
    return { id, label: latest.label, unit: latest.unit, target: latest.target, years, met: mine?.met ?? null };
  });
}

/** The headline KPI's target (for the per-section shares), or null when the office has no such KPI. */
export function headlineTarget(d: PlanDashboard): number | null {
  return kpiLines(d).find((l) => l.id === HEADLINE_KPI_ID)?.target ?? null;
}

/** A per-section share as a row: 課, answers, 4–5 answers, share, verdict (withheld: the label instead). */
export function shareCells(r: ShareRow): [string, ReportCell, ReportCell, ReportCell, string] {
  if (r.withheld) return [r.label, withheldLabel, withheldLabel, withheldLabel, '—'];
  return [r.label, r.denominator, r.numerator, r.value, verdictLabel(r.met)];
}

/** Where a measure stands, in words: 8/8課, 3件（参加 45人）, or its KPI's figure. */
export function measureFigure(m: MeasureStatus): string {
  if (!m.applies) return '—';
  if (m.kpiId !== null) return m.kpi ? kpiFigure(m.kpi) : '—';
  const counted = m.unit === 'section' ? '課' : m.unit === 'line' ? '担当' : '';
  const units =
    m.unit === 'office'
      ? formatCount(m.records, '件')
      : `${formatNumber(m.doneUnits)}/${formatNumber(m.totalUnits)}${counted}`;
  return m.participants > 0 ? `${units}（参加 ${formatCount(m.participants)}）` : units;
}

export function measureTarget(m: MeasureStatus): string {
  const wording = m.targetText.trim() !== '' ? m.targetText : `${MEASURE_UNIT_LABELS[m.unit]}で実施`;
  return m.required > 1 ? `${wording}（年${m.required}回）` : wording;
}

/** The measures by heading, in the plan's order. */
export function measureGroups(d: PlanDashboard): { heading: string; measures: MeasureStatus[] }[] {
  const groups: { no: number; heading: string; measures: MeasureStatus[] }[] = [];
  const sorted = [...d.measures].sort((a, b) => a.headingNo - b.headingNo || a.sort - b.sort || a.id - b.id);
  for (const m of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.no === m.headingNo) last.measures.push(m);
    else groups.push({ no: m.headingNo, heading: `${m.headingNo} ${m.heading}`, measures: [m] });
  }
  return groups;
}

/** A measure as a row: 番号, 取組み, 目標, 実施単位, 実績, 判定. */
export function measureCells(m: MeasureStatus): string[] {
  return [
    m.code,
    m.title,
    measureTarget(m),
    MEASURE_UNIT_LABELS[m.unit],
    measureFigure(m),
    verdictLabel(m.met, m.applies),
  ];
}

export const measureColumns = ['番号', '取組み', '目標', '実施単位', '実績', '判定'] as const;

/** How many of the measures that apply this year are met, unmet, or not yet judged. */
export function measureTally(d: PlanDashboard): { met: number; unmet: number; open: number; notApplying: number } {
  const t = { met: 0, unmet: 0, open: 0, notApplying: 0 };
  for (const m of d.measures) {
    if (!m.applies) t.notApplying += 1;
    else if (m.met === null) t.open += 1;
    else if (m.met) t.met += 1;
    else t.unmet += 1;
  }
  return t;
}

/** The small tables of the last part: awards, area teams, 区分, progress (each with its columns). */
export type ReportTable = { heading: string; columns: string[]; rows: ReportCell[][] };

export function otherTables(d: PlanDashboard): ReportTable[] {
  const tables: ReportTable[] = [
    {
      heading: '表彰（プランの区分別）',
      columns: ['区分', '決定', '推薦', '人事考課に反映'],
      rows: d.awardsByCategory.map((a) => [a.category, a.decided, a.nominated, a.carried]),
    },
    {
      heading: '地域担当（地域カルテ）',
      columns: ['地域', '担当職員', 'パトロール', '勉強会'],
      rows: d.areaTeams.map((a) => [a.area, a.members, a.patrols, a.studySessions]),
    },
    {
      heading: '相対評価の区分の分布',
      columns: ['母集団', '第1区分', '第2区分', '第3区分', '第4区分', '第5区分', '計', '確定'],
      rows: d.classDistribution.map((c) => [
        c.population,
        ...[0, 1, 2, 3, 4].map((i) => c.counts[i] ?? 0),
        c.total,
        c.confirmed ? '確定' : '未確定',
      ]),
    },
  ];
  const progress: [string, PlanDashboard['selfReportProgress']][] = [
    ['自己申告の進捗', d.selfReportProgress],
    ['目標管理（MBO）の進捗', d.mboProgress],
    ['人事考課の進捗', d.appraisalProgress],
  ];
  for (const [heading, counts] of progress) {
    tables.push({ heading, columns: ['段階', '件数'], rows: counts.map((c) => [c.status, c.count]) });
  }
  return tables;
}
