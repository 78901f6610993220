import type { Role } from './roles';

/*
 * Who sees what of other people's data, where one rule serves several channels (the screen and the
 * export, the app and the CLI). Each rule is written out in docs/access.md.
 */

/** The fewest people an average, a score or a distribution may be computed from for anyone but HR. */
export const minGroupSize = 3;

/** What the screen and the workbook show in place of a withheld figure. */
export const withheldLabel = `—（${minGroupSize}人未満）`;

/**
 * Why a figure is withheld: `few` — computed from 1–2 people (it is their score); `derivable` — the
 * grade group's average, which together with the shown sections would give away the average of
 * hidden sections holding 1–2 people between them.
 */
export type Withheld = 'few' | 'derivable';

/** Whether a role sees figures computed from fewer than minGroupSize people: HR only. */
export function seesSmallGroups(role: Role): boolean {
  return role === 'hr';
}

/**
 * The averages of one grade group to withhold from someone who may not see small groups, from each
 * section's count of scored people: every section of 1–2 people, and the group's own average when it
 * is of 1–2 people or when, shown beside the other sections, it gives the hidden ones away (their
 * combined count is 1–2). A section of nobody has no average to hide.
 */
export function withheldAverages(scored: readonly number[]): {
  sections: (Withheld | null)[];
  group: Withheld | null;
} {
  const few = (n: number) => n > 0 && n < minGroupSize;
  const sections = scored.map((n) => (few(n) ? ('few' as const) : null));
  const total = scored.reduce((a, n) => a + n, 0);
  const hidden = scored.filter(few).reduce((a, n) => a + n, 0);
  const group = few(total) ? 'few' : few(hidden) ? 'derivable' : null;
  return { sections, group };
}

/**
 * Who reads every population's named relative ranking (相対評価, names with scores and classes), on
 * the screen and in the export alike: HR, and the personnel office, whose placement material holds
 * each person's 区分 and absolute score (docs/access.md). An evaluator reads on screen only the
 * populations they are a 調整者 in, and exports nothing.
 */
export function readsAllRankings(role: Role): boolean {
  return role === 'hr' || role === 'personnel';
}

/**
 * Who sees every award of the year with its state and reasons (推薦中 nominations, 取消 with the
 * reason): HR, who keeps the registry. Everyone else sees the committee's decided awards (決定), as
 * published, without reasons.
 */
export function seesAllAwards(role: Role): boolean {
  return role === 'hr';
}
