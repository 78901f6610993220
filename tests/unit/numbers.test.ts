import { describe, expect, it } from 'vitest';
import { formatCount, formatFixed, formatNumber } from '../../shared/numbers';
import { formatDateTime, formatDay } from '../../renderer/src/format';

describe('the one number style (docs/lists.md)', () => {
  it('groups thousands', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(35000)).toBe('35,000');
    expect(formatNumber(1_000_004)).toBe('1,000,004');
    expect(formatNumber(-1234)).toBe('-1,234');
  });

  it('keeps at most one decimal', () => {
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(87.5)).toBe('87.5');
    expect(formatNumber(12345.67)).toBe('12,345.7');
    expect(formatNumber(3.0)).toBe('3');
  });

  it('writes a fixed number of decimals, grouped, where the decimals are the point (a quota as computed)', () => {
    expect(formatFixed(1023.2, 2)).toBe('1,023.20');
    expect(formatFixed(12278.4, 2)).toBe('12,278.40');
    expect(formatFixed(4.28, 2)).toBe('4.28');
    expect(formatFixed(0, 2)).toBe('0.00');
  });

  it('writes counts with their unit, 人 unless told', () => {
    expect(formatCount(35000)).toBe('35,000人');
    expect(formatCount(29429)).toBe('29,429人');
    expect(formatCount(33937, '件')).toBe('33,937件');
    expect(formatCount(120, '課')).toBe('120課');
    expect(formatCount(0, '回')).toBe('0回');
  });
});

describe('the one date style', () => {
  it('writes an ISO date as year/month/day with two-digit month and day', () => {
    expect(formatDay('2025-08-20')).toBe('2025/08/20');
    expect(formatDay('2026-04-01')).toBe('2026/04/01');
  });

  it('writes a timestamp as its day on this machine', () => {
    const d = new Date(2025, 6, 1, 23, 30);
    expect(formatDay(d.toISOString())).toBe('2025/07/01');
  });

  it('leaves no date empty and anything else as it is', () => {
    expect(formatDay(null)).toBe('');
    expect(formatDay(undefined)).toBe('');
    expect(formatDay('')).toBe('');
    expect(formatDay('未定')).toBe('未定');
  });
});

describe('the one date-time style', () => {
  it('writes the day in the date style and the time on the 24-hour clock', () => {
    const d = new Date(2026, 11, 2, 9, 5, 7);
    expect(formatDateTime(d.toISOString())).toBe('2026/12/02 09:05');
    expect(formatDateTime(d.toISOString(), true)).toBe('2026/12/02 09:05:07');
  });

  it('leaves no stamp empty and an unreadable one as it is', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('不明')).toBe('不明');
  });
});
