import type { Position } from '../../../shared/org';
import type { Db } from '../db/connection';

/*
 * What each role's home page (docs/home.md) reads that no domain's repo answers in one statement:
 * where the viewer's own forms stand, the forms waiting for an evaluator, who holds the most
 * waiting forms, the year's ranking populations and the placement figures. Every figure is an
 * aggregate or a short list decided in SQL, so a city's year (35,000 staff) is a few statements.
 */

export type PersonRow = { staffId: number; staffNo: string; name: string; section: string | null; position: Position };

const personColumns = `s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, s.position`;

/** A staff member as a PersonRef would name them. */
export function personOf(db: Db, staffId: number): PersonRow | undefined {
  return db
    .prepare(`SELECT ${personColumns} FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id WHERE s.id = ?`)
    .get(staffId) as PersonRow | undefined;
}

/** Where a person's own forms of a year stand; null where the form was never started. */
export type OwnForms = {
  selfReport: string | null;
  mbo: string | null;
  /** The sheet has a mid-term entry: the person's mid-term comment, or a goal's progress or 取組状況. */
  midRecorded: number;
  appraisal: string | null;
};

export function ownForms(db: Db, fy: number, staffId: number): OwnForms {
  return db
    .prepare(
      `SELECT (SELECT status FROM self_reports WHERE fy = @fy AND staff_id = @s) AS selfReport,
              m.status AS mbo,
              coalesce(m.self_mid_comment <> '' OR EXISTS (
                SELECT 1 FROM mbo_goals g WHERE g.sheet_id = m.id AND (g.progress IS NOT NULL OR g.mid_note <> '')
              ), 0) AS midRecorded,
              (SELECT status FROM appraisals WHERE fy = @fy AND staff_id = @s) AS appraisal
       FROM (SELECT 1) LEFT JOIN mbo_sheets m ON m.fy = @fy AND m.staff_id = @s`,
    )
    .get({ fy, s: staffId }) as OwnForms;
}

/**
 * The year's evaluator assignments in force on `today`, one per person: of several, the one that
 * took effect last — the rule of the appraisal lists (appraisal/ranking.repo.ts evaluatorAssignmentsOn).
 */
const currentAssignments = `
  cur AS (
    SELECT staff_id, first_id, second_id, adjuster_id FROM (
      SELECT staff_id, first_id, second_id, adjuster_id,
             row_number() OVER (PARTITION BY staff_id ORDER BY effective_from DESC, id DESC) AS rn
      FROM evaluator_assignments
      WHERE fy = @fy AND (effective_to IS NULL OR effective_to >= @today)
    ) WHERE rn = 1
  )`;

/** Who is on the year's appraisal list: active staff and anyone appraised that year, not the 区長. */
const appraised = `(s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'`;

export type WaitingRow = PersonRow & { kind: 'appraisal' | 'mbo' | 'cross'; stage: string };

/**
 * The forms waiting for evaluator `v` (あなたの番), in organisation order:
 * - appraisals whose status is the stage of v's relation on the person's current assignment
 *   (自己評価済 → 1次評価, 1次評価済 → 2次評価, 2次評価済 → 調整), the higher relation where v holds two;
 * - MBO sheets 提出済 of people v is 1次 of (and not 2次 or 調整者) on an assignment in force, the
 *   rule of the MBO sheet (access/evaluation-access.ts relationOf);
 * - people with a goal v is to rate from outside their section and has not rated, while their
 *   appraisal has not passed the 1次 (appraisal/cross.service.ts).
 */
export function waitingFor(db: Db, fy: number, v: number, today: string): WaitingRow[] {
  return db
    .prepare(
      `WITH ${currentAssignments},
       mine AS (
         SELECT staff_id, CASE WHEN adjuster_id = @v THEN 3 WHEN second_id = @v THEN 2 ELSE 1 END AS rel
         FROM cur WHERE (first_id = @v OR second_id = @v OR adjuster_id = @v) AND staff_id <> @v
       ),
       mboMine AS (
         SELECT staff_id, max(CASE WHEN adjuster_id = @v THEN 3 WHEN second_id = @v THEN 2 ELSE 1 END) AS rel
         FROM evaluator_assignments
         WHERE fy = @fy AND (effective_to IS NULL OR effective_to >= @today) AND staff_id <> @v
           AND (first_id = @v OR second_id = @v OR adjuster_id = @v)
         GROUP BY staff_id
       ),
       crossGoals AS (
         SELECT m.staff_id FROM cross_ratings c JOIN mbo_goals g ON g.id = c.goal_id
           JOIN mbo_sheets m ON m.id = g.sheet_id
         WHERE m.fy = @fy AND c.evaluator_id = @v AND c.level IS NULL
         UNION
         SELECT member.staff_id FROM area_assignments leader
           JOIN area_assignments member ON member.fy = leader.fy AND member.area_id = leader.area_id
                                        AND member.staff_id <> leader.staff_id
           JOIN mbo_sheets m ON m.staff_id = member.staff_id AND m.fy = leader.fy
           JOIN mbo_goals g ON g.sheet_id = m.id AND g.category = '地域担当目標'
         WHERE leader.fy = @fy AND leader.staff_id = @v AND leader.role = 'リーダー'
           AND NOT EXISTS (SELECT 1 FROM cross_ratings c WHERE c.goal_id = g.id)
       ),
       waiting AS (
         SELECT mine.staff_id, 'appraisal' AS kind,
                CASE mine.rel WHEN 1 THEN '1次評価' WHEN 2 THEN '2次評価' ELSE '調整' END AS stage, 0 AS k
         FROM mine JOIN staff s ON s.id = mine.staff_id
           LEFT JOIN appraisals a ON a.fy = @fy AND a.staff_id = s.id
         WHERE ${appraised}
           AND coalesce(a.status, '未着手') = CASE mine.rel WHEN 1 THEN '自己評価済' WHEN 2 THEN '1次評価済' ELSE '2次評価済' END
         UNION ALL
         SELECT mboMine.staff_id, 'mbo', '目標の承認', 1 FROM mboMine
           JOIN mbo_sheets m ON m.fy = @fy AND m.staff_id = mboMine.staff_id
         WHERE mboMine.rel = 1 AND m.status = '提出済'
         UNION ALL
         SELECT x.staff_id, 'cross', '他所属評価', 2 FROM (SELECT DISTINCT staff_id FROM crossGoals) x
           LEFT JOIN appraisals a ON a.fy = @fy AND a.staff_id = x.staff_id
         WHERE x.staff_id <> @v AND coalesce(a.status, '未着手') IN ('未着手', '自己評価済')
       )
       SELECT ${personColumns}, w.kind, w.stage
       FROM waiting w JOIN staff s ON s.id = w.staff_id LEFT JOIN sections sec ON sec.id = s.section_id
       ORDER BY w.k, sec.sort IS NULL, sec.sort, s.section_id, s.staff_no`,
    )
    .all({ fy, v, today }) as WaitingRow[];
}

export type StuckCount = PersonRow & { stage: string; waiting: number };

/**
 * The evaluator who holds a waiting form of person `w.staff_id` at relation `w.rel` (1 = 1次, 2 = 2次,
 * 3 = 調整者): on the person's assignment in force on @today, the one that took effect last — the
 * rule of currentAssignments, looked up only for the people whose forms wait, not for the whole year.
 */
const holderOf = `(
  SELECT CASE w.rel WHEN 2 THEN e.second_id WHEN 3 THEN e.adjuster_id ELSE e.first_id END
  FROM evaluator_assignments e
  WHERE e.fy = @fy AND e.staff_id = w.staff_id AND (e.effective_to IS NULL OR e.effective_to >= @today)
  ORDER BY e.effective_from DESC, e.id DESC LIMIT 1)`;

/**
 * The evaluators holding the most waiting forms of a year (appraisals at their stage on the current
 * assignment, MBO sheets 提出済 with them as 1次), per evaluator and stage, most first.
 */
export function stuckCounts(db: Db, fy: number, today: string, limit: number): StuckCount[] {
  return db
    .prepare(
      `WITH waiting AS (
         SELECT a.staff_id,
                CASE a.status WHEN '自己評価済' THEN 1 WHEN '1次評価済' THEN 2 ELSE 3 END AS rel,
                CASE a.status WHEN '自己評価済' THEN '1次評価' WHEN '1次評価済' THEN '2次評価' ELSE '調整' END AS stage
         FROM appraisals a JOIN staff s ON s.id = a.staff_id
         WHERE a.fy = @fy AND a.status IN ('自己評価済', '1次評価済', '2次評価済') AND ${appraised}
         UNION ALL
         SELECT m.staff_id, 1, '目標の承認' FROM mbo_sheets m WHERE m.fy = @fy AND m.status = '提出済'
       ),
       held AS (SELECT ${holderOf} AS ev, w.stage FROM waiting w),
       counted AS (
         SELECT ev, stage, count(*) AS n FROM held WHERE ev IS NOT NULL GROUP BY ev, stage
       )
       SELECT ${personColumns}, c.stage, c.n AS waiting
       FROM counted c JOIN staff s ON s.id = c.ev LEFT JOIN sections sec ON sec.id = s.section_id
       ORDER BY c.n DESC, s.staff_no, c.stage
       LIMIT @limit`,
    )
    .all({ fy, today, limit }) as StuckCount[];
}

/**
 * The placement screen's figures of a year (docs/home.md). The 区分 of a person in the year is the
 * placement list's (placement/results.ts): Kaname's confirmed appraisal, else the imported result.
 */
export function placementFigures(
  db: Db,
  fy: number,
): { staff: number; sections: number; transferWishes: number; confirmedClasses: number } {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM staff WHERE active = 1) AS staff,
              (SELECT count(DISTINCT section_id) FROM staff WHERE active = 1 AND section_id IS NOT NULL) AS sections,
              (SELECT count(*) FROM self_reports WHERE fy = @fy AND transfer_wish = '異動希望'
                 AND status IN ('提出済', '面談済')) AS transferWishes,
              (SELECT count(*) FROM (
                 SELECT staff_id FROM appraisals WHERE fy = @fy AND status = '確定' AND rank_class IS NOT NULL
                 UNION
                 SELECT h.staff_id FROM appraisal_history h WHERE h.fy = @fy AND h.rank_class IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM appraisals a WHERE a.fy = h.fy AND a.staff_id = h.staff_id
                                     AND a.status = '確定'))) AS confirmedClasses`,
    )
    .get({ fy }) as ReturnType<typeof placementFigures>;
}
