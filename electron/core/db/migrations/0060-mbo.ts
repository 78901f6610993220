import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * MBO sheets (目標管理シート, docs/scores.md): one per staff member per fiscal year, 1–5 goals each.
 * A goal holds its setting (category … type), the mid-term record, the incident count of a
 * 正確性重視 goal, and the self / 1次 / 2次 levels (the evaluator levels are written by the
 * appraisal). A revision after approval keeps the goal as it was, with the reason, in
 * mbo_goal_revisions. `version` on the sheet goes up on every write to the sheet or its goals.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE mbo_sheets (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      status TEXT NOT NULL DEFAULT '未提出' CHECK (status IN ('未提出', '差し戻し', '提出済', '承認済', '自己評価済')),
      self_mid_comment TEXT NOT NULL DEFAULT '',
      first_mid_comment TEXT NOT NULL DEFAULT '',
      self_final_comment TEXT NOT NULL DEFAULT '',
      review_comment TEXT NOT NULL DEFAULT '',
      submitted_at TEXT,
      approved_at TEXT,
      approved_by TEXT,
      sent_back_at TEXT,
      year_end_at TEXT,
      reopen_reason TEXT,
      reopened_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      UNIQUE (fy, staff_id)
    ) STRICT;
    CREATE INDEX mbo_sheets_status ON mbo_sheets(fy, status);

    CREATE TABLE mbo_goals (
      id INTEGER PRIMARY KEY,
      sheet_id INTEGER NOT NULL REFERENCES mbo_sheets(id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
      category TEXT CHECK (category IN ('業務目標', '地域担当目標', '能力開発目標', '組織運営目標')),
      title TEXT NOT NULL DEFAULT '',
      content TEXT NOT NULL DEFAULT '',
      standard TEXT NOT NULL DEFAULT '',
      priority TEXT,
      weight INTEGER CHECK (weight BETWEEN 0 AND 100),
      difficulty TEXT CHECK (difficulty IN ('A', 'B', 'C')),
      schedule TEXT NOT NULL DEFAULT '',
      type TEXT CHECK (type IN ('通常', '正確性重視')),
      progress INTEGER CHECK (progress BETWEEN 0 AND 100),
      mid_note TEXT NOT NULL DEFAULT '',
      incidents INTEGER CHECK (incidents >= 0),
      self_level TEXT CHECK (self_level IN ('S', 'A', 'B', 'C', 'D')),
      self_comment TEXT NOT NULL DEFAULT '',
      self_reason TEXT NOT NULL DEFAULT '',
      first_level TEXT CHECK (first_level IN ('S', 'A', 'B', 'C', 'D')),
      first_comment TEXT NOT NULL DEFAULT '',
      first_reason TEXT NOT NULL DEFAULT '',
      second_level TEXT CHECK (second_level IN ('S', 'A', 'B', 'C', 'D')),
      second_comment TEXT NOT NULL DEFAULT '',
      second_reason TEXT NOT NULL DEFAULT '',
      UNIQUE (sheet_id, position)
    ) STRICT;

    CREATE TABLE mbo_goal_revisions (
      id INTEGER PRIMARY KEY,
      goal_id INTEGER NOT NULL REFERENCES mbo_goals(id) ON DELETE CASCADE,
      revised_at TEXT NOT NULL,
      revised_by TEXT NOT NULL,
      reason TEXT NOT NULL,
      before TEXT NOT NULL CHECK (json_valid(before))
    ) STRICT;
    CREATE INDEX mbo_goal_revisions_goal ON mbo_goal_revisions(goal_id);
  `);
}
