// The one number style (docs/lists.md), re-exported so that screens import every format from here.
export { formatCount, formatFixed, formatNumber } from '../../shared/numbers';

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The one date-time style (docs/renderer.md, "Dates"): 2026/12/02 14:33 on this machine's clock
 * (seconds where the record needs them); empty for none, anything unreadable as it is.
 */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = parse(iso);
  if (!d) return iso;
  const day = `${d.getFullYear()}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return withSeconds ? `${day} ${time}:${pad2(d.getSeconds())}` : `${day} ${time}`;
}

/**
 * The one date style (docs/renderer.md, "Dates"): 2026/04/01. A stored date ('2026-04-01') is
 * written as it is (no time zone involved); a timestamp as its day on this machine's clock; empty
 * for none, anything else as it is.
 */
export function formatDay(stamp: string | null | undefined): string {
  if (!stamp) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(stamp);
  if (!m) return stamp;
  if (stamp.length > 10) {
    const d = parse(stamp);
    if (d) return `${d.getFullYear()}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())}`;
  }
  return `${m[1]}/${m[2]}/${m[3]}`;
}

/** 1.2 MB */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Pretty-prints JSON text for reading; leaves anything else as it is. */
export function prettyJson(text: string | null): string {
  if (text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}
