import type { PageRequest } from '../../../shared/api/common';
import type { PersonRef } from '../../../shared/contract';
import type { AreaRole, Position } from '../../../shared/org';
import type { Db } from '../db/connection';
import { pageClause } from '../db/paging';

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

export type EvaluatorIds = { firstId: number | null; secondId: number | null; adjusterId: number | null };

/** A person's evaluator assignments in force on `today` in a year (normally one), newest first. */
export function evaluatorsInForceOn(db: Db, fy: number, subjectId: number, today: string): EvaluatorIds[] {
  return db
    .prepare(
      `SELECT first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId FROM evaluator_assignments
       WHERE fy = ? AND staff_id = ? AND (effective_to IS NULL OR effective_to >= ?)
       ORDER BY effective_from DESC`,
    )
    .all(fy, subjectId, today) as EvaluatorIds[];
}

/** The assignments in force on `today` in a year on which a staff member is 1次, 2次 or 調整者. */
export function assignmentsOfEvaluator(
  db: Db,
  fy: number,
  evaluatorId: number,
  today: string,
): (EvaluatorIds & { staffId: number })[] {
  return db
    .prepare(
      `SELECT staff_id AS staffId, first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId
       FROM evaluator_assignments
       WHERE fy = @fy AND (first_id = @v OR second_id = @v OR adjuster_id = @v)
         AND (effective_to IS NULL OR effective_to >= @today)`,
    )
    .all({ fy, v: evaluatorId, today }) as (EvaluatorIds & { staffId: number })[];
}

/** Every evaluator assignment of a person in a year, ended ones too, oldest first. */
export function evaluatorHistory(
  db: Db,
  fy: number,
  staffId: number,
): (EvaluatorIds & { effectiveFrom: string; effectiveTo: string | null })[] {
  return db
    .prepare(
      `SELECT first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId, effective_from AS effectiveFrom,
              effective_to AS effectiveTo
       FROM evaluator_assignments WHERE fy = ? AND staff_id = ? ORDER BY effective_from, id`,
    )
    .all(fy, staffId) as (EvaluatorIds & { effectiveFrom: string; effectiveTo: string | null })[];
}

/** The areas, by name. */
export function areasByName(db: Db): { id: number; name: string; note: string }[] {
  return db.prepare('SELECT id, name, note FROM areas ORDER BY name').all() as {
    id: number;
    name: string;
    note: string;
  }[];
}

/** The area team a person is on in a year, if any. */
export function areaAssignmentOf(db: Db, fy: number, staffId: number): Omit<AreaAssignment, 'fy'> | undefined {
  return db
    .prepare(
      `SELECT aa.staff_id AS staffId, aa.area_id AS areaId, ar.name AS area, aa.role, aa.partner_id AS partnerId
       FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id
       WHERE aa.fy = ? AND aa.staff_id = ?`,
    )
    .get(fy, staffId) as Omit<AreaAssignment, 'fy'> | undefined;
}

/** The leader of an area team in a year (the first one, should there be several). */
export function areaLeaderId(db: Db, fy: number, areaId: number): number | null {
  const r = db
    .prepare(
      "SELECT staff_id AS id FROM area_assignments WHERE fy = ? AND area_id = ? AND role = 'リーダー' ORDER BY id LIMIT 1",
    )
    .get(fy, areaId) as { id: number } | undefined;
  return r?.id ?? null;
}

/** The leader of the area team a person is on in a year, if any. */
export function areaLeaderOfStaff(db: Db, fy: number, staffId: number): number | null {
  const r = db
    .prepare(
      `SELECT leader.staff_id AS id FROM area_assignments mine
       JOIN area_assignments leader ON leader.fy = mine.fy AND leader.area_id = mine.area_id AND leader.role = 'リーダー'
       WHERE mine.fy = ? AND mine.staff_id = ?`,
    )
    .get(fy, staffId) as { id: number } | undefined;
  return r?.id ?? null;
}

/** A year's area assignments, leaders first, then by 職員番号. */
export function areaAssignmentsInOrder(db: Db, fy: number): Omit<AreaAssignment, 'fy' | 'area'>[] {
  return db
    .prepare(
      `SELECT aa.area_id AS areaId, aa.staff_id AS staffId, aa.role, aa.partner_id AS partnerId
       FROM area_assignments aa JOIN staff s ON s.id = aa.staff_id
       WHERE aa.fy = ? ORDER BY aa.role DESC, s.staff_no`,
    )
    .all(fy) as Omit<AreaAssignment, 'fy' | 'area'>[];
}

/**
 * For the areas overview: each active person with an MBO sheet in the year, by 職員番号, and whether
 * the sheet has a 地域担当目標.
 */
export function areaGoalCoverage(db: Db, fy: number): { staffId: number; hasAreaGoal: boolean }[] {
  return (
    db
      .prepare(
        `SELECT m.staff_id AS staffId, max(g.category = '地域担当目標') AS hasAreaGoal
         FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id JOIN staff s ON s.id = m.staff_id
         WHERE m.fy = ? AND s.active = 1 GROUP BY m.staff_id ORDER BY s.staff_no`,
      )
      .all(fy) as { staffId: number; hasAreaGoal: number }[]
  ).map((r) => ({ staffId: r.staffId, hasAreaGoal: r.hasAreaGoal === 1 }));
}

/** One member of an area team with their partner, as the overview names them (leaders first, then by 職員番号). */
export type AreaMemberRow = { areaId: number; role: AreaRole; person: PersonRef; partner: PersonRef | null };

type StoredAreaMember = {
  areaId: number;
  role: AreaRole;
  staffNo: string;
  name: string;
  section: string | null;
  position: Position;
  partnerNo: string | null;
  partnerName: string | null;
  partnerSection: string | null;
  partnerPosition: Position | null;
};

const areaMemberSelect = `
  SELECT aa.area_id AS areaId, aa.role, s.staff_no AS staffNo, s.name, sec.name AS section, s.position,
         p.staff_no AS partnerNo, p.name AS partnerName, psec.name AS partnerSection, p.position AS partnerPosition
  FROM area_assignments aa
  JOIN staff s ON s.id = aa.staff_id
  LEFT JOIN sections sec ON sec.id = s.section_id
  LEFT JOIN staff p ON p.id = aa.partner_id
  LEFT JOIN sections psec ON psec.id = p.section_id`;

/**
 * A year's area team members with their partners in one query — of one area, or of all (areaId
 * null) — leaders first, then by 職員番号 (the order of `areaAssignmentsInOrder`).
 */
export function areaMembersInOrder(db: Db, fy: number, areaId: number | null): AreaMemberRow[] {
  const where = areaId === null ? 'WHERE aa.fy = @fy' : 'WHERE aa.fy = @fy AND aa.area_id = @areaId';
  const rows = db
    .prepare(`${areaMemberSelect} ${where} ORDER BY aa.role DESC, s.staff_no`)
    .all(areaId === null ? { fy } : { fy, areaId }) as StoredAreaMember[];
  return rows.map((r) => ({
    areaId: r.areaId,
    person: { staffNo: r.staffNo, name: r.name, section: r.section, position: r.position },
    role: r.role,
    partner:
      r.partnerNo === null
        ? null
        : { staffNo: r.partnerNo, name: r.partnerName ?? '', section: r.partnerSection, position: r.partnerPosition! },
  }));
}

const refSelect = `SELECT s.staff_no AS staffNo, s.name, sec.name AS section, s.position
  FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id`;

/** People's names by staff id, in one query. */
export function personRefsByIds(db: Db, ids: readonly number[]): Map<number, PersonRef> {
  const rows = db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, s.name, sec.name AS section, s.position
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (PersonRef & { id: number })[];
  return new Map(rows.map(({ id, ...ref }) => [id, ref]));
}

/** The areas whose team a person leads in a year (a person is on one team a year, so at most one). */
export function ledAreaIds(db: Db, fy: number, staffId: number): number[] {
  return (
    db
      .prepare("SELECT area_id AS id FROM area_assignments WHERE fy = ? AND staff_id = ? AND role = 'リーダー'")
      .all(fy, staffId) as { id: number }[]
  ).map((r) => r.id);
}

/** A page of people by 職員番号; a limit of -1 returns all. */
type NamesPage = PageRequest<'staffNo'>;

const byStaffNo = (page: NamesPage) => pageClause({ staffNo: 's.staff_no' }, page, 's.id', 'staffNo');

const unassignedWhere = `s.active = 1 AND s.position NOT IN (SELECT value FROM json_each(@except))
  AND NOT EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.staff_id = s.id)`;

/**
 * Active staff to be put on a team (positions in `except` are not) and how many of them are on
 * none in the year: counted in SQL, with a page of the unassigned's names by 職員番号.
 */
export function areaCandidates(
  db: Db,
  fy: number,
  except: readonly string[],
  page: NamesPage,
): { total: number; unassigned: number; names: PersonRef[] } {
  const params = { fy, except: JSON.stringify(except) };
  const counts = db
    .prepare(
      `SELECT count(*) AS total,
              coalesce(sum(NOT EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.staff_id = s.id)), 0) AS unassigned
       FROM staff s WHERE s.active = 1 AND s.position NOT IN (SELECT value FROM json_each(@except))`,
    )
    .get(params) as { total: number; unassigned: number };
  const clause = byStaffNo(page);
  const names = db
    .prepare(`${refSelect} WHERE ${unassignedWhere} ${clause.sql}`)
    .all({ ...params, ...clause.params }) as PersonRef[];
  return { ...counts, names };
}

// Active staff with an MBO sheet of at least one goal in the year, and whether it has a 地域担当目標.
const sheetsOfYear = `
  SELECT m.staff_id AS staffId, coalesce(max(g.category = '地域担当目標'), 0) AS hasAreaGoal
  FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id JOIN staff s ON s.id = m.staff_id
  WHERE m.fy = @fy AND s.active = 1 GROUP BY m.staff_id`;

/** How many written sheets the year has and how many of them lack a 地域担当目標 (one aggregate). */
export function areaGoalTotals(db: Db, fy: number): { written: number; lacking: number } {
  return db
    .prepare(
      `WITH sheets AS (${sheetsOfYear})
       SELECT count(*) AS written, coalesce(sum(hasAreaGoal = 0), 0) AS lacking FROM sheets`,
    )
    .get({ fy }) as { written: number; lacking: number };
}

/**
 * Those whose sheet lacks a 地域担当目標 — all, or only the members of the given areas' teams — a
 * page of their names by 職員番号 and (unless `counted` is false) how many there are; null when not counted.
 */
export function areaGoalLacking(
  db: Db,
  fy: number,
  areaIds: readonly number[] | null,
  page: NamesPage,
  counted = true,
): { rows: PersonRef[]; total: number | null } {
  const inAreas =
    areaIds === null
      ? ''
      : `AND s.id IN (SELECT staff_id FROM area_assignments WHERE fy = @fy
           AND area_id IN (SELECT value FROM json_each(@areas)))`;
  const params = { fy, areas: JSON.stringify(areaIds ?? []) };
  // One sheet a person a year: written (a goal) and without a 地域担当目標, tested per sheet so that a
  // page by 職員番号 stops early.
  const from = `FROM mbo_sheets m JOIN staff s ON s.id = m.staff_id LEFT JOIN sections sec ON sec.id = s.section_id
    WHERE m.fy = @fy AND s.active = 1
      AND EXISTS (SELECT 1 FROM mbo_goals g WHERE g.sheet_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM mbo_goals g WHERE g.sheet_id = m.id AND g.category = '地域担当目標') ${inAreas}`;
  const total = counted ? (db.prepare(`SELECT count(*) AS n ${from}`).get(params) as { n: number }).n : null;
  const clause = byStaffNo(page);
  const rows = db
    .prepare(`SELECT s.staff_no AS staffNo, s.name, sec.name AS section, s.position ${from} ${clause.sql}`)
    .all({ ...params, ...clause.params }) as PersonRef[];
  return { rows, total };
}
