import type { Db } from '../db/connection';
import { staffSelect, toStaffRecord } from '../staff/org.repo';
import type { StaffRecord, StoredStaff } from '../staff/org.repo';

/* The 地域カルテ's tables (docs/organisation.md): patrols with their pair, study sessions with their attendees. */

export type LogKind = 'patrol' | 'study';

const tables = {
  patrol: { entries: 'area_patrols', people: 'area_patrol_members', key: 'patrol_id' },
  study: { entries: 'area_studies', people: 'area_study_attendees', key: 'study_id' },
} as const;

/** The table an entry of a kind lives in (also the audit entity). */
export function logTable(kind: LogKind): 'area_patrols' | 'area_studies' {
  return tables[kind].entries;
}

export function areaIdByName(db: Db, name: string): number | undefined {
  const row = db.prepare('SELECT id FROM areas WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id;
}

/** An area's team in a year: leaders first, then by 職員番号. */
export function areaTeam(db: Db, fy: number, areaId: number): StaffRecord[] {
  return (
    db
      .prepare(
        `${staffSelect} JOIN area_assignments aa ON aa.staff_id = s.id
         WHERE aa.fy = ? AND aa.area_id = ? ORDER BY aa.role DESC, s.staff_no`,
      )
      .all(fy, areaId) as StoredStaff[]
  ).map(toStaffRecord);
}

/** The pair of a patrol or the attendees of a study session, by 職員番号. */
export function entryPeople(db: Db, kind: LogKind, id: number): StaffRecord[] {
  const t = tables[kind];
  return (
    db
      .prepare(`${staffSelect} JOIN ${t.people} m ON m.staff_id = s.id WHERE m.${t.key} = ? ORDER BY s.staff_no`)
      .all(id) as StoredStaff[]
  ).map(toStaffRecord);
}

type Written = { id: number; onDate: string; notes: string; writtenBy: number | null; writer: string };
export type StoredPatrol = Written & { findings: string };
export type StoredStudy = Written & { topic: string };

/** A year's patrols of an area, newest first. */
export function patrolsOf(db: Db, fy: number, areaId: number): StoredPatrol[] {
  return db
    .prepare(
      `SELECT id, on_date AS onDate, notes, findings, written_by AS writtenBy, writer FROM area_patrols
       WHERE fy = ? AND area_id = ? ORDER BY on_date DESC, id DESC`,
    )
    .all(fy, areaId) as StoredPatrol[];
}

/** A year's study sessions of an area, newest first. */
export function studiesOf(db: Db, fy: number, areaId: number): StoredStudy[] {
  return db
    .prepare(
      `SELECT id, on_date AS onDate, topic, notes, written_by AS writtenBy, writer FROM area_studies
       WHERE fy = ? AND area_id = ? ORDER BY on_date DESC, id DESC`,
    )
    .all(fy, areaId) as StoredStudy[];
}

type NewEntry = {
  fy: number;
  areaId: number;
  onDate: string;
  notes: string;
  writtenBy: number;
  writer: string;
  createdAt: string;
};

/** Records a patrol and its pair; returns its id. */
export function insertPatrol(db: Db, p: NewEntry & { findings: string }, pair: readonly number[]): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO area_patrols (fy, area_id, on_date, notes, findings, written_by, writer, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.fy, p.areaId, p.onDate, p.notes, p.findings, p.writtenBy, p.writer, p.createdAt).lastInsertRowid,
  );
  const add = db.prepare('INSERT INTO area_patrol_members (patrol_id, staff_id) VALUES (?, ?)');
  for (const staffId of pair) add.run(id, staffId);
  return id;
}

/** Records a study session and its attendees; returns its id. */
export function insertStudy(db: Db, s: NewEntry & { topic: string }, attendees: readonly number[]): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO area_studies (fy, area_id, on_date, topic, notes, written_by, writer, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.fy, s.areaId, s.onDate, s.topic, s.notes, s.writtenBy, s.writer, s.createdAt).lastInsertRowid,
  );
  const add = db.prepare('INSERT INTO area_study_attendees (study_id, staff_id) VALUES (?, ?)');
  for (const staffId of attendees) add.run(id, staffId);
  return id;
}

/** An entry as stored (every column, for the audit's "before"), if it is of that year and area. */
export function storedEntry(
  db: Db,
  kind: LogKind,
  id: number,
  fy: number,
  areaId: number,
): (Record<string, unknown> & { written_by: number | null }) | undefined {
  return db
    .prepare(`SELECT * FROM ${tables[kind].entries} WHERE id = ? AND fy = ? AND area_id = ?`)
    .get(id, fy, areaId) as (Record<string, unknown> & { written_by: number | null }) | undefined;
}

export function deleteEntry(db: Db, kind: LogKind, id: number): void {
  db.prepare(`DELETE FROM ${tables[kind].entries} WHERE id = ?`).run(id);
}
