import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import type { YearPerson } from '../../electron/core/appraisal/scores.service';
import type { Db } from '../../electron/core/db/connection';
import { schemaVersion } from '../../electron/core/db/migrate';
import { latestVersion } from '../../electron/core/db/migrations';
import {
  appraisalListParts,
  areaCounts,
  areaMemberIds,
  selfReportCounts,
} from '../../electron/core/plan/plan-figures.repo';
import { mboStatusCounts } from '../../electron/core/plan/plan.repo';
import { minGroupSize, seesSmallGroups, withheldAverages } from '../../shared/access';
import { NO_SECTION } from '../../shared/appraisal';
import { APPRAISAL_STATUSES } from '../../shared/contract';
import type { StatusTable } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { gradeGroups } from '../../shared/org';
import type { RankClass } from '../../shared/ranking';
import type { Role } from '../../shared/roles';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { ok } from '../helpers/result';

/*
 * The first call of the 人事考課状況一覧 and the plan's figures on a freshly opened office
 * (docs/city-scale.md "First call"): the status table is counted from a narrower read than the
 * whole scored year, and the year's figures are read from the covering indexes of migration 0150.
 * Whatever the read, every answer is the one the whole year gives: here the status table as it was
 * computed before (from yearScores's people, the code kept below as it was), for HR and for the
 * roles that see it with small groups withheld, on the ward demo and on a hand-built case of small
 * sections, a person without a section, a few confirmed classes, an award and an adjustment.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-city-first-call-');
let dbPath: string;
let admin: AppContext;
const opened: AppContext[] = [];

/** HR, personnel and an evaluator: every role appraisal:status answers (shared/api/appraisal.ts). */
const logins = ['admin', 'jinji', 'kacho'] as const;

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  admin = await loggedIn(dbPath, 'admin', demoPass);
  opened.push(admin);
}, 120_000);

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A new connection of its own: nothing remembered yet. */
async function fresh(login: string): Promise<AppContext> {
  const c = await loggedIn(dbPath, login, demoPass);
  opened.push(c);
  return c;
}

const dbOf = (c: AppContext): Db => c.office!.db;
const roleOf = (c: AppContext): Role => c.session!.role;

function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const hundredths = values.reduce((a, v) => a + Math.round(v * 100), 0);
  return Math.floor((hundredths / values.length) * 1 + 0.5) / 100;
}

/** The status table as ranking.service.ts computed it before, from the whole scored year (yearScores). */
function statusTableBefore(db: Db, role: Role): StatusTable {
  const { people } = yearScores(db, fy);
  const all = seesSmallGroups(role);
  return {
    fy,
    groups: gradeGroups.map((gradeGroup) => {
      const members = people.filter((p) => p.gradeGroup === gradeGroup);
      const scored = members.filter((p) => p.score !== null);
      const distribution: Record<RankClass, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
      let confirmed = 0;
      for (const p of members) {
        if (p.status === '確定' && p.appraisal?.rankClass) {
          distribution[p.appraisal.rankClass] += 1;
          confirmed += 1;
        }
      }
      const sections = new Map<string, YearPerson[]>();
      for (const p of members) {
        const key = p.section ?? NO_SECTION;
        const list = sections.get(key);
        if (list) list.push(p);
        else sections.set(key, [p]);
      }
      const rows = [...sections].map(([section, list]) => {
        const withScore = list.filter((p) => p.score !== null).map((p) => p.score as number);
        const counts: Record<string, number> = {};
        for (const s of APPRAISAL_STATUSES) counts[s] = list.filter((p) => p.status === s).length;
        return { section, total: list.length, withScore, counts };
      });
      const withheld = all
        ? { sections: rows.map(() => null), group: null }
        : withheldAverages(rows.map((r) => r.withScore.length));
      return {
        gradeGroup,
        total: members.length,
        scored: scored.length,
        average: withheld.group === null ? average(scored.map((p) => p.score as number)) : null,
        suppressed: withheld.group,
        distribution: all || confirmed === 0 || confirmed >= minGroupSize ? distribution : null,
        sections: rows.map((r, i) => {
          const suppressed = withheld.sections[i] ?? null;
          return {
            section: r.section,
            total: r.total,
            scored: r.withScore.length,
            average: suppressed === null ? average(r.withScore) : null,
            suppressed,
            counts: r.counts,
          };
        }),
      };
    }),
  };
}

/**
 * For each role: the first call on a fresh connection (the narrow read), a call on a connection
 * that has the whole year scored already, and a second call (remembered) all equal the table as it
 * was computed before. Answers the HR table and a withheld one for the checks after.
 */
async function expectSameAsBefore(): Promise<Record<(typeof logins)[number], StatusTable>> {
  const tables = {} as Record<(typeof logins)[number], StatusTable>;
  for (const login of logins) {
    const cold = await fresh(login);
    const first = ok(await callApi(cold, 'appraisal:status', { fy }));
    const again = ok(await callApi(cold, 'appraisal:status', { fy }));
    const before = statusTableBefore(dbOf(cold), roleOf(cold));
    expect(first, login).toEqual(before);
    expect(again, login).toEqual(before);
    // A connection where the ranking or the 考課一覧 scored the whole year first.
    const scored = await fresh(login);
    yearScores(dbOf(scored), fy);
    expect(ok(await callApi(scored, 'appraisal:status', { fy })), login).toEqual(before);
    tables[login] = first;
  }
  return tables;
}

/** The area system's counts as plan-figures.repo.ts counted them before (two passes over the staff). */
function areaCountsBefore(db: Db, year: number): unknown {
  return db
    .prepare(
      `SELECT
         (SELECT count(*) FROM staff s WHERE s.active = 1 AND s.position NOT IN ('区長', '副区長')) AS candidates,
         (SELECT count(*) FROM staff s WHERE s.active = 1 AND s.position NOT IN ('区長', '副区長')
            AND EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.staff_id = s.id)) AS assigned,
         sheet.n AS sheets, coalesce(sheet.withGoal, 0) AS withAreaGoal,
         (SELECT count(DISTINCT area_id) FROM area_assignments WHERE fy = @fy) AS teams,
         (SELECT count(DISTINCT p.area_id) FROM area_patrols p WHERE p.fy = @fy
            AND EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.area_id = p.area_id)) AS teamsPatrolled,
         (SELECT count(DISTINCT t.area_id) FROM area_studies t WHERE t.fy = @fy
            AND EXISTS (SELECT 1 FROM area_assignments aa WHERE aa.fy = @fy AND aa.area_id = t.area_id)) AS teamsStudied
       FROM (SELECT count(*) AS n, sum(has) AS withGoal FROM (
               SELECT max(g.category = '地域担当目標') AS has FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id
                 JOIN staff s ON s.id = m.staff_id WHERE m.fy = @fy AND s.active = 1 GROUP BY m.staff_id)) sheet`,
    )
    .get({ fy: year });
}

/** The plan's figures this change reads differently equal the way they were read before. */
function expectPlanFiguresAsBefore(db: Db): void {
  for (const year of [fy - 2, fy - 1, fy]) {
    expect(areaCounts(db, year), `areaCounts ${year}`).toEqual(areaCountsBefore(db, year));
    const mboBefore = db
      .prepare(
        `SELECT coalesce(m.status, '未提出') AS status, count(*) AS n FROM staff s
           LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = ? WHERE s.active = 1 OR m.id IS NOT NULL GROUP BY 1`,
      )
      .all(year) as { status: string; n: number }[];
    expect([...mboStatusCounts(db, year)], `mbo ${year}`).toEqual(mboBefore.map((r) => [r.status, r.n]));
    const ids = (
      db.prepare('SELECT staff_id AS id FROM area_assignments WHERE fy = ?').all(year) as { id: number }[]
    ).map((r) => r.id);
    expect(areaMemberIds(db, year), `area members ${year}`).toEqual(ids);
  }
}

function one<T>(db: Db, sql: string, ...params: unknown[]): T {
  return db.prepare(sql).get(...params) as T;
}

describe('the first 人事考課状況一覧 of a year', () => {
  it('equals the table computed from the whole scored year, for HR, personnel and an evaluator (ward demo)', async () => {
    const tables = await expectSameAsBefore();
    expect(tables.admin.groups.some((g) => g.sections.some((s) => s.scored > 0 && s.average !== null))).toBe(true);
  }, 120_000);

  it('equals it on small sections, a person without a section, a few confirmed classes, an award and an adjustment', async () => {
    const db = dbOf(admin);
    // Two scored 課長代理級 moved to a new small section sorted first, and an unscored 係長級 with them.
    const scored = yearScores(db, fy).people.filter((p) => p.gradeGroup === '課長代理級' && p.score !== null);
    expect(scored.length).toBeGreaterThanOrEqual(4);
    const unscored = yearScores(db, fy).people.find(
      (p) => p.gradeGroup === '係長級' && p.score === null && p.appraisal !== null,
    );
    expect(unscored).toBeDefined();
    const small = Number(db.prepare("INSERT INTO sections (name, sort) VALUES ('小規模課', -1)").run().lastInsertRowid);
    const move = db.prepare('UPDATE staff SET section_id = ?, line_id = NULL WHERE id = ?');
    for (const p of [scored[0]!, scored[1]!, unscored!]) move.run(small, p.staffId);
    // A scored person without a section, and a section sharing another's sort (ties by id).
    move.run(null, scored[2]!.staffId);
    const tie = one<{ sort: number }>(
      db,
      'SELECT sort FROM sections WHERE id = (SELECT section_id FROM staff WHERE id = ?)',
      scored[3]!.staffId,
    );
    const twin = Number(
      db.prepare("INSERT INTO sections (name, sort) VALUES ('同順課', ?)").run(tie.sort).lastInsertRowid,
    );
    move.run(twin, scored[3]!.staffId);
    // Someone who left with an appraisal (still counted) and someone who left without one (not).
    const leaver = yearScores(db, fy).people.find((p) => p.appraisal !== null && p.gradeGroup === '係員級')!;
    db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(leaver.staffId);
    const noAppraisal = yearScores(db, fy).people.find((p) => p.appraisal === null && p.staffId !== unscored!.staffId);
    if (noAppraisal) db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(noAppraisal.staffId);
    // Two 確定 classes in 係員級 and no other: a distribution of fewer than minGroupSize.
    db.prepare(
      "UPDATE appraisals SET status = '調整済', rank_class = NULL WHERE fy = ? AND status = '確定' AND staff_id IN (SELECT id FROM staff WHERE grade_group = '係員級')",
    ).run(fy);
    const juniors = yearScores(db, fy).people.filter((p) => p.gradeGroup === '係員級' && p.appraisal !== null);
    db.prepare("UPDATE appraisals SET status = '確定', rank_class = 1 WHERE id = ?").run(juniors[0]!.appraisal!.id);
    db.prepare("UPDATE appraisals SET status = '確定', rank_class = 4 WHERE id = ?").run(juniors[1]!.appraisal!.id);
    // An adjustment, a goal without its 2次 level (no score), and a decided award (a bonus).
    db.prepare('UPDATE appraisals SET adjustment = 25 WHERE id = ?').run(
      scored[4]?.appraisal?.id ?? scored[0]!.appraisal!.id,
    );
    const rated = yearScores(db, fy).people.find(
      (p) => p.gradeGroup === '係員級' && p.score !== null && p.staffId !== leaver.staffId,
    )!;
    db.prepare(
      'UPDATE mbo_goals SET second_level = NULL WHERE id = (SELECT g.id FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE m.fy = ? AND m.staff_id = ? LIMIT 1)',
    ).run(fy, rated.staffId);
    const winner = yearScores(db, fy).people.find((p) => p.gradeGroup === '係員級' && p.score !== null)!;
    const award = Number(
      db
        .prepare(
          `INSERT INTO awards (fy, title, category, awarded_on, status, decided_on, created_at, updated_at)
           VALUES (?, '試験の表彰', '地域担当制の活用', ?, '決定', ?, 'x', 'x')`,
        )
        .run(fy, `${fy}-10-01`, `${fy}-10-02`).lastInsertRowid,
    );
    db.prepare('INSERT INTO award_recipients (award_id, staff_id) VALUES (?, ?)').run(award, winner.staffId);

    const tables = await expectSameAsBefore();
    // The cases are there: a section without a section, the small section first, the withheld figures.
    const hr = tables.admin.groups.find((g) => g.gradeGroup === '課長代理級')!;
    expect(hr.sections[0]).toMatchObject({ section: '小規模課', total: 2, scored: 2 });
    expect(hr.sections.some((s) => s.section === '同順課')).toBe(true);
    const seniorsHr = tables.admin.groups.find((g) => g.gradeGroup === '係長級')!;
    expect(seniorsHr.sections[0]).toMatchObject({ section: '小規模課', total: 1, scored: 0 });
    expect(hr.sections.some((s) => s.section === NO_SECTION)).toBe(true);
    expect(tables.admin.groups.find((g) => g.gradeGroup === '係員級')!.distribution).toMatchObject({ 1: 1, 4: 1 });
    for (const login of ['jinji', 'kacho'] as const) {
      const deputies = tables[login].groups.find((g) => g.gradeGroup === '課長代理級')!;
      expect(deputies.sections[0]).toMatchObject({ section: '小規模課', average: null, suppressed: 'few' });
      expect(tables[login].groups.find((g) => g.gradeGroup === '係員級')!.distribution).toBeNull();
      expect(tables[login].groups.some((g) => g.suppressed !== null)).toBe(true);
    }
    expect(JSON.stringify(tables)).not.toMatch(/"name"|"staffNo"/u);
    expectPlanFiguresAsBefore(dbOf(await fresh('admin')));
  }, 120_000);

  it('answers again after a write, as a fresh connection does', async () => {
    const c = await fresh('admin');
    const first = ok(await callApi(c, 'appraisal:status', { fy }));
    const db = dbOf(c);
    const someone = yearScores(db, fy).people.find((p) => p.appraisal?.status === '調整済')!;
    db.prepare("UPDATE appraisals SET status = '2次評価済' WHERE id = ?").run(someone.appraisal!.id);
    const after = ok(await callApi(c, 'appraisal:status', { fy }));
    expect(after).not.toEqual(first);
    expect(after).toEqual(statusTableBefore(dbOf(await fresh('admin')), 'hr'));
    expect(after).toEqual(ok(await callApi(await fresh('admin'), 'appraisal:status', { fy })));
  }, 120_000);
});

describe("the plan's year figures", () => {
  it('equal the way they were counted before (ward demo)', async () => {
    expectPlanFiguresAsBefore(dbOf(await fresh('admin')));
  }, 120_000);
});

describe('migration 0150 (covering indexes for the year figures)', () => {
  const indexes = [
    'mbo_goals_figures',
    'appraisal_ratings_figures',
    'appraisals_figures',
    'self_reports_figures',
    'mbo_sheets_figures',
    'training_attendance_courses',
    'training_attendance_people',
  ];
  const hasIndex = (db: Db, name: string) =>
    one<{ n: number }>(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = ?", name).n === 1;
  const figures = (db: Db) => ({
    status: statusTableBefore(db, 'hr'),
    parts: appraisalListParts(db, fy),
    reports: selfReportCounts(db, fy),
    areas: areaCounts(db, fy),
    mbo: [...mboStatusCounts(db, fy)],
  });

  it('adds its indexes when an office with data is opened, changing no figure', async () => {
    const withIndexes = figures(dbOf(await fresh('admin')));
    // The office as it was before 0150: its indexes gone, its version 140.
    const db = dbOf(admin);
    for (const name of indexes) {
      expect(hasIndex(db, name), name).toBe(true);
      db.exec(`DROP INDEX ${name}`);
    }
    db.pragma('user_version = 140');
    // Logging in opens the office, which runs the pending migration.
    const migrated = dbOf(await fresh('admin'));
    expect(schemaVersion(migrated)).toBe(latestVersion);
    for (const name of indexes) expect(hasIndex(migrated, name), name).toBe(true);
    expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(figures(migrated)).toEqual(withIndexes);
  }, 120_000);
});
