import type { GradeGroup } from '../../../shared/org';
import type { RankClass } from '../../../shared/ranking';
import type { Db } from '../db/connection';

/*
 * The relative ranking's tables (docs/ranking.md): each population's confirmation, the year's
 * exclusions (相対評価の対象外), the classes written on the appraisals, and what the ranking and the
 * lists read of who evaluates whom.
 */

/** Who evaluates a person at each stage, as one assignment row states it. */
export type AssignmentIds = {
  staffId: number;
  firstId: number | null;
  secondId: number | null;
  adjusterId: number | null;
};

/**
 * The year's evaluator assignments in force on `today` (not ended before it), one per person: of
 * several, the one that took effect last.
 */
export function evaluatorAssignmentsOn(db: Db, fy: number, today: string): Map<number, AssignmentIds> {
  const rows = db
    .prepare(
      `SELECT staff_id AS staffId, first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId
       FROM evaluator_assignments WHERE fy = ? AND (effective_to IS NULL OR effective_to >= ?)
       ORDER BY effective_from`,
    )
    .all(fy, today) as AssignmentIds[];
  return new Map(rows.map((r) => [r.staffId, r]));
}

/**
 * The people whose goals `viewer` rates from outside their section, with the number of goals: goals
 * HR named them for, and — where no one is named — the 地域担当目標 of the members of areas they lead.
 */
export function crossGoalCounts(db: Db, fy: number, viewer: number): Map<number, number> {
  const out = new Map<number, number>();
  const named = db
    .prepare(
      `SELECT m.staff_id AS staffId, count(*) AS n FROM cross_ratings c JOIN mbo_goals g ON g.id = c.goal_id
       JOIN mbo_sheets m ON m.id = g.sheet_id WHERE m.fy = ? AND c.evaluator_id = ? GROUP BY m.staff_id`,
    )
    .all(fy, viewer) as { staffId: number; n: number }[];
  for (const r of named) out.set(r.staffId, r.n);
  const led = db
    .prepare(
      `SELECT m.staff_id AS staffId, count(*) AS n FROM area_assignments leader
       JOIN area_assignments member ON member.fy = leader.fy AND member.area_id = leader.area_id AND member.staff_id <> leader.staff_id
       JOIN mbo_sheets m ON m.staff_id = member.staff_id AND m.fy = leader.fy
       JOIN mbo_goals g ON g.sheet_id = m.id AND g.category = '地域担当目標'
       WHERE leader.fy = ? AND leader.staff_id = ? AND leader.role = 'リーダー'
         AND NOT EXISTS (SELECT 1 FROM cross_ratings c WHERE c.goal_id = g.id)
       GROUP BY m.staff_id`,
    )
    .all(fy, viewer) as { staffId: number; n: number }[];
  for (const r of led) out.set(r.staffId, (out.get(r.staffId) ?? 0) + r.n);
  return out;
}

export function confirmationOf(db: Db, fy: number, population: string): { at: string; by: string } | null {
  const r = db
    .prepare('SELECT confirmed_at AS at, confirmed_by AS by FROM ranking_confirmations WHERE fy = ? AND population = ?')
    .get(fy, population) as { at: string; by: string } | undefined;
  return r ?? null;
}

/** Every confirmed population of a year, by population key. */
export function confirmationsOf(db: Db, fy: number): Map<string, { at: string; by: string }> {
  const rows = db
    .prepare('SELECT population, confirmed_at AS at, confirmed_by AS by FROM ranking_confirmations WHERE fy = ?')
    .all(fy) as { population: string; at: string; by: string }[];
  return new Map(rows.map((r) => [r.population, { at: r.at, by: r.by }]));
}

export function insertConfirmation(db: Db, fy: number, population: string, at: string, by: string): void {
  db.prepare('INSERT INTO ranking_confirmations (fy, population, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?)').run(
    fy,
    population,
    at,
    by,
  );
}

export function deleteConfirmation(db: Db, fy: number, population: string): void {
  db.prepare('DELETE FROM ranking_confirmations WHERE fy = ? AND population = ?').run(fy, population);
}

/** The class the 調整者 gave a member of a boundary tie (null: undecided again). */
export function writeTieDecision(db: Db, appraisalId: number, rankClass: RankClass | null, now: string): void {
  db.prepare(
    'UPDATE appraisals SET rank_class = ?, rank_decided = ?, version = version + 1, updated_at = ? WHERE id = ?',
  ).run(rankClass, rankClass === null ? 0 : 1, now, appraisalId);
}

/** A confirmed population: each member's appraisal gets its class and becomes 確定. */
export function writeConfirmedClasses(
  db: Db,
  fy: number,
  rows: readonly { staffNo: string; rankClass: RankClass | null }[],
  now: string,
): void {
  const update = db.prepare(
    "UPDATE appraisals SET rank_class = ?, status = '確定', version = version + 1, updated_at = ? WHERE fy = ? AND staff_id = (SELECT id FROM staff WHERE staff_no = ?)",
  );
  for (const row of rows) update.run(row.rankClass, now, fy, row.staffNo);
}

/** The year's exclusions from the relative ranking (相対評価の対象外): staff id → reason. */
export function exclusionsOf(db: Db, fy: number): Map<number, string> {
  const rows = db.prepare('SELECT staff_id AS staffId, reason FROM ranking_exclusions WHERE fy = ?').all(fy) as {
    staffId: number;
    reason: string;
  }[];
  return new Map(rows.map((r) => [r.staffId, r.reason]));
}

export function exclusionOf(db: Db, fy: number, staffId: number): { reason: string } | undefined {
  return db.prepare('SELECT reason FROM ranking_exclusions WHERE fy = ? AND staff_id = ?').get(fy, staffId) as
    { reason: string } | undefined;
}

export function deleteExclusion(db: Db, fy: number, staffId: number): void {
  db.prepare('DELETE FROM ranking_exclusions WHERE fy = ? AND staff_id = ?').run(fy, staffId);
}

export function upsertExclusion(db: Db, fy: number, staffId: number, reason: string, at: string, by: string): void {
  db.prepare(
    `INSERT INTO ranking_exclusions (fy, staff_id, reason, excluded_at, excluded_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (fy, staff_id) DO UPDATE SET reason = excluded.reason, excluded_at = excluded.excluded_at,
       excluded_by = excluded.excluded_by`,
  ).run(fy, staffId, reason, at, by);
}

/** How far one grade group × section of the year is, by appraisal status (docs/ranking.md "Opening the screen"). */
export type StandingCount = {
  gradeGroup: GradeGroup;
  section: string | null;
  /** Appraisals 調整済 or 確定 of people not taken out of the ranking. */
  adjusted: number;
  /** People HR took out of the year's ranking. */
  excluded: number;
};

/**
 * The year's people counted per grade group and section by whether their appraisal is 調整済/確定 and
 * whether HR took them out of the ranking: the same people as appraisal.repo's yearGroupCounts (active,
 * or with an appraisal that year; not the 区長), from SQL alone, so the screen learns where each
 * population stands without anyone's score being read.
 */
export function standingCounts(db: Db, fy: number): StandingCount[] {
  return db
    .prepare(
      `SELECT s.grade_group AS gradeGroup, sec.name AS section,
              sum(CASE WHEN x.staff_id IS NULL AND a.status IN ('調整済', '確定') THEN 1 ELSE 0 END) AS adjusted,
              sum(CASE WHEN x.staff_id IS NULL THEN 0 ELSE 1 END) AS excluded
       FROM staff s
         LEFT JOIN sections sec ON sec.id = s.section_id
         LEFT JOIN appraisals a ON a.fy = @fy AND a.staff_id = s.id
         LEFT JOIN ranking_exclusions x ON x.fy = @fy AND x.staff_id = s.id
       WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
       GROUP BY s.grade_group, s.section_id`,
    )
    .all({ fy }) as StandingCount[];
}
