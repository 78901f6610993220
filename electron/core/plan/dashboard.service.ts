import { seesSmallGroups } from '../../../shared/access';
import type {
  AreaTeamFigures,
  AwardCategoryFigures,
  ClassDistribution,
  PlanDashboard,
  StatusCount,
} from '../../../shared/api/plan';
import { awardBonus, NO_SECTION } from '../../../shared/appraisal';
import { APPRAISAL_STATUSES, AWARD_CATEGORIES } from '../../../shared/contract';
import type { KpiReport } from '../../../shared/kpi';
import { MBO_STATUSES } from '../../../shared/mbo';
import { meaningfulBySection } from '../../../shared/plan-kpi';
import { RANK_CLASSES } from '../../../shared/ranking';
import { selfReportStatuses } from '../../../shared/self-report';
import { requireCycle } from '../access/evaluation-access';
import { confirmationsOf } from '../appraisal/ranking.repo';
import { populationsOf } from '../appraisal/ranking.service';
import { awardsFor, yearScores } from '../appraisal/scores.service';
import type { YearPerson } from '../appraisal/scores.service';
import { awardsOfYear } from '../awards/awards.repo';
import type { AwardRecord } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { areaAssignments, areasByName } from '../staff/assignments.repo';
import { cycleExists } from '../staff/staff.repo';
import { kpisOf, planYearOf, selfReportFactsOf } from './kpi.service';
import { appraisalStatusCounts, areaLogCounts, mboStatusCounts, selfReportStatusCounts } from './plan.repo';

/*
 * The plan's dashboard (プランの進捗, docs/plan.md "The dashboard"): every KPI of the year and the two
 * before it, and the figures behind them. HR and personnel read it; only HR sees groups of fewer
 * than minGroupSize answers (shared/access.ts).
 */

/** Counts per status in the workflow's order, every status listed (0 when none). */
function inOrder(statuses: readonly string[], counts: Map<string, number>): StatusCount[] {
  return statuses.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

/** Each area with a team or a 地域カルテ entry in the year: its members, patrols and study sessions. */
function areaTeamsOf(db: Db, fy: number): AreaTeamFigures[] {
  const members = new Map<number, number>();
  for (const a of areaAssignments(db, fy).values()) members.set(a.areaId, (members.get(a.areaId) ?? 0) + 1);
  const logs = areaLogCounts(db, fy);
  return areasByName(db)
    .filter((a) => members.has(a.id) || logs.has(a.id))
    .map((a) => ({
      area: a.name,
      members: members.get(a.id) ?? 0,
      patrols: logs.get(a.id)?.patrols ?? 0,
      studySessions: logs.get(a.id)?.studies ?? 0,
    }));
}

/**
 * The ids of the decided awards that add points to at least one recipient's appraisal of the year
 * (shared/appraisal.ts awardBonus: an eligible grade group, within the yearly cap).
 */
function carriedAwardIds(
  awards: readonly AwardRecord[],
  people: readonly YearPerson[],
  config: ReturnType<typeof yearScores>['config'],
): Set<number> {
  const carried = new Set<number>();
  const byId = new Map(people.map((p) => [p.staffId, p]));
  const recipients = new Set(awards.flatMap((a) => a.recipients));
  for (const staffId of recipients) {
    const person = byId.get(staffId);
    if (!person) continue;
    const own = awards.filter((a) => a.recipients.includes(staffId));
    const bonus = awardBonus(awardsFor(own, staffId), person.gradeGroup, config);
    bonus.lines.forEach((line, i) => {
      if (line.points > 0) carried.add(own[i]!.id);
    });
  }
  return carried;
}

function awardsByCategoryOf(awards: readonly AwardRecord[], carried: Set<number>): AwardCategoryFigures[] {
  return AWARD_CATEGORIES.map((category) => {
    const own = awards.filter((a) => a.category === category);
    return {
      category,
      decided: own.filter((a) => a.status === '決定').length,
      nominated: own.filter((a) => a.status === '推薦中').length,
      carried: own.filter((a) => carried.has(a.id)).length,
    };
  });
}

/**
 * The 区分 of each ranking population (populationsOf, screen order): the confirmed classes
 * (appraisals 確定 with a class) counted per 第1..第5区分; total is the population's size.
 */
function classDistributionOf(db: Db, fy: number, scores: ReturnType<typeof yearScores>): ClassDistribution[] {
  const confirmations = confirmationsOf(db, fy);
  return populationsOf(scores.people, scores.config).map((pop) => {
    const counts = RANK_CLASSES.map(() => 0);
    for (const m of pop.members) {
      const a = m.appraisal;
      if (a && a.status === '確定' && a.rankClass !== null) counts[a.rankClass - 1]! += 1;
    }
    return { population: pop.label, counts, total: pop.members.length, confirmed: confirmations.has(pop.key) };
  });
}

/**
 * The dashboard of a fiscal year for a viewer who sees small groups or not. The caller has checked
 * that the year has a cycle; the two years before it are included when they have one.
 */
export function dashboardOf(db: Db, fy: number, seesSmall: boolean): PlanDashboard {
  const years: KpiReport[] = [];
  for (const y of [fy - 2, fy - 1]) if (cycleExists(db, y)) years.push({ fy: y, kpis: kpisOf(db, y) });
  const { kpis, measures } = planYearOf(db, fy);
  years.push({ fy, kpis });
  const scores = yearScores(db, fy);
  const awards = awardsOfYear(db, fy);
  return {
    fy,
    years,
    meaningfulBySection: meaningfulBySection(selfReportFactsOf(db, fy), seesSmall, NO_SECTION),
    areaTeams: areaTeamsOf(db, fy),
    awardsByCategory: awardsByCategoryOf(awards, carriedAwardIds(awards, scores.people, scores.config)),
    classDistribution: classDistributionOf(db, fy, scores),
    selfReportProgress: inOrder(selfReportStatuses, selfReportStatusCounts(db, fy)),
    mboProgress: inOrder(MBO_STATUSES, mboStatusCounts(db, fy)),
    appraisalProgress: inOrder(APPRAISAL_STATUSES, appraisalStatusCounts(db, fy)),
    measures,
  };
}

/** `plan:dashboard` (HR and personnel, shared/api/plan.ts): a year without a cycle is refused as unknown. */
export function planDashboard(db: Db, session: Session, input: { fy: number }): PlanDashboard {
  requireCycle(db, input.fy);
  return dashboardOf(db, input.fy, seesSmallGroups(session.role));
}
