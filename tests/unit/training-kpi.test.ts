import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../shared/kpi';
import { percent, trainingKpis } from '../../shared/training-kpi';
import type { TrainingFacts, TrainingKpiAttendance, TrainingKpiCourse } from '../../shared/training-kpi';

/* The plan's training measures (docs/plan.md) on plain facts. */

const empty: TrainingFacts = {
  activeStaffIds: [],
  areaMemberIds: [],
  courses: [],
  attendance: [],
  facilitationEverIds: [],
};

const course = (id: number, category: TrainingKpiCourse['category'], usefulForWard = false): TrainingKpiCourse => ({
  id,
  category,
  usefulForWard,
});
const att = (courseId: number, staffId: number, completed = true): TrainingKpiAttendance => ({
  courseId,
  staffId,
  completed,
});

function kpi(facts: Partial<TrainingFacts>, id: string): Kpi {
  const found = trainingKpis({ ...empty, ...facts }).find((k) => k.id === id);
  if (!found) throw new Error(`no KPI ${id}`);
  return found;
}

/** The figure, and for shares numerator / denominator, with met: the part a table row checks. */
const shape = (k: Kpi) => ({ value: k.value, met: k.met, numerator: k.numerator, denominator: k.denominator });

describe('trainingKpis', () => {
  it('lists every training KPI with its label, target and unit, in order', () => {
    expect(trainingKpis(empty).map((k) => [k.id, k.label, k.target, k.unit])).toEqual([
      ['training_hospitality', '接遇研修の受講率', 100, '%'],
      ['training_external', '区外研修の受講者数', 5, '人'],
      ['training_external_courses', '区政に活かせる区外研修への参加', 100, '%'],
      ['training_facilitation', 'ファシリテーション研修の受講者数', null, '人'],
      ['training_facilitation_area', '地域担当職員のファシリテーション研修受講率（累計）', 100, '%'],
      ['training_study_sessions', '担当内勉強会の開催数', null, '件'],
    ]);
  });

  it('an empty year: shares are null (0 ÷ 0) with met null, counts are 0', () => {
    const byId = Object.fromEntries(trainingKpis(empty).map((k) => [k.id, shape(k)]));
    expect(byId).toEqual({
      training_hospitality: { value: null, met: null, numerator: 0, denominator: 0 },
      training_external: { value: 0, met: false, numerator: undefined, denominator: undefined },
      training_external_courses: { value: null, met: null, numerator: 0, denominator: 0 },
      training_facilitation: { value: 0, met: null, numerator: undefined, denominator: undefined },
      training_facilitation_area: { value: null, met: null, numerator: 0, denominator: 0 },
      training_study_sessions: { value: 0, met: null, numerator: undefined, denominator: undefined },
    });
  });

  const hospitality: [string, Partial<TrainingFacts>, ReturnType<typeof shape>][] = [
    [
      'retired staff are out of the numerator and the denominator',
      // 1 and 2 active; 3 retired but attended.
      { activeStaffIds: [1, 2], courses: [course(10, '接遇研修')], attendance: [att(10, 1), att(10, 3)] },
      { value: 50, met: false, numerator: 1, denominator: 2 },
    ],
    [
      'a person attending twice counts once',
      {
        activeStaffIds: [1, 2],
        courses: [course(10, '接遇研修'), course(11, '接遇研修')],
        attendance: [att(10, 1), att(11, 1), att(10, 2)],
      },
      { value: 100, met: true, numerator: 2, denominator: 2 },
    ],
    [
      'an incomplete attendance is ignored',
      { activeStaffIds: [1, 2], courses: [course(10, '接遇研修')], attendance: [att(10, 1), att(10, 2, false)] },
      { value: 50, met: false, numerator: 1, denominator: 2 },
    ],
    [
      'another category does not count',
      { activeStaffIds: [1], courses: [course(10, '民間研修')], attendance: [att(10, 1)] },
      { value: 0, met: false, numerator: 0, denominator: 1 },
    ],
    [
      'attendance of a course not in the year is ignored',
      { activeStaffIds: [1], courses: [course(10, '接遇研修')], attendance: [att(99, 1)] },
      { value: 0, met: false, numerator: 0, denominator: 1 },
    ],
    [
      'rounds to one decimal: 1/3 → 33.3',
      { activeStaffIds: [1, 2, 3], courses: [course(10, '接遇研修')], attendance: [att(10, 1)] },
      { value: 33.3, met: false, numerator: 1, denominator: 3 },
    ],
    [
      'rounds to one decimal: 2/3 → 66.7',
      { activeStaffIds: [1, 2, 3], courses: [course(10, '接遇研修')], attendance: [att(10, 1), att(10, 2)] },
      { value: 66.7, met: false, numerator: 2, denominator: 3 },
    ],
    [
      'nobody active and nobody attended: null',
      { activeStaffIds: [], courses: [course(10, '接遇研修')], attendance: [att(10, 3)] },
      { value: null, met: null, numerator: 0, denominator: 0 },
    ],
  ];
  it.each(hospitality)('training_hospitality: %s', (_name, facts, expected) => {
    expect(shape(kpi(facts, 'training_hospitality'))).toEqual(expected);
  });

  it('training_hospitality: 1999 of 2000 shows 100.0 but is not met', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const k = kpi(
      { activeStaffIds: ids, courses: [course(10, '接遇研修')], attendance: ids.slice(1).map((id) => att(10, id)) },
      'training_hospitality',
    );
    expect(shape(k)).toEqual({ value: 100, met: false, numerator: 1999, denominator: 2000 });
  });

  const external = (n: number, extra: TrainingKpiAttendance[] = []): Partial<TrainingFacts> => ({
    courses: [course(20, '区外研修'), course(21, '区外研修')],
    attendance: [...Array.from({ length: n }, (_, i) => att(20 + (i % 2), i + 1)), ...extra],
  });
  const externalRows: [string, Partial<TrainingFacts>, number, boolean][] = [
    ['exactly 5 distinct people: met', external(5), 5, true],
    ['4 people: not met', external(4), 4, false],
    ['4 people, one of them twice: still 4', external(4, [att(21, 1)]), 4, false],
    ['4 people and an incomplete fifth: 4', external(4, [att(20, 9, false)]), 4, false],
    ['6 people: met', external(6), 6, true],
    ['retired staff count (attendance is history)', { ...external(5), activeStaffIds: [1] }, 5, true],
  ];
  it.each(externalRows)('training_external: %s', (_name, facts, value, met) => {
    const k = kpi(facts, 'training_external');
    expect([k.value, k.met, k.unit]).toEqual([value, met, '人']);
  });

  const usefulRows: [string, Partial<TrainingFacts>, ReturnType<typeof shape>][] = [
    [
      'a useful course without an attendee is missed',
      {
        courses: [course(30, '区外研修', true), course(31, '区外研修', true)],
        attendance: [att(30, 1)],
      },
      { value: 50, met: false, numerator: 1, denominator: 2 },
    ],
    [
      'courses not marked useful, and other categories marked useful, are not counted',
      {
        courses: [course(30, '区外研修', true), course(31, '区外研修', false), course(32, '民間研修', true)],
        attendance: [att(30, 1)],
      },
      { value: 100, met: true, numerator: 1, denominator: 1 },
    ],
    [
      'an incomplete attendance does not make a course attended',
      { courses: [course(30, '区外研修', true)], attendance: [att(30, 1, false)] },
      { value: 0, met: false, numerator: 0, denominator: 1 },
    ],
    [
      'no useful course: null',
      { courses: [course(31, '区外研修', false)], attendance: [att(31, 1)] },
      { value: null, met: null, numerator: 0, denominator: 0 },
    ],
    [
      'one of three: 33.3',
      {
        courses: [course(30, '区外研修', true), course(31, '区外研修', true), course(32, '区外研修', true)],
        attendance: [att(32, 1), att(32, 2)],
      },
      { value: 33.3, met: false, numerator: 1, denominator: 3 },
    ],
  ];
  it.each(usefulRows)('training_external_courses: %s', (_name, facts, expected) => {
    expect(shape(kpi(facts, 'training_external_courses'))).toEqual(expected);
  });

  it('training_facilitation: distinct completed attendees of the year, no target', () => {
    const k = kpi(
      {
        courses: [course(40, 'ファシリテーション研修'), course(41, 'ファシリテーション研修')],
        attendance: [att(40, 1), att(41, 1), att(40, 2), att(41, 3, false)],
        facilitationEverIds: [7, 8],
      },
      'training_facilitation',
    );
    expect([k.value, k.target, k.met]).toEqual([2, null, null]);
  });

  const areaRows: [string, Partial<TrainingFacts>, ReturnType<typeof shape>][] = [
    [
      'members trained in an earlier year count; others outside the team do not',
      { areaMemberIds: [1, 2, 3, 4], facilitationEverIds: [1, 2, 9] },
      { value: 50, met: false, numerator: 2, denominator: 4 },
    ],
    [
      "the year's own completed attendance counts even if not in the ever list",
      {
        areaMemberIds: [1, 2],
        facilitationEverIds: [1],
        courses: [course(40, 'ファシリテーション研修')],
        attendance: [att(40, 2)],
      },
      { value: 100, met: true, numerator: 2, denominator: 2 },
    ],
    [
      "the year's incomplete attendance does not",
      {
        areaMemberIds: [1, 2],
        facilitationEverIds: [1],
        courses: [course(40, 'ファシリテーション研修')],
        attendance: [att(40, 2, false)],
      },
      { value: 50, met: false, numerator: 1, denominator: 2 },
    ],
    [
      'no area team this year: null',
      { areaMemberIds: [], facilitationEverIds: [1, 2] },
      { value: null, met: null, numerator: 0, denominator: 0 },
    ],
  ];
  it.each(areaRows)('training_facilitation_area: %s', (_name, facts, expected) => {
    expect(shape(kpi(facts, 'training_facilitation_area'))).toEqual(expected);
  });

  it('training_study_sessions: the 担当内勉強会（OJT） courses of the year, attended or not', () => {
    const k = kpi(
      {
        courses: [course(50, '担当内勉強会（OJT）'), course(51, '担当内勉強会（OJT）'), course(52, 'その他')],
        attendance: [att(50, 1)],
      },
      'training_study_sessions',
    );
    expect([k.value, k.target, k.met, k.unit]).toEqual([2, null, null, '件']);
  });
});

describe('percent', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3],
    [0, 5, 0],
    [5, 5, 100],
    [0, 0, null],
  ])('%i ÷ %i → %s', (n, d, expected) => {
    expect(percent(n, d)).toBe(expected);
  });
});
