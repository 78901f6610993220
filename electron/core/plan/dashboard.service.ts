import { seesSmallGroups } from '../../../shared/access';
import type {
  AreaTeamFigures,
  AwardCategoryFigures,
  ClassDistribution,
  PlanDashboard,
  StatusCount,
} from '../../../shared/api/plan';
import { awardBonus, NO_SECTION, populationKeyOf, populationLabelOf } from '../../../shared/appraisal';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import { APPRAISAL_STATUSES, AWARD_CATEGORIES } from '../../../shared/contract';
import type { KpiReport } from '../../../shared/kpi';
import { MBO_STATUSES } from '../../../shared/mbo';
import { meaningfulBySectionOf } from '../../../shared/plan-kpi';
import { selfReportStatuses } from '../../../shared/self-report';
import { requireCycle } from '../access/evaluation-access';
import { cycleConfig } from '../appraisal/appraisal.repo';
import { confirmationsOf } from '../appraisal/ranking.repo';
import { awardsFor, yearScores } from '../appraisal/scores.service';
import type { YearPerson } from '../appraisal/scores.service';
import { awardsOfYear } from '../awards/awards.repo';
import type { AwardRecord } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { areasByName } from '../staff/assignments.repo';
import { cycleExists } from '../staff/staff.repo';
import { kpisOf, planYearOf } from './kpi.service';
import { appraisalStatusesOf, areaMemberCounts } from './plan-figures.repo';
import type { AppraisalListPart } from './plan-figures.repo';
import { areaLogCounts } from './plan.repo';
import { yearAppraisalParts, yearMboStatuses } from './year-cache';

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
  const members = areaMemberCounts(db, fy);
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
 * The 区分 of each ranking population (ranking.service.ts populationsOf's order: grade groups in
 * order, per 課 in organisation order, a 区全体 group kept when empty): the confirmed classes
 * (appraisals 確定 with a class) counted per 第1..第5区分; total is the population's size. Counted
 * in SQL per grade group and 課 (plan-figures.repo.ts), then summed per population.
 */
function classDistributionOf(db: Db, fy: number, parts: readonly AppraisalListPart[]): ClassDistribution[] {
  const units = cycleConfig(db, fy).rankingUnits;
  const confirmations = confirmationsOf(db, fy);
  const byKey = new Map<string, ClassDistribution & { key: string }>();
  const groups = new Map<GradeGroup, (ClassDistribution & { key: string })[]>(gradeGroups.map((g) => [g, []]));
  for (const part of parts) {
    const g = part.gradeGroup as GradeGroup;
    const list = groups.get(g);
    if (!list) continue;
    const key = populationKeyOf(units[g], g, part.section);
    let pop = byKey.get(key);
    if (!pop) {
      pop = {
        key,
        population: populationLabelOf(units[g], g, part.section),
        counts: [0, 0, 0, 0, 0],
        total: 0,
        confirmed: false,
      };
      byKey.set(key, pop);
      list.push(pop);
    }
    pop.total += part.total;
    part.classes.forEach((n, i) => (pop.counts[i]! += n));
  }
  for (const g of gradeGroups) {
    if (units[g] === '区全体' && groups.get(g)!.length === 0) {
      groups.get(g)!.push({
        key: g,
        population: populationLabelOf('区全体', g, null),
        counts: [0, 0, 0, 0, 0],
        total: 0,
        confirmed: false,
      });
    }
  }
  return gradeGroups.flatMap((g) =>
    groups.get(g)!.map(({ key, population, counts, total }) => ({
      population,
      counts,
      total,
      confirmed: confirmations.has(key),
    })),
  );
}

/**
 * The dashboard of a fiscal year for a viewer who sees small groups or not. The caller has checked
 * that the year has a cycle; the two years before it are included when they have one.
 */
export function dashboardOf(db: Db, fy: number, seesSmall: boolean, summary = false): PlanDashboard {
  const years: KpiReport[] = [];
  for (const y of [fy - 2, fy - 1]) if (cycleExists(db, y)) years.push({ fy: y, kpis: kpisOf(db, y) });
  const { kpis, measures, meaningfulCounts, selfReportStatuses: reports } = planYearOf(db, fy);
  years.push({ fy, kpis });
  const awards = awardsOfYear(db, fy);
  // Only the recipients' scores decide which awards carry points: not the whole year's list.
  const parts = yearAppraisalParts(db, fy);
  const scores = yearScores(db, fy, [...new Set(awards.flatMap((a) => a.recipients))]);
  return {
    fy,
    years,
    meaningfulBySection: meaningfulBySectionOf(meaningfulCounts, seesSmall, NO_SECTION),
    areaTeams: areaTeamsOf(db, fy),
    awardsByCategory: awardsByCategoryOf(awards, carriedAwardIds(awards, scores.people, scores.config)),
    classDistribution: classDistributionOf(db, fy, parts),
    selfReportProgress: inOrder(selfReportStatuses, reports),
    mboProgress: inOrder(MBO_STATUSES, yearMboStatuses(db, fy)),
    appraisalProgress: inOrder(APPRAISAL_STATUSES, appraisalStatusesOf(parts)),
    // The screen draws no measure here (it has its own tab): `summary` leaves their standing out.
    measures: summary ? [] : measures,
  };
}

/** `plan:dashboard` (HR and personnel, shared/api/plan.ts): a year without a cycle is refused as unknown. */
export function planDashboard(
  db: Db,
  session: Session,
  input: { fy: number; summary?: boolean | undefined },
): PlanDashboard {
  requireCycle(db, input.fy);
  return dashboardOf(db, input.fy, seesSmallGroups(session.role), input.summary === true);
}
