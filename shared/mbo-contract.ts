/*
 * The MBO sheet's API shapes now live with their channel definitions in shared/api/mbo.ts
 * (docs/channels.md); this path is kept so that existing imports keep working. New code imports
 * from shared/contract.ts.
 */
export * from './api/mbo';
