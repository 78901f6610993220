import type { Db } from '../db/connection';

/*
 * What the roster sheets' "current data" exports read (roster/*.ts, docs/workbooks.md): the open
 * evaluator assignments and the area teams of a year, in the order the sheets list them.
 */

export type EvaluatorExportRow = {
  staff_id: number;
  first_id: number | null;
  second_id: number | null;
  adjuster_id: number | null;
};

export function evaluatorExportRows(db: Db, fy: number): EvaluatorExportRow[] {
  return db
    .prepare(
      `SELECT ea.staff_id, ea.first_id, ea.second_id, ea.adjuster_id FROM evaluator_assignments ea
       JOIN staff s ON s.id = ea.staff_id WHERE ea.fy = ? AND ea.effective_to IS NULL ORDER BY s.staff_no`,
    )
    .all(fy) as EvaluatorExportRow[];
}

export type AreaExportRow = { area: string; staff_id: number; role: string; partner_id: number | null };

export function areaExportRows(db: Db, fy: number): AreaExportRow[] {
  return db
    .prepare(
      `SELECT a.name AS area, aa.staff_id, aa.role, aa.partner_id FROM area_assignments aa
       JOIN areas a ON a.id = aa.area_id JOIN staff s ON s.id = aa.staff_id
       WHERE aa.fy = ? ORDER BY a.name, aa.role DESC, s.staff_no`,
    )
    .all(fy) as AreaExportRow[];
}

/** Whether the year's evaluation cycle exists. */
export function hasCycle(db: Db, fy: number): boolean {
  return db.prepare('SELECT 1 FROM cycles WHERE fy = ?').get(fy) !== undefined;
}
