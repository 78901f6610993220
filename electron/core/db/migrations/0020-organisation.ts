import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The ward's organisation: sections (課) and lines (担当), staff with their transfer history,
 * fiscal-year cycles, evaluator assignments and area teams. Accounts may be linked to a staff member.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sections (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      sort INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE lines (
      id INTEGER PRIMARY KEY,
      section_id INTEGER NOT NULL REFERENCES sections(id),
      name TEXT NOT NULL,
      sort INTEGER NOT NULL DEFAULT 0,
      UNIQUE (section_id, name)
    ) STRICT;

    CREATE TABLE staff (
      id INTEGER PRIMARY KEY,
      staff_no TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      kana TEXT NOT NULL DEFAULT '',
      section_id INTEGER REFERENCES sections(id),
      line_id INTEGER REFERENCES lines(id),
      position TEXT NOT NULL CHECK (position IN ('区長', '副区長', '課長', '課長代理', '係長', '係員')),
      grade_group TEXT NOT NULL CHECK (grade_group IN ('課長級', '課長代理級', '係長級', '係員級')),
      job_type TEXT NOT NULL DEFAULT '',
      employment TEXT NOT NULL DEFAULT '正規' CHECK (employment IN ('正規', '再任用', '会計年度任用')),
      hired_on TEXT,
      posted_on TEXT,
      qualifications TEXT NOT NULL DEFAULT '',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    ) STRICT;
    CREATE INDEX staff_section ON staff(section_id);

    CREATE TABLE transfers (
      id INTEGER PRIMARY KEY,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      on_date TEXT NOT NULL,
      from_section_id INTEGER REFERENCES sections(id),
      from_line_id INTEGER REFERENCES lines(id),
      to_section_id INTEGER REFERENCES sections(id),
      to_line_id INTEGER REFERENCES lines(id)
    ) STRICT;
    CREATE INDEX transfers_staff ON transfers(staff_id);

    CREATE TABLE cycles (
      fy INTEGER PRIMARY KEY CHECK (fy BETWEEN 1989 AND 2200),
      phase TEXT NOT NULL DEFAULT '目標設定',
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE evaluator_assignments (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      first_id INTEGER REFERENCES staff(id),
      second_id INTEGER REFERENCES staff(id),
      adjuster_id INTEGER REFERENCES staff(id),
      effective_from TEXT NOT NULL,
      effective_to TEXT
    ) STRICT;
    CREATE INDEX evaluator_assignments_staff ON evaluator_assignments(fy, staff_id);
    CREATE INDEX evaluator_assignments_first ON evaluator_assignments(fy, first_id);
    CREATE INDEX evaluator_assignments_second ON evaluator_assignments(fy, second_id);

    CREATE TABLE areas (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      note TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE TABLE area_assignments (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      area_id INTEGER NOT NULL REFERENCES areas(id),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      role TEXT NOT NULL CHECK (role IN ('リーダー', 'メンバー')),
      partner_id INTEGER REFERENCES staff(id),
      UNIQUE (fy, staff_id)
    ) STRICT;
    CREATE INDEX area_assignments_area ON area_assignments(fy, area_id);

    ALTER TABLE accounts ADD COLUMN staff_id INTEGER REFERENCES staff(id);
  `);
}
