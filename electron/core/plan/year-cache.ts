import type { Db } from '../db/connection';
import { remember } from '../db/remembered';
import { appraisalListParts } from './plan-figures.repo';
import type { AppraisalListPart } from './plan-figures.repo';
import { mboStatusCounts } from './plan.repo';

/*
 * A year's plan figures remembered until the office changes (docs/plan.md "At city scale",
 * db/remembered.ts). ホーム, プランの進捗 and its tabs each want the same year (the dashboard the
 * two years before it too), so the figures are counted once and reused while nothing has changed.
 */

/** The value `compute` gives for a plan figure of a year, counted again only when the office has changed. */
export function rememberedFigures<T>(db: Db, key: string, compute: () => T): T {
  return remember(db, `plan:${key}`, compute);
}

/** The year's appraisal list per grade group and 課 (plan-figures.repo.ts), shared by ホーム and the dashboard. */
export function yearAppraisalParts(db: Db, fy: number): AppraisalListPart[] {
  return rememberedFigures(db, `appraisalList:${fy}`, () => appraisalListParts(db, fy));
}

/** The year's MBO sheets per status (plan.repo.ts mboStatusCounts), shared by ホーム and the dashboard. */
export function yearMboStatuses(db: Db, fy: number): Map<string, number> {
  return rememberedFigures(db, `mboStatuses:${fy}`, () => mboStatusCounts(db, fy));
}
