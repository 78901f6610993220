/*
 * How a caller stands to a person in a fiscal year: the one relation every per-person form (the
 * self-report, the MBO sheet, the appraisal) is decided by (docs/confidentiality.md). The core
 * works it out (electron/core/access/evaluation-access.ts); the views carry it to the renderer.
 */

/**
 * The person themself, their 1次/2次/調整者 on an evaluator assignment in force that year, HR, or the
 * personnel office. Anyone else has no relation and is refused as if the form did not exist.
 */
export type Relation = 'self' | 'first' | 'second' | 'adjuster' | 'hr' | 'personnel';

/** The relations of an evaluator on an assignment. */
export type EvaluatorRelation = Extract<Relation, 'first' | 'second' | 'adjuster'>;

/**
 * A relation, or for someone with none of them the narrower one of a cross-section evaluator (an
 * area leader, a person HR names for a goal): they see only the goals they rate.
 */
export type RelationOrCross = Relation | 'cross';
