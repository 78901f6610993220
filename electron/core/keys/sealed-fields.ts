import type { SealedField } from './keychain';

/*
 * The names of the sealed fields (docs/sealed-data.md): which person, which record, which part.
 * The name is bound into each sealed value, so these never change once released.
 */

export type ConfidentialPart = 'health' | 'family';

/** A self-report's confidential section of one year (self_reports.health_note / family_note). */
export function selfReportField(staffId: number, fy: number, part: ConfidentialPart): SealedField {
  return { domain: 'selfReport', staffId, name: `${fy}:${part}` };
}

export type ApplicationPart = 'motivation' | 'outcome';

/** A 庁内公募 application's text (posting_applications.motivation / outcome_note). */
export function applicationField(staffId: number, postingId: number, part: ApplicationPart): SealedField {
  return { domain: 'postings', staffId, name: `application:${postingId}:${part}` };
}
