import { formatCount } from '../../format';
import { eraYearLabel } from '../../../../shared/fiscal-year';
import type { YearResult } from '../../../../shared/api/placement';

/** 1,234人 */
export function people(n: number): string {
  return formatCount(n);
}

/** 12年, 1年未満, — (date unknown). */
export function yearsText(years: number | null): string {
  if (years === null) return '—';
  return years === 0 ? '1年未満' : `${years}年`;
}

/** 令和6年度 */
export function eraFy(fy: number): string {
  return `${eraYearLabel(fy)}度`;
}

/** 令和6 (a column header, where 年度 would not fit). */
export function eraFyShort(fy: number): string {
  return eraYearLabel(fy).replace(/年$/u, '');
}

/** 第2区分, or — when the year has no confirmed class. */
export function classText(r: YearResult | undefined): string {
  return r?.rankClass ? `第${r.rankClass}区分` : '—';
}

/** A short form for the table: 2, or —. */
export function classDigit(r: YearResult | undefined): string {
  return r?.rankClass ? String(r.rankClass) : '—';
}

/** Base64 (a FileDownload's data) → bytes, for pdf.js. */
export function base64Bytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
