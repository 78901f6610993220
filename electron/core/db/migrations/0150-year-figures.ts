import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Covering indexes for a year's figures at city scale (docs/city-scale.md "First call"): the first
 * 人事考課状況一覧 and プランの進捗 on a freshly opened office count a whole year, and each row they
 * join would otherwise be read from the table itself — goals, appraisals and self-reports are wide
 * rows (comments, notes), so at 35,000 staff that meant decrypting thousands of pages for a few
 * small columns. Each index holds the columns those counts read, so SQLite answers from it alone.
 *
 * - mbo_goals_figures: a sheet's goals with their 2次 level, weight and difficulty (the performance
 *   score, appraisal.repo.ts yearRows) and their category (the 地域担当目標 count, plan-figures.repo.ts).
 * - appraisal_ratings_figures: an appraisal's 2次 ratings per item (the competency score).
 * - appraisals_figures: a year's appraisal per person with its status, adjustment and class (the
 *   year's list, the status table and the plan's appraisal progress).
 * - self_reports_figures: a year's self-report per person with its status and the meaningful-work
 *   answer (the plan's self-report board).
 * - mbo_sheets_figures: a year's MBO sheet per person with its status (the plan's MBO progress).
 * - training_attendance_courses / _people: who completed which course, by course (a year's
 *   attendance) and by person (who ever completed a category's course): the training KPIs.
 *
 * Only indexes: no row changes, so it is safe on an office with data (building them on a city's
 * office takes well under a second).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX mbo_goals_figures ON mbo_goals(sheet_id, second_level, weight, difficulty, category);
    CREATE INDEX appraisal_ratings_figures ON appraisal_ratings(appraisal_id, item, second);
    CREATE INDEX appraisals_figures ON appraisals(fy, staff_id, status, adjustment, rank_class, rank_decided);
    CREATE INDEX self_reports_figures ON self_reports(fy, staff_id, status, meaningful);
    CREATE INDEX mbo_sheets_figures ON mbo_sheets(fy, staff_id, status);
    CREATE INDEX training_attendance_courses ON training_attendance(course_id, completed, staff_id);
    CREATE INDEX training_attendance_people ON training_attendance(staff_id, completed, course_id);
  `);
}
