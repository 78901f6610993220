import type { MboRevision } from '../../../shared/contract';
import { draftOf, emptyGoal } from '../../../shared/mbo';
import type { GoalDraft, Level, MboStatus } from '../../../shared/mbo';
import type { AreaRole, Position } from '../../../shared/org';
import type { Db } from '../db/connection';

/** One rating stage of a goal: the level, its comment, and the reason where it departs from a proposal. */
export type LevelEntry = { level: Level | null; comment: string; reason: string };

export type MboGoalRecord = GoalDraft & {
  id: number;
  position: number;
  progress: number | null;
  midNote: string;
  incidents: number | null;
  self: LevelEntry;
  first: LevelEntry;
  second: LevelEntry;
};

/** What a write sets on a goal: everything but its identity. */
export type MboGoalState = Omit<MboGoalRecord, 'id' | 'position'>;

export type MboSheetState = {
  status: MboStatus;
  selfMidComment: string;
  firstMidComment: string;
  selfFinalComment: string;
  reviewComment: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  sentBackAt: string | null;
  yearEndAt: string | null;
  reopenReason: string | null;
  reopenedAt: string | null;
};

export type MboSheetRecord = MboSheetState & {
  id: number;
  fy: number;
  staffId: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  goals: MboGoalRecord[];
};

const noEntry = (): LevelEntry => ({ level: null, comment: '', reason: '' });

export function emptySheetState(): MboSheetState {
  return {
    status: '未提出',
    selfMidComment: '',
    firstMidComment: '',
    selfFinalComment: '',
    reviewComment: '',
    submittedAt: null,
    approvedAt: null,
    approvedBy: null,
    sentBackAt: null,
    yearEndAt: null,
    reopenReason: null,
    reopenedAt: null,
  };
}

/** A goal as first written at goal setting: nothing recorded yet beyond the draft. */
export function goalStateOf(draft: GoalDraft): MboGoalState {
  return {
    ...draft,
    progress: null,
    midNote: '',
    incidents: null,
    self: noEntry(),
    first: noEntry(),
    second: noEntry(),
  };
}

type StoredSheet = {
  id: number;
  fy: number;
  staff_id: number;
  status: MboStatus;
  self_mid_comment: string;
  first_mid_comment: string;
  self_final_comment: string;
  review_comment: string;
  submitted_at: string | null;
  approved_at: string | null;
  approved_by: string | null;
  sent_back_at: string | null;
  year_end_at: string | null;
  reopen_reason: string | null;
  reopened_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

type StoredGoal = {
  id: number;
  sheet_id: number;
  position: number;
  category: GoalDraft['category'];
  title: string;
  content: string;
  standard: string;
  priority: GoalDraft['priority'];
  weight: number | null;
  difficulty: GoalDraft['difficulty'];
  schedule: string;
  type: GoalDraft['type'];
  progress: number | null;
  mid_note: string;
  incidents: number | null;
  self_level: Level | null;
  self_comment: string;
  self_reason: string;
  first_level: Level | null;
  first_comment: string;
  first_reason: string;
  second_level: Level | null;
  second_comment: string;
  second_reason: string;
};

function toGoal(r: StoredGoal): MboGoalRecord {
  return {
    id: r.id,
    position: r.position,
    category: r.category,
    title: r.title,
    content: r.content,
    standard: r.standard,
    priority: r.priority,
    weight: r.weight,
    difficulty: r.difficulty,
    schedule: r.schedule,
    type: r.type,
    progress: r.progress,
    midNote: r.mid_note,
    incidents: r.incidents,
    self: { level: r.self_level, comment: r.self_comment, reason: r.self_reason },
    first: { level: r.first_level, comment: r.first_comment, reason: r.first_reason },
    second: { level: r.second_level, comment: r.second_comment, reason: r.second_reason },
  };
}

function goalParams(g: MboGoalState): Record<string, unknown> {
  return {
    // The draft's keys are its column names.
    ...draftOf(g),
    progress: g.progress,
    mid_note: g.midNote,
    incidents: g.incidents,
    self_level: g.self.level,
    self_comment: g.self.comment,
    self_reason: g.self.reason,
    first_level: g.first.level,
    first_comment: g.first.comment,
    first_reason: g.first.reason,
    second_level: g.second.level,
    second_comment: g.second.comment,
    second_reason: g.second.reason,
  };
}

function sheetParams(s: MboSheetState): Record<string, unknown> {
  return {
    status: s.status,
    self_mid_comment: s.selfMidComment,
    first_mid_comment: s.firstMidComment,
    self_final_comment: s.selfFinalComment,
    review_comment: s.reviewComment,
    submitted_at: s.submittedAt,
    approved_at: s.approvedAt,
    approved_by: s.approvedBy,
    sent_back_at: s.sentBackAt,
    year_end_at: s.yearEndAt,
    reopen_reason: s.reopenReason,
    reopened_at: s.reopenedAt,
  };
}

const goalColumns = Object.keys(goalParams(goalStateOf(emptyGoal())));
const sheetColumns = Object.keys(sheetParams(emptySheetState()));

function toSheet(r: StoredSheet, goals: MboGoalRecord[]): MboSheetRecord {
  return {
    id: r.id,
    fy: r.fy,
    staffId: r.staff_id,
    status: r.status,
    selfMidComment: r.self_mid_comment,
    firstMidComment: r.first_mid_comment,
    selfFinalComment: r.self_final_comment,
    reviewComment: r.review_comment,
    submittedAt: r.submitted_at,
    approvedAt: r.approved_at,
    approvedBy: r.approved_by,
    sentBackAt: r.sent_back_at,
    yearEndAt: r.year_end_at,
    reopenReason: r.reopen_reason,
    reopenedAt: r.reopened_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    goals,
  };
}

export function getSheet(db: Db, fy: number, staffId: number): MboSheetRecord | undefined {
  const r = db.prepare('SELECT * FROM mbo_sheets WHERE fy = ? AND staff_id = ?').get(fy, staffId) as
    StoredSheet | undefined;
  if (!r) return undefined;
  const goals = (
    db.prepare('SELECT * FROM mbo_goals WHERE sheet_id = ? ORDER BY position').all(r.id) as StoredGoal[]
  ).map(toGoal);
  return toSheet(r, goals);
}

/** Writes the first version of a sheet and returns its id. */
export function insertSheet(db: Db, fy: number, staffId: number, state: MboSheetState, now: string): number {
  const info = db
    .prepare(
      `INSERT INTO mbo_sheets (fy, staff_id, ${sheetColumns.join(', ')}, created_at, updated_at, version)
       VALUES (@fy, @staff_id, ${sheetColumns.map((c) => `@${c}`).join(', ')}, @now, @now, 1)`,
    )
    .run({ ...sheetParams(state), fy, staff_id: staffId, now });
  return Number(info.lastInsertRowid);
}

/** Writes a sheet's state if its version is still `expectedVersion`; false when someone wrote in between. */
export function updateSheet(db: Db, id: number, expectedVersion: number, state: MboSheetState, now: string): boolean {
  const info = db
    .prepare(
      `UPDATE mbo_sheets SET ${sheetColumns.map((c) => `${c} = @${c}`).join(', ')},
         updated_at = @now, version = version + 1
       WHERE id = @id AND version = @expected`,
    )
    .run({ ...sheetParams(state), id, expected: expectedVersion, now });
  return info.changes === 1;
}

/** Goal setting: the sheet's goals become exactly these, in this order (revisions go with removed goals). */
export function replaceGoals(db: Db, sheetId: number, goals: readonly MboGoalState[]): void {
  db.prepare('DELETE FROM mbo_goals WHERE sheet_id = ?').run(sheetId);
  const insert = db.prepare(
    `INSERT INTO mbo_goals (sheet_id, position, ${goalColumns.join(', ')})
     VALUES (@sheet_id, @position, ${goalColumns.map((c) => `@${c}`).join(', ')})`,
  );
  goals.forEach((g, position) => insert.run({ ...goalParams(g), sheet_id: sheetId, position }));
}

/** Rewrites one goal in place (its id and position stay). */
export function updateGoal(db: Db, goalId: number, state: MboGoalState): void {
  db.prepare(`UPDATE mbo_goals SET ${goalColumns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({
    ...goalParams(state),
    id: goalId,
  });
}

export function insertRevision(
  db: Db,
  goalId: number,
  r: { at: string; by: string; reason: string; before: GoalDraft },
): void {
  db.prepare(
    'INSERT INTO mbo_goal_revisions (goal_id, revised_at, revised_by, reason, before) VALUES (?, ?, ?, ?, ?)',
  ).run(goalId, r.at, r.by, r.reason, JSON.stringify(draftOf(r.before)));
}

/** Every revision of a sheet's goals, oldest first, by goal id. */
export function revisionsOf(db: Db, sheetId: number): Map<number, MboRevision[]> {
  const rows = db
    .prepare(
      `SELECT r.goal_id AS goalId, r.revised_at AS at, r.revised_by AS by, r.reason, r.before
       FROM mbo_goal_revisions r JOIN mbo_goals g ON g.id = r.goal_id
       WHERE g.sheet_id = ? ORDER BY r.id`,
    )
    .all(sheetId) as { goalId: number; at: string; by: string; reason: string; before: string }[];
  const out = new Map<number, MboRevision[]>();
  for (const r of rows) {
    const list = out.get(r.goalId) ?? [];
    list.push({ at: r.at, by: r.by, reason: r.reason, before: JSON.parse(r.before) as GoalDraft });
    out.set(r.goalId, list);
  }
  return out;
}

export type MboListRecord = {
  staffId: number;
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  position: Position;
  sheetId: number | null;
  status: MboStatus;
  submittedAt: string | null;
  approvedAt: string | null;
  updatedAt: string | null;
};

/**
 * Everyone on a year's MBO board, in organisation order: every active staff member and anyone who
 * has a sheet that year. Optionally one section only.
 */
export function listRecords(db: Db, fy: number, section: string | null): MboListRecord[] {
  return db
    .prepare(
      `SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, l.name AS line, s.position,
              m.id AS sheetId, coalesce(m.status, '未提出') AS status, m.submitted_at AS submittedAt,
              m.approved_at AS approvedAt, m.updated_at AS updatedAt
       FROM staff s
       LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
       LEFT JOIN sections sec ON sec.id = s.section_id
       LEFT JOIN lines l ON l.id = s.line_id
       WHERE (s.active = 1 OR m.id IS NOT NULL) AND (@section IS NULL OR sec.name = @section)
       ORDER BY sec.sort, s.section_id, l.sort, s.staff_no`,
    )
    .all({ fy, section }) as MboListRecord[];
}

/** Every goal of a year's sheets, grouped by sheet id, for the board's figures. */
export function goalsOfYear(db: Db, fy: number): Map<number, MboGoalRecord[]> {
  const rows = db
    .prepare(
      `SELECT g.* FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE m.fy = ? ORDER BY g.sheet_id, g.position`,
    )
    .all(fy) as StoredGoal[];
  const out = new Map<number, MboGoalRecord[]>();
  for (const r of rows) {
    const list = out.get(r.sheet_id) ?? [];
    list.push(toGoal(r));
    out.set(r.sheet_id, list);
  }
  return out;
}

/** The goals of the given sheets only (a page of the board), grouped by sheet id, in goal order. */
export function goalsOfSheets(db: Db, sheetIds: readonly number[]): Map<number, MboGoalRecord[]> {
  const out = new Map<number, MboGoalRecord[]>();
  if (sheetIds.length === 0) return out;
  const rows = db
    .prepare(
      'SELECT g.* FROM mbo_goals g WHERE g.sheet_id IN (SELECT value FROM json_each(?)) ORDER BY g.sheet_id, g.position',
    )
    .all(JSON.stringify(sheetIds)) as StoredGoal[];
  for (const r of rows) {
    const list = out.get(r.sheet_id) ?? [];
    list.push(toGoal(r));
    out.set(r.sheet_id, list);
  }
  return out;
}

/** The owner of a goal of a year's sheet, or undefined when no sheet of that year has it. */
export function goalOwnerId(db: Db, fy: number, goalId: number): number | undefined {
  const r = db
    .prepare(
      'SELECT m.staff_id AS staffId FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE g.id = ? AND m.fy = ?',
    )
    .get(goalId, fy) as { staffId: number } | undefined;
  return r?.staffId;
}

/** One entry of an area's log: its date, its note or topic, and whether the person took part. */
export type AreaLogEntry = { onDate: string; text: string; withPerson: number };

/**
 * The area a person is on in a year, with every patrol and study session of its log (newest
 * first), each marked by whether the person took part: the evidence shown beside the area-duty goal.
 */
export function areaActivityOf(
  db: Db,
  fy: number,
  staffId: number,
): { area: { id: number; name: string; role: AreaRole }; patrols: AreaLogEntry[]; studies: AreaLogEntry[] } | null {
  const area = db
    .prepare(
      `SELECT ar.id, ar.name, aa.role FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id
       WHERE aa.fy = ? AND aa.staff_id = ?`,
    )
    .get(fy, staffId) as { id: number; name: string; role: AreaRole } | undefined;
  if (!area) return null;
  const patrols = db
    .prepare(
      `SELECT p.on_date AS onDate, p.notes AS text,
              EXISTS (SELECT 1 FROM area_patrol_members m WHERE m.patrol_id = p.id AND m.staff_id = @staff) AS withPerson
       FROM area_patrols p WHERE p.fy = @fy AND p.area_id = @area ORDER BY p.on_date DESC, p.id DESC`,
    )
    .all({ fy, area: area.id, staff: staffId }) as AreaLogEntry[];
  const studies = db
    .prepare(
      `SELECT st.on_date AS onDate, st.topic AS text,
              EXISTS (SELECT 1 FROM area_study_attendees x WHERE x.study_id = st.id AND x.staff_id = @staff) AS withPerson
       FROM area_studies st WHERE st.fy = @fy AND st.area_id = @area ORDER BY st.on_date DESC, st.id DESC`,
    )
    .all({ fy, area: area.id, staff: staffId }) as AreaLogEntry[];
  return { area, patrols, studies };
}
