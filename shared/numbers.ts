/*
 * The one number style of the app (docs/lists.md): counts with thousands separators (35,000人), in
 * the screens, the PDFs and the workbooks' messages alike.
 */

const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 });

/** 35000 → 「35,000」; 12.34 → 「12.3」. */
export function formatNumber(n: number): string {
  return grouped.format(n);
}

/** 35000 → 「35,000人」 (or another unit: 件, 課, 回). */
export function formatCount(n: number, unit = '人'): string {
  return `${grouped.format(n)}${unit}`;
}
