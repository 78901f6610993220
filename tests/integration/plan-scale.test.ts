import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { populationsOf } from '../../electron/core/appraisal/ranking.service';
import { confirmationsOf } from '../../electron/core/appraisal/ranking.repo';
import { awardsFor, yearScores } from '../../electron/core/appraisal/scores.service';
import { awardsOfYear } from '../../electron/core/awards/awards.repo';
import type { Db } from '../../electron/core/db/connection';
import { dashboardOf } from '../../electron/core/plan/dashboard.service';
import { headlineKpiOf, kpisOf } from '../../electron/core/plan/kpi.service';
import { statusesOf } from '../../electron/core/plan/measures.service';
import {
  activeStaffIds,
  areaLogCounts,
  postingCount,
  selfReportFacts,
  selfReportStatusCounts,
  teamAreaIds,
} from '../../electron/core/plan/plan.repo';
import { areaAssignments, areaGoalCoverage, areasByName } from '../../electron/core/staff/assignments.repo';
import { activeStaffExcept, cycleExists } from '../../electron/core/staff/staff.repo';
import { attendanceOfYear, attendeesOfCategoryUpTo, coursesOfYear } from '../../electron/core/training/training.repo';
import { awardBonus, NO_SECTION } from '../../shared/appraisal';
import type { Kpi } from '../../shared/kpi';
import {
  areaKpis,
  awardKpis,
  meaningfulBySection,
  meaningfulWorkKpi,
  measuresMetKpi,
  postingsKpi,
  selfReportSubmittedKpi,
} from '../../shared/plan-kpi';
import type { SelfReportFact } from '../../shared/plan-kpi';
import { RANK_CLASSES } from '../../shared/ranking';
import { selfReportStatuses } from '../../shared/self-report';
import { trainingKpis } from '../../shared/training-kpi';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * The plan's figures at city scale (docs/plan.md "At city scale") are SQL aggregates. This file holds
 * them equal to the figures the facts gave before: every staff member and sheet read into JavaScript
 * and counted by the pure functions of shared/ — on the demo office, and on it again after edge
 * cases are added (people who left with and without a report, a 課 without members' answers, staff
 * without a 課, a 副区長 on a team, an area with a patrol but no team).
 */

const dir = tempDir('kaname-plan-scale-');
let ctx: AppContext;
let db: Db;
const years = [2024, 2025, 2026];

/** The KPIs as the facts gave them (the former kpi.service.ts planYearOf). */
function kpisFromFacts(d: Db, fy: number): Kpi[] {
  const reports: SelfReportFact[] = selfReportFacts(d, fy).map((r) => ({ ...r, active: r.active === 1 }));
  const assigned = [...areaAssignments(d, fy).keys()];
  const logs = areaLogCounts(d, fy);
  const withEntry = (pick: 'patrols' | 'studies') => [...logs].filter(([, c]) => c[pick] > 0).map(([id]) => id);
  const kpis = [
    ...trainingKpis({
      activeStaffIds: activeStaffIds(d),
      areaMemberIds: assigned,
      courses: coursesOfYear(d, fy),
      attendance: attendanceOfYear(d, fy),
      facilitationEverIds: [...attendeesOfCategoryUpTo(d, 'ファシリテーション研修', fy)],
    }),
    meaningfulWorkKpi(reports),
    selfReportSubmittedKpi(reports),
    ...areaKpis({
      candidateIds: activeStaffExcept(d, ['区長', '副区長']).map((s) => s.id),
      assignedIds: assigned,
      sheets: areaGoalCoverage(d, fy),
      teamAreaIds: teamAreaIds(d, fy),
      patrolAreaIds: withEntry('patrols'),
      studyAreaIds: withEntry('studies'),
    }),
    ...awardKpis(awardsOfYear(d, fy)),
    postingsKpi(postingCount(d, fy)),
  ];
  return [...kpis, measuresMetKpi(statusesOf(d, fy, kpis))];
}

/** The dashboard's figures as the facts gave them (the former dashboard.service.ts). */
function dashboardFromFacts(d: Db, fy: number, seesSmall: boolean) {
  const reports: SelfReportFact[] = selfReportFacts(d, fy).map((r) => ({ ...r, active: r.active === 1 }));
  const scores = yearScores(d, fy);
  const confirmations = confirmationsOf(d, fy);
  const members = new Map<number, number>();
  for (const a of areaAssignments(d, fy).values()) members.set(a.areaId, (members.get(a.areaId) ?? 0) + 1);
  const logs = areaLogCounts(d, fy);
  const awards = awardsOfYear(d, fy);
  const carried = new Set<number>();
  const byId = new Map(scores.people.map((p) => [p.staffId, p]));
  for (const staffId of new Set(awards.flatMap((a) => a.recipients))) {
    const person = byId.get(staffId);
    if (!person) continue;
    const own = awards.filter((a) => a.recipients.includes(staffId));
    awardBonus(awardsFor(own, staffId), person.gradeGroup, scores.config).lines.forEach((line, i) => {
      if (line.points > 0) carried.add(own[i]!.id);
    });
  }
  const statuses = selfReportStatusCounts(d, fy);
  return {
    meaningfulBySection: meaningfulBySection(reports, seesSmall, NO_SECTION),
    selfReportProgress: selfReportStatuses.map((status) => ({ status, count: statuses.get(status) ?? 0 })),
    areaTeams: areasByName(d)
      .filter((a) => members.has(a.id) || logs.has(a.id))
      .map((a) => ({
        area: a.name,
        members: members.get(a.id) ?? 0,
        patrols: logs.get(a.id)?.patrols ?? 0,
        studySessions: logs.get(a.id)?.studies ?? 0,
      })),
    carried: awards.filter((a) => carried.has(a.id)).length,
    classDistribution: populationsOf(scores.people, scores.config).map((pop) => {
      const counts = RANK_CLASSES.map(() => 0);
      for (const m of pop.members) {
        const a = m.appraisal;
        if (a && a.status === '確定' && a.rankClass !== null) counts[a.rankClass - 1]! += 1;
      }
      return { population: pop.label, counts, total: pop.members.length, confirmed: confirmations.has(pop.key) };
    }),
  };
}

function expectSameAsFacts(): void {
  for (const fy of years) {
    if (!cycleExists(db, fy)) continue;
    const kpis = kpisOf(db, fy);
    expect(kpis).toEqual(kpisFromFacts(db, fy));
    expect(headlineKpiOf(db, fy)).toEqual(kpis.find((k) => k.id === 'meaningful_work'));
    for (const seesSmall of [true, false]) {
      const now = dashboardOf(db, fy, seesSmall);
      const before = dashboardFromFacts(db, fy, seesSmall);
      expect(now.meaningfulBySection).toEqual(before.meaningfulBySection);
      expect(now.selfReportProgress).toEqual(before.selfReportProgress);
      expect(now.areaTeams).toEqual(before.areaTeams);
      expect(now.classDistribution).toEqual(before.classDistribution);
      expect(now.awardsByCategory.reduce((n, c) => n + c.carried, 0)).toBe(before.carried);
    }
  }
}

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  ctx = await loggedIn(dbPath, 'admin', demoPass);
  db = ctx.office!.db;
}, 180_000);
afterAll(() => {
  ctx.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the plan’s SQL aggregates equal the figures counted from the facts', () => {
  it('on the demo office, every year, for viewers who see small groups and who do not', () => {
    const kpis = kpisOf(db, 2026);
    // The demo's figures are not all empty: the comparison below compares something.
    expect(kpis.find((k) => k.id === 'meaningful_work')!.denominator).toBeGreaterThan(0);
    expect(kpis.find((k) => k.id === 'area_assignment')!.denominator).toBeGreaterThan(0);
    expectSameAsFacts();
  });

  it('after edge cases are added to the office', () => {
    const fy = 2026;
    const ids = (db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
    const some = (k: number) => ids.filter((_, i) => i % k === 0);
    // People who left: some with a submitted report, some with a draft, some with none.
    db.prepare(`UPDATE staff SET active = 0 WHERE id IN (SELECT value FROM json_each(?))`).run(
      JSON.stringify(some(11)),
    );
    db.prepare(
      `UPDATE self_reports SET status = '未提出' WHERE fy = ? AND staff_id IN (SELECT value FROM json_each(?))`,
    ).run(fy, JSON.stringify(some(22)));
    // Answers of every kind, among them none.
    db.prepare(`UPDATE self_reports SET meaningful = NULL WHERE fy = ? AND staff_id % 7 = 0`).run(fy);
    db.prepare(`UPDATE self_reports SET meaningful = 5, status = '面談済' WHERE fy = ? AND staff_id % 5 = 0`).run(fy);
    // Staff without a 課, and someone hired after the year's end.
    db.prepare(`UPDATE staff SET section_id = NULL WHERE id IN (SELECT value FROM json_each(?))`).run(
      JSON.stringify(some(13)),
    );
    db.prepare(`UPDATE staff SET hired_on = '2099-04-01' WHERE id = ?`).run(ids[3]);
    // A 課 whose few members answer (withheld for personnel).
    const section = db.prepare('SELECT id FROM sections ORDER BY sort DESC LIMIT 1').get() as { id: number };
    db.prepare(`UPDATE staff SET section_id = ? WHERE id IN (SELECT value FROM json_each(?))`).run(
      section.id,
      JSON.stringify(ids.slice(5, 7)),
    );
    // Area teams: a member dropped, an area with a patrol and no team this year.
    db.prepare(`DELETE FROM area_assignments WHERE fy = ? AND staff_id = ?`).run(fy, ids[10]);
    const lone = db
      .prepare(`SELECT id FROM areas WHERE id NOT IN (SELECT area_id FROM area_assignments WHERE fy = ?) LIMIT 1`)
      .get(fy) as { id: number } | undefined;
    if (lone) {
      db.prepare(`DELETE FROM area_assignments WHERE fy = ? AND area_id = ?`).run(fy, lone.id);
    }
    // Appraisals confirmed with classes, and some not.
    db.prepare(
      `UPDATE appraisals SET status = '確定', rank_class = 1 + (staff_id % 5) WHERE fy = ? AND staff_id % 3 = 0`,
    ).run(fy);
    db.prepare(`UPDATE appraisals SET rank_class = NULL WHERE fy = ? AND staff_id % 9 = 0`).run(fy);
    expectSameAsFacts();
  });
});
