import type { AppraisalConfig } from '../../../shared/appraisal';
import { DEFAULT_APPRAISAL_CONFIG, NO_SECTION } from '../../../shared/appraisal';
import { storedAppraisalConfig } from '../../../shared/appraisal-config';
import { APPRAISAL_STATUSES } from '../../../shared/contract';
import type { AppraisalListSort, AppraisalStatus } from '../../../shared/contract';
import type { PageRequest } from '../../../shared/api/common';
import type { Difficulty, Level } from '../../../shared/mbo';
import type { GradeGroup, Position } from '../../../shared/org';
import type { RankClass } from '../../../shared/ranking';
import type { Db } from '../db/connection';
import { orderOfValues, pageClause } from '../db/paging';

export type AppraisalState = {
  status: AppraisalStatus;
  selfComment: string;
  firstComment: string;
  secondComment: string;
  adjusterComment: string;
  /** In 1/100 points. */
  adjustment: number;
  adjustmentReason: string;
  rankClass: RankClass | null;
  rankDecided: boolean;
  sentBackReason: string | null;
  sentBackAt: string | null;
  sentBackBy: string | null;
  unlockReason: string | null;
};

export type AppraisalRecord = AppraisalState & {
  id: number;
  fy: number;
  staffId: number;
  version: number;
  updatedAt: string;
};

export type Ratings = Map<string, { self: number | null; first: number | null; second: number | null }>;

export function emptyAppraisalState(): AppraisalState {
  return {
    status: '未着手',
    selfComment: '',
    firstComment: '',
    secondComment: '',
    adjusterComment: '',
    adjustment: 0,
    adjustmentReason: '',
    rankClass: null,
    rankDecided: false,
    sentBackReason: null,
    sentBackAt: null,
    sentBackBy: null,
    unlockReason: null,
  };
}

type Stored = {
  id: number;
  fy: number;
  staff_id: number;
  status: AppraisalStatus;
  self_comment: string;
  first_comment: string;
  second_comment: string;
  adjuster_comment: string;
  adjustment: number;
  adjustment_reason: string;
  rank_class: RankClass | null;
  rank_decided: number;
  sent_back_reason: string | null;
  sent_back_at: string | null;
  sent_back_by: string | null;
  unlock_reason: string | null;
  updated_at: string;
  version: number;
};

function toRecord(r: Stored): AppraisalRecord {
  return {
    id: r.id,
    fy: r.fy,
    staffId: r.staff_id,
    status: r.status,
    selfComment: r.self_comment,
    firstComment: r.first_comment,
    secondComment: r.second_comment,
    adjusterComment: r.adjuster_comment,
    adjustment: r.adjustment,
    adjustmentReason: r.adjustment_reason,
    rankClass: r.rank_class,
    rankDecided: r.rank_decided === 1,
    sentBackReason: r.sent_back_reason,
    sentBackAt: r.sent_back_at,
    sentBackBy: r.sent_back_by,
    unlockReason: r.unlock_reason,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function params(s: AppraisalState): Record<string, unknown> {
  return {
    status: s.status,
    self_comment: s.selfComment,
    first_comment: s.firstComment,
    second_comment: s.secondComment,
    adjuster_comment: s.adjusterComment,
    adjustment: s.adjustment,
    adjustment_reason: s.adjustmentReason,
    rank_class: s.rankClass,
    rank_decided: s.rankDecided ? 1 : 0,
    sent_back_reason: s.sentBackReason,
    sent_back_at: s.sentBackAt,
    sent_back_by: s.sentBackBy,
    unlock_reason: s.unlockReason,
  };
}

const columns = Object.keys(params(emptyAppraisalState()));

export function getAppraisal(db: Db, fy: number, staffId: number): AppraisalRecord | undefined {
  const r = db.prepare('SELECT * FROM appraisals WHERE fy = ? AND staff_id = ?').get(fy, staffId) as Stored | undefined;
  return r && toRecord(r);
}

export function appraisalsOfYear(db: Db, fy: number): Map<number, AppraisalRecord> {
  const rows = db.prepare('SELECT * FROM appraisals WHERE fy = ?').all(fy) as Stored[];
  return new Map(rows.map((r) => [r.staff_id, toRecord(r)]));
}

export function insertAppraisal(db: Db, fy: number, staffId: number, s: AppraisalState, now: string): number {
  const info = db
    .prepare(
      `INSERT INTO appraisals (fy, staff_id, ${columns.join(', ')}, created_at, updated_at, version)
       VALUES (@fy, @staff_id, ${columns.map((c) => `@${c}`).join(', ')}, @now, @now, 1)`,
    )
    .run({ ...params(s), fy, staff_id: staffId, now });
  return Number(info.lastInsertRowid);
}

export function updateAppraisal(db: Db, id: number, expectedVersion: number, s: AppraisalState, now: string): boolean {
  const info = db
    .prepare(
      `UPDATE appraisals SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now, version = version + 1
       WHERE id = @id AND version = @expected`,
    )
    .run({ ...params(s), id, expected: expectedVersion, now });
  return info.changes === 1;
}

export function ratingsOf(db: Db, appraisalId: number | null): Ratings {
  if (appraisalId === null) return new Map();
  const rows = db
    .prepare('SELECT item, self, first, second FROM appraisal_ratings WHERE appraisal_id = ?')
    .all(appraisalId) as { item: string; self: number | null; first: number | null; second: number | null }[];
  return new Map(rows.map((r) => [r.item, { self: r.self, first: r.first, second: r.second }]));
}

export function writeRatings(db: Db, appraisalId: number, ratings: Ratings): void {
  db.prepare('DELETE FROM appraisal_ratings WHERE appraisal_id = ?').run(appraisalId);
  const insert = db.prepare(
    'INSERT INTO appraisal_ratings (appraisal_id, item, self, first, second) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [item, r] of ratings) insert.run(appraisalId, item, r.self, r.first, r.second);
}

/** Sets these items' ratings (all three stages of each), leaving the appraisal's other items as they are. */
export function upsertRatings(db: Db, appraisalId: number, ratings: Ratings): void {
  const upsert = db.prepare(
    `INSERT INTO appraisal_ratings (appraisal_id, item, self, first, second) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (appraisal_id, item) DO UPDATE SET self = excluded.self, first = excluded.first, second = excluded.second`,
  );
  for (const [item, r] of ratings) upsert.run(appraisalId, item, r.self, r.first, r.second);
}

export type CrossRecord = {
  goalId: number;
  evaluatorId: number;
  role: string;
  namedBy: string | null;
  level: Level | null;
  comment: string;
  ratedAt: string | null;
};

export function crossOfGoals(db: Db, goalIds: readonly number[]): Map<number, CrossRecord> {
  if (goalIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT goal_id AS goalId, evaluator_id AS evaluatorId, role, named_by AS namedBy, level, comment, rated_at AS ratedAt
       FROM cross_ratings WHERE goal_id IN (${goalIds.map(() => '?').join(', ')})`,
    )
    .all(...goalIds) as CrossRecord[];
  return new Map(rows.map((r) => [r.goalId, r]));
}

export function upsertCross(db: Db, c: CrossRecord): void {
  db.prepare(
    `INSERT INTO cross_ratings (goal_id, evaluator_id, role, named_by, level, comment, rated_at)
     VALUES (@goalId, @evaluatorId, @role, @namedBy, @level, @comment, @ratedAt)
     ON CONFLICT (goal_id) DO UPDATE SET evaluator_id = excluded.evaluator_id, role = excluded.role,
       named_by = excluded.named_by, level = excluded.level, comment = excluded.comment, rated_at = excluded.rated_at`,
  ).run(c);
}

export function deleteCross(db: Db, goalId: number): void {
  db.prepare('DELETE FROM cross_ratings WHERE goal_id = ?').run(goalId);
}

/** The cycle's stored appraisal configuration as JSON, or null (the defaults, or no cycle yet). */
export function storedConfigJson(db: Db, fy: number): string | null {
  const r = db.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(fy) as
    { c: string | null } | undefined;
  return r?.c ?? null;
}

/** The cycle's appraisal configuration, or the defaults (docs/scores.md). */
export function cycleConfig(db: Db, fy: number): AppraisalConfig {
  const c = storedConfigJson(db, fy);
  if (!c) return DEFAULT_APPRAISAL_CONFIG;
  return storedAppraisalConfig(c);
}

/** Stores the cycle's configuration (null: back to the defaults). */
export function writeConfigJson(db: Db, fy: number, json: string | null): void {
  db.prepare('UPDATE cycles SET appraisal_config = ? WHERE fy = ?').run(json, fy);
}

/** How many of the year's appraisals are in each status past 未着手. */
export function startedStatusCounts(db: Db, fy: number): { status: AppraisalStatus; n: number }[] {
  return db
    .prepare(`SELECT status, COUNT(*) AS n FROM appraisals WHERE fy = ? AND status <> '未着手' GROUP BY status`)
    .all(fy) as { status: AppraisalStatus; n: number }[];
}

/** One person of a year as the lists and the ranking read it: who, the appraisal's state, and score sums. */
export type YearRow = {
  staffId: number;
  staffNo: string;
  name: string;
  section: string | null;
  sectionSort: number;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  appraisalId: number | null;
  status: AppraisalStatus | null;
  /** In 1/100 points. */
  adjustment: number | null;
  rankClass: RankClass | null;
  rankDecided: number | null;
  /** The MBO goals of the year, those without a 2次 level, and Σ of the rated goals' units (see performanceFromUnits). */
  goals: number | null;
  unrated: number | null;
  units: number | null;
  /** The 2次 ratings of the person's grade group's items: how many are given, and their sum. */
  rated: number | null;
  ratingSum: number | null;
};

export type YearRowRules = {
  items: Readonly<Record<GradeGroup, readonly string[]>>;
  levelPoints: Readonly<Record<Level, number>>;
  /** Difficulty coefficients in 1/1000. */
  coefficients: Readonly<Record<Difficulty, number>>;
};

/**
 * Everyone in a year's appraisal, one row each, in organisation order: active staff and anyone with
 * an appraisal that year, not the 区長. The goals' units and the ratings' sums are added up in SQL,
 * so a city's year is one statement and 35,000 rows rather than some 300,000.
 */
/**
 * One population of the relative ranking (docs/ranking.md): a grade group, and with `section` one
 * section of it, named as populationKeyOf names it (（所属なし） for no section).
 */
export type YearScope = { gradeGroup: GradeGroup; section?: string };

/** The SQL condition (and its parameters) that keeps a scope's people, on staff `s` and sections `sec`. */
function scopeCondition(scope: YearScope, s: string, sec: string): { sql: string; params: unknown[] } {
  if (scope.section === undefined) return { sql: `${s}.grade_group = ?`, params: [scope.gradeGroup] };
  return {
    sql: `${s}.grade_group = ? AND coalesce(${sec}.name, ?) = ?`,
    params: [scope.gradeGroup, NO_SECTION, scope.section],
  };
}

/**
 * A year's appraisal joined to its person (staff `s`): read from appraisals_figures, which holds
 * every column the year's lists and counts take of an appraisal (migration 0150). SQLite would
 * otherwise look each person up through the UNIQUE (fy, staff_id) index and read the wide row
 * itself, which at a city's size is most of the first call's time (docs/city-scale.md "First call").
 */
const yearAppraisalJoin = (fy: string) =>
  `LEFT JOIN appraisals a INDEXED BY appraisals_figures ON a.fy = ${fy} AND a.staff_id = s.id`;

/**
 * The score sums of a year as two CTEs, perf and comp (one row per person who has any), with their
 * parameters: the goals' units and unrated count, the grade group's items' 2次 ratings counted and
 * summed. `staffIds` and `scope` narrow both as yearRows says.
 */
function scoreSumsSql(
  fy: number,
  rules: YearRowRules,
  staffIds?: readonly number[],
  scope?: YearScope,
): { sql: string; params: unknown[] } {
  const levels = Object.keys(rules.levelPoints) as Level[];
  const difficulties = Object.keys(rules.coefficients) as Difficulty[];
  const groups = (Object.keys(rules.items) as GradeGroup[]).filter((g) => rules.items[g].length > 0);
  const itemFilter =
    groups.length === 0
      ? '0'
      : groups
          .map((g) => `(rs.grade_group = ? AND r.item IN (${rules.items[g].map(() => '?').join(', ')}))`)
          .join(' OR ');
  // With staffIds, each part reads only those people (one page of a list): the ids as one JSON array.
  const only = (column: string) => (staffIds ? `AND ${column} IN (SELECT value FROM json_each(?))` : '');
  const ids = staffIds ? [JSON.stringify(staffIds)] : [];
  // With a scope, each part reads only one population's people (the ranking of one population).
  const cond = scope ? scopeCondition(scope, 'ps', 'psec') : null;
  const inScope = (column: string) =>
    cond
      ? `AND ${column} IN (SELECT ps.id FROM staff ps LEFT JOIN sections psec ON psec.id = ps.section_id WHERE ${cond.sql})`
      : '';
  const scoped = cond ? cond.params : [];
  // The goals and ratings are read from the covering indexes of migration 0150 (mbo_goals_figures,
  // appraisal_ratings_figures), never from their wide rows.
  const sql = `
    WITH perf AS (
      SELECT m.staff_id AS staffId, count(*) AS goals, count(*) - count(g.second_level) AS unrated,
             sum(coalesce(g.weight, 0) * 100
                 * CASE g.second_level ${levels.map(() => 'WHEN ? THEN ?').join(' ')} END
                 * CASE coalesce(g.difficulty, 'B') ${difficulties.map(() => 'WHEN ? THEN ?').join(' ')} END) AS units
      FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id
      WHERE m.fy = ? ${only('m.staff_id')} ${inScope('m.staff_id')} GROUP BY m.staff_id
    ), comp AS (
      SELECT a.staff_id AS staffId, count(r.second) AS rated, sum(r.second) AS ratingSum
      FROM appraisals a JOIN staff rs ON rs.id = a.staff_id JOIN appraisal_ratings r ON r.appraisal_id = a.id
      WHERE a.fy = ? ${only('a.staff_id')} ${inScope('a.staff_id')} AND (${itemFilter}) GROUP BY a.staff_id
    )`;
  const params: unknown[] = [
    ...levels.flatMap((l) => [l, rules.levelPoints[l]]),
    ...difficulties.flatMap((d) => [d, rules.coefficients[d]]),
    fy,
    ...ids,
    ...scoped,
    fy,
    ...ids,
    ...scoped,
    ...groups.flatMap((g) => [g, ...rules.items[g]]),
  ];
  return { sql, params };
}

export function yearRows(
  db: Db,
  fy: number,
  rules: YearRowRules,
  staffIds?: readonly number[],
  scope?: YearScope,
): YearRow[] {
  const sums = scoreSumsSql(fy, rules, staffIds, scope);
  const main = scope ? scopeCondition(scope, 's', 'sec') : null;
  const sql = `${sums.sql}
    SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, coalesce(sec.sort, 1e9) AS sectionSort,
           l.name AS line, s.position, s.grade_group AS gradeGroup,
           a.id AS appraisalId, a.status, a.adjustment, a.rank_class AS rankClass, a.rank_decided AS rankDecided,
           perf.goals, perf.unrated, perf.units, comp.rated, comp.ratingSum
    FROM staff s
      LEFT JOIN sections sec ON sec.id = s.section_id
      LEFT JOIN lines l ON l.id = s.line_id
      ${yearAppraisalJoin('?')}
      LEFT JOIN perf ON perf.staffId = s.id
      LEFT JOIN comp ON comp.staffId = s.id
    WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
      ${staffIds ? 'AND s.id IN (SELECT value FROM json_each(?))' : ''} ${main ? `AND ${main.sql}` : ''}
    ORDER BY sectionSort, s.section_id, s.staff_no`;
  const params: unknown[] = [
    ...sums.params,
    fy,
    ...(staffIds ? [JSON.stringify(staffIds)] : []),
    ...(main ? main.params : []),
  ];
  return db.prepare(sql).all(...params) as YearRow[];
}

/** One person of a year as the 人事考課状況一覧 counts them: yearRows's row without who they are. */
export type YearStatusRow = Pick<
  YearRow,
  | 'staffId'
  | 'section'
  | 'gradeGroup'
  | 'status'
  | 'adjustment'
  | 'rankClass'
  | 'goals'
  | 'unrated'
  | 'units'
  | 'rated'
  | 'ratingSum'
>;

/**
 * yearRows's people with only what the status table counts (grade group, section, status, class and
 * the score sums: no 職員番号, name or 担当), in organisation order by section (within a section in
 * no particular order). The same people and the same sums as yearRows, read more narrowly: the
 * first 状況一覧 of a city's year (docs/city-scale.md "First call").
 */
export function yearStatusRows(db: Db, fy: number, rules: YearRowRules): YearStatusRow[] {
  const sums = scoreSumsSql(fy, rules);
  const sql = `${sums.sql}
    SELECT s.id AS staffId, sec.name AS section, s.grade_group AS gradeGroup,
           a.status, a.adjustment, a.rank_class AS rankClass,
           perf.goals, perf.unrated, perf.units, comp.rated, comp.ratingSum
    FROM staff s
      LEFT JOIN sections sec ON sec.id = s.section_id
      ${yearAppraisalJoin('?')}
      LEFT JOIN perf ON perf.staffId = s.id
      LEFT JOIN comp ON comp.staffId = s.id
    WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
    ORDER BY coalesce(sec.sort, 1e9), s.section_id`;
  return db.prepare(sql).all(...sums.params, fy) as YearStatusRow[];
}

/** One person of a year's appraisal as the 考課一覧 filters and sorts it, before any score. */
export type YearPersonRow = {
  staffId: number;
  staffNo: string;
  name: string;
  section: string | null;
  sectionId: number | null;
  sectionSort: number;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  status: AppraisalStatus | null;
  rankClass: RankClass | null;
};

/**
 * The people of yearRows (active staff and anyone with an appraisal that year, not the 区長), in the
 * same organisation order, without the score sums: what the paged 考課一覧 filters, counts and sorts
 * (docs/lists.md); the scores are then read for one page's people only.
 */
export function yearPeople(db: Db, fy: number): YearPersonRow[] {
  return db
    .prepare(
      `SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, s.section_id AS sectionId,
              coalesce(sec.sort, 1e9) AS sectionSort, l.name AS line, s.position, s.grade_group AS gradeGroup,
              a.status, a.rank_class AS rankClass
       FROM staff s
         LEFT JOIN sections sec ON sec.id = s.section_id
         LEFT JOIN lines l ON l.id = s.line_id
         ${yearAppraisalJoin('?')}
       WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
       ORDER BY sectionSort, s.section_id, s.staff_no`,
    )
    .all(fy) as YearPersonRow[];
}

/** The staff id of one of yearRows's people by 職員番号 (undefined: not in the year's appraisal). */
export function yearPersonId(db: Db, fy: number, staffNo: string): number | undefined {
  const r = db
    .prepare(
      `SELECT s.id FROM staff s LEFT JOIN appraisals a ON a.fy = ? AND a.staff_id = s.id
       WHERE s.staff_no = ? AND (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'`,
    )
    .get(fy, staffNo) as { id: number } | undefined;
  return r?.id;
}

/** The filters of the 考課一覧 for HR and personnel, who see everyone (list.service.ts). */
export type YearPeopleFilter = {
  /** The caller's own staff id: nobody's list holds themselves. */
  self: number | null;
  section: string | null;
  status: AppraisalStatus | null;
  /** Found in 職員番号, 氏名 (spaces ignored) or 所属; '' for no search. Has no spaces itself. */
  query: string;
};

const everyoneFrom = `FROM staff s
         LEFT JOIN sections sec ON sec.id = s.section_id
         LEFT JOIN lines l ON l.id = s.line_id
         ${yearAppraisalJoin('@fy')}
       WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長' AND (@self IS NULL OR s.id <> @self)`;

const everyoneFilter = `(@section IS NULL OR sec.name = @section)
         AND (@status IS NULL OR coalesce(a.status, '未着手') = @status)
         AND (@query = '' OR instr(s.staff_no, @query) > 0
           OR instr(replace(replace(s.name, ' ', ''), '　', ''), @query) > 0
           OR instr(coalesce(sec.name, ''), @query) > 0)`;

/** The sortable fields of everyone's 考課一覧 as SQL (relation and myTurn are the same for every row). */
const everyoneColumns: Record<Exclude<AppraisalListSort, 'score' | 'section'>, string> = {
  staffNo: 's.staff_no',
  name: 's.name',
  gradeGroup: 's.grade_group',
  status: orderOfValues("coalesce(a.status, '未着手')", APPRAISAL_STATUSES),
  // The same for every row, so ties by 職員番号 (a literal would be folded into a column number).
  relation: '0 * s.id',
  myTurn: '0 * s.id',
  rankClass: 'a.rank_class',
};

/**
 * One page of yearPeople's people as HR and personnel list them (docs/lists.md): filtered, counted
 * and sorted in SQL as list.service.ts sorts in memory — 所属 in organisation order (no section
 * last), ties by 職員番号 — with everyone's count and their sections in organisation order.
 */
export function everyonePage(
  db: Db,
  fy: number,
  filter: YearPeopleFilter,
  page: PageRequest<Exclude<AppraisalListSort, 'score'>>,
): { rows: YearPersonRow[]; total: number; all: number; sections: string[] } {
  const params = { fy, ...filter };
  const sort = page.sort ?? 'section';
  const dir = page.desc ? 'DESC' : 'ASC';
  const order =
    sort === 'section'
      ? {
          sql: `ORDER BY s.section_id IS NULL, coalesce(sec.sort, 1e9) ${dir}, s.section_id ${dir}, s.staff_no ${dir}
                LIMIT @pageLimit OFFSET @pageOffset`,
          params: { pageLimit: page.limit, pageOffset: page.offset },
        }
      : pageClause(everyoneColumns, { ...page, sort }, 's.staff_no', sort);
  const rows = db
    .prepare(
      `SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, s.section_id AS sectionId,
              coalesce(sec.sort, 1e9) AS sectionSort, l.name AS line, s.position, s.grade_group AS gradeGroup,
              a.status, a.rank_class AS rankClass
       ${everyoneFrom} AND ${everyoneFilter} ${order.sql}`,
    )
    .all({ ...params, ...order.params }) as YearPersonRow[];
  const total = (db.prepare(`SELECT count(*) AS n ${everyoneFrom} AND ${everyoneFilter}`).get(params) as { n: number })
    .n;
  const counts = db
    .prepare(
      `SELECT sec.name AS section, count(*) AS n ${everyoneFrom}
       GROUP BY s.section_id ORDER BY s.section_id IS NULL, coalesce(sec.sort, 1e9), s.section_id`,
    )
    .all({ fy, self: filter.self }) as { section: string | null; n: number }[];
  return {
    rows,
    total,
    all: counts.reduce((a, c) => a + c.n, 0),
    sections: [...new Set(counts.map((c) => c.section).filter((x): x is string => !!x))],
  };
}

/** How many of a year's people (yearRows's) are in one grade group and section. */
export type YearGroupCount = { gradeGroup: GradeGroup; section: string | null; n: number };

/**
 * The people of yearRows counted per grade group and section, in organisation order (a section where
 * its first member comes in yearRows): what the ranking lists its populations by without reading
 * anyone's scores. With `staffIds`, only those people are counted.
 */
export function yearGroupCounts(db: Db, fy: number, staffIds?: readonly number[]): YearGroupCount[] {
  return db
    .prepare(
      `SELECT s.grade_group AS gradeGroup, sec.name AS section, count(*) AS n
       FROM staff s
         LEFT JOIN sections sec ON sec.id = s.section_id
         ${yearAppraisalJoin('?')}
       WHERE (s.active = 1 OR a.id IS NOT NULL) AND s.position <> '区長'
         ${staffIds ? 'AND s.id IN (SELECT value FROM json_each(?))' : ''}
       GROUP BY s.grade_group, coalesce(sec.sort, 1e9), s.section_id
       ORDER BY coalesce(sec.sort, 1e9), s.section_id`,
    )
    .all(fy, ...(staffIds ? [JSON.stringify(staffIds)] : [])) as YearGroupCount[];
}

/** What decides whose forms wait for whom (docs/workbooks.md, the evaluator's workbook), read for a whole year. */
export type WaitingSources = {
  /** The evaluator assignments in force on `today`, latest first per person. */
  assignments: { staffId: number; firstId: number | null; secondId: number | null }[];
  /** The year's appraisals past 未着手 (a person without a row is 未着手). */
  statuses: { staffId: number; status: AppraisalStatus }[];
  /** Goals of people whose appraisal is 未着手 or 自己評価済 that someone may rate from outside: named or 地域担当目標. */
  crossGoals: { staffId: number; category: string | null; crossId: number | null }[];
  /** Each area member's team leader. */
  leaders: { staffId: number; leaderId: number }[];
};

/** Everything waitingForms needs, in four statements whatever the size of the office. */
export function waitingSources(db: Db, fy: number, today: string, areaCategory: string): WaitingSources {
  const assignments = db
    .prepare(
      `SELECT staff_id AS staffId, first_id AS firstId, second_id AS secondId FROM evaluator_assignments
       WHERE fy = ? AND (effective_to IS NULL OR effective_to >= ?)
       ORDER BY staff_id, effective_from DESC`,
    )
    .all(fy, today) as WaitingSources['assignments'];
  const statuses = db
    .prepare(`SELECT staff_id AS staffId, status FROM appraisals WHERE fy = ? AND status <> '未着手'`)
    .all(fy) as WaitingSources['statuses'];
  const crossGoals = db
    .prepare(
      `SELECT m.staff_id AS staffId, g.category, c.evaluator_id AS crossId
       FROM mbo_sheets m
         JOIN mbo_goals g ON g.sheet_id = m.id
         LEFT JOIN cross_ratings c ON c.goal_id = g.id
         LEFT JOIN appraisals a ON a.fy = m.fy AND a.staff_id = m.staff_id
       WHERE m.fy = @fy AND (a.status IS NULL OR a.status IN ('未着手', '自己評価済'))
         AND (c.evaluator_id IS NOT NULL OR g.category = @area)`,
    )
    .all({ fy, area: areaCategory }) as WaitingSources['crossGoals'];
  const leaders = db
    .prepare(
      `SELECT mine.staff_id AS staffId, leader.staff_id AS leaderId FROM area_assignments mine
       JOIN area_assignments leader ON leader.fy = mine.fy AND leader.area_id = mine.area_id AND leader.role = 'リーダー'
       WHERE mine.fy = ?`,
    )
    .all(fy) as WaitingSources['leaders'];
  return { assignments, statuses, crossGoals, leaders };
}

/** Who the evaluators are, for the picker: 職員番号, name, section, line, position and the section's order. */
export function evaluatorPeople(
  db: Db,
  ids: readonly number[],
): {
  id: number;
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  position: Position;
  sectionSort: number;
}[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, s.name, sec.name AS section, l.name AS line, s.position,
              coalesce(sec.sort, 1e9) AS sectionSort
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id LEFT JOIN lines l ON l.id = s.line_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as ReturnType<typeof evaluatorPeople>;
}
