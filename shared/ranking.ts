/**
 * Relative ranking (相対評価, docs/ranking.md): within one population (grade group × ranking unit), people
 * are ranked by absolute score and placed in 第1区分 … 第5区分 at the configured shares (by default
 * the Osaka City ordinance's 5% / 20% / 60% / 10% / 5%). One pure function, no I/O; the 調整者's
 * screen, the CLI's `kaname rank` and the exports all call it. tests/unit/ranking.test.ts holds the
 * table.
 *
 * The rules, in order:
 * 1. Quotas (how many seats each class has) by the largest-remainder method: each class first gets
 *    floor(n × share); the seats left over go to the classes with the largest remainders. Equal
 *    remainders are decided toward the middle class (第3区分, then 第2/第4, then 第1/第5), so that a
 *    rounding inflates an extreme class only when nothing else is left; between two classes equally
 *    far from the middle, the better one. The quotas always add up to n.
 * 2. Small populations: when n × share of a class is below one seat the class may get no seat at all
 *    (a population of 3 has a 第1区分 quota of 0.15 → 0). That is the arithmetic, not an accident:
 *    the result says so (`notes`) for every class whose exact quota is above 0 but rounds to 0, so
 *    the 調整者 sees it and can merge the population into a larger one if the ward's rules want that.
 * 3. Ranking: by score, highest first; scores are compared to 1/1000 (no floating-point noise).
 *    People without a score yet are left out of the population and listed (`unscored`).
 * 4. Ties: a group of equal scores that straddles a class boundary is not split arbitrarily. Its
 *    members get no class (`class: null`) and the group is listed in `ties` with the classes it
 *    spans and how many of its members each class has room for. The 調整者 decides each member's
 *    class (`decisions`); a decision outside the group's classes is refused. Ties within one class
 *    need no decision.
 * 5. The result reports, per class, the quota, the exact (unrounded) quota and the count actually
 *    placed, so the screen can show how far the result is from the quotas.
 */

import { formatCount } from './numbers';

export const RANK_CLASSES = [1, 2, 3, 4, 5] as const;
export type RankClass = (typeof RANK_CLASSES)[number];

export const RANK_CLASS_LABELS: Readonly<Record<RankClass, string>> = {
  1: '第1区分',
  2: '第2区分',
  3: '第3区分',
  4: '第4区分',
  5: '第5区分',
};

/** Shares in percent for 第1…第5区分 (the default, docs/ranking.md). */
export const DEFAULT_DISTRIBUTION: readonly number[] = [5, 20, 60, 10, 5];

export type RankSubject = { id: string; score: number | null };

export type RankedPerson = {
  id: string;
  score: number;
  /** 1-based position; equal scores share the position of the first of them (1, 2, 2, 4 …). */
  position: number;
  /** The class, or null while the person is in an undecided tie across a boundary. */
  class: RankClass | null;
  /** Set when the class came from the 調整者's decision on a tie. */
  decided: boolean;
};

export type RankTie = {
  score: number;
  ids: string[];
  /** The classes the group's positions span, best first. */
  classes: RankClass[];
  /** How many of the group each of those classes has room for (same order as `classes`). */
  seats: number[];
  /** True once every member has a valid decision. */
  resolved: boolean;
};

export type ClassFigure = { class: RankClass; quota: number; exact: number; placed: number };

export type RankingResult = {
  population: number;
  ranked: RankedPerson[];
  unscored: string[];
  figures: ClassFigure[];
  ties: RankTie[];
  /** Undecided members of ties. Zero means the ranking can be confirmed. */
  undecided: number;
  notes: string[];
};

export type RankingProblem = { id: string; message: string };

const SCALE = 1000;

function scoreKey(score: number): number {
  return Math.round(score * SCALE);
}

/** Distance of a class from the middle one, for breaking equal remainders toward the middle. */
function middleDistance(index: number, classes: number): number {
  return Math.abs(index - (classes - 1) / 2);
}

/**
 * Seats per class by the largest-remainder method (rule 1). Shares need not total 100 exactly
 * — they are used as proportions — but must not be negative, and at least one must be positive.
 */
export function quotas(n: number, distribution: readonly number[] = DEFAULT_DISTRIBUTION): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('population must be a whole number ≥ 0');
  if (distribution.length !== RANK_CLASSES.length) throw new RangeError('distribution needs one share per class');
  if (distribution.some((d) => !Number.isFinite(d) || d < 0)) throw new RangeError('shares must be ≥ 0');
  // Shares in 1/1000 of a percent, so the arithmetic below is exact on integers.
  const units = distribution.map((d) => Math.round(d * 1000));
  const total = units.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('at least one share must be positive');
  const base = units.map((u) => Math.floor((n * u) / total));
  const remainders = units.map((u, i) => n * u - base[i]! * total);
  let left = n - base.reduce((a, b) => a + b, 0);
  const order = units
    .map((_, i) => i)
    .sort(
      (a, b) =>
        remainders[b]! - remainders[a]! || middleDistance(a, units.length) - middleDistance(b, units.length) || a - b,
    );
  for (const i of order) {
    if (left === 0) break;
    if (units[i] === 0) continue;
    base[i]! += 1;
    left -= 1;
  }
  return base;
}

/**
 * Ranks one population (rules 2–5). `decisions` holds the 調整者's class for members of boundary
 * ties; decisions for anyone else are ignored, and invalid ones are returned as problems.
 */
export function rankPopulation(
  subjects: readonly RankSubject[],
  distribution: readonly number[] = DEFAULT_DISTRIBUTION,
  decisions: ReadonlyMap<string, RankClass> = new Map(),
): RankingResult & { problems: RankingProblem[] } {
  const unscored = subjects.filter((s) => s.score === null || !Number.isFinite(s.score)).map((s) => s.id);
  const scored = subjects
    .filter((s): s is { id: string; score: number } => s.score !== null && Number.isFinite(s.score))
    .map((s) => ({ id: s.id, score: s.score, key: scoreKey(s.score) }))
    .sort((a, b) => b.key - a.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = scored.length;
  const seats = quotas(n, distribution);
  const totalUnits = distribution.reduce((a, b) => a + b, 0);
  const exact = distribution.map((d) => (n * d) / totalUnits);

  // The class of each position (0-based) if there were no ties.
  const classAt: RankClass[] = [];
  seats.forEach((count, i) => {
    for (let k = 0; k < count; k += 1) classAt.push(RANK_CLASSES[i]!);
  });

  const ranked: RankedPerson[] = [];
  const ties: RankTie[] = [];
  const problems: RankingProblem[] = [];
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && scored[end + 1]!.key === scored[start]!.key) end += 1;
    const group = scored.slice(start, end + 1);
    const spanned = [...new Set(classAt.slice(start, end + 1))];
    if (spanned.length === 1) {
      for (const p of group) {
        ranked.push({ id: p.id, score: p.score, position: start + 1, class: spanned[0]!, decided: false });
      }
    } else {
      const roomFor = spanned.map((c) => classAt.slice(start, end + 1).filter((x) => x === c).length);
      let allDecided = true;
      for (const p of group) {
        const d = decisions.get(p.id);
        let cls: RankClass | null = null;
        if (d !== undefined) {
          if (spanned.includes(d)) cls = d;
          else {
            problems.push({
              id: p.id,
              message: `同点のため決定が必要な職員の区分は ${spanned.map((c) => RANK_CLASS_LABELS[c]).join('・')} のいずれかにしてください`,
            });
          }
        }
        if (cls === null) allDecided = false;
        ranked.push({ id: p.id, score: p.score, position: start + 1, class: cls, decided: cls !== null });
      }
      ties.push({
        score: group[0]!.score,
        ids: group.map((p) => p.id),
        classes: spanned,
        seats: roomFor,
        resolved: allDecided,
      });
    }
    start = end + 1;
  }

  const figures: ClassFigure[] = RANK_CLASSES.map((c, i) => ({
    class: c,
    quota: seats[i]!,
    exact: exact[i]!,
    placed: ranked.filter((r) => r.class === c).length,
  }));
  const classOf = new Map(ranked.map((r) => [r.id, r.class]));
  const notes: string[] = [];
  for (const f of figures) {
    if (f.quota === 0 && f.exact > 0) {
      notes.push(
        `母集団が${n}人のため、${RANK_CLASS_LABELS[f.class]}の枠は計算上 ${f.exact.toFixed(2)} 人で、0人になります（最大剰余法）。`,
      );
    }
  }
  for (const t of ties) {
    const decided = t.classes.map((c) => t.ids.filter((id) => classOf.get(id) === c).length);
    if (t.resolved && decided.some((count, i) => count !== t.seats[i])) {
      notes.push(
        `同点（${t.score}）の決定により、${t.classes
          .map((c, i) => `${RANK_CLASS_LABELS[c]} ${decided[i]}人（枠 ${t.seats[i]}人）`)
          .join('、')}となり、枠と異なります。`,
      );
    }
  }
  return {
    population: n,
    ranked,
    unscored,
    figures,
    ties,
    undecided: ranked.filter((r) => r.class === null).length,
    notes,
    problems,
  };
}

// ── Where a population stands (the 調整者's screen, docs/ranking.md "Opening the screen") ──────────

/**
 * Why a population has nobody ranked: 'nobody' — no one of that grade group is in it (in the
 * caller's scope); 'allExcluded' — HR took every member out of the year's ranking; 'noneAdjusted' —
 * no member's appraisal is 調整済 yet (the others wait).
 */
export const RANKING_EMPTY_REASONS = ['nobody', 'allExcluded', 'noneAdjusted'] as const;
export type RankingEmptyReason = (typeof RANKING_EMPTY_REASONS)[number];

/** The sentence the screen shows for an empty population. */
export function emptyReasonText(reason: RankingEmptyReason, gradeGroup: string, waiting: number): string {
  switch (reason) {
    case 'nobody':
      return `この母集団には${gradeGroup}の職員がいません。`;
    case 'allExcluded':
      return 'この母集団の全員が相対評価の対象外です（人事担当が対象外にしました）。';
    case 'noneAdjusted':
      return `まだ調整済になった人事考課がありません（${formatCount(waiting)}が評価・調整の途中です）。調整者の調整が済んだ人から順位に入ります。`;
  }
}
