import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';
import { appraisalListParts, changeStamp } from './plan-figures.repo';
import type { AppraisalListPart } from './plan-figures.repo';
import { mboStatusCounts } from './plan.repo';

/*
 * A year's plan figures remembered until the database changes (docs/plan.md "At city scale"). At a
 * city's size a year's KPIs and measures take a second or more to count; ホーム, プランの進捗 and its
 * tabs each want the same year (the dashboard the two years before it too), so the figures are
 * counted once and reused for as long as nothing in the office has changed.
 *
 * "Changed" is decided by SQLite itself (plan-figures.repo.ts changeStamp): this connection's
 * total_changes() moves on every row it writes, and PRAGMA data_version on every commit by another
 * connection (the CLI, a second window). Nothing is remembered inside a transaction, whose writes
 * may yet be rolled back. The figures name nobody and are the same for every reader (what a role
 * may see is applied after, by the services), so one entry per office and year serves all.
 */

type Entry = { stamp: string; value: unknown };

const remembered = new WeakMap<Db, Map<string, Entry>>();

/** The value `compute` gives for `key`, counted again only when the office has changed since. */
export function rememberedFigures<T>(db: Db, key: string, compute: () => T): T {
  if (db.inTransaction) return compute();
  // The day is part of it: some figures count from today (who is waiting, whose assignment is in force).
  const stamp = `${changeStamp(db)}@${todayIso()}`;
  let entries = remembered.get(db);
  if (!entries) {
    entries = new Map();
    remembered.set(db, entries);
  }
  const hit = entries.get(key);
  if (hit && hit.stamp === stamp) return hit.value as T;
  const value = compute();
  // Stamped as of before the count: a commit by another connection while it ran changes the stamp,
  // so a count that may have seen part of that commit is not reused.
  entries.set(key, { stamp, value });
  return value;
}

/** The year's appraisal list per grade group and 課 (plan-figures.repo.ts), shared by ホーム and the dashboard. */
export function yearAppraisalParts(db: Db, fy: number): AppraisalListPart[] {
  return rememberedFigures(db, `appraisalList:${fy}`, () => appraisalListParts(db, fy));
}

/** The year's MBO sheets per status (plan.repo.ts mboStatusCounts), shared by ホーム and the dashboard. */
export function yearMboStatuses(db: Db, fy: number): Map<string, number> {
  return rememberedFigures(db, `mboStatuses:${fy}`, () => mboStatusCounts(db, fy));
}
