import { formatJapaneseDate } from '../../shared/dates';

// The one number style (docs/lists.md), re-exported so that screens import every format from here.
export { formatCount, formatNumber } from '../../shared/numbers';

const dateTime = new Intl.DateTimeFormat('ja-JP', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

const dateTimeSeconds = new Intl.DateTimeFormat('ja-JP', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2025/04/01 09:05 */
export function formatDateTime(iso: string | null, withSeconds = false): string {
  if (!iso) return '';
  const d = parse(iso);
  if (!d) return iso;
  return (withSeconds ? dateTimeSeconds : dateTime).format(d);
}

/** A roster date as the ward writes it (令和7年4月1日); empty for no date. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formatJapaneseDate(iso) : '';
}

/** A day as the lists write it: 2025/8/20 (an ISO date, no time zone involved). */
export function slashDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}/${m}/${d}`;
}

/**
 * The calendar day of a stored date or timestamp as the lists write it: 2025-07-01 → 2025/7/1; a
 * timestamp → its day on this machine's clock; empty for no date, anything else as it is.
 */
export function slashDay(stamp: string | null | undefined): string {
  if (!stamp) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(stamp);
  if (!m) return stamp;
  if (stamp.length > 10) {
    const d = new Date(stamp);
    if (!Number.isNaN(d.getTime())) return `${d.getFullYear()}/${d.getMonth() + 1}/${d.getDate()}`;
  }
  return `${Number(m[1])}/${Number(m[2])}/${Number(m[3])}`;
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
