import type { Kpi } from './kpi';
import { STUDY_SESSION } from './training';
import type { TrainingCategory } from './training';

/*
 * The plan's training measures (docs/plan.md), computed from plain facts so that the arithmetic is
 * table-tested without a database. electron/core/plan/kpi.service.ts gathers the facts.
 */

export type TrainingKpiCourse = { id: number; category: TrainingCategory; usefulForWard: boolean };
export type TrainingKpiAttendance = { courseId: number; staffId: number; completed: boolean };

export type TrainingFacts = {
  /** Staff with staff.active = 1. */
  activeStaffIds: readonly number[];
  /** The fiscal year's area-team members (地域担当, area_assignments of the year). */
  areaMemberIds: readonly number[];
  /** The fiscal year's courses. */
  courses: readonly TrainingKpiCourse[];
  /** The attendance of the fiscal year's courses (rows of other courses are ignored). */
  attendance: readonly TrainingKpiAttendance[];
  /** Who completed a ファシリテーション研修 in any year up to and including the fiscal year. */
  facilitationEverIds: readonly number[];
};

/** A share in percent with one decimal (1/3 → 33.3); null for 0 ÷ 0. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator * 1000) / denominator) / 10;
}

/**
 * A share against a target in percent. Met is decided on the exact fraction, not the rounded
 * figure: 1999 of 2000 shows 100.0 but is not 100%.
 */
export function shareKpi(
  id: string,
  label: string,
  numerator: number,
  denominator: number,
  target: number | null,
): Kpi {
  const value = percent(numerator, denominator);
  const met = value === null || target === null ? null : numerator * 100 >= target * denominator;
  return { id, label, value, target, unit: '%', met, numerator, denominator };
}

/** A count against a target (met when the count reaches it), or a figure to watch (target null). */
export function countKpi(id: string, label: string, value: number, target: number | null, unit: '人' | '件'): Kpi {
  return { id, label, value, target, unit, met: target === null ? null : value >= target };
}

/** The training KPIs of one fiscal year, in the order docs/plan.md lists them. */
export function trainingKpis(facts: TrainingFacts): Kpi[] {
  const courses = new Map(facts.courses.map((c) => [c.id, c]));
  const attendeesOf = (keep: (c: TrainingKpiCourse) => boolean): Set<number> => {
    const ids = new Set<number>();
    for (const a of facts.attendance) {
      const c = courses.get(a.courseId);
      if (a.completed && c && keep(c)) ids.add(a.staffId);
    }
    return ids;
  };
  const ofCategory = (category: TrainingCategory) => (c: TrainingKpiCourse) => c.category === category;

  const active = new Set(facts.activeStaffIds);
  const hospitality = [...attendeesOf(ofCategory('接遇研修'))].filter((id) => active.has(id));

  const external = attendeesOf(ofCategory('区外研修'));

  const usefulCourses = facts.courses.filter((c) => c.category === '区外研修' && c.usefulForWard);
  const attendedCourses = new Set(
    facts.attendance.filter((a) => a.completed && courses.has(a.courseId)).map((a) => a.courseId),
  );
  const usefulAttended = usefulCourses.filter((c) => attendedCourses.has(c.id)).length;

  const facilitation = attendeesOf(ofCategory('ファシリテーション研修'));
  const facilitationEver = new Set([...facts.facilitationEverIds, ...facilitation]);
  const areaMembers = new Set(facts.areaMemberIds);
  const areaTrained = [...areaMembers].filter((id) => facilitationEver.has(id)).length;

  const studySessions = facts.courses.filter((c) => c.category === STUDY_SESSION).length;

  return [
    shareKpi('training_hospitality', '接遇研修の受講率', hospitality.length, active.size, 100),
    countKpi('training_external', '区外研修の受講者数', external.size, 5, '人'),
    shareKpi('training_external_courses', '区政に活かせる区外研修への参加', usefulAttended, usefulCourses.length, 100),
    countKpi('training_facilitation', 'ファシリテーション研修の受講者数', facilitation.size, null, '人'),
    shareKpi(
      'training_facilitation_area',
      '地域担当職員のファシリテーション研修受講率（累計）',
      areaTrained,
      areaMembers.size,
      100,
    ),
    countKpi('training_study_sessions', '担当内勉強会の開催数', studySessions, null, '件'),
  ];
}
