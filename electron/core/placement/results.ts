import type { YearResult } from '../../../shared/api/placement';
import type { GradeGroup } from '../../../shared/org';
import { cycleConfig, getAppraisal, ratingsOf } from '../appraisal/appraisal.repo';
import { awardsFor, scoresOf, yearScores } from '../appraisal/scores.service';
import { awardsOfYear } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import { getSheet } from '../mbo/mbo.repo';
import { historyBetween, historyOfStaff } from './history.repo';
import type { HistoryRecord } from './history.repo';

/*
 * The three years' results of the placement list and summary (docs/placement.md#results): for each
 * of fy-2, fy-1 and fy, oldest first,
 *
 * 1. Kaname's own result when that year's appraisal is 確定 — its population's relative ranking was
 *    confirmed (docs/ranking.md#confirming), which wrote the 区分 on it; the 絶対評価点 is the
 *    appraisal's, computed by the appraisal domain's own scoring (scores.service.ts), never here;
 * 2. else the imported result of that year (history.repo.ts: the 人事考課結果 sheet);
 * 3. else nothing (all null).
 *
 * A year confirmed in Kaname always wins over an imported row of the same year.
 */

/** The three fiscal years a placement summary shows, oldest first. */
export function resultYears(fy: number): [number, number, number] {
  return [fy - 2, fy - 1, fy];
}

const none = (fy: number): YearResult => ({ fy, rankClass: null, score: null, source: null });

function imported(h: HistoryRecord): YearResult {
  return { fy: h.fy, rankClass: h.rankClass, score: h.score, source: 'imported' };
}

/** Picks each year's result: Kaname's confirmed one, else the imported one, else nulls. */
function combine(
  fy: number,
  kaname: (year: number) => YearResult | null,
  history: (year: number) => HistoryRecord | undefined,
): YearResult[] {
  return resultYears(fy).map((y) => {
    const own = kaname(y);
    if (own) return own;
    const h = history(y);
    return h ? imported(h) : none(y);
  });
}

/**
 * Everyone's results of the three years, for the list: one year's scores in one statement
 * (yearScores, as the ranking reads them), the imported rows in one more. People without any
 * result are not in the map; `of` answers three null years for them. With `staffIds`, only those
 * people are read (one page of the list, docs/lists.md) — the same answer for each of them.
 */
export function resultsOfEveryone(
  db: Db,
  fy: number,
  staffIds?: readonly number[],
): { of: (staffId: number) => YearResult[] } {
  const confirmed = new Map<number, Map<number, YearResult>>();
  for (const y of resultYears(fy)) {
    const byStaff = new Map<number, YearResult>();
    for (const p of yearScores(db, y, staffIds).people) {
      if (p.status === '確定' && p.appraisal) {
        byStaff.set(p.staffId, { fy: y, rankClass: p.appraisal.rankClass, score: p.score, source: 'kaname' });
      }
    }
    confirmed.set(y, byStaff);
  }
  const history = new Map<string, HistoryRecord>();
  for (const h of historyBetween(db, fy - 2, fy, staffIds)) history.set(`${h.fy}:${h.staffId}`, h);
  return {
    of: (staffId) =>
      combine(
        fy,
        (y) => confirmed.get(y)?.get(staffId) ?? null,
        (y) => history.get(`${y}:${staffId}`),
      ),
  };
}

/**
 * One year's confirmed result of one person from their appraisal, or null when it is not 確定.
 * The score is the appraisal form's own (scoresOf over the MBO sheet's 2次 levels, the 2次
 * ratings, the year's awards and the 調整者's adjustment, under the year's configuration).
 */
function confirmedResult(db: Db, fy: number, staffId: number, gradeGroup: GradeGroup): YearResult | null {
  const a = getAppraisal(db, fy, staffId);
  if (a?.status !== '確定') return null;
  const config = cycleConfig(db, fy);
  const goals = getSheet(db, fy, staffId)?.goals ?? [];
  const awards = awardsFor(awardsOfYear(db, fy, staffId), staffId);
  const scores = scoresOf(
    goals,
    ratingsOf(db, a.id),
    config.competencyItems[gradeGroup],
    awards,
    gradeGroup,
    a.adjustment,
    config,
  );
  return { fy, rankClass: a.rankClass, score: scores.absolute.score, source: 'kaname' };
}

/** One person's results of the three years (a summary): a handful of small reads, never a whole year. */
export function resultsOfPerson(db: Db, fy: number, person: { id: number; gradeGroup: GradeGroup }): YearResult[] {
  const history = historyOfStaff(db, person.id);
  return combine(
    fy,
    (y) => confirmedResult(db, y, person.id, person.gradeGroup),
    (y) => history.find((h) => h.fy === y),
  );
}
