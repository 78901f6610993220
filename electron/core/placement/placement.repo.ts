import type { Db } from '../db/connection';

/*
 * What the placement list (docs/placement.md) reads that no other repository offers: who wishes to
 * transfer in a year, for the list's 異動希望 filter. Everything else — staff, transfers,
 * appraisals, imported results (history.repo.ts), self-reports, awards, training, applications — is
 * read through its own domain's repository.
 */

/**
 * The staff whose self-report of the year, submitted (提出済 or 面談済), says 異動希望. Reads that
 * one column and the status, nothing else of the report.
 */
export function transferWishersOfYear(db: Db, fy: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT staff_id AS staffId FROM self_reports
       WHERE fy = ? AND transfer_wish = '異動希望' AND status IN ('提出済', '面談済')`,
    )
    .all(fy) as { staffId: number }[];
  return new Set(rows.map((r) => r.staffId));
}
