import type { Database } from 'better-sqlite3-multiple-ciphers';

/** 地域カルテ: each area team's patrols (a pair walking the area) and study sessions, per year. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE area_patrols (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      area_id INTEGER NOT NULL REFERENCES areas(id),
      on_date TEXT NOT NULL,
      notes TEXT NOT NULL,
      findings TEXT NOT NULL DEFAULT '',
      written_by INTEGER REFERENCES accounts(id),
      writer TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX area_patrols_area ON area_patrols(fy, area_id, on_date);

    CREATE TABLE area_patrol_members (
      patrol_id INTEGER NOT NULL REFERENCES area_patrols(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      PRIMARY KEY (patrol_id, staff_id)
    ) STRICT;

    CREATE TABLE area_studies (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      area_id INTEGER NOT NULL REFERENCES areas(id),
      on_date TEXT NOT NULL,
      topic TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      written_by INTEGER REFERENCES accounts(id),
      writer TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX area_studies_area ON area_studies(fy, area_id, on_date);

    CREATE TABLE area_study_attendees (
      study_id INTEGER NOT NULL REFERENCES area_studies(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      PRIMARY KEY (study_id, staff_id)
    ) STRICT;
  `);
}
