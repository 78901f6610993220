import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The appraisal (人事考課) and awards (表彰): docs/scores.md, docs/ranking.md.
 *
 * - cycles.appraisal_config: the cycle's items, weights and award rule as JSON (null: the defaults).
 * - appraisals: one per staff member per year; its workflow status, each stage's comment, the
 *   調整者's adjustment (in 1/100 points) with its reason, the send-back and unlock records and the
 *   relative class once ranked. The performance levels live on the MBO goals (mbo_goals.first_level …).
 * - appraisal_ratings: the competency items rated 1–5 by self, 1次 and 2次.
 * - cross_ratings: the cross-section evaluator of a goal (the area leader for a 地域担当目標, or a
 *   person HR names) and their level and comment.
 * - awards / award_recipients: the award registry; a decided award adds its bonus.
 * - ranking_confirmations: a population's ranking confirmed by the 調整者.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE cycles ADD COLUMN appraisal_config TEXT CHECK (appraisal_config IS NULL OR json_valid(appraisal_config));

    CREATE TABLE appraisals (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      status TEXT NOT NULL DEFAULT '未着手'
        CHECK (status IN ('未着手', '自己評価済', '1次評価済', '2次評価済', '調整済', '確定')),
      self_comment TEXT NOT NULL DEFAULT '',
      first_comment TEXT NOT NULL DEFAULT '',
      second_comment TEXT NOT NULL DEFAULT '',
      adjuster_comment TEXT NOT NULL DEFAULT '',
      adjustment INTEGER NOT NULL DEFAULT 0 CHECK (adjustment BETWEEN -50 AND 50),
      adjustment_reason TEXT NOT NULL DEFAULT '',
      rank_class INTEGER CHECK (rank_class BETWEEN 1 AND 5),
      rank_decided INTEGER NOT NULL DEFAULT 0 CHECK (rank_decided IN (0, 1)),
      sent_back_reason TEXT,
      sent_back_at TEXT,
      sent_back_by TEXT,
      unlock_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      UNIQUE (fy, staff_id)
    ) STRICT;
    CREATE INDEX appraisals_status ON appraisals(fy, status);

    CREATE TABLE appraisal_ratings (
      appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
      item TEXT NOT NULL,
      self INTEGER CHECK (self BETWEEN 1 AND 5),
      first INTEGER CHECK (first BETWEEN 1 AND 5),
      second INTEGER CHECK (second BETWEEN 1 AND 5),
      PRIMARY KEY (appraisal_id, item)
    ) STRICT;

    CREATE TABLE cross_ratings (
      goal_id INTEGER PRIMARY KEY REFERENCES mbo_goals(id) ON DELETE CASCADE,
      evaluator_id INTEGER NOT NULL REFERENCES staff(id),
      role TEXT NOT NULL DEFAULT '',
      named_by TEXT,
      level TEXT CHECK (level IN ('S', 'A', 'B', 'C', 'D')),
      comment TEXT NOT NULL DEFAULT '',
      rated_at TEXT
    ) STRICT;
    CREATE INDEX cross_ratings_evaluator ON cross_ratings(evaluator_id);

    CREATE TABLE awards (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      title TEXT NOT NULL,
      category TEXT NOT NULL CHECK (category IN ('地域担当制の活用', '能力開発・向上', '主体性を高める仕組みづくり',
        '風通しのよい職場づくり', '人材開発センター表彰')),
      awarded_on TEXT NOT NULL,
      group_name TEXT NOT NULL DEFAULT '',
      nominator TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT '推薦中' CHECK (status IN ('推薦中', '決定', '取消')),
      decided_on TEXT,
      revoke_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX awards_fy ON awards(fy, awarded_on);

    CREATE TABLE award_recipients (
      award_id INTEGER NOT NULL REFERENCES awards(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      PRIMARY KEY (award_id, staff_id)
    ) STRICT;
    CREATE INDEX award_recipients_staff ON award_recipients(staff_id);

    CREATE TABLE ranking_confirmations (
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      population TEXT NOT NULL,
      confirmed_at TEXT NOT NULL,
      confirmed_by TEXT NOT NULL,
      PRIMARY KEY (fy, population)
    ) STRICT;
  `);
}
