import {
  absoluteScore,
  absoluteValue,
  awardBonus,
  competencyFromSum,
  competencyScore,
  NO_SECTION,
} from '../../../shared/appraisal';
import type { AbsoluteScore, AppraisalConfig, AwardBonus, AwardForBonus } from '../../../shared/appraisal';
import { awardKindOf } from '../../../shared/contract';
import type { AppraisalStatus } from '../../../shared/contract';
import { DIFFICULTIES, LEVELS, levelPoint, performanceFromUnits, performanceScore } from '../../../shared/mbo';
import type { Difficulty, Level, ScoreResult } from '../../../shared/mbo';
import type { RankClass } from '../../../shared/ranking';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup, Position } from '../../../shared/org';
import type { Db } from '../db/connection';
import { cycleConfig, yearRows, yearStatusRows } from './appraisal.repo';
import { recall, remember } from '../db/remembered';
import type { Ratings, YearRow, YearRowRules, YearScope } from './appraisal.repo';
import { awardsOfYear } from '../awards/awards.repo';
import type { AwardRecord } from '../awards/awards.repo';
import type { MboGoalRecord } from '../mbo/mbo.repo';

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
      config.difficultyCoefficients,
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

/** What the lists and the ranking need of a person's appraisal (the form reads the whole record). */
export type YearAppraisal = {
  id: number;
  status: AppraisalStatus;
  /** In 1/100 points. */
  adjustment: number;
  rankClass: RankClass | null;
  rankDecided: boolean;
};

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
  appraisal: YearAppraisal | null;
  score: number | null;
};

/**
 * The rules the year's SQL sums by: each grade group's items, the level points, the cycle's
 * difficulty coefficients in 1/1000 (as performanceScore rounds them).
 */
function rulesOf(config: AppraisalConfig): YearRowRules {
  const levelPoints = {} as Record<Level, number>;
  for (const l of LEVELS) levelPoints[l] = levelPoint(l);
  const coefficients = {} as Record<Difficulty, number>;
  for (const d of DIFFICULTIES) coefficients[d] = Math.round(config.difficultyCoefficients[d] * 1000);
  return { items: config.competencyItems, levelPoints, coefficients };
}

/**
 * Everyone in a year's appraisal with their absolute score, read in one statement with the goals'
 * units and the ratings' sums added up in SQL, plus the year's awards (the ranking of a city's
 * 35,000 must not query per person, nor carry every goal and rating into JavaScript). Active staff,
 * and anyone who has an appraisal that year; the 区長 is appraised by no one here and left out.
 * With `staffIds`, only those people (one page of a list); with `scope`, only one population's
 * (the ranking of one population), in the same order. The arithmetic is the form's (scoresOf):
 * performanceFromUnits is performanceScore's rounding,
 * competencyFromSum is competencyScore's, and absoluteValue is absoluteScore's.
 */
export function yearScores(db: Db, fy: number, staffIds?: readonly number[], scope?: YearScope): YearScores {
  // A year scored since the office last changed answers any part of it (docs/ranking.md "Scored once until the office changes").
  const known = rememberedYear(db, fy);
  if (known) return staffIds || scope ? partOf(known, staffIds, scope) : known;
  if (!staffIds && !scope) return rememberYear(db, fy, () => scoreRows(db, fy));
  return scoreRows(db, fy, staffIds, scope);
}

/**
 * One population's people with their scores (ranking.service.ts membersOf): a large one is read as
 * the whole year, which costs about the same in SQL and is then remembered for the next population
 * and the 状況一覧; a small one alone.
 */
export function populationScores(db: Db, fy: number, scope: YearScope, size: number): YearPerson[] {
  const year = rememberedYear(db, fy) ?? (size >= wholeYearFrom ? rememberYear(db, fy, () => scoreRows(db, fy)) : null);
  return year ? partOf(year, undefined, scope).people : scoreRows(db, fy, undefined, scope).people;
}

/** From how many people a population is scored as the whole year (its SQL costs about the year's). */
const wholeYearFrom = 2000;

export type YearScores = { people: YearPerson[]; config: AppraisalConfig };

/** The whole year scored, remembered until the office changes (remembered.ts). */
function rememberedYear(db: Db, fy: number): YearScores | null {
  return recall<YearScores>(db, `year:${fy}`) ?? null;
}

function rememberYear(db: Db, fy: number, score: () => YearScores): YearScores {
  return remember(db, `year:${fy}`, score);
}

/** The people of a remembered year that yearRows would read with `staffIds` or `scope`, in the same order. */
function partOf(year: YearScores, staffIds?: readonly number[], scope?: YearScope): YearScores {
  const ids = staffIds ? new Set(staffIds) : null;
  const people = year.people.filter(
    (p) =>
      (ids === null || ids.has(p.staffId)) &&
      (scope === undefined ||
        (p.gradeGroup === scope.gradeGroup &&
          (scope.section === undefined || (p.section ?? NO_SECTION) === scope.section))),
  );
  return { people, config: year.config };
}

/** What scoring a year's rows takes besides the rows: the cycle's configuration and the year's awards per person. */
type YearScoring = {
  config: AppraisalConfig;
  itemCount: Record<GradeGroup, number>;
  awardsByStaff: Map<number, AwardRecord[]>;
};

function yearScoring(db: Db, fy: number): YearScoring {
  const config = cycleConfig(db, fy);
  const awardsByStaff = new Map<number, AwardRecord[]>();
  for (const a of awardsOfYear(db, fy)) {
    for (const s of a.recipients) {
      const list = awardsByStaff.get(s);
      if (list) list.push(a);
      else awardsByStaff.set(s, [a]);
    }
  }
  const itemCount = {} as Record<GradeGroup, number>;
  for (const g of gradeGroups) itemCount[g] = config.competencyItems[g].length;
  return { config, itemCount, awardsByStaff };
}

/** The score sums of one person's row (yearRows, yearStatusRows). */
type ScoreSums = Pick<
  YearRow,
  'staffId' | 'gradeGroup' | 'adjustment' | 'goals' | 'unrated' | 'units' | 'rated' | 'ratingSum'
>;

/** One person's absolute score from their row's sums (null: not every part is rated yet). */
function scoreOfRow(r: ScoreSums, scoring: YearScoring): number | null {
  const { config } = scoring;
  const items = scoring.itemCount[r.gradeGroup];
  const awards = scoring.awardsByStaff.get(r.staffId);
  const value = absoluteValue(
    {
      performance: r.goals !== null && r.goals > 0 && r.unrated === 0 ? performanceFromUnits(r.units ?? 0).score : null,
      competency: items > 0 && r.rated === items && r.ratingSum !== null ? competencyFromSum(r.ratingSum, items) : null,
      bonus: awards ? awardBonus(awardsFor(awards, r.staffId), r.gradeGroup, config).total : 0,
      adjustment: (r.adjustment ?? 0) / 100,
    },
    r.gradeGroup,
    config,
  );
  return value?.score ?? null;
}

function scoreRows(db: Db, fy: number, staffIds?: readonly number[], scope?: YearScope): YearScores {
  const scoring = yearScoring(db, fy);
  const { config } = scoring;
  const rows = yearRows(db, fy, rulesOf(config), staffIds, scope);
  const people: YearPerson[] = new Array<YearPerson>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i]!;
    const appraisal: YearAppraisal | null =
      r.appraisalId === null || r.status === null
        ? null
        : {
            id: r.appraisalId,
            status: r.status,
            adjustment: r.adjustment ?? 0,
            rankClass: r.rankClass,
            rankDecided: r.rankDecided === 1,
          };
    people[i] = {
      staffId: r.staffId,
      staffNo: r.staffNo,
      name: r.name,
      section: r.section,
      sectionSort: r.sectionSort,
      line: r.line,
      position: r.position,
      gradeGroup: r.gradeGroup,
      status: appraisal?.status ?? '未着手',
      appraisal,
      score: scoreOfRow(r, scoring),
    };
  }
  return { people, config };
}

/** One person of a year as the 人事考課状況一覧 counts them: no one's name, only where they stand. */
export type StatusPerson = {
  section: string | null;
  gradeGroup: GradeGroup;
  status: AppraisalStatus;
  /** The appraisal's relative class, if any. */
  rankClass: RankClass | null;
  score: number | null;
};

/**
 * Everyone of a year's appraisal as the status table counts them, sections in organisation order
 * (yearScores's people and scores). A year already scored is taken as it is; otherwise only what
 * the table counts is read (appraisal.repo.ts yearStatusRows), scored by the same arithmetic as
 * yearScores (scoreOfRow) — the first 状況一覧 of a city's year need not read everyone's name and
 * 担当 (docs/city-scale.md "First call").
 */
export function yearStatusPeople(db: Db, fy: number): StatusPerson[] {
  const known = rememberedYear(db, fy);
  if (known) {
    return known.people.map((p) => ({
      section: p.section,
      gradeGroup: p.gradeGroup,
      status: p.status,
      rankClass: p.appraisal?.rankClass ?? null,
      score: p.score,
    }));
  }
  const scoring = yearScoring(db, fy);
  return yearStatusRows(db, fy, rulesOf(scoring.config)).map((r) => ({
    section: r.section,
    gradeGroup: r.gradeGroup,
    // A person without an appraisal row is 未着手, as in yearScores (status is never null on a row).
    status: r.status ?? '未着手',
    rankClass: r.status === null ? null : r.rankClass,
    score: scoreOfRow(r, scoring),
  }));
}
