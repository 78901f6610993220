import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Evaluator workbooks (評価者用の記入用ブック) of the appraisal: every export is recorded under the
 * random token the workbook carries, with its evaluator and, per sheet, whose appraisal, in which
 * role (1次 / 2次 / 他所属評価), at which version, which goals, and the keyed hash of its locked
 * cells — kept as one JSON record, read back whole by the import, which trusts it and never the file.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE appraisal_exports (
      token TEXT PRIMARY KEY CHECK (length(token) = 32),
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      evaluator_id INTEGER NOT NULL REFERENCES staff(id),
      record TEXT NOT NULL CHECK (json_valid(record)),
      created_at TEXT NOT NULL,
      actor TEXT NOT NULL
    ) STRICT;
  `);
}
