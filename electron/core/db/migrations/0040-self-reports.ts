import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Self-reports (自己申告書, docs/confidentiality.md): one per staff member per fiscal year. The staff member's own
 * sections, the two confidential ones (health_note, family_note — read only by the person, their
 * 調整者 and HR, see services/self-report.ts), and the 所属長 interview entered by the 調整者.
 * `version` goes up by one on every write; a save that names an older version is refused.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE self_reports (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      status TEXT NOT NULL DEFAULT '未提出' CHECK (status IN ('未提出', '提出済', '面談済')),

      duties TEXT NOT NULL DEFAULT '',
      workload TEXT CHECK (workload IN ('多い', '適当', '少ない')),
      aptitude TEXT CHECK (aptitude IN ('向いている', 'どちらともいえない', '向いていない')),
      aptitude_note TEXT NOT NULL DEFAULT '',
      fulfilment TEXT NOT NULL DEFAULT '',
      meaningful INTEGER CHECK (meaningful BETWEEN 1 AND 5),
      health_note TEXT NOT NULL DEFAULT '',
      transfer_wish TEXT CHECK (transfer_wish IN ('継続希望', '異動希望', 'どちらでもよい')),
      preferences TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(preferences) AND json_array_length(preferences) <= 3),
      transfer_reason TEXT NOT NULL DEFAULT '',
      transfer_timing TEXT NOT NULL DEFAULT '',
      career_future TEXT NOT NULL DEFAULT '',
      career_skills TEXT NOT NULL DEFAULT '',
      self_development TEXT NOT NULL DEFAULT '',
      qualifications_wanted TEXT NOT NULL DEFAULT '',
      posting_interest TEXT CHECK (posting_interest IN ('あり', 'なし')),
      posting_note TEXT NOT NULL DEFAULT '',
      family_note TEXT NOT NULL DEFAULT '',
      comments TEXT NOT NULL DEFAULT '',

      interview_on TEXT,
      interview_record TEXT NOT NULL DEFAULT '',
      opinion TEXT NOT NULL DEFAULT '',
      interviewer_id INTEGER REFERENCES staff(id),

      submitted_at TEXT,
      interviewed_at TEXT,
      reopen_reason TEXT,
      reopened_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      UNIQUE (fy, staff_id)
    ) STRICT;
    CREATE INDEX self_reports_status ON self_reports(fy, status);
  `);
}
