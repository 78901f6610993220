import { absoluteScore, awardBonus, competencyScore } from '../../../shared/appraisal';
import type { AbsoluteScore, AppraisalConfig, AwardBonus, AwardForBonus } from '../../../shared/appraisal';
import { awardKindOf } from '../../../shared/appraisal-contract';
import type { AppraisalStatus } from '../../../shared/appraisal-contract';
import { performanceScore } from '../../../shared/mbo';
import type { ScoreResult } from '../../../shared/mbo';
import type { GradeGroup, Position } from '../../../shared/org';
import type { Db } from '../db/connection';
import { appraisalsOfYear, awardsOfYear, cycleConfig, ratingsOfYear } from '../db/repos/appraisals';
import type { AppraisalRecord, AwardRecord, Ratings } from '../db/repos/appraisals';
import { goalsOfYear } from '../db/repos/mbo';
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

/**
 * The absolute score alone, from the 2次 values: what the lists and the ranking need, without the
 * self and 1次 scores and the lines the form shows. Same functions as scoresOf, so the same result.
 */
export function absoluteOf(
  goals: readonly MboGoalRecord[],
  ratings: Ratings,
  items: readonly string[],
  awards: readonly AwardForBonus[],
  gradeGroup: GradeGroup,
  adjustmentHundredths: number,
  config: AppraisalConfig,
): number | null {
  const performance = performanceScore(
    goals.map((g) => ({ weight: g.weight ?? 0, level: g.second.level, difficulty: g.difficulty ?? 'B' })),
  ).score;
  if (performance === null) return null;
  const competency = competencyScore(items.map((i) => ratings.get(i)?.second ?? null));
  if (competency === null) return null;
  const bonus = awards.length === 0 ? 0 : awardBonus(awards, gradeGroup, config).total;
  return absoluteScore({ performance, competency, bonus, adjustment: adjustmentHundredths / 100 }, gradeGroup, config)
    .score;
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
  const ratings = ratingsOfYear(db, fy);
  const sheets = new Map(
    (
      db.prepare('SELECT id, staff_id AS staffId FROM mbo_sheets WHERE fy = ?').all(fy) as {
        id: number;
        staffId: number;
      }[]
    ).map((s) => [s.staffId, s.id]),
  );
  const goals = goalsOfYear(db, fy);
  const awards = awardsOfYear(db, fy);
  const awardsByStaff = new Map<number, AwardRecord[]>();
  for (const a of awards) for (const s of a.recipients) awardsByStaff.set(s, [...(awardsByStaff.get(s) ?? []), a]);
  const people = staff.map((p) => {
    const appraisal = appraisals.get(p.staffId) ?? null;
    const sheetId = sheets.get(p.staffId);
    const score = absoluteOf(
      sheetId === undefined ? [] : (goals.get(sheetId) ?? []),
      appraisal ? (ratings.get(appraisal.id) ?? (new Map() as Ratings)) : (new Map() as Ratings),
      config.competencyItems[p.gradeGroup],
      awardsFor(awardsByStaff.get(p.staffId) ?? [], p.staffId),
      p.gradeGroup,
      appraisal?.adjustment ?? 0,
      config,
    );
    return { ...p, status: appraisal?.status ?? '未着手', appraisal, score };
  });
  return { people, config };
}
