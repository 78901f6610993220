import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';

/*
 * The evaluator workbooks' records (appraisal_exports, docs/workbooks.md): each export kept whole
 * as JSON under its token, and who an evaluator might write for.
 */

/** Everyone the evaluator might have something to write for: assigned as 1次/2次, named cross, or led area. */
export function evaluatorCandidates(db: Db, fy: number, evaluatorId: number): number[] {
  const rows = db
    .prepare(
      `SELECT staff_id AS id FROM evaluator_assignments
       WHERE fy = @fy AND (first_id = @e OR second_id = @e) AND (effective_to IS NULL OR effective_to >= @today)
       UNION
       SELECT m.staff_id FROM cross_ratings c JOIN mbo_goals g ON g.id = c.goal_id JOIN mbo_sheets m ON m.id = g.sheet_id
       WHERE m.fy = @fy AND c.evaluator_id = @e
       UNION
       SELECT member.staff_id FROM area_assignments leader
       JOIN area_assignments member ON member.fy = leader.fy AND member.area_id = leader.area_id AND member.staff_id <> leader.staff_id
       WHERE leader.fy = @fy AND leader.staff_id = @e AND leader.role = 'リーダー'`,
    )
    .all({ fy, e: evaluatorId, today: todayIso() }) as { id: number }[];
  return rows.map((r) => r.id);
}

export function insertAppraisalExport(
  db: Db,
  e: { token: string; fy: number; evaluatorId: number; record: string; createdAt: string; actor: string },
): void {
  db.prepare(
    'INSERT INTO appraisal_exports (token, fy, evaluator_id, record, created_at, actor) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(e.token, e.fy, e.evaluatorId, e.record, e.createdAt, e.actor);
}

/** The export's record as stored (JSON), or null when no export has this token. */
export function appraisalExportRecord(db: Db, token: string): string | null {
  return (
    (db.prepare('SELECT record FROM appraisal_exports WHERE token = ?').get(token) as { record: string } | undefined)
      ?.record ?? null
  );
}
