import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../shared/kpi';
import {
  areaKpis,
  awardKpis,
  meaningfulBySection,
  meaningfulWorkKpi,
  measuresMetKpi,
  postingsKpi,
  selfReportSubmittedKpi,
} from '../../shared/plan-kpi';
import type { AreaFacts, AwardFact, SelfReportFact } from '../../shared/plan-kpi';

/* The plan's figures other than training (docs/plan.md) on plain facts: tables of edge cases. */

let nextId = 1;
const person = (
  section: string | null,
  status: SelfReportFact['status'],
  meaningful: number | null,
  active = true,
): SelfReportFact => ({ staffId: nextId++, active, section, status, meaningful });

const figures = (k: Kpi) => ({ value: k.value, met: k.met, numerator: k.numerator, denominator: k.denominator });

describe('meaningful_work', () => {
  const cases: { name: string; facts: SelfReportFact[]; want: ReturnType<typeof figures> }[] = [
    { name: 'an empty year', facts: [], want: { value: null, met: null, numerator: 0, denominator: 0 } },
    {
      name: 'no answers: staff with no report or only drafts',
      facts: [person('A', '未提出', null), person('A', '未提出', 5)],
      want: { value: null, met: null, numerator: 0, denominator: 0 },
    },
    {
      name: 'a submitted report that left the question blank is not an answer',
      facts: [person('A', '提出済', null), person('A', '提出済', 4)],
      want: { value: 100, met: true, numerator: 1, denominator: 1 },
    },
    {
      name: '4 and 5 count, 3 does not; 面談済 counts as submitted',
      facts: [person('A', '提出済', 5), person('A', '面談済', 4), person('B', '面談済', 3)],
      want: { value: 66.7, met: false, numerator: 2, denominator: 3 },
    },
    {
      name: 'retired staff who submitted still answered that year',
      facts: [person('A', '提出済', 5, false), person('A', '提出済', 1)],
      want: { value: 50, met: false, numerator: 1, denominator: 2 },
    },
    {
      name: 'met on the exact fraction: 9 of 10 is 90%',
      facts: [...Array.from({ length: 9 }, () => person('A', '提出済', 4)), person('A', '提出済', 2)],
      want: { value: 90, met: true, numerator: 9, denominator: 10 },
    },
    {
      name: 'met on the exact fraction: 899 of 1000 shows 89.9 and is not met',
      facts: [
        ...Array.from({ length: 899 }, () => person('A', '提出済', 4)),
        ...Array.from({ length: 101 }, () => person('A', '提出済', 3)),
      ],
      want: { value: 89.9, met: false, numerator: 899, denominator: 1000 },
    },
  ];
  it.each(cases)('$name', ({ facts, want }) => {
    const k = meaningfulWorkKpi(facts);
    expect(k).toMatchObject({ id: 'meaningful_work', unit: '%', target: 90 });
    expect(figures(k)).toEqual(want);
  });
});

describe('selfreport_submitted', () => {
  const cases: { name: string; facts: SelfReportFact[]; want: ReturnType<typeof figures> }[] = [
    {
      name: 'an empty year with nobody on the staff',
      facts: [],
      want: { value: null, met: null, numerator: 0, denominator: 0 },
    },
    {
      name: 'an empty year: active staff, no reports',
      facts: [person('A', '未提出', null), person('B', '未提出', null)],
      want: { value: 0, met: false, numerator: 0, denominator: 2 },
    },
    {
      name: 'submitted and interviewed count; a draft does not',
      facts: [person('A', '提出済', 4), person('A', '面談済', null), person('A', '未提出', 5)],
      want: { value: 66.7, met: false, numerator: 2, denominator: 3 },
    },
    {
      name: 'retired with only a draft: out of both; retired after submitting: in both',
      facts: [person('A', '提出済', 4), person('A', '未提出', 3, false), person('B', '面談済', 4, false)],
      want: { value: 100, met: true, numerator: 2, denominator: 2 },
    },
  ];
  it.each(cases)('$name', ({ facts, want }) => {
    expect(figures(selfReportSubmittedKpi(facts))).toEqual(want);
  });
});

describe('meaningfulBySection', () => {
  const big = (section: string, top: number, rest: number) => [
    ...Array.from({ length: top }, () => person(section, '提出済', 5)),
    ...Array.from({ length: rest }, () => person(section, '提出済', 2)),
  ];

  it('groups by the current 課: someone who moved in the year counts once, where they are now', () => {
    // A person's fact carries one section (their current one): they are never counted twice.
    const mover = person('B', '提出済', 5);
    const rows = meaningfulBySection([...big('A', 3, 0), mover, ...big('B', 2, 1)], true, '（所属なし）');
    expect(rows.map((r) => [r.label, r.numerator, r.denominator])).toEqual([
      ['A', 3, 3],
      ['B', 3, 4],
    ]);
  });

  it('keeps organisation order, puts people without a 課 under the given label, and shows 0 ÷ 0 as null', () => {
    const rows = meaningfulBySection(
      [person('A', '未提出', null), ...big('B', 3, 0), person(null, '提出済', 4)],
      true,
      '（所属なし）',
    );
    expect(rows).toEqual([
      { label: 'A', numerator: 0, denominator: 0, value: null, met: null },
      { label: 'B', numerator: 3, denominator: 3, value: 100, met: true },
      { label: '（所属なし）', numerator: 1, denominator: 1, value: 100, met: true },
    ]);
  });

  const cases: { name: string; facts: () => SelfReportFact[]; withheld: string[] }[] = [
    { name: 'no small 課: nothing withheld', facts: () => [...big('A', 3, 1), ...big('B', 2, 1)], withheld: [] },
    {
      name: 'two small 課 holding 3 answers between them: only they are withheld',
      facts: () => [...big('A', 5, 0), ...big('B', 1, 1), ...big('C', 1, 0)],
      withheld: ['B', 'C'],
    },
    {
      name: 'one small 課 of 2: the smallest shown 課 is withheld too (the office figure would give it away)',
      facts: () => [...big('A', 5, 1), ...big('B', 2, 1), ...big('C', 1, 1)],
      withheld: ['B', 'C'],
    },
    {
      name: 'a 課 with no answers is neither small nor a cover',
      facts: () => [person('Z', '未提出', null), ...big('A', 4, 0), ...big('C', 1, 0)],
      withheld: ['A', 'C'],
    },
  ];
  it.each(cases)('$name', ({ facts, withheld }) => {
    const f = facts();
    const rows = meaningfulBySection(f, false, '（所属なし）');
    expect(rows.filter((r) => r.withheld).map((r) => r.label)).toEqual(withheld);
    for (const r of rows.filter((x) => x.withheld))
      expect(r).toEqual({ label: r.label, numerator: 0, denominator: 0, value: null, met: null, withheld: true });
    // HR sees every group.
    expect(meaningfulBySection(f, true, '（所属なし）').some((r) => r.withheld)).toBe(false);
  });
});

describe('area KPIs', () => {
  const none: AreaFacts = {
    candidateIds: [],
    assignedIds: [],
    sheets: [],
    teamAreaIds: [],
    patrolAreaIds: [],
    studyAreaIds: [],
  };
  type AreaId = 'area_assignment' | 'area_goal' | 'area_patrol' | 'area_study';
  const of = (f: Partial<AreaFacts>) =>
    Object.fromEntries(areaKpis({ ...none, ...f }).map((k) => [k.id, figures(k)])) as Record<
      AreaId,
      ReturnType<typeof figures>
    >;

  it('an empty year: nothing to measure but the staff to assign', () => {
    expect(of({ candidateIds: [1, 2] })).toEqual({
      area_assignment: { value: 0, met: false, numerator: 0, denominator: 2 },
      area_goal: { value: null, met: null, numerator: 0, denominator: 0 },
      area_patrol: { value: null, met: null, numerator: 0, denominator: 0 },
      area_study: { value: null, met: null, numerator: 0, denominator: 0 },
    });
  });

  it('area_assignment: retired or exempt (区長・副区長) team members are not counted on either side', () => {
    // 9 is retired or exempt: not a candidate, though still on a team.
    expect(of({ candidateIds: [1, 2, 3, 4], assignedIds: [1, 2, 3, 9] }).area_assignment).toEqual({
      value: 75,
      met: false,
      numerator: 3,
      denominator: 4,
    });
    expect(of({ candidateIds: [1, 2], assignedIds: [2, 1] }).area_assignment.met).toBe(true);
  });

  it('area_goal: sheets with a 地域担当目標 ÷ sheets', () => {
    const sheets = [
      { staffId: 1, hasAreaGoal: true },
      { staffId: 2, hasAreaGoal: false },
      { staffId: 3, hasAreaGoal: true },
    ];
    expect(of({ sheets }).area_goal).toEqual({ value: 66.7, met: false, numerator: 2, denominator: 3 });
  });

  it('area_patrol / area_study: areas with an entry ÷ areas with a team; an entry of an area without a team does not count', () => {
    const r = of({ teamAreaIds: [1, 2, 3, 4], patrolAreaIds: [1, 2, 3, 4, 5], studyAreaIds: [2, 7] });
    expect(r.area_patrol).toEqual({ value: 100, met: true, numerator: 4, denominator: 4 });
    expect(r.area_study).toEqual({ value: 25, met: false, numerator: 1, denominator: 4 });
  });
});

describe('awards, postings', () => {
  const award = (category: AwardFact['category'], status: AwardFact['status']): AwardFact => ({ category, status });
  const cases: { name: string; awards: AwardFact[]; internal: number; external: number }[] = [
    { name: 'an empty year', awards: [], internal: 0, external: 0 },
    {
      name: 'internal counts decided awards of the four categories only',
      awards: [
        award('地域担当制の活用', '決定'),
        award('能力開発・向上', '推薦中'),
        award('風通しのよい職場づくり', '取消'),
        award('主体性を高める仕組みづくり', '決定'),
      ],
      internal: 2,
      external: 0,
    },
    {
      name: 'external counts nominations and decisions of the 人材開発センター, not revoked ones',
      awards: [
        award('人材開発センター表彰', '推薦中'),
        award('人材開発センター表彰', '決定'),
        award('人材開発センター表彰', '取消'),
      ],
      internal: 0,
      external: 2,
    },
  ];
  it.each(cases)('$name', ({ awards, internal, external }) => {
    const [i, e] = awardKpis(awards);
    expect(i).toEqual({
      id: 'awards_internal',
      label: '職場内表彰の件数',
      value: internal,
      target: 1,
      unit: '件',
      met: internal >= 1,
    });
    expect(e).toMatchObject({ id: 'awards_external', value: external, target: 1, met: external >= 1 });
  });

  it('postings_held is a count against 1', () => {
    expect(postingsKpi(0)).toMatchObject({ id: 'postings_held', value: 0, target: 1, met: false, unit: '件' });
    expect(postingsKpi(3)).toMatchObject({ value: 3, met: true });
  });
});

describe('measures_met', () => {
  const cases: {
    name: string;
    statuses: { applies: boolean; met: boolean | null }[];
    want: ReturnType<typeof figures>;
  }[] = [
    {
      name: 'an empty year: no measures',
      statuses: [],
      want: { value: null, met: null, numerator: 0, denominator: 0 },
    },
    {
      name: 'measures that do not apply or cannot be judged are left out',
      statuses: [
        { applies: true, met: true },
        { applies: true, met: false },
        { applies: true, met: null },
        { applies: false, met: null },
        { applies: false, met: true },
      ],
      want: { value: 50, met: false, numerator: 1, denominator: 2 },
    },
    {
      name: 'every judged measure met',
      statuses: [
        { applies: true, met: true },
        { applies: true, met: null },
      ],
      want: { value: 100, met: true, numerator: 1, denominator: 1 },
    },
  ];
  it.each(cases)('$name', ({ statuses, want }) => {
    const k = measuresMetKpi(statuses);
    expect(k).toMatchObject({ id: 'measures_met', unit: '%', target: 100 });
    expect(figures(k)).toEqual(want);
  });
});
