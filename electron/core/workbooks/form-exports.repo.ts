import type { FormKind } from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { Actor } from '../system/audit.repo';

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
