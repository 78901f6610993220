import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../shared/kpi';
import { measureApplies, measureStatuses } from '../../shared/plan';
import type { MeasureOrg, MeasureRecordFact, PlanMeasure } from '../../shared/plan';

/* Where a measure stands in a year (shared/plan.ts, docs/measures.md). */

const org: MeasureOrg = {
  sections: [
    { id: 1, name: '総務課' },
    { id: 2, name: '市民協働課' },
    { id: 3, name: '保健福祉課' },
  ],
  lines: [
    { id: 11, sectionId: 1, section: '総務課', name: '総務担当' },
    { id: 12, sectionId: 1, section: '総務課', name: '人事担当' },
    { id: 21, sectionId: 2, section: '市民協働課', name: '協働担当' },
  ],
};

function measure(over: Partial<PlanMeasure>): PlanMeasure {
  return {
    id: 1,
    plan: 'プラン',
    headingNo: 3,
    heading: '見出し',
    code: '3-(2)',
    title: '意見交換会の開催',
    description: '',
    targetText: '全課実施',
    targetFy: null,
    unit: 'section',
    required: 1,
    kpiId: null,
    fromFy: null,
    toFy: null,
    active: true,
    sort: 0,
    ...over,
  };
}

const rec = (
  measureId: number,
  sectionId: number | null,
  lineId: number | null,
  participants = 5,
): MeasureRecordFact => ({
  measureId,
  sectionId,
  lineId,
  participants,
});

const kpi = (id: string, value: number | null, target: number | null, met: boolean | null): Kpi => ({
  id,
  label: id,
  value,
  target,
  unit: '%',
  met,
});

describe('measureStatuses', () => {
  it('a section measure is met when every 課 has held it, whichever 担当 held it', () => {
    const records = [rec(1, 1, 11), rec(1, 2, null), rec(1, 2, 21)];
    const [s] = measureStatuses(2026, [measure({})], records, org, []);
    expect(s?.units.map((u) => [u.section, u.count, u.done])).toEqual([
      ['総務課', 1, true],
      ['市民協働課', 2, true],
      ['保健福祉課', 0, false],
    ]);
    expect([s?.doneUnits, s?.totalUnits, s?.met, s?.records, s?.participants]).toEqual([2, 3, false, 3, 15]);
    const [all] = measureStatuses(2026, [measure({})], [...records, rec(1, 3, null)], org, []);
    expect(all?.met).toBe(true);
  });

  it('a line measure counts each 担当; a record of the 課 alone counts for no 担当', () => {
    const m = measure({ unit: 'line' });
    const [s] = measureStatuses(2026, [m], [rec(1, 1, 11), rec(1, 1, null)], org, []);
    expect(s?.units.map((u) => [u.line, u.done])).toEqual([
      ['総務担当', true],
      ['人事担当', false],
      ['協働担当', false],
    ]);
    expect(s?.met).toBe(false);
  });

  it('an office measure counts every record against its yearly number', () => {
    const m = measure({ unit: 'office', required: 3 });
    const two = measureStatuses(2026, [m], [rec(1, null, null), rec(1, 2, 21)], org, [])[0];
    expect([two?.units[0]?.count, two?.met]).toEqual([2, false]);
    const three = measureStatuses(2026, [m], [rec(1, null, null), rec(1, 2, 21), rec(1, 1, null)], org, [])[0];
    expect(three?.met).toBe(true);
  });

  it("other measures' records do not count", () => {
    const [s] = measureStatuses(2026, [measure({})], [rec(2, 1, null), rec(2, 2, null), rec(2, 3, null)], org, []);
    expect([s?.records, s?.doneUnits, s?.met]).toEqual([0, 0, false]);
  });

  it('a KPI-tracked measure takes its KPI: met, a figure to watch above zero, or nothing to judge', () => {
    const ms = [
      measure({ id: 1, kpiId: 'a' }),
      measure({ id: 2, kpiId: 'b' }),
      measure({ id: 3, kpiId: 'c' }),
      measure({ id: 4, kpiId: 'd' }),
      measure({ id: 5, kpiId: 'missing' }),
    ];
    const kpis = [
      kpi('a', 80, 100, false),
      kpi('b', 3, null, null),
      kpi('c', 0, null, null),
      kpi('d', null, 100, null),
    ];
    const s = measureStatuses(2026, ms, [rec(1, 1, null)], org, kpis);
    expect(s.map((x) => x.met)).toEqual([false, true, false, null, null]);
    expect(s[0]?.kpi?.value).toBe(80);
    expect([s[0]?.records, s[0]?.units]).toEqual([0, []]);
    expect(s[4]?.kpi).toBeNull();
  });

  it('a measure outside its years, or not in use, does not apply and is not judged', () => {
    const ms = [measure({ id: 1, fromFy: 2027 }), measure({ id: 2, toFy: 2025 }), measure({ id: 3, active: false })];
    const s = measureStatuses(2026, ms, [rec(1, 1, null), rec(2, 1, null), rec(3, 1, null)], org, []);
    expect(s.map((x) => [x.applies, x.met])).toEqual([
      [false, null],
      [false, null],
      [false, null],
    ]);
    expect(measureApplies({ active: true, fromFy: 2026, toFy: 2026 }, 2026)).toBe(true);
  });

  it('an office with no 課 has nothing to judge for a section measure', () => {
    const [s] = measureStatuses(2026, [measure({})], [], { sections: [], lines: [] }, []);
    expect([s?.totalUnits, s?.met]).toEqual([0, null]);
  });
});
