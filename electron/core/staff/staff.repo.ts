import type { PageRequest } from '../../../shared/api/common';
import type { CycleRow, StaffOption, StaffSortField } from '../../../shared/contract';
import { employments, gradeGroups, positions } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import type { Db } from '../db/connection';
import { likePattern, pageClause } from '../db/paging';
import { closedIn } from '../../../shared/closed-year';
import { staffSelect, toStaffRecord } from './org.repo';
import type { StaffRecord, StoredStaff } from './org.repo';

/**
 * The one lookup of a staff member by 職員番号 (exact, leading zeros and all): every service, form
 * and workbook finds a person by number through here.
 */
export function staffByNo(db: Db, staffNo: string): StaffRecord | undefined {
  const r = db.prepare(`${staffSelect} WHERE s.staff_no = ?`).get(staffNo) as StoredStaff | undefined;
  return r && toStaffRecord(r);
}

/** A staff member by their row id (assignments, forms and awards refer to people by id). */
export function staffById(db: Db, id: number): StaffRecord | undefined {
  const r = db.prepare(`${staffSelect} WHERE s.id = ?`).get(id) as StoredStaff | undefined;
  return r && toStaffRecord(r);
}

export type StaffFilter = {
  /** Matched against 職員番号, name and reading (without the space between family and given name). */
  key: string;
  section: string | null;
  gradeGroup: GradeGroup | null;
  active: 'active' | 'retired' | 'all';
  /** Only these staff ids; 'all' for no limit. */
  only: Set<number> | 'all';
  /** At most this many rows; null for all. */
  limit: number | null;
};

/** The filter as SQL over `staff s` joined to `sections sec` (staffSelect's aliases). */
function staffWhere(f: Omit<StaffFilter, 'limit'>): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.key) {
    // Names and readings are stored with a full-width space between family and given name.
    where.push(
      `(s.staff_no LIKE ? ESCAPE '\\' OR replace(s.name, '　', '') LIKE ? ESCAPE '\\' OR replace(s.kana, '　', '') LIKE ? ESCAPE '\\')`,
    );
    params.push(likePattern(f.key), likePattern(f.key), likePattern(f.key));
  }
  if (f.section) {
    where.push('sec.name = ?');
    params.push(f.section);
  }
  if (f.gradeGroup) {
    where.push('s.grade_group = ?');
    params.push(f.gradeGroup);
  }
  if (f.active !== 'all') where.push(f.active === 'active' ? 's.active = 1' : 's.active = 0');
  if (f.only !== 'all') {
    // The caller's scope (an evaluator's assigned staff, a staff member's self) is part of the query.
    where.push('s.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify([...f.only]));
  }
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

function countStaff(db: Db, filter: { sql: string; params: (string | number)[] }): number {
  return (
    db
      .prepare(`SELECT count(*) AS n FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id${filter.sql}`)
      .get(...filter.params) as { n: number }
  ).n;
}

/** The staff list without paging: the matching people in organisation order, and how many match in all. */
export function searchStaff(db: Db, f: StaffFilter): { records: StaffRecord[]; total: number } {
  const filter = staffWhere(f);
  const total = countStaff(db, filter);
  const sql = `${staffSelect}${filter.sql} ORDER BY sec.sort, s.section_id, l.sort, ${listedOrder('s.position', positions)}, s.staff_no LIMIT ?`;
  // LIMIT -1 is SQLite's "no limit".
  const records = (db.prepare(sql).all(...filter.params, f.limit ?? -1) as StoredStaff[]).map(toStaffRecord);
  return { records, total };
}

/** A vocabulary's order as HR lists it (shared/org.ts), for sorting: 区長 before 副区長 … */
function listedOrder(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`;
}

/**
 * Each sortable field's SQL (docs/lists.md): written here, never taken from the caller. 所属 and
 * 担当 sort in the office's order (sections, then lines, by their `sort` and id), ranked once per
 * query in `org_sec` / `org_line`; a person with a 課 but no 担当 comes first in the 課.
 */
const staffSortColumns: Record<StaffSortField, string> = {
  staffNo: 's.staff_no',
  name: 's.name',
  kana: 's.kana',
  section: 'org_sec.rank',
  // Within a 担当 (or a section's people without one), the higher post first: 区長, 副区長, 課長, 課長代理…
  line: `(org_sec.rank * 1000000 + coalesce(org_line.rank, 0)) * 10 + coalesce(${listedOrder('s.position', positions)}, 9)`,
  position: listedOrder('s.position', positions),
  gradeGroup: listedOrder('s.grade_group', gradeGroups),
  jobType: "nullif(s.job_type, '')",
  employment: listedOrder('s.employment', employments),
  hiredOn: 's.hired_on',
  postedOn: 's.posted_on',
  active: '1 - s.active',
};

const orgRanks = `
  LEFT JOIN (SELECT id, row_number() OVER (ORDER BY sort, id) AS rank FROM sections) org_sec
    ON org_sec.id = s.section_id
  LEFT JOIN (SELECT id, row_number() OVER (ORDER BY sort, id) AS rank FROM lines) org_line
    ON org_line.id = s.line_id`;

/**
 * One page of the staff list (docs/lists.md): filtered (scope included), counted and sorted in SQL,
 * ties broken by 職員番号, empty values last; without a sort, in organisation order. The sort
 * carries only the ids (a city's 35,000 rows are sorted narrow); the page's rows are read after.
 */
export function staffPage(
  db: Db,
  f: Omit<StaffFilter, 'limit'>,
  page: PageRequest<StaffSortField>,
): { records: StaffRecord[]; total: number } {
  const filter = staffWhere(f);
  const total = countStaff(db, filter);
  const order = pageClause(staffSortColumns, page, 's.staff_no', 'line');
  const ids = db
    .prepare(
      `SELECT s.id FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id${orgRanks}${filter.sql} ${order.sql}`,
    )
    .pluck()
    .all(...filter.params, order.params) as number[];
  const rows = db
    .prepare(`${staffSelect} WHERE s.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as StoredStaff[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const records = ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toStaffRecord(r)] : [];
  });
  return { records, total };
}

/** Active staff by 職員番号, leaving out the given positions. */
export function activeStaffExcept(db: Db, positions: readonly string[]): StaffRecord[] {
  return (
    db
      .prepare(
        `${staffSelect} WHERE s.active = 1 AND s.position NOT IN (SELECT value FROM json_each(?)) ORDER BY s.staff_no`,
      )
      .all(JSON.stringify(positions)) as StoredStaff[]
  ).map(toStaffRecord);
}

export type TransferNames = {
  onDate: string;
  fromSection: string | null;
  fromLine: string | null;
  toSection: string | null;
  toLine: string | null;
};

/** A person's transfers, newest first, with section and line names. */
export function transfersOf(db: Db, staffId: number): TransferNames[] {
  return db
    .prepare(
      `SELECT t.on_date AS onDate, fs.name AS fromSection, fl.name AS fromLine, ts.name AS toSection, tl.name AS toLine
       FROM transfers t
       LEFT JOIN sections fs ON fs.id = t.from_section_id LEFT JOIN lines fl ON fl.id = t.from_line_id
       LEFT JOIN sections ts ON ts.id = t.to_section_id LEFT JOIN lines tl ON tl.id = t.to_line_id
       WHERE t.staff_id = ? ORDER BY t.on_date DESC, t.id DESC`,
    )
    .all(staffId) as TransferNames[];
}

/** Staff to pick from when linking an account: by 職員番号, name or reading. */
export function staffOptions(db: Db, query: string, limit = 20): StaffOption[] {
  const like = likePattern(query);
  return db
    .prepare(
      `SELECT s.staff_no AS staffNo, s.name, s.kana, sec.name AS section
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE s.active = 1 AND (s.staff_no LIKE ? ESCAPE '\\' OR replace(s.name, '　', '') LIKE ? ESCAPE '\\'
              OR s.name LIKE ? ESCAPE '\\' OR s.kana LIKE ? ESCAPE '\\')
       ORDER BY s.staff_no LIMIT ?`,
    )
    .all(like, like.replace(/[ 　]/gu, ''), like, like, limit) as StaffOption[];
}

export function listCycles(db: Db, currentFy: number): CycleRow[] {
  const rows = db.prepare('SELECT fy, phase FROM cycles ORDER BY fy DESC').all() as { fy: number; phase: string }[];
  const has = rows.some((r) => r.fy === currentFy);
  const chosen = has ? currentFy : (rows[0]?.fy ?? currentFy);
  return rows.map((r) => ({ fy: r.fy, phase: r.phase, current: r.fy === chosen, closed: closedIn(r.fy, currentFy) }));
}

export function cycleExists(db: Db, fy: number): boolean {
  return db.prepare('SELECT 1 FROM cycles WHERE fy = ?').get(fy) !== undefined;
}

export function ensureCycle(db: Db, fy: number): void {
  db.prepare('INSERT OR IGNORE INTO cycles (fy, phase, created_at) VALUES (?, ?, ?)').run(
    fy,
    '目標設定',
    new Date().toISOString(),
  );
}
