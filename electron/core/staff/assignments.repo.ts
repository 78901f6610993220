import type { AreaRole } from '../../../shared/org';
import type { Db } from '../db/connection';

export type EvaluatorAssignment = {
  id: number;
  fy: number;
  staffId: number;
  firstId: number | null;
  secondId: number | null;
  adjusterId: number | null;
  effectiveFrom: string;
  effectiveTo: string | null;
};

/** The assignments in force (no end date) for a year, by staff id. */
export function openEvaluatorAssignments(db: Db, fy: number): Map<number, EvaluatorAssignment> {
  const rows = db
    .prepare(
      `SELECT id, fy, staff_id AS staffId, first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId,
              effective_from AS effectiveFrom, effective_to AS effectiveTo
       FROM evaluator_assignments WHERE fy = ? AND effective_to IS NULL`,
    )
    .all(fy) as EvaluatorAssignment[];
  return new Map(rows.map((r) => [r.staffId, r]));
}

export function insertEvaluatorAssignment(db: Db, a: Omit<EvaluatorAssignment, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from, effective_to)
         VALUES (@fy, @staffId, @firstId, @secondId, @adjusterId, @effectiveFrom, @effectiveTo)`,
      )
      .run(a).lastInsertRowid,
  );
}

export function updateEvaluators(
  db: Db,
  id: number,
  a: Pick<EvaluatorAssignment, 'firstId' | 'secondId' | 'adjusterId'>,
): void {
  db.prepare(
    'UPDATE evaluator_assignments SET first_id = @firstId, second_id = @secondId, adjuster_id = @adjusterId WHERE id = @id',
  ).run({ ...a, id });
}

export function endEvaluatorAssignment(db: Db, id: number, effectiveTo: string): void {
  db.prepare('UPDATE evaluator_assignments SET effective_to = ? WHERE id = ?').run(effectiveTo, id);
}

export type AreaAssignment = {
  fy: number;
  staffId: number;
  areaId: number;
  area: string;
  role: AreaRole;
  partnerId: number | null;
};

export function areaAssignments(db: Db, fy: number): Map<number, AreaAssignment> {
  const rows = db
    .prepare(
      `SELECT aa.fy, aa.staff_id AS staffId, aa.area_id AS areaId, a.name AS area, aa.role, aa.partner_id AS partnerId
       FROM area_assignments aa JOIN areas a ON a.id = aa.area_id WHERE aa.fy = ?`,
    )
    .all(fy) as AreaAssignment[];
  return new Map(rows.map((r) => [r.staffId, r]));
}

export function areaIds(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT id, name FROM areas').all() as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.name, r.id]));
}

export function insertArea(db: Db, name: string): number {
  return Number(db.prepare('INSERT INTO areas (name) VALUES (?)').run(name).lastInsertRowid);
}

export function upsertAreaAssignment(db: Db, a: Omit<AreaAssignment, 'area'>): void {
  db.prepare(
    `INSERT INTO area_assignments (fy, area_id, staff_id, role, partner_id) VALUES (@fy, @areaId, @staffId, @role, @partnerId)
     ON CONFLICT (fy, staff_id) DO UPDATE SET area_id = excluded.area_id, role = excluded.role, partner_id = excluded.partner_id`,
  ).run(a);
}

export function clearAreaPartner(db: Db, fy: number, staffId: number): void {
  db.prepare('UPDATE area_assignments SET partner_id = NULL WHERE fy = ? AND staff_id = ?').run(fy, staffId);
}
