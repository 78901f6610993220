import {
  absoluteScore,
  absoluteValue,
  awardBonus,
  competencyFromSum,
  competencyScore,
} from '../../../shared/appraisal';
import type { AbsoluteScore, AppraisalConfig, AwardBonus, AwardForBonus } from '../../../shared/appraisal';
import { awardKindOf } from '../../../shared/appraisal-contract';
import type { AppraisalStatus } from '../../../shared/appraisal-contract';
import { performanceScore } from '../../../shared/mbo';
import type { Difficulty, Level, ScoreResult, ScoredGoal } from '../../../shared/mbo';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup, Position } from '../../../shared/org';
import type { Db } from '../db/connection';
import { appraisalsOfYear, awardsOfYear, cycleConfig } from '../db/repos/appraisals';
import type { AppraisalRecord, AwardRecord, Ratings } from '../db/repos/appraisals';
import type { MboGoalRecord } from '../db/repos/mbo';

/*
 * The scores of an appraisal, computed one way for the form, the list, the status table and the
 * ranking: performance from the MBO goals' levels, competency from the items' ratings, the award
 * bonus from the year's decided awards, and the absolute score from the 2次 values.
 */

export type StageScores = {
  performance: { self: ScoreResult; first: ScoreResult; second: ScoreResult };
  competency: { self: number | null; first: number | null; second: number | null };
  bonus: AwardBonus;
  absolute: AbsoluteScore;
};

export function awardsFor(awards: readonly AwardRecord[], staffId: number): AwardForBonus[] {
  return awards
    .filter((a) => a.recipients.includes(staffId))
    .map((a) => ({
      title: a.groupName ? `${a.title}（${a.groupName}）` : a.title,
      kind: awardKindOf(a.category),
      decided: a.status === '決定',
      revoked: a.status === '取消',
    }));
}

export function scoresOf(
  goals: readonly MboGoalRecord[],
  ratings: Ratings,
  items: readonly string[],
  awards: readonly AwardForBonus[],
  gradeGroup: GradeGroup,
  adjustmentHundredths: number,
  config: AppraisalConfig,
): StageScores {
  const perf = (pick: (g: MboGoalRecord) => MboGoalRecord['self']) =>
    performanceScore(
      goals.map((g) => ({ weight: g.weight ?? 0, level: pick(g).level, difficulty: g.difficulty ?? 'B' })),
    );
  const comp = (stage: 'self' | 'first' | 'second') =>
    competencyScore(items.map((i) => ratings.get(i)?.[stage] ?? null));
  const performance = { self: perf((g) => g.self), first: perf((g) => g.first), second: perf((g) => g.second) };
  const competency = { self: comp('self'), first: comp('first'), second: comp('second') };
  const bonus = awardBonus(awards, gradeGroup, config);
  const absolute = absoluteScore(
    {
      performance: performance.second.score,
      competency: competency.second,
      bonus: bonus.total,
      adjustment: adjustmentHundredths / 100,
    },
    gradeGroup,
    config,
  );
  return { performance, competency, bonus, absolute };
}

export type YearPerson = {
  staffId: number;
  staffNo: string;
  name: string;
  section: string | null;
  sectionSort: number;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  status: AppraisalStatus;
  appraisal: AppraisalRecord | null;
  score: number | null;
};

/**
 * Everyone in a year's appraisal with their absolute score, read in a handful of queries (the
 * ranking of a city's 35,000 must not query per person). Active staff, and anyone who has an
 * appraisal that year; the 区長 is appraised by no one here and left out.
 */
export function yearScores(db: Db, fy: number): { people: YearPerson[]; config: AppraisalConfig } {
  const config = cycleConfig(db, fy);
  const staff = db
    .prepare(
      `SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, coalesce(sec.sort, 1e9) AS sectionSort,
              l.name AS line, s.position, s.grade_group AS gradeGroup
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id LEFT JOIN lines l ON l.id = s.line_id
       WHERE (s.active = 1 OR EXISTS (SELECT 1 FROM appraisals a WHERE a.staff_id = s.id AND a.fy = @fy))
         AND s.position <> '区長'
       ORDER BY sectionSort, s.section_id, s.staff_no`,
    )
    .all({ fy }) as Omit<YearPerson, 'status' | 'appraisal' | 'score'>[];
  const appraisals = appraisalsOfYear(db, fy);

  // Only what the absolute score needs, read as flat rows: each goal's weight, difficulty and 2次
  // level, and per person the count and sum of the 2次 ratings of their grade group's items.
  const goals = new Map<number, ScoredGoal[]>();
  for (const g of db
    .prepare(
      `SELECT m.staff_id AS staffId, g.weight, g.difficulty, g.second_level AS level
       FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE m.fy = ? ORDER BY g.sheet_id, g.position`,
    )
    .all(fy) as { staffId: number; weight: number | null; difficulty: Difficulty | null; level: Level | null }[]) {
    let list = goals.get(g.staffId);
    if (!list) goals.set(g.staffId, (list = []));
    list.push({ weight: g.weight ?? 0, level: g.level, difficulty: g.difficulty ?? 'B' });
  }
  const competency = new Map<GradeGroup, Map<number, { n: number; sum: number }>>();
  for (const group of gradeGroups) {
    const items = config.competencyItems[group];
    const rows = db
      .prepare(
        `SELECT a.staff_id AS staffId, count(r.second) AS n, coalesce(sum(r.second), 0) AS sum
         FROM appraisal_ratings r JOIN appraisals a ON a.id = r.appraisal_id
         WHERE a.fy = ? AND r.item IN (${items.map(() => '?').join(', ')}) GROUP BY a.staff_id`,
      )
      .all(fy, ...items) as { staffId: number; n: number; sum: number }[];
    competency.set(group, new Map(rows.map((r) => [r.staffId, r])));
  }
  const awardsByStaff = new Map<number, AwardRecord[]>();
  for (const a of awardsOfYear(db, fy)) {
    for (const s of a.recipients) awardsByStaff.set(s, [...(awardsByStaff.get(s) ?? []), a]);
  }

  const people = staff.map((p) => {
    const appraisal = appraisals.get(p.staffId) ?? null;
    const items = config.competencyItems[p.gradeGroup];
    const rated = competency.get(p.gradeGroup)?.get(p.staffId);
    const awards = awardsByStaff.get(p.staffId);
    const value = absoluteValue(
      {
        performance: performanceScore(goals.get(p.staffId) ?? []).score,
        competency:
          rated && rated.n === items.length && items.length > 0 ? competencyFromSum(rated.sum, rated.n) : null,
        bonus: awards ? awardBonus(awardsFor(awards, p.staffId), p.gradeGroup, config).total : 0,
        adjustment: (appraisal?.adjustment ?? 0) / 100,
      },
      p.gradeGroup,
      config,
    );
    return { ...p, status: appraisal?.status ?? '未着手', appraisal, score: value?.score ?? null };
  });
  return { people, config };
}
