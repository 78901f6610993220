/**
 * Calendar dates as plain ISO strings 'YYYY-MM-DD' (no time, no time zone), and the parser for
 * the many ways dates are typed into ward-office spreadsheets (西暦 and 和暦).
 * Era names and start years come from Intl's Japanese calendar, never a hand-made era table,
 * so a new era arrives with the ICU data of the runtime.
 */

import { nfkc } from './text';

export type ParsedDate = { ok: true; iso: string } | { ok: false; message: string };

const MIN_YEAR = 1868;
const MAX_YEAR = 2200;
const DAY_MS = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** 'YYYY-MM-DD' for a date that exists on the calendar, or null (2025-02-29, 2025-04-31). */
export function isoFromParts(y: number, m: number, d: number): string | null {
  if (![y, m, d].every(Number.isInteger)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** True for a well-formed 'YYYY-MM-DD' naming a real calendar date. */
export function isValidIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  return m !== null && isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) === iso;
}

/** The calendar date of a Date read in UTC (exceljs returns date cells as UTC midnight). */
export function isoFromUtcDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid Date');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_MAX_SERIAL = 2_958_465; // 9999-12-31

/**
 * A date serial of Excel's 1900 system → ISO date. Excel counts a fictitious 1900-02-29
 * (serial 60, kept for Lotus 1-2-3 compatibility), so serials below 60 are one day off the
 * simple formula. A time of day (the fraction) is ignored.
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const n = Math.floor(serial);
  if (n < 1 || n > EXCEL_MAX_SERIAL || n === 60) return null;
  const days = n < 60 ? n + 1 : n;
  return isoFromUtcDate(new Date(EXCEL_EPOCH_MS + days * DAY_MS));
}

/** Today's calendar date on this machine's clock and time zone. */
export function todayIso(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}

// ---- Japanese eras, learned from Intl ----

export type Era = {
  /** '令和' */
  name: string;
  /** 'R', or null when ICU gives no Latin letter. */
  letter: string | null;
  /** Gregorian year of era year 1 (元年). */
  firstYear: number;
  /** Gregorian year in which the next era began (its last year), or null for the current era. */
  lastYear: number | null;
};

function eraParts(format: Intl.DateTimeFormat, date: Date): { era: string; year: number } | null {
  const parts = format.formatToParts(date);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = parts.find((p) => p.type === 'year')?.value;
  if (era === undefined || year === undefined) return null;
  return { era, year: year === '元' ? 1 : Number(year) };
}

let erasCache: readonly Era[] | null = null;

/** The eras from 明治 on, oldest first, as the runtime's ICU data knows them. */
export function japaneseEras(): readonly Era[] {
  if (erasCache) return erasCache;
  const options = { year: 'numeric', timeZone: 'UTC' } as const;
  const long = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { ...options, era: 'long' });
  const narrow = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { ...options, era: 'narrow' });
  const eras: Era[] = [];
  const lastScanned = new Date().getUTCFullYear() + 5;
  for (let y = MIN_YEAR; y <= lastScanned; y++) {
    // 31 December: the era in force at the end of the year is the one that began in it.
    const date = new Date(Date.UTC(y, 11, 31));
    const named = eraParts(long, date);
    if (!named || !Number.isInteger(named.year) || eras.some((e) => e.name === named.era)) continue;
    const letter = eraParts(narrow, date)?.era ?? '';
    const firstYear = y - named.year + 1;
    const previous = eras[eras.length - 1];
    if (previous) previous.lastYear = firstYear;
    eras.push({ name: named.era, letter: /^[A-Za-z]$/u.test(letter) ? letter : null, firstYear, lastYear: null });
  }
  erasCache = eras;
  return eras;
}

/** The era written as '令和', 'R' / 'r' or the one-kanji abbreviation '令' (used only when unambiguous). */
function findEra(token: string): Era | undefined {
  const eras = japaneseEras();
  const byName = eras.find((e) => e.name === token);
  if (byName) return byName;
  const byLetter = eras.find((e) => e.letter !== null && e.letter.toLowerCase() === token.toLowerCase());
  if (byLetter) return byLetter;
  const byInitial = eras.filter((e) => e.name.startsWith(token));
  return [...token].length === 1 && byInitial.length === 1 ? byInitial[0] : undefined;
}

// ---- Parsing ----

const GREGORIAN_SEPARATED = /^(\d{4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/u;
const GREGORIAN_KANJI = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u;
const GREGORIAN_COMPACT = /^(\d{4})(\d{2})(\d{2})$/u;
const ERA_KANJI = /^(?<era>\D+?)\s*(?<year>\d{1,3}|元)\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日$/u;
const ERA_SEPARATED =
  /^(?<era>\D+?)\s*(?<year>\d{1,3}|元)\s*(?<sep>[/.-])\s*(?<month>\d{1,2})\s*\k<sep>\s*(?<day>\d{1,2})$/u;

const unreadable = (input: string): ParsedDate => ({
  ok: false,
  message: `日付として読めません（${input}）。2025/4/1 や 令和7年4月1日 の形で入力してください`,
});

type Parts = { y: number; m: number; d: number } | { error: string };

function gregorianParts(s: string): Parts | null {
  const sep = GREGORIAN_SEPARATED.exec(s);
  if (sep) return { y: Number(sep[1]), m: Number(sep[3]), d: Number(sep[4]) };
  const m = GREGORIAN_KANJI.exec(s) ?? GREGORIAN_COMPACT.exec(s);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return null;
}

function eraDateParts(s: string, input: string): Parts | null {
  const groups = (ERA_KANJI.exec(s) ?? ERA_SEPARATED.exec(s))?.groups;
  const era = groups?.era === undefined ? undefined : findEra(groups.era.trim());
  if (!groups || !era) return null;
  const eraYear = groups.year === '元' ? 1 : Number(groups.year);
  const lastEraYear = era.lastYear === null ? null : era.lastYear - era.firstYear + 1;
  if (eraYear < 1) return { error: `存在しない和暦の年です（${input}）` };
  if (lastEraYear !== null && eraYear > lastEraYear) {
    return { error: `存在しない和暦の年です（${input}）。${era.name}は${lastEraYear}年（${era.lastYear}年）までです` };
  }
  return { y: era.firstYear + eraYear - 1, m: Number(groups.month), d: Number(groups.day) };
}

/**
 * A date typed by a person → ISO. Accepts 西暦 ('2025/4/1', '2025-04-01', '2025.4.1',
 * '2025年4月1日', '20250401') and 和暦 ('令和7年4月1日', '令和元年5月1日', 'R7.4.1', '令7.4.1'),
 * in full-width or half-width characters. Error messages echo the input as typed.
 */
export function parseDateText(text: string): ParsedDate {
  const input = text.trim();
  if (input === '') return { ok: false, message: '日付が入力されていません' };
  const s = nfkc(input).trim();
  const parts = gregorianParts(s) ?? eraDateParts(s, input);
  if (!parts) return unreadable(input);
  if ('error' in parts) return { ok: false, message: parts.error };
  if (parts.y < MIN_YEAR || parts.y > MAX_YEAR) {
    return {
      ok: false,
      message: `扱える範囲外の年です（${input}）。${MIN_YEAR}年から${MAX_YEAR}年までの日付を入力してください`,
    };
  }
  const iso = isoFromParts(parts.y, parts.m, parts.d);
  if (iso === null) return { ok: false, message: `存在しない日付です（${input}）` };
  return { ok: true, iso };
}

// ---- Formatting ----

const japaneseDateFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

/** '2025-04-01' → '令和7年4月1日', '2019-05-01' → '令和元年5月1日'. An invalid ISO string is returned as is. */
export function formatJapaneseDate(iso: string): string {
  if (!isValidIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  const parts = japaneseDateFormat.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // ICU prints the first year of an era as 1 or 元 depending on version; the convention is 元年.
  const year = part('year') === '1' ? '元' : part('year');
  return `${part('era')}${year}年${part('month')}月${part('day')}日`;
}
