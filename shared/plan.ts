import type { Kpi } from './kpi';

/*
 * The plan's measures (取組み) and the records of what was done (実施記録): docs/measures.md. The
 * measures are data (table plan_measures, seeded from the 西区職員育成基本プラン); this module holds
 * their vocabulary and the one pure rule of where a measure stands in a fiscal year.
 */

/** Who must hold a measure: every 課, every 担当, or the office as a whole. */
export const MEASURE_UNITS = ['section', 'line', 'office'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];
export const MEASURE_UNIT_LABELS: Readonly<Record<MeasureUnit, string>> = {
  section: '全課',
  line: '全担当',
  office: '区役所全体',
};

/** A measure of the plan, as stored. */
export type PlanMeasure = {
  id: number;
  /** The plan it belongs to, e.g. 西区職員育成基本プラン（平成25年6月）. */
  plan: string;
  headingNo: number;
  heading: string;
  /** Stable key, as the 取組み実施記録 sheet names it: '3-(2)'. */
  code: string;
  title: string;
  description: string;
  /** The plan's wording of the target: 「25年度中に全課実施」. */
  targetText: string;
  targetFy: number | null;
  unit: MeasureUnit;
  /** Records needed per unit (課, 担当 or the office) in a fiscal year to count it as done. */
  required: number;
  /** A measure the office measures elsewhere names that KPI (shared/kpi.ts) and takes no records. */
  kpiId: string | null;
  /** The fiscal years it applies to (null: open-ended). */
  fromFy: number | null;
  toFy: number | null;
  active: boolean;
  sort: number;
};

/** One record of what was done, as the status rule needs it. */
export type MeasureRecordFact = {
  measureId: number;
  sectionId: number | null;
  lineId: number | null;
  participants: number;
};

/** The units a measure may be held by: the sections and 担当 that have active staff. */
export type MeasureOrg = {
  sections: { id: number; name: string }[];
  lines: { id: number; sectionId: number; section: string; name: string }[];
};

/** Where one unit (a 課, a 担当, or the office) stands. */
export type MeasureUnitStatus = {
  section: string | null;
  line: string | null;
  count: number;
  done: boolean;
};

/** Where a measure stands in a fiscal year (docs/measures.md). */
export type MeasureStatus = PlanMeasure & {
  /** Active, and the fiscal year is within fromFy..toFy. A measure that does not apply has met null. */
  applies: boolean;
  /** Records of the year, and their participants (records-tracked measures only; 0 otherwise). */
  records: number;
  participants: number;
  /** Per unit, for records-tracked measures; empty for KPI-tracked ones. */
  units: MeasureUnitStatus[];
  doneUnits: number;
  totalUnits: number;
  /** The KPI figure, for KPI-tracked measures (null if the office has no such KPI). */
  kpi: Kpi | null;
  /**
   * Records: every unit done. KPI: the KPI's met, or — for a KPI with no target (a figure to
   * watch) — a figure above zero. null: does not apply, or nothing to judge.
   */
  met: boolean | null;
};

/** Whether a measure applies in a fiscal year. */
export function measureApplies(m: Pick<PlanMeasure, 'active' | 'fromFy' | 'toFy'>, fy: number): boolean {
  return m.active && (m.fromFy === null || fy >= m.fromFy) && (m.toFy === null || fy <= m.toFy);
}

function unitsOf(m: PlanMeasure, org: MeasureOrg, records: MeasureRecordFact[]): MeasureUnitStatus[] {
  const done = (count: number) => count >= m.required;
  if (m.unit === 'office') {
    // Every record counts for the office, whoever held it.
    return [{ section: null, line: null, count: records.length, done: done(records.length) }];
  }
  if (m.unit === 'section') {
    const counts = new Map<number, number>();
    for (const r of records) if (r.sectionId !== null) counts.set(r.sectionId, (counts.get(r.sectionId) ?? 0) + 1);
    return org.sections.map((s) => {
      const count = counts.get(s.id) ?? 0;
      return { section: s.name, line: null, count, done: done(count) };
    });
  }
  const counts = new Map<number, number>();
  for (const r of records) if (r.lineId !== null) counts.set(r.lineId, (counts.get(r.lineId) ?? 0) + 1);
  return org.lines.map((l) => {
    const count = counts.get(l.id) ?? 0;
    return { section: l.section, line: l.name, count, done: done(count) };
  });
}

/**
 * Where each measure stands in a fiscal year: records-tracked measures by their units (a section
 * measure counts the records of each 課, whatever 担当 held them; a line measure each 担当's; an
 * office measure every record), KPI-tracked ones by their KPI. docs/measures.md.
 */
export function measureStatuses(
  fy: number,
  measures: readonly PlanMeasure[],
  records: readonly MeasureRecordFact[],
  org: MeasureOrg,
  kpis: readonly Kpi[],
): MeasureStatus[] {
  const kpiById = new Map(kpis.map((k) => [k.id, k]));
  const byMeasure = new Map<number, MeasureRecordFact[]>();
  for (const r of records) {
    const list = byMeasure.get(r.measureId);
    if (list) list.push(r);
    else byMeasure.set(r.measureId, [r]);
  }
  return measures.map((m) => {
    const applies = measureApplies(m, fy);
    if (m.kpiId !== null) {
      const kpi = kpiById.get(m.kpiId) ?? null;
      const met = !applies || kpi === null || kpi.value === null ? null : kpi.target === null ? kpi.value > 0 : kpi.met;
      return { ...m, applies, records: 0, participants: 0, units: [], doneUnits: 0, totalUnits: 0, kpi, met };
    }
    const own = byMeasure.get(m.id) ?? [];
    const units = unitsOf(m, org, own);
    const doneUnits = units.filter((u) => u.done).length;
    const met = !applies || units.length === 0 ? null : doneUnits === units.length;
    return {
      ...m,
      applies,
      records: own.length,
      participants: own.reduce((n, r) => n + r.participants, 0),
      units,
      doneUnits,
      totalUnits: units.length,
      kpi: null,
      met,
    };
  });
}
