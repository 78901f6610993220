import type { Db } from '../db/connection';

/* SQL for the plan's measures (docs/plan.md) that no domain's repo already answers. */

/** The ids of staff with staff.active = 1: the denominator of 接遇研修 coverage. */
export function activeStaffIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

/** The last day of a fiscal year (31 March of the next calendar year). */
function fiscalYearEnd(fy: number): string {
  return `${fy + 1}-03-31`;
}

/**
 * Who is on a year's self-report board (staff s, their report r of @fy): every active staff member
 * hired by the end of the year (@end), and anyone else with a report that year (docs/plan.md).
 */
const onSelfReportBoard = `((s.active = 1 AND (s.hired_on IS NULL OR s.hired_on <= @end)) OR r.id IS NOT NULL)`;

/**
 * The self-report board of a year as the plan's figures need it: every active staff member hired by
 * the end of that year, and anyone else with a report that year, with their current 課
 * (docs/plan.md), in organisation order.
 */
export function selfReportFacts(
  db: Db,
  fy: number,
): {
  staffId: number;
  active: number;
  section: string | null;
  status: '未提出' | '提出済' | '面談済';
  meaningful: number | null;
}[] {
  return db
    .prepare(
      `SELECT s.id AS staffId, s.active, sec.name AS section, coalesce(r.status, '未提出') AS status, r.meaningful
       FROM staff s
       LEFT JOIN self_reports r ON r.staff_id = s.id AND r.fy = @fy
       LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE ${onSelfReportBoard}
       ORDER BY sec.sort IS NULL, sec.sort, s.section_id, s.staff_no`,
    )
    .all({ fy, end: fiscalYearEnd(fy) }) as ReturnType<typeof selfReportFacts>;
}

/** The areas with a team in a year (at least one assignment). */
export function teamAreaIds(db: Db, fy: number): number[] {
  return (
    db.prepare('SELECT DISTINCT area_id AS id FROM area_assignments WHERE fy = ? ORDER BY area_id').all(fy) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

/** Per area with anything in the 地域カルテ of the year: how many patrols and study sessions. */
export function areaLogCounts(db: Db, fy: number): Map<number, { patrols: number; studies: number }> {
  const rows = db
    .prepare(
      `SELECT area_id AS areaId, sum(kind = 'p') AS patrols, sum(kind = 's') AS studies FROM (
         SELECT area_id, 'p' AS kind FROM area_patrols WHERE fy = @fy
         UNION ALL SELECT area_id, 's' AS kind FROM area_studies WHERE fy = @fy
       ) GROUP BY area_id`,
    )
    .all({ fy }) as { areaId: number; patrols: number; studies: number }[];
  return new Map(rows.map((r) => [r.areaId, { patrols: r.patrols, studies: r.studies }]));
}

/** The year's postings (庁内公募, プロジェクトチーム, 自主グループ), whatever their status. */
export function postingCount(db: Db, fy: number): number {
  return (db.prepare('SELECT count(*) AS n FROM postings WHERE fy = ?').get(fy) as { n: number }).n;
}

/** Self-reports per status over the year's board as selfReportFacts reads it. */
export function selfReportStatusCounts(db: Db, fy: number): Map<string, number> {
  return countsOf(
    db,
    `SELECT coalesce(r.status, '未提出') AS status, count(*) AS n FROM staff s
       LEFT JOIN self_reports r ON r.staff_id = s.id AND r.fy = @fy
      WHERE ${onSelfReportBoard} GROUP BY 1`,
    { fy, end: fiscalYearEnd(fy) },
  );
}

/** MBO sheets per status over the year's board (active staff and anyone with a sheet). */
export function mboStatusCounts(db: Db, fy: number): Map<string, number> {
  return countsOf(
    db,
    `SELECT coalesce(m.status, '未提出') AS status, count(*) AS n FROM staff s
       LEFT JOIN mbo_sheets m INDEXED BY mbo_sheets_figures ON m.staff_id = s.id AND m.fy = @fy
      WHERE s.active = 1 OR m.id IS NOT NULL GROUP BY 1`,
    { fy },
  );
}

function countsOf(db: Db, sql: string, params: Record<string, number | string>): Map<string, number> {
  const rows = db.prepare(sql).all(params) as { status: string; n: number }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}
