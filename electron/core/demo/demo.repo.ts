import type { GradeGroup } from '../../../shared/org';
import type { Db } from '../db/connection';

/**
 * The demo generators' own SQL: the bulk inserts of a generated ward and the reads and rewrites that
 * only the demo makes (README "Architecture": SQL lives in repositories). The production domains'
 * functions are used where they do the same thing; what is here has no counterpart there (rows
 * written with no author, a ward inserted with fixed sort orders, the walk section rearranged).
 * Statements a loop reuses are prepared once, as writers.
 */

const id = (info: { lastInsertRowid: number | bigint }): number => Number(info.lastInsertRowid);

// ---------------------------------------------------------------------------------------------
// The ward (demo-ward.ts insertDemoWard)

/** Prepared once for insertDemoWard: the organisation, transfers, cycles and the year's assignments. */
export function demoWardWriter(db: Db): {
  area: (name: string, note: string) => number;
  section: (name: string, sort: number) => number;
  line: (sectionId: number, name: string, sort: number) => number;
  transfer: (
    staffId: number,
    onDate: string,
    fromSectionId: number,
    fromLineId: number | null,
    toSectionId: number,
    toLineId: number | null,
  ) => void;
  cycle: (fy: number, phase: string, now: string) => void;
  evaluators: (
    fy: number,
    staffId: number,
    firstId: number | null,
    secondId: number | null,
    adjusterId: number | null,
    effectiveFrom: string,
  ) => void;
  areaAssignment: (fy: number, areaId: number, staffId: number, role: string, partnerId: number | null) => void;
} {
  const insArea = db.prepare('INSERT INTO areas (name, note) VALUES (?, ?)');
  const insSection = db.prepare('INSERT INTO sections (name, sort) VALUES (?, ?)');
  const insLine = db.prepare('INSERT INTO lines (section_id, name, sort) VALUES (?, ?, ?)');
  const insTransfer = db.prepare(
    `INSERT INTO transfers (staff_id, on_date, from_section_id, from_line_id, to_section_id, to_line_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insCycle = db.prepare('INSERT OR IGNORE INTO cycles (fy, phase, created_at) VALUES (?, ?, ?)');
  const insEvaluators = db.prepare(
    `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from, effective_to)
     VALUES (?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insAreaAssignment = db.prepare(
    'INSERT INTO area_assignments (fy, area_id, staff_id, role, partner_id) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    area: (name, note) => id(insArea.run(name, note)),
    section: (name, sort) => id(insSection.run(name, sort)),
    line: (sectionId, name, sort) => id(insLine.run(sectionId, name, sort)),
    transfer: (staffId, onDate, fromSectionId, fromLineId, toSectionId, toLineId) => {
      insTransfer.run(staffId, onDate, fromSectionId, fromLineId, toSectionId, toLineId);
    },
    cycle: (fy, phase, now) => {
      insCycle.run(fy, phase, now);
    },
    evaluators: (fy, staffId, firstId, secondId, adjusterId, effectiveFrom) => {
      insEvaluators.run(fy, staffId, firstId, secondId, adjusterId, effectiveFrom);
    },
    areaAssignment: (fy, areaId, staffId, role, partnerId) => {
      insAreaAssignment.run(fy, areaId, staffId, role, partnerId);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 地域カルテ (demo-area-log.ts)

export type DemoAreaMember = { staff_id: number; partner_id: number | null; role: string; name: string };

/** Every area, in id order. */
export function demoAreas(db: Db): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM areas ORDER BY id').all() as { id: number; name: string }[];
}

/** An area's team in a year with its pairs, by 職員番号. */
export function demoAreaMembers(db: Db, fy: number, areaId: number): DemoAreaMember[] {
  return db
    .prepare(
      `SELECT aa.staff_id, aa.partner_id, aa.role, s.name FROM area_assignments aa JOIN staff s ON s.id = aa.staff_id
       WHERE aa.fy = ? AND aa.area_id = ? ORDER BY s.staff_no`,
    )
    .all(fy, areaId) as DemoAreaMember[];
}

/** Prepared once for insertDemoAreaLog: patrols and study sessions written by no account (written_by NULL). */
export function demoAreaLogWriter(db: Db): {
  patrol: (
    fy: number,
    areaId: number,
    onDate: string,
    notes: string,
    findings: string,
    writer: string,
    now: string,
  ) => number;
  patrolMember: (patrolId: number, staffId: number) => void;
  study: (
    fy: number,
    areaId: number,
    onDate: string,
    topic: string,
    notes: string,
    writer: string,
    now: string,
  ) => number;
  attendee: (studyId: number, staffId: number) => void;
} {
  const insPatrol = db.prepare(
    'INSERT INTO area_patrols (fy, area_id, on_date, notes, findings, written_by, writer, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
  );
  const insMember = db.prepare('INSERT INTO area_patrol_members (patrol_id, staff_id) VALUES (?, ?)');
  const insStudy = db.prepare(
    'INSERT INTO area_studies (fy, area_id, on_date, topic, notes, written_by, writer, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
  );
  const insAttendee = db.prepare('INSERT INTO area_study_attendees (study_id, staff_id) VALUES (?, ?)');
  return {
    patrol: (fy, areaId, onDate, notes, findings, writer, now) =>
      id(insPatrol.run(fy, areaId, onDate, notes, findings, writer, now)),
    patrolMember: (patrolId, staffId) => {
      insMember.run(patrolId, staffId);
    },
    study: (fy, areaId, onDate, topic, notes, writer, now) =>
      id(insStudy.run(fy, areaId, onDate, topic, notes, writer, now)),
    attendee: (studyId, staffId) => {
      insAttendee.run(studyId, staffId);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Self-reports (demo-self-reports.ts)

/** The active staff but the 区長, by 職員番号, with their 調整者 of the year (the interviewer). */
export function demoSelfReportPeople(
  db: Db,
  fy: number,
): { id: number; staff_no: string; adjuster_id: number | null }[] {
  return db
    .prepare(
      `SELECT s.id, s.staff_no, ea.adjuster_id FROM staff s
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = ? AND ea.effective_to IS NULL
       WHERE s.active = 1 AND s.position NOT IN ('区長') ORDER BY s.staff_no`,
    )
    .all(fy) as { id: number; staff_no: string; adjuster_id: number | null }[];
}

// ---------------------------------------------------------------------------------------------
// MBO sheets (demo-mbo.ts)

export type DemoMboPerson = {
  id: number;
  staffNo: string;
  area: string | null;
  firstId: number | null;
  firstName: string | null;
  gradeGroup: string;
};

/** The active staff but the 区長, by 職員番号, with their area and 1次 of the year. */
export function demoMboPeople(db: Db, fy: number): DemoMboPerson[] {
  return db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, ar.name AS area, ea.first_id AS firstId,
              (SELECT f.name FROM staff f WHERE f.id = ea.first_id) AS firstName, s.grade_group AS gradeGroup FROM staff s
       LEFT JOIN area_assignments aa ON aa.staff_id = s.id AND aa.fy = @fy
       LEFT JOIN areas ar ON ar.id = aa.area_id
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = @fy AND ea.effective_to IS NULL
       WHERE s.active = 1 AND s.position NOT IN ('区長') ORDER BY s.staff_no`,
    )
    .all({ fy }) as DemoMboPerson[];
}

/** A section's active 係員, by 職員番号, with their area and 1次 of the year. */
export function demoWalkMboPeople(db: Db, fy: number, section: string): DemoMboPerson[] {
  return db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, ar.name AS area, ea.first_id AS firstId,
              (SELECT f.name FROM staff f WHERE f.id = ea.first_id) AS firstName, s.grade_group AS gradeGroup FROM staff s
       JOIN sections sec ON sec.id = s.section_id
       LEFT JOIN area_assignments aa ON aa.staff_id = s.id AND aa.fy = @fy
       LEFT JOIN areas ar ON ar.id = aa.area_id
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = @fy AND ea.effective_to IS NULL
       WHERE s.active = 1 AND s.position = '係員' AND sec.name = @section ORDER BY s.staff_no`,
    )
    .all({ fy, section }) as DemoMboPerson[];
}

/** Prepared once: drops a person's MBO sheet of the year (its goals go with it). */
export function demoSheetDropper(db: Db): (fy: number, staffId: number) => void {
  const drop = db.prepare('DELETE FROM mbo_sheets WHERE fy = ? AND staff_id = ?');
  return (fy, staffId) => {
    drop.run(fy, staffId);
  };
}

// ---------------------------------------------------------------------------------------------
// Appraisals and awards (demo-appraisal.ts)

export type DemoAppraisalPerson = {
  id: number;
  staffNo: string;
  gradeGroup: GradeGroup;
  firstId: number | null;
  sheetStatus: string;
};

export type DemoWalkPerson = DemoAppraisalPerson & { employment: string; line: string | null; sectionId: number };

/** Moves a sheet to 自己評価済 at `yearEndAt` (a new version), whatever its status. */
export function markDemoSheetSelfEvaluated(db: Db, sheetId: number, yearEndAt: string): void {
  db.prepare("UPDATE mbo_sheets SET status = '自己評価済', year_end_at = ?, version = version + 1 WHERE id = ?").run(
    yearEndAt,
    sheetId,
  );
}

/** The active staff but the 区長, by 職員番号, with their 1次 and MBO sheet status ('' for none) of the year. */
export function demoAppraisalPeople(db: Db, fy: number): DemoAppraisalPerson[] {
  return db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, s.grade_group AS gradeGroup, ea.first_id AS firstId, coalesce(m.status, '') AS sheetStatus
       FROM staff s
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = @fy AND ea.effective_to IS NULL
       LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
       WHERE s.active = 1 AND s.position NOT IN ('区長') ORDER BY s.staff_no`,
    )
    .all({ fy }) as DemoAppraisalPerson[];
}

/** A section's active 係員, by 職員番号, with their line, 1次 and MBO sheet status of the year. */
export function demoWalkAppraisalPeople(db: Db, fy: number, section: string): DemoWalkPerson[] {
  return db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, s.grade_group AS gradeGroup, s.employment, l.name AS line, sec.id AS sectionId,
              ea.first_id AS firstId, coalesce(m.status, '') AS sheetStatus
       FROM staff s JOIN sections sec ON sec.id = s.section_id LEFT JOIN lines l ON l.id = s.line_id
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = @fy AND ea.effective_to IS NULL
       LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
       WHERE s.active = 1 AND s.position = '係員' AND sec.name = @section ORDER BY s.staff_no`,
    )
    .all({ fy, section }) as DemoWalkPerson[];
}

/** Prepared once: drops a person's appraisal of the year, then the cross-section ratings of their goals. */
export function demoAppraisalDropper(db: Db): (fy: number, staffId: number) => void {
  const dropAppraisal = db.prepare('DELETE FROM appraisals WHERE fy = ? AND staff_id = ?');
  const dropCross = db.prepare(
    'DELETE FROM cross_ratings WHERE goal_id IN (SELECT g.id FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE m.fy = ? AND m.staff_id = ?)',
  );
  return (fy, staffId) => {
    dropAppraisal.run(fy, staffId);
    dropCross.run(fy, staffId);
  };
}

/** Prepared once: a staff member's section id (undefined for an unknown id). */
export function demoSectionIdReader(db: Db): (staffId: number) => number | undefined {
  const sectionOf = db.prepare('SELECT section_id AS id FROM staff WHERE id = ?');
  return (staffId) => (sectionOf.get(staffId) as { id: number } | undefined)?.id;
}

/** The award recipients of a year, with the award's group (「中浜地域担当チーム」, or ''). */
export function demoAwardRecipients(db: Db, fy: number): { awardId: number; staffId: number; group: string }[] {
  return db
    .prepare(
      `SELECT r.award_id AS awardId, r.staff_id AS staffId, a.group_name AS "group"
       FROM award_recipients r JOIN awards a ON a.id = r.award_id WHERE a.fy = ?`,
    )
    .all(fy) as { awardId: number; staffId: number; group: string }[];
}

/** The staff on an area's team (leader and members) in a year, by area name. */
export function demoAreaTeamIds(db: Db, fy: number, area: string): Set<number> {
  const ids = db
    .prepare(
      'SELECT aa.staff_id FROM area_assignments aa JOIN areas a ON a.id = aa.area_id WHERE aa.fy = ? AND a.name = ?',
    )
    .pluck()
    .all(fy, area) as number[];
  return new Set(ids);
}

/** The active 係員, by 職員番号. */
export function demoActiveClerks(db: Db): { id: number; staffNo: string }[] {
  return db
    .prepare(`SELECT id, staff_no AS staffNo FROM staff WHERE active = 1 AND position = '係員' ORDER BY staff_no`)
    .all() as { id: number; staffNo: string }[];
}

/** Prepared once: hands an award from one recipient to another. */
export function demoAwardRecipientMover(db: Db): (awardId: number, fromStaffId: number, toStaffId: number) => void {
  const move = db.prepare('UPDATE award_recipients SET staff_id = ? WHERE award_id = ? AND staff_id = ?');
  return (awardId, fromStaffId, toStaffId) => {
    move.run(toStaffId, awardId, fromStaffId);
  };
}
