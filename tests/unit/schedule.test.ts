import { describe, expect, it } from 'vitest';
import { dueOf, isOverdue, phaseOn, scheduleOf, stepStarted } from '../../shared/schedule';

describe('the default calendar of a fiscal year (docs/home.md)', () => {
  it('lists the phases in date order, from April of fy to March of fy+1', () => {
    expect(scheduleOf(2026)).toEqual([
      { name: '目標設定', from: '2026-04-01', to: '2026-05-31' },
      { name: '中間', from: '2026-10-01', to: '2026-10-31' },
      { name: '期末', from: '2027-01-01', to: '2027-02-28' },
      { name: '1次評価', from: '2027-03-01', to: '2027-03-10' },
      { name: '2次評価', from: '2027-03-11', to: '2027-03-20' },
      { name: '調整・確定', from: '2027-03-21', to: '2027-03-31' },
    ]);
  });

  it.each([
    [2027, '2028-02-29'], // 2028 is a leap year
    [2026, '2027-02-28'],
    [2099, '2100-02-28'], // 2100 is not (divisible by 100)
    [2399, '2400-02-29'], // 2400 is (divisible by 400)
  ])('期末 of fy %i ends on %s', (fy, end) => {
    expect(dueOf(fy, 'yearEnd')).toBe(end);
    expect(phaseOn(fy, end)?.name).toBe('期末');
    expect(phaseOn(fy, end.replace(/-\d\d$/u, '-28'))?.name).toBe('期末');
  });

  it.each([
    ['2026-03-31', null], // the day before the year
    ['2026-04-01', '目標設定'],
    ['2026-05-31', '目標設定'],
    ['2026-06-01', null], // between 目標設定 and 中間
    ['2026-09-30', null],
    ['2026-10-01', '中間'],
    ['2026-11-15', null], // between 中間 and 期末
    ['2026-12-31', null],
    ['2027-01-01', '期末'],
    ['2027-03-01', '1次評価'],
    ['2027-03-10', '1次評価'],
    ['2027-03-11', '2次評価'],
    ['2027-03-21', '調整・確定'],
    ['2027-03-31', '調整・確定'],
    ['2027-04-01', null], // the next year's 目標設定, not this year's
  ])('on %s fy 2026 is in %s', (date, name) => {
    expect(phaseOn(2026, date)?.name ?? null).toBe(name);
  });

  it('the next year has its own calendar', () => {
    expect(phaseOn(2027, '2027-04-01')).toEqual({ name: '目標設定', from: '2027-04-01', to: '2027-05-31' });
  });

  it('gives each step the last day of its phase', () => {
    expect(dueOf(2026, 'goals')).toBe('2026-05-31');
    expect(dueOf(2026, 'midterm')).toBe('2026-10-31');
    expect(dueOf(2026, 'selfReport')).toBe('2027-02-28');
    expect(dueOf(2026, 'first')).toBe('2027-03-10');
    expect(dueOf(2026, 'second')).toBe('2027-03-20');
    expect(dueOf(2026, 'adjust')).toBe('2027-03-31');
  });

  it('says when a step has begun and when it is overdue', () => {
    expect(stepStarted(2026, 'midterm', '2026-09-30')).toBe(false);
    expect(stepStarted(2026, 'midterm', '2026-10-01')).toBe(true);
    expect(isOverdue('2026-05-31', '2026-05-31')).toBe(false);
    expect(isOverdue('2026-05-31', '2026-06-01')).toBe(true);
    expect(isOverdue(null, '2099-01-01')).toBe(false);
  });
});
