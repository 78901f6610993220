import type { StaffRecord } from '../staff/org.repo';

/*
 * A 職員番号 that passed through a spreadsheet as a number loses its leading zeros (LibreOffice's
 * CSV import makes 008316 into 8316). Imported as it is, it names no one — or, in the 職員名簿, a
 * new person who duplicates a real one. These checks notice it (docs/import-staff-numbers.md).
 */

/** The length most stored 職員番号 have (the longer one on a tie); null for an office without staff. */
export function usualLength(staffNos: Iterable<string>): number | null {
  const counts = new Map<number, number>();
  for (const no of staffNos) counts.set(no.length, (counts.get(no.length) ?? 0) + 1);
  let best: { length: number; n: number } | null = null;
  for (const [length, n] of counts) {
    if (!best || n > best.n || (n === best.n && length > best.length)) best = { length, n };
  }
  return best?.length ?? null;
}

/** True for an all-digit 職員番号 shorter than the office's usual length: its zeros may have been lost. */
export function looksShortened(staffNo: string, usual: number | null): boolean {
  return usual !== null && /^[0-9]+$/u.test(staffNo) && staffNo.length < usual;
}

/** The stored 職員番号 this one becomes once its lost zeros are put back, or null. */
export function withZeros(staffNo: string, usual: number | null, known: ReadonlyMap<string, unknown>): string | null {
  if (usual === null || !looksShortened(staffNo, usual)) return null;
  const padded = staffNo.padStart(usual, '0');
  return known.has(padded) ? padded : null;
}

/**
 * The lookup of a 職員番号 named in the 評価者, 地域担当 and 表彰 sheets: the person, or the message
 * for the row — a helpful one when the number matches a stored one once zero-padded.
 */
export function staffNoLookup(staff: ReadonlyMap<string, StaffRecord>): {
  find: (staffNo: string, what?: string) => { person: StaffRecord } | { message: string };
} {
  const usual = usualLength(staff.keys());
  return {
    find: (staffNo, what = '職員番号') => {
      const person = staff.get(staffNo);
      if (person) return { person };
      const padded = withZeros(staffNo, usual, staff);
      if (padded !== null) {
        return {
          message: `${what} ${staffNo} は職員名簿にありません。先頭の0が失われている可能性があります（${padded}？）。Excel などで職員番号の列を文字列にして、0を補ってください。`,
        };
      }
      return { message: `${what} ${staffNo} は職員名簿にありません。` };
    },
  };
}

/** Name and reading as stored, for finding the person an unknown 職員番号 may really be. */
function personKey(name: string, kana: string): string {
  return `${name}\u0000${kana}`;
}

/**
 * For the 職員名簿: why an unknown 職員番号 needs the user's confirmation that it is a new person, or
 * null. Asked when a stored person has the same 氏名 and ふりがな, or when the number is all digits and
 * shorter than the office's usual length. `byNo`: the stored staff by 職員番号.
 */
export function newStaffCheck(
  byNo: ReadonlyMap<string, StaffRecord>,
): (staffNo: string, name: string, kana: string) => string | null {
  // Built at the first unknown 職員番号: a re-import of known staff never needs them.
  let usual: number | null = null;
  let byName: Map<string, StaffRecord[]> | null = null;
  const namesAndLength = (): Map<string, StaffRecord[]> => {
    if (byName) return byName;
    usual = usualLength(byNo.keys());
    byName = new Map();
    for (const s of byNo.values()) {
      if (s.kana === '') continue;
      const k = personKey(s.name, s.kana);
      const list = byName.get(k);
      if (list) list.push(s);
      else byName.set(k, [s]);
    }
    return byName;
  };
  const confirm = '新しい職員として取り込む場合は確認してください。';
  const lostZeros = '数値に変換されて先頭の0が失われていないか確認してください。';
  return (staffNo, name, kana) => {
    if (byNo.has(staffNo)) return null;
    const names = namesAndLength();
    const same = kana === '' ? [] : (names.get(personKey(name, kana)) ?? []);
    const shortened = looksShortened(staffNo, usual);
    if (same.length > 0) {
      const nos = same
        .map((s) => s.staffNo)
        .sort()
        .join('、');
      const hint =
        shortened || same.some((s) => s.staffNo.endsWith(staffNo)) ? lostZeros : '職員番号が正しいか確認してください。';
      return `職員番号 ${staffNo} は登録されていませんが、氏名とふりがなが同じ職員（${nos}）がいます。${hint}${confirm}`;
    }
    if (shortened) {
      const padded = withZeros(staffNo, usual, byNo);
      const other = padded === null ? undefined : byNo.get(padded);
      const where = other
        ? `先頭の0を補うと ${padded}（${other.name}）になります。`
        : `この事業所の職員番号は${usual}桁が多いのに、${staffNo.length}桁です。`;
      return `職員番号 ${staffNo} は登録されていません。${where}${lostZeros}${confirm}`;
    }
    return null;
  };
}
