import { describe, expect, it } from 'vitest';
import { closedYearQuestion, closedYearRefusal, isClosedYear } from '../../shared/closed-year';

/** A year is closed once it has ended (docs/closed-years.md): the boundary is 1 April, local time. */
describe('isClosedYear', () => {
  const cases: [string, number, Date, boolean][] = [
    ['the last day of 令和7年度: still open', 2025, new Date(2026, 2, 31, 23, 59), false],
    ['the first day of 令和8年度: 令和7年度 has ended', 2025, new Date(2026, 3, 1, 0, 0), true],
    ['the current year is open', 2026, new Date(2026, 11, 2), false],
    ['a future year is open', 2027, new Date(2026, 11, 2), false],
    ['two years back is closed', 2024, new Date(2026, 11, 2), true],
  ];
  it.each(cases)('%s', (_what, fy, today, closed) => {
    expect(isClosedYear(fy, today)).toBe(closed);
  });
});

describe('the messages name the year by its era', () => {
  it('says which year and what the caller may do', () => {
    expect(closedYearRefusal(2025)).toBe('令和7年度は終了した年度のため、変更できません（閲覧のみ）。');
    expect(closedYearQuestion(2025)).toBe('令和7年度は終了した年度です。変更しますか？');
    expect(closedYearRefusal(2018)).toBe('平成30年度は終了した年度のため、変更できません（閲覧のみ）。');
  });
});
