/*
 * 研修 (training): the course categories and audiences as the plan names them (docs/training.md).
 * The training KPIs are computed from plain facts in shared/training-kpi.ts.
 */

export const TRAINING_CATEGORIES = [
  '接遇研修',
  '民間研修',
  '区外研修',
  'ファシリテーション研修',
  '担当内勉強会（OJT）',
  'その他',
] as const;
export type TrainingCategory = (typeof TRAINING_CATEGORIES)[number];

/** The 担当内勉強会 category: a course of this category is one 勉強会 held by a 担当 (its `line`). */
export const STUDY_SESSION: TrainingCategory = '担当内勉強会（OJT）';

export const TRAINING_AUDIENCES = ['全職員', '任意'] as const;
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];
