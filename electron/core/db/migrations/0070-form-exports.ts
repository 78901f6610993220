import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Staff workbooks (記入用ブック) of self-reports and MBO sheets: every export is recorded with a
 * random token that the workbook carries, and per person the version of the form at export and the
 * hashes of what Kaname wrote (locked cells) and what the person could write (open cells). The import
 * trusts these rows, never the file, to know whose forms it holds, whether a locked cell was changed
 * and whether the form changed in Kaname since. Confidential sections are never part of a hash.
 * The import log gains the count of rejected rows or forms (a form import commits the valid forms).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE form_exports (
      id INTEGER PRIMARY KEY,
      token TEXT NOT NULL UNIQUE CHECK (length(token) = 32),
      kind TEXT NOT NULL CHECK (kind IN ('selfreports', 'mbo')),
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      scope TEXT NOT NULL,
      created_at TEXT NOT NULL,
      actor_id INTEGER REFERENCES accounts(id),
      actor TEXT NOT NULL
    ) STRICT;

    CREATE TABLE form_export_items (
      export_id INTEGER NOT NULL REFERENCES form_exports(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      sheet_name TEXT NOT NULL,
      form_version INTEGER NOT NULL CHECK (form_version >= 0),
      locked_hash TEXT NOT NULL,
      open_hash TEXT NOT NULL,
      editable INTEGER NOT NULL CHECK (editable IN (0, 1)),
      PRIMARY KEY (export_id, staff_id),
      UNIQUE (export_id, sheet_name)
    ) STRICT;

    ALTER TABLE import_log ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
  `);
}
