/*
 * The one number style of the app (docs/lists.md): counts with thousands separators (35,000人), in
 * the screens, the PDFs and the workbooks' messages alike.
 */

const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 });

/** 35000 → 「35,000」; 12.34 → 「12.3」. */
export function formatNumber(n: number): string {
  return grouped.format(n);
}

const fixed = new Map<number, Intl.NumberFormat>();

/** Exactly `digits` decimals, thousands grouped: 1023.2 → 「1,023.20」 (a quota as computed). */
export function formatFixed(n: number, digits: number): string {
  let f = fixed.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    fixed.set(digits, f);
  }
  return f.format(n);
}

/** 35000 → 「35,000人」 (or another unit: 件, 課, 回). */
export function formatCount(n: number, unit = '人'): string {
  return `${grouped.format(n)}${unit}`;
}
