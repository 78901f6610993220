import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTRIBUTION, quotas, rankPopulation } from '../../shared/ranking';
import type { RankClass, RankSubject } from '../../shared/ranking';

/** n people with distinct scores, best first: p001 has the highest. */
function distinct(n: number): RankSubject[] {
  return Array.from({ length: n }, (_, i) => ({ id: `p${String(i + 1).padStart(5, '0')}`, score: 5 - i / (n + 1) }));
}

describe('quotas (largest remainder, equal remainders toward 第3区分)', () => {
  const table: [number, number[]][] = [
    [0, [0, 0, 0, 0, 0]],
    [1, [0, 0, 1, 0, 0]],
    // 0.1 0.4 1.2 0.2 0.1 → floors 0 0 1 0 0; one left: remainder .4 (2)
    [2, [0, 1, 1, 0, 0]],
    // 0.15 0.6 1.8 0.3 0.15 → floors 0 0 1 0 0; remainders .8 (3) then .6 (2)
    [3, [0, 1, 2, 0, 0]],
    // 0.35 1.4 4.2 0.7 0.35 → floors 0 1 4 0 0; remainders .7 (4) then .4 (2)
    [7, [0, 2, 4, 1, 0]],
    // 0.5 2 6 1 0.5 → one left, equal remainders in 第1 and 第5 (equally far from the middle): the better class
    [10, [1, 2, 6, 1, 0]],
    [20, [1, 4, 12, 2, 1]],
    [200, [10, 40, 120, 20, 10]],
    [35_000, [1750, 7000, 21_000, 3500, 1750]],
    // 1.05 4.2 12.6 2.1 1.05 → floors 1 4 12 2 1 (20); one left: remainder .6 (3)
    [21, [1, 4, 13, 2, 1]],
    // 0.65 2.6 7.8 1.3 0.65 → floors 0 2 7 1 0 (10); three left: .8 (3), .65 (1 and 5 tie → toward middle: equal distance, lower index first), .65
    [13, [1, 2, 8, 1, 1]],
  ];
  it.each(table)('n = %i → %j', (n, expected) => {
    const q = quotas(n);
    expect(q).toEqual(expected);
    expect(q.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('always totals n, and each quota is within one seat of its exact share', () => {
    for (let n = 0; n <= 500; n += 1) {
      const q = quotas(n);
      expect(q.reduce((a, b) => a + b, 0)).toBe(n);
      q.forEach((seats, i) => expect(Math.abs(seats - (n * DEFAULT_DISTRIBUTION[i]!) / 100)).toBeLessThan(1));
    }
  });

  it('takes a configured distribution, and refuses nonsense', () => {
    expect(quotas(10, [10, 20, 40, 20, 10])).toEqual([1, 2, 4, 2, 1]);
    expect(quotas(4, [0, 0, 100, 0, 0])).toEqual([0, 0, 4, 0, 0]);
    expect(() => quotas(10, [50, 50])).toThrow(RangeError);
    expect(() => quotas(10, [0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => quotas(-1)).toThrow(RangeError);
    expect(() => quotas(10, [5, 20, -1, 10, 5])).toThrow(RangeError);
  });
});

describe('rankPopulation', () => {
  it('places distinct scores by quota, best first', () => {
    const r = rankPopulation(distinct(20));
    expect(r.population).toBe(20);
    expect(r.ties).toEqual([]);
    expect(r.undecided).toBe(0);
    expect(r.ranked.map((p) => p.class)).toEqual([1, 2, 2, 2, 2, ...Array<RankClass>(12).fill(3), 4, 4, 5]);
    expect(r.figures.map((f) => [f.quota, f.placed])).toEqual([
      [1, 1],
      [4, 4],
      [12, 12],
      [2, 2],
      [1, 1],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('says so when a small population leaves a class without a seat (n = 1, 3, 7)', () => {
    const one = rankPopulation(distinct(1));
    expect(one.ranked[0]!.class).toBe(3);
    expect(one.notes).toHaveLength(4);
    const three = rankPopulation(distinct(3));
    expect(three.ranked.map((p) => p.class)).toEqual([2, 3, 3]);
    expect(three.notes[0]).toBe('母集団が3人のため、第1区分の枠は計算上 0.15 人で、0人になります（最大剰余法）。');
    expect(three.notes).toHaveLength(3);
    const seven = rankPopulation(distinct(7));
    expect(seven.ranked.map((p) => p.class)).toEqual([2, 2, 3, 3, 3, 3, 4]);
    expect(seven.notes.map((n) => n.slice(0, 14))).toEqual([
      '母集団が7人のため、第1区分',
      '母集団が7人のため、第5区分',
    ]);
  });

  it('flags a tie on a boundary instead of splitting it, and takes the 調整者 decision', () => {
    // 20 people: 第1区分 has 1 seat; the top two share the best score.
    const subjects = distinct(20);
    subjects[1] = { id: subjects[1]!.id, score: subjects[0]!.score };
    const r = rankPopulation(subjects);
    expect(r.ties).toEqual([
      { score: subjects[0]!.score, ids: ['p00001', 'p00002'], classes: [1, 2], seats: [1, 1], resolved: false },
    ]);
    expect(r.ranked.slice(0, 2).map((p) => [p.position, p.class])).toEqual([
      [1, null],
      [1, null],
    ]);
    expect(r.undecided).toBe(2);
    expect(r.figures[0]!.placed).toBe(0);

    const decided = rankPopulation(
      subjects,
      DEFAULT_DISTRIBUTION,
      new Map<string, RankClass>([
        ['p00001', 2],
        ['p00002', 1],
      ]),
    );
    expect(decided.undecided).toBe(0);
    expect(decided.ties[0]!.resolved).toBe(true);
    expect(decided.ranked.slice(0, 2).map((p) => [p.id, p.class, p.decided])).toEqual([
      ['p00001', 2, true],
      ['p00002', 1, true],
    ]);
    expect(decided.notes).toEqual([]);

    // Both put in 第1区分: allowed, but the result says it departs from the quota.
    const over = rankPopulation(
      subjects,
      DEFAULT_DISTRIBUTION,
      new Map<string, RankClass>([
        ['p00001', 1],
        ['p00002', 1],
      ]),
    );
    expect(over.figures[0]!.placed).toBe(2);
    expect(over.notes[0]).toContain('枠と異なります');

    // A class outside the tie's span is refused and leaves the member undecided.
    const wrong = rankPopulation(subjects, DEFAULT_DISTRIBUTION, new Map<string, RankClass>([['p00001', 3]]));
    expect(wrong.problems.map((p) => p.id)).toEqual(['p00001']);
    expect(wrong.problems[0]!.message).toContain('第1区分・第2区分');
    expect(wrong.undecided).toBe(2);
  });

  it('does not flag ties inside one class, and shares positions (1, 2, 2, 4)', () => {
    const subjects = distinct(20);
    subjects[5] = { id: subjects[5]!.id, score: subjects[6]!.score };
    const r = rankPopulation(subjects);
    expect(r.ties).toEqual([]);
    expect(r.ranked.slice(4, 8).map((p) => p.position)).toEqual([5, 6, 6, 8]);
  });

  it('handles heavy ties: everyone equal is one tie spanning every class', () => {
    const subjects = Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, score: 3.0 }));
    const r = rankPopulation(subjects);
    expect(r.ties).toHaveLength(1);
    expect(r.ties[0]!.classes).toEqual([1, 2, 3, 4, 5]);
    expect(r.ties[0]!.seats).toEqual([10, 40, 120, 20, 10]);
    expect(r.undecided).toBe(200);
  });

  it('compares scores to 1/1000: floating-point noise is not a difference', () => {
    const r = rankPopulation([
      { id: 'a', score: 0.1 + 0.2 },
      { id: 'b', score: 0.3 },
      { id: 'c', score: 0.2 },
    ]);
    expect(r.ranked.map((p) => p.position)).toEqual([1, 1, 3]);
  });

  it('leaves people without a score out of the population and lists them', () => {
    const r = rankPopulation([{ id: 'x', score: null }, ...distinct(3), { id: 'y', score: Number.NaN }]);
    expect(r.population).toBe(3);
    expect(r.unscored).toEqual(['x', 'y']);
  });

  it('ranks a city population of 35,000 with ties at one decimal', () => {
    // Scores at one decimal between 1.0 and 5.0 tie heavily, as real absolute scores do.
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const subjects = Array.from({ length: 35_000 }, (_, i) => ({
      id: `s${i}`,
      score: Math.round((1 + rand() * 4) * 10) / 10,
    }));
    const r = rankPopulation(subjects);
    expect(r.population).toBe(35_000);
    expect(r.figures.map((f) => f.quota)).toEqual([1750, 7000, 21_000, 3500, 1750]);
    expect(r.ties.length).toBeGreaterThan(0);
    expect(r.ties.length).toBeLessThanOrEqual(4);
    const placed = r.figures.reduce((a, f) => a + f.placed, 0);
    expect(placed + r.undecided).toBe(35_000);
    // Everyone placed in a class scores no higher than anyone placed in a better class.
    for (let i = 1; i < r.ranked.length; i += 1) expect(r.ranked[i]!.score).toBeLessThanOrEqual(r.ranked[i - 1]!.score);
  });
});
