import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber } from '../../shared/numbers';
import { slashDay } from '../../renderer/src/format';

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

  it('writes counts with their unit, 人 unless told', () => {
    expect(formatCount(35000)).toBe('35,000人');
    expect(formatCount(29429)).toBe('29,429人');
    expect(formatCount(33937, '件')).toBe('33,937件');
    expect(formatCount(120, '課')).toBe('120課');
    expect(formatCount(0, '回')).toBe('0回');
  });
});

describe('the list date style', () => {
  it('writes an ISO date without leading zeros', () => {
    expect(slashDay('2025-08-20')).toBe('2025/8/20');
    expect(slashDay('2026-04-01')).toBe('2026/4/1');
  });

  it('writes a timestamp as its day on this machine', () => {
    const d = new Date(2025, 6, 1, 23, 30);
    expect(slashDay(d.toISOString())).toBe('2025/7/1');
  });

  it('leaves no date empty and anything else as it is', () => {
    expect(slashDay(null)).toBe('');
    expect(slashDay(undefined)).toBe('');
    expect(slashDay('')).toBe('');
    expect(slashDay('未定')).toBe('未定');
  });
});
