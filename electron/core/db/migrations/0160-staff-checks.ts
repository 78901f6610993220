import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The staff table again, with each CHECK on a coded column written as a chain of `=` instead of
 * `IN (…)` (docs/workbook-import.md "Writing the rows"). The allowed values are the same; what
 * changes is their cost: SQLite checks `x IN ('a', 'b', …)` by building a small temporary index once
 * per run of a statement, so every INSERT or UPDATE of a staff row built three of them. A
 * 35,000-row 職員名簿 spent about 0.15 s of its commit on that alone; the `=` chain costs nearly nothing.
 *
 * SQLite cannot change a CHECK in place, so the table is rebuilt (SQLite's documented way: a new
 * table, the rows copied with their ids, the old one dropped, the new one renamed, its indexes made
 * again). This runs with foreign keys off (`foreignKeysOff` in the registry, migrate.ts), as SQLite
 * requires for dropping a table others refer to; the ids are kept, so every reference to a staff row
 * still finds it, and the copied rows' own references are checked before the migration commits.
 */
export function up(db: Database): void {
  const indexes = (
    db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'staff' AND sql IS NOT NULL")
      .all() as { sql: string }[]
  ).map((r) => r.sql);
  db.exec(`
    CREATE TABLE staff_rebuilt (
      id INTEGER PRIMARY KEY,
      staff_no TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      kana TEXT NOT NULL DEFAULT '',
      section_id INTEGER REFERENCES sections(id),
      line_id INTEGER REFERENCES lines(id),
      position TEXT NOT NULL CHECK (
        position = '区長' OR position = '副区長' OR position = '課長' OR position = '課長代理' OR position = '係長'
        OR position = '係員'
      ),
      grade_group TEXT NOT NULL CHECK (
        grade_group = '課長級' OR grade_group = '課長代理級' OR grade_group = '係長級' OR grade_group = '係員級'
      ),
      job_type TEXT NOT NULL DEFAULT '',
      employment TEXT NOT NULL DEFAULT '正規' CHECK (
        employment = '正規' OR employment = '再任用' OR employment = '会計年度任用'
      ),
      hired_on TEXT,
      posted_on TEXT,
      qualifications TEXT NOT NULL DEFAULT '',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1)
    ) STRICT;
    INSERT INTO staff_rebuilt (id, staff_no, name, kana, section_id, line_id, position, grade_group, job_type,
        employment, hired_on, posted_on, qualifications, active)
      SELECT id, staff_no, name, kana, section_id, line_id, position, grade_group, job_type,
        employment, hired_on, posted_on, qualifications, active FROM staff;
    DROP TABLE staff;
    ALTER TABLE staff_rebuilt RENAME TO staff;
  `);
  for (const sql of indexes) db.exec(sql);
  const broken = db.pragma('foreign_key_check(staff)') as unknown[];
  if (broken.length > 0) throw new Error(`staff rows refer to missing sections or lines (${broken.length})`);
}
