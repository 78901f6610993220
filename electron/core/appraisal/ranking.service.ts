import type { Parsed } from '../../../shared/contract';
import type { RankingRow, RankingRowSort, RankingView } from '../../../shared/contract';
import type { PageRequest } from '../../../shared/api/common';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import { NO_SECTION, populationKeyOf, populationLabelOf } from '../../../shared/appraisal';
import type { AppraisalConfig } from '../../../shared/appraisal';
import { cycleConfig, yearGroupCounts, yearPersonId } from './appraisal.repo';
import type { YearScope } from './appraisal.repo';
import { RANK_CLASSES, rankPopulation } from '../../../shared/ranking';
import type { RankClass, RankingEmptyReason, RankingResult, RankTie } from '../../../shared/ranking';
import { AppError } from '../../../shared/result';
import { readsAllRankings } from '../../../shared/access';
import type { Db } from '../db/connection';
import { pageOfRows } from '../db/paging';
import { linkedStaffId } from '../office/accounts.repo';
import { appendAudit } from '../system/audit.repo';
import {
  confirmationOf,
  confirmationsOf,
  deleteExclusion,
  evaluatorAssignmentsOn,
  exclusionOf,
  exclusionsOf,
  insertConfirmation,
  standingCounts,
  upsertExclusion,
  writeConfirmedClasses,
  writeTieDecision,
} from './ranking.repo';
import type { AssignmentIds } from './ranking.repo';
import { todayIso } from '../../../shared/dates';
import { populationScores } from './scores.service';
import { remember } from '../db/remembered';
import type { YearPerson } from './scores.service';
import { assertYearWritable, yearOpenTo } from '../access/closed-year';
import { requireCycle } from '../access/evaluation-access';
import type { Session } from '../office/office.service';

/*
 * The relative ranking per population with the 調整者's tie decisions and confirmation (each caller's
 * 考課一覧: list.service.ts; the 人事考課状況一覧: status.service.ts).
 *
 * Populations (docs/ranking.md: grade group × ranking unit): per grade group either the whole office (区全体,
 * key '係員級') or each section on its own (課, key '係員級・区民課'), as the cycle's configuration
 * says. A population's subjects are those whose appraisal is 調整済 or 確定; the others are listed
 * as still waiting, and a population can be confirmed only when nobody is waiting and every
 * boundary tie is decided. HR may take a member out of the year's ranking (相対評価の対象外, e.g. on
 * long leave) with a reason: they are then neither ranked nor waiting.
 *
 * The ranked rows of a city's population run to 20,000: the screen asks for one page of them
 * (`rowsPage`, docs/lists.md), cut here with pageOfRows from the ranking computed in memory anyway.
 * The ranking screen lists the populations from SQL counts (populationSummaries) and scores only the
 * population shown (membersOf), never the whole year; the export reads the whole year, which it
 * needs.
 */

type Assignment = AssignmentIds;

function assignmentsInForce(db: Db, fy: number): Map<number, Assignment> {
  return evaluatorAssignmentsOn(db, fy, todayIso());
}

/** A population of the relative ranking: a grade group × its ranking unit (the office, or one section). */
export type Population = {
  key: string;
  label: string;
  gradeGroup: GradeGroup;
  members: YearPerson[];
};

/**
 * The year's populations in screen order: grade groups in order, and within a grade group ranked
 * per 課 its sections in organisation order (people come sorted so), （所属なし） last.
 */
export function populationsOf(people: readonly YearPerson[], config: AppraisalConfig): Population[] {
  const byKey = new Map<string, Population>();
  const groups = new Map<GradeGroup, Population[]>(gradeGroups.map((g) => [g, []]));
  for (const p of people) {
    const unit = config.rankingUnits[p.gradeGroup];
    const key = populationKeyOf(unit, p.gradeGroup, p.section);
    let pop = byKey.get(key);
    if (!pop) {
      pop = { key, label: populationLabelOf(unit, p.gradeGroup, p.section), gradeGroup: p.gradeGroup, members: [] };
      byKey.set(key, pop);
      groups.get(p.gradeGroup)!.push(pop);
    }
    pop.members.push(p);
  }
  // A grade group ranked 区全体 keeps its (empty) population, as before the unit existed.
  for (const g of gradeGroups) {
    if (config.rankingUnits[g] === '区全体' && groups.get(g)!.length === 0) {
      groups.get(g)!.push({ key: g, label: populationLabelOf('区全体', g, null), gradeGroup: g, members: [] });
    }
  }
  return gradeGroups.flatMap((g) => groups.get(g)!);
}

/** A population as the ranking lists it, before anyone's score is read: its key, label and size. */
export type PopulationSummary = {
  key: string;
  label: string;
  gradeGroup: GradeGroup;
  /** Which people it holds: the scope yearScores reads its members by. */
  scope: YearScope;
  size: number;
};

/**
 * The year's populations with their sizes, counted in SQL, in populationsOf's order (the same
 * populations and sizes as populationsOf over the whole year gives). With `staffIds`, only the
 * populations those people are in (sizes then count only them).
 */
export function populationSummaries(
  db: Db,
  fy: number,
  config: AppraisalConfig,
  staffIds?: readonly number[],
): PopulationSummary[] {
  const byKey = new Map<string, PopulationSummary>();
  const groups = new Map<GradeGroup, PopulationSummary[]>(gradeGroups.map((g) => [g, []]));
  for (const c of yearGroupCounts(db, fy, staffIds)) {
    const unit = config.rankingUnits[c.gradeGroup];
    const key = populationKeyOf(unit, c.gradeGroup, c.section);
    const pop = byKey.get(key);
    if (pop) {
      pop.size += c.n;
      continue;
    }
    const scope: YearScope =
      unit === '区全体' ? { gradeGroup: c.gradeGroup } : { gradeGroup: c.gradeGroup, section: c.section ?? NO_SECTION };
    const made = {
      key,
      label: populationLabelOf(unit, c.gradeGroup, c.section),
      gradeGroup: c.gradeGroup,
      scope,
      size: c.n,
    };
    byKey.set(key, made);
    groups.get(c.gradeGroup)!.push(made);
  }
  if (!staffIds) {
    for (const g of gradeGroups) {
      if (config.rankingUnits[g] === '区全体' && groups.get(g)!.length === 0) {
        groups.get(g)!.push({
          key: g,
          label: populationLabelOf('区全体', g, null),
          gradeGroup: g,
          scope: { gradeGroup: g },
          size: 0,
        });
      }
    }
  }
  return gradeGroups.flatMap((g) => groups.get(g)!);
}

/** One population's members with their scores, in organisation order (as populationsOf holds them). */
export function membersOf(db: Db, fy: number, pop: PopulationSummary): YearPerson[] {
  return pop.size === 0 ? [] : populationScores(db, fy, pop.scope, pop.size);
}

function mayDecide(
  session: Session,
  viewer: number | null,
  assignments: Map<number, Assignment>,
  staffIds: number[],
): boolean {
  if (session.role === 'hr') return true;
  if (session.role !== 'evaluator' || viewer === null || staffIds.length === 0) return false;
  return staffIds.every((id) => assignments.get(id)?.adjusterId === viewer);
}

/**
 * Whether the caller works on a population's ranking at all: HR, or an evaluator who is the 調整者 of
 * one of its members (the populations their ranking screen lists). Whether they may decide a given
 * tie (the 調整者 of everyone in it) is checked afterwards, on the data.
 */
function mayRankIn(
  session: Session,
  viewer: number | null,
  assignments: Map<number, Assignment>,
  members: readonly YearPerson[] | null,
): boolean {
  if (session.role === 'hr') return true;
  if (session.role !== 'evaluator' || viewer === null) return false;
  return members !== null && members.some((p) => assignments.get(p.staffId)?.adjusterId === viewer);
}

export type PopulationRanking = {
  ready: YearPerson[];
  waiting: YearPerson[];
  /** Members HR took out of the year's ranking, with the reason: neither ranked nor waiting. */
  excluded: (YearPerson & { reason: string })[];
  result: RankingResult;
};

/**
 * Ranks a population's 調整済 and 確定 appraisals with the recorded tie decisions; the others wait,
 * except the members HR took out of the year's ranking, who are set aside with their reason.
 */
export function rankPopulationOf(
  members: readonly YearPerson[],
  distribution: readonly number[],
  exclusions: ReadonlyMap<number, string>,
): PopulationRanking {
  const ready: YearPerson[] = [];
  const waiting: YearPerson[] = [];
  const excluded: (YearPerson & { reason: string })[] = [];
  const decisions = new Map<string, RankClass>();
  for (const p of members) {
    const reason = exclusions.get(p.staffId);
    if (reason !== undefined) {
      excluded.push({ ...p, reason });
    } else if ((p.status === '調整済' || p.status === '確定') && p.score !== null) {
      ready.push(p);
      if (p.appraisal?.rankDecided && p.appraisal.rankClass) decisions.set(p.staffNo, p.appraisal.rankClass);
    } else {
      waiting.push(p);
    }
  }
  const result = rankPopulation(
    ready.map((p) => ({ id: p.staffNo, score: p.score })),
    distribution,
    decisions,
  );
  return { ready, waiting, excluded, result };
}

/** What each sortable field of the ranked rows sorts by (docs/lists.md). */
const rankingSortValues: Record<RankingRowSort, (r: RankingRow) => string | number | null> = {
  position: (r) => r.position,
  staffNo: (r) => r.staffNo,
  name: (r) => r.name,
  section: (r) => r.section,
  score: (r) => r.score,
  rankClass: (r) => r.rankClass,
};

/**
 * The ranked rows the view carries: all of them in rank order, or with `page` that page (ties by
 * 職員番号, the ranking's own order) with the count and the tie members' rows for the tie cards —
 * every member's, or with `tieShown` the first `tieShown` of each tie (a city's tie holds hundreds).
 */
function rowsOf(
  all: RankingRow[],
  ties: readonly RankTie[],
  page: PageRequest<RankingRowSort> | undefined,
  tieShown: number | undefined,
): { rows: RankingRow[]; rowsTotal?: number; tieRows?: RankingRow[] } {
  if (!page) return { rows: all };
  const { rows, total } = pageOfRows(all, page, rankingSortValues, (r) => r.staffNo, 'position');
  const sent = new Set(ties.flatMap((t) => (tieShown === undefined ? t.ids : t.ids.slice(0, tieShown))));
  return { rows, rowsTotal: total, tieRows: all.filter((r) => sent.has(r.staffNo)) };
}

/** How many waiting and excluded names a paged view sends unless asked for more (docs/lists.md). */
const defaultNamesShown = 100;

/**
 * The waiting and excluded lists: whole for the unpaged view (as ever), else the first `shown` of
 * each with their totals — a city's 係員級 has thousands waiting, and the screen draws a hundred.
 */
function namesOf(
  waiting: readonly YearPerson[],
  excluded: readonly (YearPerson & { reason: string })[],
  shown: number | null,
): Pick<NonNullable<RankingView['result']>, 'waiting' | 'waitingTotal' | 'excluded' | 'excludedTotal'> {
  const cut = <T>(list: readonly T[]): T[] => (shown === null ? [...list] : list.slice(0, shown));
  return {
    waiting: cut(waiting).map((p) => ({ staffNo: p.staffNo, name: p.name, status: p.status })),
    excluded: cut(excluded).map((p) => ({ staffNo: p.staffNo, name: p.name, status: p.status, reason: p.reason })),
    ...(shown === null ? {} : { waitingTotal: waiting.length, excludedTotal: excluded.length }),
  };
}

/**
 * What each population holds by appraisal status, from SQL counts keyed as populationSummaries keys
 * them (docs/ranking.md "Opening the screen").
 */
function standingOf(db: Db, fy: number, config: AppraisalConfig): Map<string, { adjusted: number; excluded: number }> {
  const out = new Map<string, { adjusted: number; excluded: number }>();
  for (const c of standingCounts(db, fy)) {
    const key = populationKeyOf(config.rankingUnits[c.gradeGroup], c.gradeGroup, c.section);
    const at = out.get(key) ?? { adjusted: 0, excluded: 0 };
    at.adjusted += c.adjusted;
    at.excluded += c.excluded;
    out.set(key, at);
  }
  return out;
}

/**
 * The population the screen opens on (docs/ranking.md "Opening the screen"): the first, in screen
 * order, that needs the caller — a boundary tie to decide, or everyone ranked and ready to confirm,
 * and the caller may do it; else the first with anyone 調整済; else the first. Only unconfirmed
 * populations with someone 調整済 (SQL counts) are scored to find out, and the first that needs the
 * caller ends the search.
 */
function suggestedPopulation(
  visible: readonly PopulationSummary[],
  populations: RankingView['populations'],
  needsCaller: (pop: PopulationSummary) => boolean,
): string {
  const listed = new Map(populations.map((p) => [p.key, p]));
  const candidates = visible.filter((p) => {
    const l = listed.get(p.key);
    return l !== undefined && !l.confirmed && (l.adjusted ?? 0) > 0;
  });
  const needing = candidates.find(needsCaller);
  if (needing) return needing.key;
  return (populations.find((p) => (p.adjusted ?? 0) > 0) ?? populations[0]!).key;
}

/** Why nobody is ranked: nobody there, all taken out of the ranking, or nobody 調整済 yet. */
function emptyReasonOf(size: number, excluded: number, waiting: number): RankingEmptyReason {
  if (size === 0 || (excluded === 0 && waiting === 0)) return 'nobody';
  return waiting === 0 ? 'allExcluded' : 'noneAdjusted';
}

export function rankingView(db: Db, session: Session, input: Parsed<'appraisal:ranking'>): RankingView {
  requireCycle(db, input.fy);
  const viewer = linkedStaffId(db, session.accountId);
  // Who is whose 調整者 matters only to an evaluator; HR and personnel see every population.
  const assignments = session.role === 'evaluator' ? assignmentsInForce(db, input.fy) : new Map<number, Assignment>();
  const config = cycleConfig(db, input.fy);
  // The populations and their sizes come from SQL; only the population asked for is scored.
  const all = remember(db, `populations:${input.fy}`, () => populationSummaries(db, input.fy, config));
  // One rule for the screen and the export (docs/access.md): HR and personnel read every population.
  let visible = all;
  if (!readsAllRankings(session.role)) {
    const adjusted = [...assignments.values()].filter((a) => viewer !== null && a.adjusterId === viewer);
    const theirs =
      adjusted.length === 0
        ? new Set<string>()
        : new Set(
            populationSummaries(
              db,
              input.fy,
              config,
              adjusted.map((a) => a.staffId),
            ).map((p) => p.key),
          );
    visible = all.filter((pop) => theirs.has(pop.key));
  }
  const confirmed = confirmationsOf(db, input.fy);
  const standing = remember(db, `standing:${input.fy}`, () => standingOf(db, input.fy, config));
  const populations = visible.map((pop) => ({
    key: pop.key,
    label: pop.label,
    size: pop.size,
    confirmed: confirmed.has(pop.key),
    adjusted: standing.get(pop.key)?.adjusted ?? 0,
    excluded: standing.get(pop.key)?.excluded ?? 0,
  }));
  // An evaluator who is nobody's 調整者 has no population to rank: an empty view, not an error.
  if (populations.length === 0) return { fy: input.fy, populations, population: null, result: null };
  // Each population is ranked once until the office changes (remembered.ts): the suggestion may rank
  // the one shown, and each page of its rows reads the same ranking.
  const rankingOf = (p: PopulationSummary): PopulationRanking =>
    remember(db, `ranking:${input.fy}:${p.key}`, () =>
      rankPopulationOf(membersOf(db, input.fy, p), config.distribution, exclusionsOf(db, input.fy)),
    );
  const suggested =
    input.population === undefined
      ? suggestedPopulation(visible, populations, (p) => {
          const r = rankingOf(p);
          const needs = r.result.undecided > 0 || (r.waiting.length === 0 && r.result.population > 0);
          return (
            needs &&
            mayDecide(
              session,
              viewer,
              assignments,
              r.ready.map((x) => x.staffId),
            )
          );
        })
      : undefined;
  const key = input.population ?? populations[0]!.key;
  const pop = visible.find((p) => p.key === key);
  if (!pop) throw new AppError('NOT_FOUND', `母集団「${key}」は見つかりません。`);
  const { ready, waiting, excluded, result } = rankingOf(pop);
  const byNo = new Map(ready.map((p) => [p.staffNo, p]));
  const tieIds = new Set(result.ties.flatMap((t) => t.ids));
  const allRows = result.ranked.map((r): RankingRow => {
    const p = byNo.get(r.id)!;
    return {
      staffNo: p.staffNo,
      name: p.name,
      section: p.section,
      status: p.status,
      score: r.score,
      position: r.position,
      rankClass: r.class,
      decided: r.decided,
      tie: tieIds.has(r.id),
    };
  });
  const confirmation = confirmed.get(key) ?? null;
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const can =
    yearOpenTo(session, input.fy) &&
    mayDecide(
      session,
      viewer,
      assignments,
      ready.map((p) => p.staffId),
    );
  return {
    fy: input.fy,
    populations,
    population: key,
    ...(suggested === undefined ? {} : { suggested }),
    result: {
      size: result.population,
      ...(ready.length > 0 ? {} : { emptyReason: emptyReasonOf(pop.size, excluded.length, waiting.length) }),
      figures: result.figures,
      ties: result.ties,
      undecided: result.undecided,
      notes: result.notes,
      ...rowsOf(allRows, result.ties, input.rowsPage, input.tieShown),
      ...namesOf(waiting, excluded, input.rowsPage === undefined ? null : (input.namesShown ?? defaultNamesShown)),
      canDecide: can && confirmation === null,
      canExclude: session.role === 'hr' && confirmation === null,
      canConfirm:
        can && confirmation === null && result.undecided === 0 && waiting.length === 0 && result.population > 0,
      confirmed: confirmation,
    },
  };
}

/** The 調整者 (or HR) places a member of a boundary tie in one of the tie's classes (null: undecided again). */
export function decideTie(db: Db, session: Session, input: Parsed<'appraisal:decideTie'>): RankingView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:decideTie');
    const viewer = linkedStaffId(db, session.accountId);
    const assignments = assignmentsInForce(db, input.fy);
    // Access first, with one answer whatever the input: an answer that depends on the data (not in a
    // tie, no such population or year) would tell an outsider who is tied (docs/access.md).
    const refused = () => new AppError('FORBIDDEN', '同点の扱いは、その職員の調整者または人事担当が決めます。');
    const adjustsAnyone = viewer !== null && [...assignments.values()].some((a) => a.adjusterId === viewer);
    if (session.role !== 'hr' && !adjustsAnyone) throw refused();
    // Only the population named is scored (its members are what populationsOf over the year holds).
    const config = cycleConfig(db, input.fy);
    const summary = populationSummaries(db, input.fy, config).find((p) => p.key === input.population);
    const members = summary ? membersOf(db, input.fy, summary) : null;
    if (!mayRankIn(session, viewer, assignments, members)) throw refused();
    if (!summary || !members) throw new AppError('NOT_FOUND', `母集団「${input.population}」はありません。`);
    const { ready, result } = rankPopulationOf(members, config.distribution, exclusionsOf(db, input.fy));
    if (confirmationOf(db, input.fy, summary.key)) {
      throw new AppError(
        'CONFLICT',
        'この母集団の相対評価は確定しています。変更するには人事担当が確定を解除してください。',
      );
    }
    const tie = result.ties.find((t) => t.ids.includes(input.staffNo));
    const person = ready.find((p) => p.staffNo === input.staffNo);
    if (!tie || !person?.appraisal) {
      throw new AppError(
        'VALIDATION',
        `職員番号 ${input.staffNo} は、区分の境界で同点になっている職員ではありません。`,
      );
    }
    if (
      !mayDecide(
        session,
        viewer,
        assignments,
        tie.ids.map((no) => ready.find((p) => p.staffNo === no)!.staffId),
      )
    ) {
      throw refused();
    }
    const cls = input.rankClass as RankClass | null;
    if (cls !== null && !tie.classes.includes(cls)) {
      throw new AppError(
        'VALIDATION',
        `この同点の職員の区分は ${tie.classes.map((c) => `第${c}区分`).join('・')} から選んでください。`,
      );
    }
    writeTieDecision(db, person.appraisal.id, cls, new Date().toISOString());
    appendAudit(db, session.actor, {
      action: 'appraisal.decideTie',
      entity: 'appraisal',
      entityId: `${input.fy}:${input.staffNo}`,
      before: { 区分: person.appraisal.rankDecided ? person.appraisal.rankClass : null },
      after: { 区分: cls, 同点: tie.score },
    });
    return rankingView(db, session, {
      fy: input.fy,
      population: input.population,
      rowsPage: input.rowsPage,
      tieShown: input.tieShown,
    });
  })();
}

/** Confirms a population's ranking: everyone gets their class and becomes 確定. */
export function confirmRanking(db: Db, session: Session, input: Parsed<'appraisal:confirmRanking'>): RankingView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:confirmRanking');
    const view = rankingView(db, session, { fy: input.fy, population: input.population });
    const r = view.result;
    if (r === null) {
      throw new AppError(
        'NOT_FOUND',
        `母集団「${input.population}」は見つかりません（または相対評価を扱う権限がありません）。`,
      );
    }
    if (!r.canConfirm) {
      const why =
        r.confirmed !== null
          ? 'この母集団の相対評価はすでに確定しています。'
          : r.waiting.length > 0
            ? `まだ調整済になっていない職員が ${r.waiting.length} 人います。全員が調整済になってから確定してください。`
            : r.undecided > 0
              ? `区分の境界で同点の職員 ${r.undecided} 人の区分が決まっていません。`
              : '相対評価を確定できるのは、この母集団の全員の調整者または人事担当です。';
      throw new AppError(
        r.confirmed !== null || r.waiting.length > 0 || r.undecided > 0 ? 'CONFLICT' : 'FORBIDDEN',
        why,
      );
    }
    const now = new Date().toISOString();
    writeConfirmedClasses(db, input.fy, r.rows, now);
    insertConfirmation(db, input.fy, input.population, now, session.displayName);
    const counts: Record<string, number> = {};
    for (const c of RANK_CLASSES) counts[`第${c}区分`] = r.rows.filter((x) => x.rankClass === c).length;
    appendAudit(db, session.actor, {
      action: 'appraisal.confirmRanking',
      entity: 'ranking',
      entityId: `${input.fy}:${input.population}`,
      after: { 人数: r.size, ...counts },
    });
    return rankingView(db, session, {
      fy: input.fy,
      population: input.population,
      rowsPage: input.rowsPage,
      tieShown: input.tieShown,
    });
  })();
}

/**
 * HR takes a person out of the year's relative ranking (相対評価の対象外) with a reason — someone on
 * long leave or who joined late, with no appraisal to rank — or puts them back (reason null). Their
 * population must not be confirmed: the confirmed classes were given with them in or out.
 */
export function excludeFromRanking(db: Db, session: Session, input: Parsed<'appraisal:exclude'>): RankingView {
  return db.transaction(() => {
    requireCycle(db, input.fy);
    if (session.role !== 'hr') throw new AppError('FORBIDDEN', '相対評価の対象外を決めるのは人事担当です。');
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:exclude');
    // The person and their population from SQL alone: nobody's score is needed to decide this.
    const staffId = yearPersonId(db, input.fy, input.staffNo);
    const pop =
      staffId === undefined ? undefined : populationSummaries(db, input.fy, cycleConfig(db, input.fy), [staffId])[0];
    if (staffId === undefined || !pop) {
      throw new AppError('NOT_FOUND', `職員番号 ${input.staffNo} の職員は、この年度の相対評価の母集団にいません。`);
    }
    if (confirmationOf(db, input.fy, pop.key)) {
      throw new AppError(
        'CONFLICT',
        `「${pop.label}」の相対評価は確定しています。対象外にする・対象に戻すには、確定を解除してから行ってください。`,
      );
    }
    const before = exclusionOf(db, input.fy, staffId);
    if (input.reason === null) {
      if (before) {
        deleteExclusion(db, input.fy, staffId);
        appendAudit(db, session.actor, {
          action: 'appraisal.include',
          entity: 'ranking',
          entityId: `${input.fy}:${input.staffNo}`,
          before: { 母集団: pop.key, 対象外の理由: before.reason },
          after: { 母集団: pop.key, 相対評価: '対象' },
        });
      }
    } else if (before?.reason !== input.reason) {
      upsertExclusion(db, input.fy, staffId, input.reason, new Date().toISOString(), session.displayName);
      appendAudit(db, session.actor, {
        action: 'appraisal.exclude',
        entity: 'ranking',
        entityId: `${input.fy}:${input.staffNo}`,
        before: before ? { 対象外の理由: before.reason } : { 相対評価: '対象' },
        after: { 母集団: pop.key, 対象外の理由: input.reason },
      });
    }
    return rankingView(db, session, {
      fy: input.fy,
      population: pop.key,
      rowsPage: input.rowsPage,
      tieShown: input.tieShown,
    });
  })();
}
