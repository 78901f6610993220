import type { RankClass } from '../../../shared/ranking';
import type { Db } from '../db/connection';

/*
 * Past years' appraisal results imported from the 人事考課結果 sheet (table appraisal_history,
 * docs/workbooks.md, docs/placement.md): one row per year and person. A year confirmed in Kaname is
 * read from its appraisals, never from here, and the import never writes such a year.
 */

export type HistoryRecord = {
  fy: number;
  staffId: number;
  /** 絶対評価点; null when the file gave only the class. */
  score: number | null;
  /** 第1区分 … 第5区分 as 1–5; null when the file gave only the score. */
  rankClass: RankClass | null;
  importedAt: string;
};

type Stored = { fy: number; staff_id: number; score: number | null; rank_class: number | null; imported_at: string };

const toRecord = (r: Stored): HistoryRecord => ({
  fy: r.fy,
  staffId: r.staff_id,
  score: r.score,
  rankClass: r.rank_class as RankClass | null,
  importedAt: r.imported_at,
});

/** The imported results of a year, by staff id. */
export function historyOfYear(db: Db, fy: number): Map<number, HistoryRecord> {
  const rows = db.prepare('SELECT * FROM appraisal_history WHERE fy = ?').all(fy) as Stored[];
  return new Map(rows.map((r) => [r.staff_id, toRecord(r)]));
}

/**
 * The imported results of the years from `fromFy` to `toFy` (both included), by year then staff id;
 * with `staffIds`, only those people's (one page of the placement list).
 */
export function historyBetween(db: Db, fromFy: number, toFy: number, staffIds?: readonly number[]): HistoryRecord[] {
  const only = staffIds ? ' AND staff_id IN (SELECT value FROM json_each(?))' : '';
  const rows = db
    .prepare(`SELECT * FROM appraisal_history WHERE fy BETWEEN ? AND ?${only} ORDER BY fy, staff_id`)
    .all(fromFy, toFy, ...(staffIds ? [JSON.stringify(staffIds)] : [])) as Stored[];
  return rows.map(toRecord);
}

/** One person's imported results, oldest year first. */
export function historyOfStaff(db: Db, staffId: number): HistoryRecord[] {
  const rows = db.prepare('SELECT * FROM appraisal_history WHERE staff_id = ? ORDER BY fy').all(staffId) as Stored[];
  return rows.map(toRecord);
}

/** What the 人事考課結果 export lists: the imported rows up to a year, with 職員番号, by year then 職員番号. */
export type HistoryExportRow = HistoryRecord & { staffNo: string };

export function historyForExport(db: Db, toFy: number): HistoryExportRow[] {
  const rows = db
    .prepare(
      `SELECT h.*, s.staff_no FROM appraisal_history h JOIN staff s ON s.id = h.staff_id
       WHERE h.fy <= ? ORDER BY h.fy, s.staff_no`,
    )
    .all(toFy) as (Stored & { staff_no: string })[];
  return rows.map((r) => ({ ...toRecord(r), staffNo: r.staff_no }));
}

/** Prepared once: inserts a year's result for a person, or replaces the one stored (keyed by year and person). */
export function historyWriter(db: Db): (r: HistoryRecord) => void {
  const upsert = db.prepare(
    `INSERT INTO appraisal_history (fy, staff_id, score, rank_class, imported_at)
     VALUES (@fy, @staffId, @score, @rankClass, @importedAt)
     ON CONFLICT (fy, staff_id) DO UPDATE SET
       score = excluded.score, rank_class = excluded.rank_class, imported_at = excluded.imported_at`,
  );
  return (r) => {
    upsert.run(r);
  };
}

export function upsertHistory(db: Db, r: HistoryRecord): void {
  historyWriter(db)(r);
}
