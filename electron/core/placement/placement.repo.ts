import type { PlacementPageRequest, PlacementSortField } from '../../../shared/api/placement';
import { gradeGroups, positions } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import type { Db } from '../db/connection';
import { pageClause } from '../db/paging';
import { staffSelect, toStaffRecord } from '../staff/org.repo';
import type { StaffRecord, StoredStaff } from '../staff/org.repo';

/*
 * What the placement list (docs/placement.md) reads that no other repository offers: who wishes to
 * transfer in a year, for the list's 異動希望 filter, and the filtered, sorted, paged list itself
 * (docs/lists.md). Everything else — staff, transfers,
 * appraisals, imported results (history.repo.ts), self-reports, awards, training, applications — is
 * read through its own domain's repository.
 */

/**
 * The staff whose self-report of the year, submitted (提出済 or 面談済), says 異動希望. Reads that
 * one column and the status, nothing else of the report.
 */
export function transferWishersOfYear(db: Db, fy: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT staff_id AS staffId FROM self_reports
       WHERE fy = ? AND transfer_wish = '異動希望' AND status IN ('提出済', '面談済')`,
    )
    .all(fy) as { staffId: number }[];
  return new Set(rows.map((r) => r.staffId));
}

/** The placement list's conditions as the repository takes them (docs/placement.md). */
export type PlacementWhere = {
  fy: number;
  section: string | null;
  gradeGroup: GradeGroup | null;
  minYearsInPost: number | null;
  wishesTransfer: boolean;
  applied: boolean;
  rankClass: number | null;
  /** Who applied to a posting of the year: read through the postings repository, the only one that may. */
  applicants: readonly number[];
};

/** A person of the filtered list: the row id and the two marks the list computes in SQL. */
export type PlacementHit = { id: number; wishesTransfer: boolean; applied: boolean };

/** CASE over a vocabulary in HR's order (shared/org.ts), for sorting: 課長級 before 係長級 … */
const listedOrder = (column: string, values: readonly string[]): string =>
  `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`;

/** Whole years from a date column to the fiscal year's 1 April, as yearsBetween counts them (null without the date). */
const yearsSql = (column: string): string =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE max(0, @fy - CAST(substr(${column}, 1, 4) AS INTEGER) - (substr(${column}, 6, 5) > '04-01')) END`;

/**
 * Each sortable field's SQL over `hits` (docs/lists.md): written here, never taken from the caller.
 * 'section' is the list's own order — sections as the office orders them (no 所属 last), then 職層 —
 * with ties broken by 職員番号, exactly as the unpaged list sorts.
 */
const placementSortColumns: Record<PlacementSortField, string> = {
  section: 'sec_key',
  staffNo: 'staff_no',
  name: 'kana',
  position: 'position_key',
  gradeGroup: 'grade_key',
  yearsOfService: 'years_of_service',
  yearsInPost: 'years_in_post',
  wishesTransfer: 'wishes',
  applied: 'applied',
};

/**
 * The filtered list in one statement (docs/placement.md): active staff, the conditions in SQL —
 * 在課年数 as a date bound, 異動希望 from the year's submitted self-report, 公募 from the year's
 * applications, and 区分 of the three years as the results read them (Kaname's 確定 appraisal wins,
 * else the imported row; the 区長 is never appraised in Kaname) — no person's summary is read.
 */
function hitsSql(f: PlacementWhere): { sql: string; params: Record<string, string | number> } {
  const where: string[] = ['s.active = 1'];
  const params: Record<string, string | number> = { fy: f.fy, applicants: JSON.stringify(f.applicants) };
  if (f.section) {
    where.push('sec.name = @section');
    params.section = f.section;
  }
  if (f.gradeGroup) {
    where.push('s.grade_group = @gradeGroup');
    params.gradeGroup = f.gradeGroup;
  }
  if (f.minYearsInPost !== null) {
    // yearsBetween(posted_on, fy-04-01) >= n  ⇔  posted_on <= (fy - n)-04-01 (0: any known date).
    where.push(f.minYearsInPost === 0 ? 's.posted_on IS NOT NULL' : 's.posted_on <= @postedBy');
    if (f.minYearsInPost > 0) params.postedBy = `${String(f.fy - f.minYearsInPost).padStart(4, '0')}-04-01`;
  }
  if (f.rankClass !== null) {
    // One set per query, not a look-up per person: Kaname's 確定 class of the three years, else the
    // imported class of a year without a 確定 appraisal (the 区長 is never appraised in Kaname).
    where.push(`s.id IN (
      SELECT a.staff_id FROM appraisals a JOIN staff ap ON ap.id = a.staff_id
      WHERE a.fy BETWEEN @fy - 2 AND @fy AND a.status = '確定' AND ap.position <> '区長' AND a.rank_class = @rankClass
      UNION
      SELECT h.staff_id FROM appraisal_history h JOIN staff hp ON hp.id = h.staff_id
      WHERE h.fy BETWEEN @fy - 2 AND @fy AND h.rank_class = @rankClass
        AND NOT (hp.position <> '区長' AND EXISTS (
          SELECT 1 FROM appraisals c WHERE c.fy = h.fy AND c.staff_id = h.staff_id AND c.status = '確定')))`);
    params.rankClass = f.rankClass;
  }
  const marks: string[] = [];
  if (f.wishesTransfer) marks.push('wishes = 1');
  if (f.applied) marks.push('applied = 1');
  const sql = `
    WITH org_sec AS (SELECT id, row_number() OVER (ORDER BY sort, id) AS rank FROM sections),
    hits AS (
      SELECT s.id, s.staff_no, s.kana,
             coalesce(org_sec.rank, 1000000000) * 10 + ${listedOrder('s.grade_group', gradeGroups)} AS sec_key,
             ${listedOrder('s.position', positions)} AS position_key,
             ${listedOrder('s.grade_group', gradeGroups)} AS grade_key,
             ${yearsSql('s.hired_on')} AS years_of_service,
             ${yearsSql('s.posted_on')} AS years_in_post,
             s.id IN (SELECT r.staff_id FROM self_reports r WHERE r.fy = @fy
                      AND r.transfer_wish = '異動希望' AND r.status IN ('提出済', '面談済')) AS wishes,
             s.id IN (SELECT value FROM json_each(@applicants)) AS applied
      FROM staff s
        LEFT JOIN sections sec ON sec.id = s.section_id
        LEFT JOIN org_sec ON org_sec.id = s.section_id
      WHERE ${where.join(' AND ')}
    )
    SELECT id, staff_no, wishes, applied FROM hits${marks.length ? ` WHERE ${marks.join(' AND ')}` : ''}`;
  return { sql, params };
}

type StoredHit = { id: number; staff_no: string; wishes: number; applied: number };
const toHit = (r: StoredHit): PlacementHit => ({ id: r.id, wishesTransfer: r.wishes === 1, applied: r.applied === 1 });

/** How many people match the conditions. */
export function countPlacement(db: Db, f: PlacementWhere): number {
  const q = hitsSql(f);
  return (db.prepare(`SELECT count(*) AS n FROM (${q.sql})`).get(q.params) as { n: number }).n;
}

/** One page of the matching people, sorted in SQL (docs/lists.md), ties by 職員番号. */
export function placementHits(db: Db, f: PlacementWhere, page: PlacementPageRequest): PlacementHit[] {
  const q = hitsSql(f);
  const order = pageClause(placementSortColumns, page, 'staff_no', 'section');
  return (db.prepare(`${q.sql} ${order.sql}`).all({ ...q.params, ...order.params }) as StoredHit[]).map(toHit);
}

/** Every matching person's 職員番号 in the list's order (a print chosen by condition). */
export function placementStaffNos(db: Db, f: PlacementWhere): string[] {
  const q = hitsSql(f);
  return db
    .prepare(`${q.sql} ORDER BY sec_key, staff_no`)
    .all(q.params)
    .map((r) => (r as StoredHit).staff_no);
}

/** The staff records of the given ids, in the order given. */
export function staffOfIds(db: Db, ids: readonly number[]): StaffRecord[] {
  const rows = db
    .prepare(`${staffSelect} WHERE s.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as StoredStaff[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toStaffRecord(r)] : [];
  });
}
