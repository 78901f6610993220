import { describe, expect, it } from 'vitest';
import { eraYearLabel, fiscalYearLabel, fiscalYearOf, fiscalYearShort } from '../../shared/fiscal-year';

describe('fiscalYearOf', () => {
  it.each([
    ['2025-04-01', 2025],
    ['2026-03-31', 2025],
    ['2026-01-15', 2025],
    ['2025-03-31', 2024],
    ['2026-11-26', 2026],
  ])('%s is in 年度 %i', (iso, fy) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    expect(fiscalYearOf(new Date(y, m - 1, d))).toBe(fy);
  });
});

describe('era labels through Intl', () => {
  it.each([
    [2025, '令和7年'],
    [2019, '令和元年'],
    [2020, '令和2年'],
    [2018, '平成30年'],
    [1989, '平成元年'],
  ])('%i → %s', (fy, label) => {
    expect(eraYearLabel(fy)).toBe(label);
  });

  it('names both calendars', () => {
    expect(fiscalYearLabel(2025)).toBe('令和7年度（2025年度）');
    expect(fiscalYearShort(2025, 'era')).toBe('令和7年度');
    expect(fiscalYearShort(2025, 'western')).toBe('2025年度');
  });
});
