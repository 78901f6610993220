import type { PersonRef } from '../../../shared/api/common';
import type { MeasureOrg, MeasureRecordFact, MeasureUnit, PlanMeasure } from '../../../shared/plan';
import type { PageRequest } from '../../../shared/api/common';
import type { RecordSort } from '../../../shared/api/plan';
import type { Db } from '../db/connection';
import { pageClause } from '../db/paging';

/* SQL for the plan's measures and their records (docs/measures.md). */

type StoredMeasure = {
  id: number;
  plan: string;
  heading_no: number;
  heading: string;
  code: string;
  title: string;
  description: string;
  target_text: string;
  target_fy: number | null;
  unit: MeasureUnit;
  required: number;
  kpi_id: string | null;
  from_fy: number | null;
  to_fy: number | null;
  active: number;
  sort: number;
};

function toMeasure(r: StoredMeasure): PlanMeasure {
  return {
    id: r.id,
    plan: r.plan,
    headingNo: r.heading_no,
    heading: r.heading,
    code: r.code,
    title: r.title,
    description: r.description,
    targetText: r.target_text,
    targetFy: r.target_fy,
    unit: r.unit,
    required: r.required,
    kpiId: r.kpi_id,
    fromFy: r.from_fy,
    toFy: r.to_fy,
    active: r.active === 1,
    sort: r.sort,
  };
}

/** Every measure of every plan, in the plan's order (heading, then sort, then code). */
export function allMeasures(db: Db): PlanMeasure[] {
  return (db.prepare('SELECT * FROM plan_measures ORDER BY heading_no, sort, code').all() as StoredMeasure[]).map(
    toMeasure,
  );
}

/** The year's records as the status rule needs them. */
export function recordFactsOfYear(db: Db, fy: number): MeasureRecordFact[] {
  return db
    .prepare(
      `SELECT measure_id AS measureId, section_id AS sectionId, line_id AS lineId, participants
         FROM measure_records WHERE fy = ?`,
    )
    .all(fy) as MeasureRecordFact[];
}

/**
 * The units a measure may be held by: the sections and 担当 with at least one active staff member
 * (an empty 課 left in the organisation is not expected to hold a 意見交換会).
 */
export function measureOrg(db: Db): MeasureOrg {
  const sections = db
    .prepare(
      `SELECT s.id, s.name FROM sections s
        WHERE EXISTS (SELECT 1 FROM staff st WHERE st.section_id = s.id AND st.active = 1)
        ORDER BY s.sort, s.id`,
    )
    .all() as { id: number; name: string }[];
  const lines = db
    .prepare(
      `SELECT l.id, l.section_id AS sectionId, s.name AS section, l.name FROM lines l JOIN sections s ON s.id = l.section_id
        WHERE EXISTS (SELECT 1 FROM staff st WHERE st.line_id = l.id AND st.active = 1)
        ORDER BY s.sort, s.id, l.sort, l.id`,
    )
    .all() as { id: number; sectionId: number; section: string; name: string }[];
  return { sections, lines };
}

/** The measure with this id. */
export function measureById(db: Db, id: number): PlanMeasure | undefined {
  const r = db.prepare('SELECT * FROM plan_measures WHERE id = ?').get(id) as StoredMeasure | undefined;
  return r && toMeasure(r);
}

/** The id of the measure with this code (codes are unique), if any. */
export function measureIdByCode(db: Db, code: string): number | undefined {
  const r = db.prepare('SELECT id FROM plan_measures WHERE code = ?').get(code) as { id: number } | undefined;
  return r?.id;
}

/** A measure's values as HR enters them (without id and timestamps). */
export type MeasureValues = Omit<PlanMeasure, 'id'>;

/** Inserts (id null) or updates a measure; returns its id. */
export function writeMeasure(db: Db, id: number | null, m: MeasureValues, now: string): number {
  const values = {
    plan: m.plan,
    heading_no: m.headingNo,
    heading: m.heading,
    code: m.code,
    title: m.title,
    description: m.description,
    target_text: m.targetText,
    target_fy: m.targetFy,
    unit: m.unit,
    required: m.required,
    kpi_id: m.kpiId,
    from_fy: m.fromFy,
    to_fy: m.toFy,
    active: m.active ? 1 : 0,
    sort: m.sort,
    now,
  };
  if (id === null) {
    return Number(
      db
        .prepare(
          `INSERT INTO plan_measures (plan, heading_no, heading, code, title, description, target_text, target_fy, unit,
             required, kpi_id, from_fy, to_fy, active, sort, created_at, updated_at)
           VALUES (@plan, @heading_no, @heading, @code, @title, @description, @target_text, @target_fy, @unit,
             @required, @kpi_id, @from_fy, @to_fy, @active, @sort, @now, @now)`,
        )
        .run(values).lastInsertRowid,
    );
  }
  db.prepare(
    `UPDATE plan_measures SET plan = @plan, heading_no = @heading_no, heading = @heading, code = @code, title = @title,
       description = @description, target_text = @target_text, target_fy = @target_fy, unit = @unit,
       required = @required, kpi_id = @kpi_id, from_fy = @from_fy, to_fy = @to_fy, active = @active, sort = @sort,
       updated_at = @now
     WHERE id = @id`,
  ).run({ ...values, id });
  return id;
}

/** The next sort key after every measure of a heading (a new measure goes last under its heading). */
export function nextMeasureSort(db: Db, headingNo: number): number {
  const r = db.prepare('SELECT MAX(sort) AS s FROM plan_measures WHERE heading_no = ?').get(headingNo) as {
    s: number | null;
  };
  return (r.s ?? 0) + 10;
}

export function deleteMeasureRow(db: Db, id: number): void {
  db.prepare('DELETE FROM plan_measures WHERE id = ?').run(id);
}

/** How many records a measure has, over every year. */
export function recordCountOfMeasure(db: Db, measureId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM measure_records WHERE measure_id = ?').get(measureId) as { n: number })
    .n;
}

/** A record of what was done, with its measure's code and title and who held it by name. */
export type StoredRecord = {
  id: number;
  measureId: number;
  code: string;
  title: string;
  fy: number;
  heldOn: string;
  sectionId: number | null;
  section: string | null;
  lineId: number | null;
  line: string | null;
  participants: number;
  note: string;
  source: 'app' | 'import';
  createdBy: string;
  updatedAt: string;
  /** Staff ids of the participants recorded by name. */
  people: number[];
};

const recordSelect = `
  SELECT r.id, r.measure_id AS measureId, m.code, m.title, r.fy, r.held_on AS heldOn, r.section_id AS sectionId,
         s.name AS section, r.line_id AS lineId, l.name AS line, r.participants, r.note, r.source,
         r.created_by AS createdBy, r.updated_at AS updatedAt
    FROM measure_records r
    JOIN plan_measures m ON m.id = r.measure_id
    LEFT JOIN sections s ON s.id = r.section_id
    LEFT JOIN lines l ON l.id = r.line_id`;

function withPeople(db: Db, rows: Omit<StoredRecord, 'people'>[]): StoredRecord[] {
  if (rows.length === 0) return [];
  const people = new Map<number, number[]>();
  const ids = rows.map((r) => r.id);
  const stmt = db.prepare(
    `SELECT record_id AS recordId, staff_id AS staffId FROM measure_record_people
      WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id, staff_id`,
  );
  for (const p of stmt.all(JSON.stringify(ids)) as { recordId: number; staffId: number }[]) {
    const list = people.get(p.recordId);
    if (list) list.push(p.staffId);
    else people.set(p.recordId, [p.staffId]);
  }
  return rows.map((r) => ({ ...r, people: people.get(r.id) ?? [] }));
}

/** The records of a fiscal year, by date, then the measure's order, then who held them. */
export function recordsOfYear(db: Db, fy: number): StoredRecord[] {
  const rows = db
    .prepare(
      `${recordSelect} WHERE r.fy = ?
        ORDER BY r.held_on, m.heading_no, m.sort, m.code, COALESCE(s.sort, 0), COALESCE(r.section_id, 0),
                 COALESCE(l.sort, 0), COALESCE(r.line_id, 0), r.id`,
    )
    .all(fy) as Omit<StoredRecord, 'people'>[];
  return withPeople(db, rows);
}

const recordColumns: Record<RecordSort, string> = {
  heldOn: 'r.held_on',
  code: 'm.heading_no * 1000000 + m.sort',
  participants: 'r.participants',
};

/**
 * A page of a year's records (of one measure when `measureId` is given), newest first unless the
 * page asks for another order (docs/measures.md "At city scale"); ties by the record's id.
 */
export function recordsPage(
  db: Db,
  fy: number,
  measureId: number | null,
  page: PageRequest<RecordSort>,
): StoredRecord[] {
  const order = pageClause(recordColumns, page.sort ? page : { ...page, sort: 'heldOn', desc: true }, 'r.id', 'heldOn');
  const rows = db
    .prepare(`${recordSelect} WHERE r.fy = @fy AND (@measureId IS NULL OR r.measure_id = @measureId) ${order.sql}`)
    .all({ fy, measureId, ...order.params }) as Omit<StoredRecord, 'people'>[];
  return withPeople(db, rows);
}

/** How many records a year has (of one measure when `measureId` is given). */
export function recordCountOfYear(db: Db, fy: number, measureId: number | null): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM measure_records WHERE fy = ? AND (? IS NULL OR measure_id = ?)')
      .get(fy, measureId, measureId) as { n: number }
  ).n;
}

export function recordById(db: Db, id: number): StoredRecord | undefined {
  const rows = db.prepare(`${recordSelect} WHERE r.id = ?`).all(id) as Omit<StoredRecord, 'people'>[];
  return withPeople(db, rows)[0];
}

/** The id of the record of a measure on a day by the same unit (the table allows one), if any. */
export function recordIdAt(
  db: Db,
  measureId: number,
  heldOn: string,
  sectionId: number | null,
  lineId: number | null,
): number | undefined {
  const r = db
    .prepare(
      `SELECT id FROM measure_records
        WHERE measure_id = ? AND held_on = ? AND COALESCE(section_id, 0) = ? AND COALESCE(line_id, 0) = ?`,
    )
    .get(measureId, heldOn, sectionId ?? 0, lineId ?? 0) as { id: number } | undefined;
  return r?.id;
}

/** A record's values as written. */
export type RecordValues = {
  measureId: number;
  fy: number;
  heldOn: string;
  sectionId: number | null;
  lineId: number | null;
  participants: number;
  note: string;
  source: 'app' | 'import';
  createdBy: string;
  people: readonly number[];
};

/** Inserts (id null) or updates a record and replaces its people; returns its id. */
export function writeRecord(db: Db, id: number | null, r: RecordValues, now: string): number {
  let recordId: number;
  if (id === null) {
    recordId = Number(
      db
        .prepare(
          `INSERT INTO measure_records (measure_id, fy, held_on, section_id, line_id, participants, note, source,
             created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.measureId,
          r.fy,
          r.heldOn,
          r.sectionId,
          r.lineId,
          r.participants,
          r.note,
          r.source,
          r.createdBy,
          now,
          now,
        ).lastInsertRowid,
    );
  } else {
    recordId = id;
    db.prepare(
      `UPDATE measure_records SET measure_id = ?, fy = ?, held_on = ?, section_id = ?, line_id = ?, participants = ?,
         note = ?, source = ?, updated_at = ? WHERE id = ?`,
    ).run(r.measureId, r.fy, r.heldOn, r.sectionId, r.lineId, r.participants, r.note, r.source, now, id);
    db.prepare('DELETE FROM measure_record_people WHERE record_id = ?').run(id);
  }
  const add = db.prepare('INSERT OR IGNORE INTO measure_record_people (record_id, staff_id) VALUES (?, ?)');
  for (const staffId of r.people) add.run(recordId, staffId);
  return recordId;
}

export function deleteRecordRow(db: Db, id: number): void {
  db.prepare('DELETE FROM measure_record_people WHERE record_id = ?').run(id);
  db.prepare('DELETE FROM measure_records WHERE id = ?').run(id);
}

/** Every 課 and 担当 by name (records may name a 課 with no active staff left, unlike measureOrg). */
export function orgNames(db: Db): {
  sections: { id: number; name: string }[];
  lines: { id: number; sectionId: number; name: string }[];
} {
  return {
    sections: db.prepare('SELECT id, name FROM sections ORDER BY sort, id').all() as { id: number; name: string }[],
    lines: db.prepare('SELECT id, section_id AS sectionId, name FROM lines ORDER BY sort, id').all() as {
      id: number;
      sectionId: number;
      name: string;
    }[],
  };
}

/**
 * The people named on records, by staff id, as a PersonRef names them: only those ids are read,
 * never the whole roster (docs/measures.md).
 */
export function peopleOf(db: Db, ids: readonly number[]): Map<number, PersonRef> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, s.name, sec.name AS section, s.position
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(ids)])) as (PersonRef & { id: number })[];
  return new Map(rows.map(({ id, ...p }) => [id, p]));
}
