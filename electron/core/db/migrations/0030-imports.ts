import type { Database } from 'better-sqlite3-multiple-ciphers';

/** The import log: every committed Excel import, with who, when, the file's name and hash, and counts. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE import_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor_id INTEGER REFERENCES accounts(id),
      actor TEXT NOT NULL,
      kind TEXT NOT NULL,
      file_name TEXT NOT NULL,
      file_hash TEXT NOT NULL,
      total INTEGER NOT NULL,
      inserted INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      unchanged INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX area_assignments_staff ON area_assignments(fy, staff_id);
  `);
}
