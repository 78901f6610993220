import type { PersonRef, StaffRow } from '../../../shared/contract';
import type { Employment, GradeGroup, Position } from '../../../shared/org';
import type { Db } from '../db/connection';

/** A staff member as stored, with the ids an import needs. */
export type StaffRecord = StaffRow & { id: number; sectionId: number | null; lineId: number | null };

export type StoredStaff = {
  id: number;
  staff_no: string;
  name: string;
  kana: string;
  section_id: number | null;
  line_id: number | null;
  section: string | null;
  line: string | null;
  position: Position;
  grade_group: GradeGroup;
  job_type: string;
  employment: Employment;
  hired_on: string | null;
  posted_on: string | null;
  qualifications: string;
  active: number;
};

export const staffSelect = `
  SELECT s.id, s.staff_no, s.name, s.kana, s.section_id, s.line_id, sec.name AS section, l.name AS line,
         s.position, s.grade_group, s.job_type, s.employment, s.hired_on, s.posted_on, s.qualifications, s.active
  FROM staff s
  LEFT JOIN sections sec ON sec.id = s.section_id
  LEFT JOIN lines l ON l.id = s.line_id`;

export function toStaffRecord(r: StoredStaff): StaffRecord {
  return {
    id: r.id,
    staffNo: r.staff_no,
    name: r.name,
    kana: r.kana,
    sectionId: r.section_id,
    lineId: r.line_id,
    section: r.section,
    line: r.line,
    position: r.position,
    gradeGroup: r.grade_group,
    jobType: r.job_type,
    employment: r.employment,
    hiredOn: r.hired_on,
    postedOn: r.posted_on,
    qualifications: r.qualifications,
    active: r.active === 1,
  };
}

export function toPersonRef(r: StaffRecord): PersonRef {
  return { staffNo: r.staffNo, name: r.name, section: r.section, position: r.position };
}

/** The roster's fields in 職員名簿 column order (exports, audit entries). */
export const staffFields = [
  'staffNo',
  'name',
  'kana',
  'section',
  'line',
  'position',
  'gradeGroup',
  'jobType',
  'employment',
  'hiredOn',
  'postedOn',
  'qualifications',
  'active',
] as const satisfies readonly (keyof StaffRow)[];

export function toStaffRow(r: StaffRecord): StaffRow {
  const { id: _id, sectionId: _s, lineId: _l, ...row } = r;
  return row;
}

export function allStaff(db: Db): StaffRecord[] {
  return (db.prepare(`${staffSelect} ORDER BY s.staff_no`).all() as StoredStaff[]).map(toStaffRecord);
}

type SnapshotRow = [
  number,
  string,
  string,
  string,
  number | null,
  number | null,
  Position,
  GradeGroup,
  string,
  Employment,
  string | null,
  string | null,
  string,
  number,
];

/**
 * Every staff record, in no particular order: what the importers plan against and look people up
 * in (docs/workbook-import.md "Writing the rows"). The same records as allStaff, read as a plain
 * scan of the table with the 所属 and 担当 names from two small maps: sorted and joined, a
 * 35,000-person office took about twice as long, for an order a lookup never uses. allStaff is for
 * what lists people in 職員番号 order (the roster's export, the demo).
 */
export function staffSnapshot(db: Db): StaffRecord[] {
  const sections = new Map(
    (db.prepare('SELECT id, name FROM sections').raw(true).all() as [number, string][]).map(([id, name]) => [id, name]),
  );
  const lines = new Map(
    (db.prepare('SELECT id, name FROM lines').raw(true).all() as [number, string][]).map(([id, name]) => [id, name]),
  );
  const rows = db
    .prepare(
      `SELECT id, staff_no, name, kana, section_id, line_id, position, grade_group, job_type, employment, hired_on,
              posted_on, qualifications, active
       FROM staff`,
    )
    .raw(true)
    .all() as SnapshotRow[];
  const out: StaffRecord[] = new Array<StaffRecord>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i] as SnapshotRow;
    out[i] = {
      id: r[0],
      staffNo: r[1],
      name: r[2],
      kana: r[3],
      sectionId: r[4],
      lineId: r[5],
      section: r[4] === null ? null : (sections.get(r[4]) ?? null),
      line: r[5] === null ? null : (lines.get(r[5]) ?? null),
      position: r[6],
      gradeGroup: r[7],
      jobType: r[8],
      employment: r[9],
      hiredOn: r[10],
      postedOn: r[11],
      qualifications: r[12],
      active: r[13] === 1,
    };
  }
  return out;
}

/** The sections and their lines in the office's order, with how many active staff each section has. */
export function sectionsWithLines(db: Db): { name: string; lines: string[]; activeStaff: number }[] {
  const sections = db.prepare('SELECT id, name FROM sections ORDER BY sort, id').all() as {
    id: number;
    name: string;
  }[];
  const lines = db.prepare('SELECT section_id, name FROM lines ORDER BY sort, id').all() as {
    section_id: number;
    name: string;
  }[];
  const counts = new Map(
    (
      db.prepare('SELECT section_id, count(*) AS n FROM staff WHERE active = 1 GROUP BY section_id').all() as {
        section_id: number;
        n: number;
      }[]
    ).map((r) => [r.section_id, r.n]),
  );
  return sections.map((s) => ({
    name: s.name,
    lines: lines.filter((l) => l.section_id === s.id).map((l) => l.name),
    activeStaff: counts.get(s.id) ?? 0,
  }));
}

export function sectionIds(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT id, name FROM sections').all() as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.name, r.id]));
}

export function lineKey(sectionId: number, name: string): string {
  return `${sectionId}\t${name}`;
}

export function lineIds(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT id, section_id, name FROM lines').all() as {
    id: number;
    section_id: number;
    name: string;
  }[];
  return new Map(rows.map((r) => [lineKey(r.section_id, r.name), r.id]));
}

export function insertSection(db: Db, name: string): number {
  const sort = (db.prepare('SELECT coalesce(max(sort), 0) + 10 AS s FROM sections').get() as { s: number }).s;
  return Number(db.prepare('INSERT INTO sections (name, sort) VALUES (?, ?)').run(name, sort).lastInsertRowid);
}

export function insertLine(db: Db, sectionId: number, name: string): number {
  const sort = (
    db.prepare('SELECT coalesce(max(sort), 0) + 10 AS s FROM lines WHERE section_id = ?').get(sectionId) as {
      s: number;
    }
  ).s;
  return Number(
    db.prepare('INSERT INTO lines (section_id, name, sort) VALUES (?, ?, ?)').run(sectionId, name, sort)
      .lastInsertRowid,
  );
}

export type StaffValues = Omit<StaffRecord, 'id' | 'section' | 'line'>;

/** Prepared once per import: the insert and update of a staff row (positional, for speed at city scale). */
export function staffWriter(db: Db): {
  insert: (v: StaffValues) => number;
  update: (id: number, v: StaffValues) => void;
} {
  const insert = db.prepare(
    `INSERT INTO staff (staff_no, name, kana, section_id, line_id, position, grade_group, job_type, employment, hired_on, posted_on, qualifications, active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE staff SET staff_no = ?, name = ?, kana = ?, section_id = ?, line_id = ?, position = ?, grade_group = ?, job_type = ?,
       employment = ?, hired_on = ?, posted_on = ?, qualifications = ?, active = ?
     WHERE id = ?`,
  );
  const params = (v: StaffValues) =>
    [
      v.staffNo,
      v.name,
      v.kana,
      v.sectionId,
      v.lineId,
      v.position,
      v.gradeGroup,
      v.jobType,
      v.employment,
      v.hiredOn,
      v.postedOn,
      v.qualifications,
      v.active ? 1 : 0,
    ] as const;
  return {
    insert: (v) => Number(insert.run(params(v)).lastInsertRowid),
    update: (id, v) => {
      update.run(...params(v), id);
    },
  };
}

export function insertTransfer(
  db: Db,
  t: {
    staffId: number;
    onDate: string;
    fromSectionId: number | null;
    fromLineId: number | null;
    toSectionId: number | null;
    toLineId: number | null;
  },
): void {
  db.prepare(
    `INSERT INTO transfers (staff_id, on_date, from_section_id, from_line_id, to_section_id, to_line_id)
     VALUES (@staffId, @onDate, @fromSectionId, @fromLineId, @toSectionId, @toLineId)`,
  ).run(t);
}
