import type { ApplicationStatus, PostingKind, PostingStatus } from '../../../../shared/postings';
import type { PostingRow } from '../../../../shared/api/postings';

type ChipColor = 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info';

export const kindColors: Record<PostingKind, ChipColor> = {
  庁内公募: 'primary',
  プロジェクトチーム: 'secondary',
  自主グループ: 'info',
};

export const postingStatusColors: Record<PostingStatus, ChipColor> = {
  募集中: 'success',
  締切: 'warning',
  選考終了: 'default',
};

export const applicationStatusColors: Record<ApplicationStatus, ChipColor> = {
  応募: 'info',
  選考中: 'warning',
  採用: 'success',
  不採用: 'default',
  辞退: 'default',
};

// The one date style (renderer/src/format.ts): 締切 and 応募日 as every list writes them, 2025/07/01.
export { formatDay as dayOf, formatDay } from '../../format';

/** Whole days from `today` to `deadline` (both ISO dates); 0 on the deadline day. */
export function daysUntil(deadline: string, today: string): number {
  const ms = Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** 「あと12日」, 「本日締切」 while a posting takes applications; empty otherwise. */
export function remainingText(p: PostingRow, today: string): string {
  if (!p.open) return '';
  const days = daysUntil(p.deadline, today);
  return days <= 0 ? '本日締切' : `あと${days}日`;
}

/** Where the posting belongs: 所属 and the team or group's name, as far as given. */
export function placeText(p: PostingRow): string {
  return [p.section, p.team].filter((s): s is string => !!s).join('／') || '指定なし';
}

/** Open postings first (nearest deadline first), then the rest (latest deadline first). */
export function byOpenThenDeadline(a: PostingRow, b: PostingRow): number {
  if (a.open !== b.open) return a.open ? -1 : 1;
  if (a.open) return a.deadline.localeCompare(b.deadline) || a.id - b.id;
  return b.deadline.localeCompare(a.deadline) || a.id - b.id;
}
