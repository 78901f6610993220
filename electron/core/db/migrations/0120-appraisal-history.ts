import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Past years' appraisal results (人事考課結果) for offices that start with Kaname: imported from the
 * `人事考課結果` sheet so that a placement summary shows three years from the first day
 * (docs/placement.md). A year confirmed in Kaname is read from its appraisals and never overwritten
 * by this table. One row per year and person.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE appraisal_history (
      fy INTEGER NOT NULL CHECK (fy BETWEEN 1989 AND 2200),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 200)),
      rank_class INTEGER CHECK (rank_class IS NULL OR rank_class BETWEEN 1 AND 5),
      imported_at TEXT NOT NULL,
      PRIMARY KEY (fy, staff_id)
    ) STRICT;
  `);
}
