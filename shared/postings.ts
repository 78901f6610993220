/*
 * 庁内公募 (internal postings, docs/postings.md): the kinds of call the plan names, the posting's
 * status and the application's. An application is seen only by the applicant, HR and the personnel
 * office (never the applicant's evaluators).
 */

export const POSTING_KINDS = ['庁内公募', 'プロジェクトチーム', '自主グループ'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** 募集中 → 締切 → 選考終了. */
export const POSTING_STATUSES = ['募集中', '締切', '選考終了'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/** 応募 → 選考中 → 採用 / 不採用 / 辞退. */
export const APPLICATION_STATUSES = ['応募', '選考中', '採用', '不採用', '辞退'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** A posting takes applications while 募集中 and until the end of its deadline day. */
export function postingOpen(status: PostingStatus, deadline: string, today: string): boolean {
  return status === '募集中' && today <= deadline;
}
