/*
 * The appraisal's and the awards' API shapes now live with their channel definitions in
 * shared/api/appraisal.ts and shared/api/awards.ts (docs/channels.md); this path is kept so that
 * existing imports keep working. New code imports from shared/contract.ts.
 */
export * from './api/appraisal';
export * from './api/awards';
