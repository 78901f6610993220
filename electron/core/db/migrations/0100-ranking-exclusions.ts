import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * People taken out of a year's relative ranking (相対評価の対象外) by HR, with the reason: someone on
 * long leave (休職・育児休業) or who joined late has no appraisal to rank, and would otherwise keep
 * their population waiting for ever. One row per year and person; deleting it puts them back.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE ranking_exclusions (
      fy INTEGER NOT NULL,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      reason TEXT NOT NULL,
      excluded_at TEXT NOT NULL,
      excluded_by TEXT NOT NULL,
      PRIMARY KEY (fy, staff_id)
    ) STRICT;
  `);
}
