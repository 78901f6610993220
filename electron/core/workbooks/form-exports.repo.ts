import type { FormKind } from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { Actor } from '../system/audit.repo';
import { staffSelect, toStaffRecord } from '../staff/org.repo';
import type { StaffRecord, StoredStaff } from '../staff/org.repo';

export type FormExportRecord = {
  id: number;
  token: string;
  kind: FormKind;
  fy: number;
  scope: string;
  createdAt: string;
  actor: string;
};

export type FormExportItem = {
  staffId: number;
  sheetName: string;
  formVersion: number;
  lockedHash: string;
  openHash: string;
  editable: boolean;
};

export function insertFormExport(
  db: Db,
  e: { token: string; kind: FormKind; fy: number; scope: string; actor: Actor },
  items: readonly FormExportItem[],
): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO form_exports (token, kind, fy, scope, created_at, actor_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.token, e.kind, e.fy, e.scope, new Date().toISOString(), e.actor.id, e.actor.label).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO form_export_items (export_id, staff_id, sheet_name, form_version, locked_hash, open_hash, editable)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const i of items) {
    insert.run(id, i.staffId, i.sheetName, i.formVersion, i.lockedHash, i.openHash, i.editable ? 1 : 0);
  }
  return id;
}

export function formExportByToken(db: Db, token: string): FormExportRecord | undefined {
  return db
    .prepare(`SELECT id, token, kind, fy, scope, created_at AS createdAt, actor FROM form_exports WHERE token = ?`)
    .get(token) as FormExportRecord | undefined;
}

export function formExportItems(db: Db, exportId: number): FormExportItem[] {
  return (
    db
      .prepare(
        `SELECT staff_id AS staffId, sheet_name AS sheetName, form_version AS formVersion, locked_hash AS lockedHash,
                open_hash AS openHash, editable
         FROM form_export_items WHERE export_id = ? ORDER BY rowid`,
      )
      .all(exportId) as (Omit<FormExportItem, 'editable'> & { editable: number })[]
  ).map((r) => ({ ...r, editable: r.editable === 1 }));
}

/**
 * The people of an export, in organisation order: one person, a section, or everyone; active staff,
 * and anyone who left but has a form that year.
 */
export function peopleFor(
  db: Db,
  kind: FormKind,
  fy: number,
  scope: { section: string | null; staffNo: string | null },
): StaffRecord[] {
  const formTable = kind === 'mbo' ? 'mbo_sheets' : 'self_reports';
  const rows = db
    .prepare(
      `${staffSelect}
       WHERE (@staffNo IS NULL OR s.staff_no = @staffNo)
         AND (@section IS NULL OR sec.name = @section)
         AND (s.active = 1 OR @staffNo IS NOT NULL
              OR EXISTS (SELECT 1 FROM ${formTable} f WHERE f.staff_id = s.id AND f.fy = @fy))
       ORDER BY sec.sort, s.section_id, l.sort, s.staff_no`,
    )
    .all({ fy, section: scope.section, staffNo: scope.staffNo }) as StoredStaff[];
  return rows.map(toStaffRecord);
}

export function countPeople(db: Db, kind: FormKind, fy: number, section: string | null): number {
  const formTable = kind === 'mbo' ? 'mbo_sheets' : 'self_reports';
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
         WHERE (@section IS NULL OR sec.name = @section)
           AND (s.active = 1 OR EXISTS (SELECT 1 FROM ${formTable} f WHERE f.staff_id = s.id AND f.fy = @fy))`,
      )
      .get({ fy, section }) as { n: number }
  ).n;
}

export function sectionExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM sections WHERE name = ?').get(name) !== undefined;
}
