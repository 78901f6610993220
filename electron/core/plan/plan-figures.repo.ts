import type { AreaCounts } from '../../../shared/plan-kpi';
import type { Db } from '../db/connection';

/*
 * The plan's figures as SQL aggregates (docs/plan.md "At city scale"): counts the pure functions of
 * shared/plan-kpi.ts would count from the facts, decided in one statement each so that a city's
 * year (35,000 staff) is not read into JavaScript row by row.
 */

/** The last day of a fiscal year (31 March of the next calendar year). */
function fiscalYearEnd(fy: number): string {
  return `${fy + 1}-03-31`;
}

/** Who is on a year's self-report board: plan.repo.ts selfReportFacts's rule. */
const onBoard = `((s.active = 1 AND (s.hired_on IS NULL OR s.hired_on <= @end)) OR r.id IS NOT NULL)`;

/** The submitted (提出済・面談済) answers of 4 or 5, and of any value, per 課 in organisation order. */
export type MeaningfulCount = { section: string | null; topTwo: number; answered: number };

/**
 * The self-report board of a year counted (shared/plan-kpi.ts selfReportCounts): per 課 in organisation
 * order the meaningful-work answers of submitted reports, and over the whole board those expected to
 * write one (active, or left after submitting) and those who submitted, and the board per status.
 */
export function selfReportCounts(
  db: Db,
  fy: number,
): { sections: MeaningfulCount[]; expected: number; submitted: number; statuses: Map<string, number> } {
  const rows = db
    .prepare(
      `SELECT sec.name AS section,
              sum(r.status IN ('提出済', '面談済') AND r.meaningful >= 4) AS topTwo,
              sum(r.status IN ('提出済', '面談済') AND r.meaningful IS NOT NULL) AS answered,
              sum(s.active = 1 OR r.status IN ('提出済', '面談済')) AS expected,
              sum(r.status IN ('提出済', '面談済')) AS submitted,
              sum(r.status IS NULL OR r.status = '未提出') AS draft, sum(r.status = '提出済') AS sent,
              sum(r.status = '面談済') AS interviewed
       FROM staff s
       LEFT JOIN self_reports r INDEXED BY self_reports_figures ON r.staff_id = s.id AND r.fy = @fy
       LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE ${onBoard}
       GROUP BY s.section_id
       ORDER BY sec.sort IS NULL, min(sec.sort), s.section_id`,
    )
    .all({ fy, end: fiscalYearEnd(fy) }) as (MeaningfulCount & {
    expected: number;
    submitted: number;
    draft: number | null;
    sent: number | null;
    interviewed: number | null;
  })[];
  const sum = (pick: (r: (typeof rows)[number]) => number | null) => rows.reduce((n, r) => n + (pick(r) ?? 0), 0);
  // Only the statuses someone is in, as plan.repo.ts selfReportStatusCounts answers them.
  const statuses = new Map(
    (
      [
        ['未提出', sum((r) => r.draft)],
        ['提出済', sum((r) => r.sent)],
        ['面談済', sum((r) => r.interviewed)],
      ] as const
    ).filter(([, n]) => n > 0),
  );
  return {
    sections: rows.map((r) => ({ section: r.section, topTwo: r.topTwo ?? 0, answered: r.answered ?? 0 })),
    expected: sum((r) => r.expected),
    submitted: sum((r) => r.submitted),
    statuses,
  };
}

/**
 * The area system's counts of a year (shared/plan-kpi.ts AreaCounts): the active staff but the 区長
 * and 副区長 (areaKpisOf's candidates) and how many of them are on a team; the active staff with an
 * MBO sheet with goals and how many of those sheets hold a 地域担当目標 (assignments.repo.ts
 * areaGoalCoverage); the areas with a team and how many of them have a patrol or a study session.
 */
export function areaCounts(db: Db, fy: number): AreaCounts {
  // The candidates and those of them on a team in one pass over the staff; the goals' categories
  // from mbo_goals_figures (migration 0150), not the goals' wide rows.
  return db
    .prepare(
      `SELECT cand.n AS candidates, coalesce(cand.assigned, 0) AS assigned,
         sheet.n AS sheets, coalesce(sheet.withGoal, 0) AS withAreaGoal,
         (SELECT count(DISTINCT area_id) FROM area_assignments WHERE fy = @fy) AS teams,
         (SELECT count(DISTINCT p.area_id) FROM area_patrols p WHERE p.fy = @fy
            AND EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.area_id = p.area_id)) AS teamsPatrolled,
         (SELECT count(DISTINCT t.area_id) FROM area_studies t WHERE t.fy = @fy
            AND EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.area_id = t.area_id)) AS teamsStudied
       FROM (SELECT count(*) AS n,
               sum(EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.staff_id = s.id)) AS assigned
             FROM staff s WHERE s.active = 1 AND s.position NOT IN ('区長', '副区長')) cand,
            (SELECT count(*) AS n, sum(has) AS withGoal FROM (
               SELECT max(g.category = '地域担当目標') AS has FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id
                 JOIN staff s ON s.id = m.staff_id WHERE m.fy = @fy AND s.active = 1 GROUP BY m.staff_id)) sheet`,
    )
    .get({ fy }) as AreaCounts;
}

/** The ids of a year's area-team members (training_facilitation_area's denominator). */
export function areaMemberIds(db: Db, fy: number): number[] {
  return db.prepare('SELECT staff_id FROM area_assignments WHERE fy = ?').pluck().all(fy) as number[];
}

/** How many members each area's team has in a year. */
export function areaMemberCounts(db: Db, fy: number): Map<number, number> {
  const rows = db
    .prepare('SELECT area_id AS areaId, count(*) AS n FROM area_assignments WHERE fy = ? GROUP BY area_id')
    .all(fy) as { areaId: number; n: number }[];
  return new Map(rows.map((r) => [r.areaId, r.n]));
}

/** One grade group and 課 of the year's appraisal list: its people per status, and its confirmed classes. */
export type AppraisalListPart = {
  gradeGroup: string;
  section: string | null;
  total: number;
  /** People per appraisal status (未着手 for those without an appraisal). */
  statuses: Map<string, number>;
  /** How many hold a confirmed (確定) 区分 of each class 1..5. */
  classes: number[];
};

/**
 * The year's appraisal list (appraisal.repo.ts yearRows: active staff and anyone appraised, not the
 * 区長) counted per grade group and 課 in organisation order, in one pass: per status, and how many
 * hold a confirmed (確定) 区分 of each class 1..5. HR's progress, the ranking populations and the
 * 区分 distribution are all sums of these parts.
 */
export function appraisalListParts(db: Db, fy: number): AppraisalListPart[] {
  const rows = db
    .prepare(
      `SELECT s.grade_group AS gradeGroup, s.section_id AS sectionId, sec.name AS section,
              coalesce(a.status, '未着手') AS status, count(*) AS n,
              sum(a.status = '確定' AND a.rank_class = 1) AS c1, sum(a.status = '確定' AND a.rank_class = 2) AS c2,
              sum(a.status = '確定' AND a.rank_class = 3) AS c3, sum(a.status = '確定' AND a.rank_class = 4) AS c4,
              sum(a.status = '確定' AND a.rank_class = 5) AS c5
       FROM staff s
         LEFT JOIN sections sec ON sec.id = s.section_id
         LEFT JOIN appraisals a INDEXED BY appraisals_figures ON a.fy = @fy AND a.staff_id = s.id
       WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
       GROUP BY s.grade_group, s.section_id, coalesce(a.status, '未着手')
       ORDER BY coalesce(min(sec.sort), 1e9), s.section_id, s.grade_group`,
    )
    .all({ fy }) as {
    gradeGroup: string;
    sectionId: number | null;
    section: string | null;
    status: string;
    n: number;
    c1: number | null;
    c2: number | null;
    c3: number | null;
    c4: number | null;
    c5: number | null;
  }[];
  const parts = new Map<string, AppraisalListPart>();
  for (const r of rows) {
    const key = `${r.gradeGroup}\u0000${r.sectionId ?? ''}`;
    let part = parts.get(key);
    if (!part) {
      part = { gradeGroup: r.gradeGroup, section: r.section, total: 0, statuses: new Map(), classes: [0, 0, 0, 0, 0] };
      parts.set(key, part);
    }
    part.total += r.n;
    part.statuses.set(r.status, r.n);
    [r.c1, r.c2, r.c3, r.c4, r.c5].forEach((c, i) => (part.classes[i]! += c ?? 0));
  }
  return [...parts.values()];
}

/** The year's appraisal list per status: the sum of its parts (appraisalListParts). */
export function appraisalStatusesOf(parts: readonly AppraisalListPart[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of parts) for (const [status, n] of p.statuses) counts.set(status, (counts.get(status) ?? 0) + n);
  return counts;
}

/**
 * Who completed which of a year's courses, once per course and person: all the training KPIs
 * (shared/training-kpi.ts) read of the attendance, without each row's dates, hours and notes.
 */
export function completedAttendanceOfYear(
  db: Db,
  fy: number,
): { courseId: number; staffId: number; completed: true }[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT a.course_id AS courseId, a.staff_id AS staffId
       FROM training_attendance a JOIN training_courses c ON c.id = a.course_id
       WHERE c.fy = ? AND a.completed = 1`,
    )
    .all(fy) as { courseId: number; staffId: number }[];
  return rows.map((r) => ({ ...r, completed: true }));
}
