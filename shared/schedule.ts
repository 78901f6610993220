import type { SchedulePhase } from './api/plan';
import { isoFromParts } from './dates';

/*
 * The year's default calendar (docs/home.md): when, in a fiscal year (April to March), the office
 * sets its goals, records the mid-term, writes the year-end self-evaluation and runs the appraisal's
 * stages. Pure: the home page reads it to say what is due now and what is overdue. Dates are ISO
 * calendar dates ('YYYY-MM-DD', shared/dates.ts), compared as strings.
 */

/** A phase of the year: its name and first and last day (both included). */
export type { SchedulePhase };

/** What a task is due by: each names the phase whose last day is its due date. */
export type ScheduleStep = 'goals' | 'midterm' | 'yearEnd' | 'selfReport' | 'first' | 'second' | 'adjust';

const PHASE_OF_STEP: Readonly<Record<ScheduleStep, string>> = {
  goals: '目標設定',
  midterm: '中間',
  yearEnd: '期末',
  // The self-report is written with the year-end self-evaluation, so it shares its deadline.
  selfReport: '期末',
  first: '1次評価',
  second: '2次評価',
  adjust: '調整・確定',
};

function day(y: number, m: number, d: number): string {
  const iso = isoFromParts(y, m, d);
  if (iso === null) throw new RangeError(`no such date ${y}-${m}-${d}`);
  return iso;
}

/** The last day of February of a calendar year (28 or 29). */
function endOfFebruary(y: number): string {
  return isoFromParts(y, 2, 29) ?? day(y, 2, 28);
}

/**
 * The default calendar of fiscal year `fy` (April fy to March fy+1), in date order:
 * 目標設定 4/1–5/31, 中間 10/1–10/31, 期末 1/1–2/末, 1次評価 3/1–3/10, 2次評価 3/11–3/20,
 * 調整・確定 3/21–3/31.
 */
export function scheduleOf(fy: number): SchedulePhase[] {
  const next = fy + 1;
  return [
    { name: '目標設定', from: day(fy, 4, 1), to: day(fy, 5, 31) },
    { name: '中間', from: day(fy, 10, 1), to: day(fy, 10, 31) },
    { name: '期末', from: day(next, 1, 1), to: endOfFebruary(next) },
    { name: '1次評価', from: day(next, 3, 1), to: day(next, 3, 10) },
    { name: '2次評価', from: day(next, 3, 11), to: day(next, 3, 20) },
    { name: '調整・確定', from: day(next, 3, 21), to: day(next, 3, 31) },
  ];
}

/** The phase of fiscal year `fy` that `date` falls in, or null between phases and outside the year. */
export function phaseOn(fy: number, date: string): SchedulePhase | null {
  return scheduleOf(fy).find((p) => p.from <= date && date <= p.to) ?? null;
}

/** The phase a step belongs to in fiscal year `fy`. */
export function phaseOfStep(fy: number, step: ScheduleStep): SchedulePhase {
  const name = PHASE_OF_STEP[step];
  const phase = scheduleOf(fy).find((p) => p.name === name);
  if (!phase) throw new RangeError(`no phase ${name}`);
  return phase;
}

/** The due date of a step in fiscal year `fy`: the last day of its phase. */
export function dueOf(fy: number, step: ScheduleStep): string {
  return phaseOfStep(fy, step).to;
}

/** Whether a step has begun on `date` (its phase's first day has come). */
export function stepStarted(fy: number, step: ScheduleStep, date: string): boolean {
  return phaseOfStep(fy, step).from <= date;
}

/** Whether a step's due date has passed on `date`. */
export function isOverdue(due: string | null, date: string): boolean {
  return due !== null && date > due;
}
