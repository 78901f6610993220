import { describe, expect, it } from 'vitest';
import {
  DEFAULT_APPRAISAL_CONFIG,
  absoluteScore,
  awardBonus,
  competencyScore,
  gradeGroupOfPopulation,
  populationKeyOf,
  populationLabelOf,
  sectionOfPopulation,
} from '../../shared/appraisal';
import type { AwardForBonus, RankingUnit } from '../../shared/appraisal';
import type { GradeGroup } from '../../shared/org';

describe('competencyScore (mean of 1–5 ratings, one decimal, half up)', () => {
  const table: [(number | null)[], number | null][] = [
    [[3, 3, 3, 3, 3, 3], 3.0],
    [[5, 5, 5, 5, 5, 5], 5.0],
    [[1, 1, 1, 1, 1, 1], 1.0],
    [[4, 3, 3, 3, 3, 3], 3.2], // 3.1666… → 3.2
    [[4, 4, 3, 3, 3, 3], 3.3], // 3.333… → 3.3
    [[4, 4, 4, 3, 3, 3, 3], 3.4], // 3.428… → 3.4
    [[4, 3], 3.5],
    [[4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 3.2], // 3.20
    [[5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4], 4.1], // 4.05 → 4.1 (half up, exact)
    [[3, null, 3], null],
    [[], null],
  ];
  it.each(table)('%j → %s', (ratings, expected) => {
    expect(competencyScore(ratings)).toBe(expected);
  });
  it('refuses ratings outside 1–5', () => {
    expect(() => competencyScore([0, 3])).toThrow(RangeError);
    expect(() => competencyScore([3.5])).toThrow(RangeError);
  });
});

describe('awardBonus (+0.2 internal, +0.3 external, ≤ +0.5 a year, 係長級 and below, decided only)', () => {
  const internal = (title: string, over: Partial<AwardForBonus> = {}): AwardForBonus => ({
    title,
    kind: 'internal',
    decided: true,
    ...over,
  });
  const external = (title: string): AwardForBonus => ({ title, kind: 'external', decided: true });

  it('adds each decided award for 係員級 and 係長級', () => {
    expect(awardBonus([internal('地域担当制の活用')], '係員級')).toEqual({
      total: 0.2,
      lines: [{ title: '地域担当制の活用', kind: 'internal', points: 0.2, note: null }],
    });
    expect(awardBonus([internal('a'), external('b')], '係長級').total).toBe(0.5);
  });

  it('caps the year at +0.5 and says so on the line that hits it', () => {
    const r = awardBonus([external('a'), internal('b'), internal('c')], '係員級');
    expect(r.total).toBe(0.5);
    expect(r.lines.map((l) => l.points)).toEqual([0.3, 0.2, 0]);
    expect(r.lines[2]!.note).toBe('年間の上限（+0.5）に達しているため加点しません');
    const partial = awardBonus([internal('a'), internal('b'), external('c')], '係員級');
    expect(partial.lines.map((l) => l.points)).toEqual([0.2, 0.2, 0.1]);
    expect(partial.lines[2]!.note).toBe('年間の上限（+0.5）までの加点です');
  });

  it('gives nothing to 課長代理級 and above, for pending or revoked awards, and says why', () => {
    for (const g of ['課長代理級', '課長級'] as GradeGroup[]) {
      const r = awardBonus([internal('a')], g);
      expect(r.total).toBe(0);
      expect(r.lines[0]!.note).toBe(`${g}は表彰による加点の対象外です`);
    }
    const pending = awardBonus([internal('a', { decided: false })], '係員級');
    expect(pending).toMatchObject({ total: 0, lines: [{ note: '表彰委員会の決定前のため、まだ加点しません' }] });
    const revoked = awardBonus([internal('a', { revoked: true }), internal('b')], '係員級');
    expect(revoked.total).toBe(0.2);
    expect(revoked.lines[0]!.note).toBe('取り消されたため加点しません');
  });

  it('follows a configured rule', () => {
    const config = {
      ...DEFAULT_APPRAISAL_CONFIG,
      award: { internal: 0.1, external: 0.25, yearlyCap: 0.3, eligible: ['係員級'] as GradeGroup[] },
    };
    expect(awardBonus([internal('a'), external('b')], '係員級', config).lines.map((l) => l.points)).toEqual([0.1, 0.2]);
    expect(awardBonus([internal('a')], '係長級', config).total).toBe(0);
  });
});

describe('absoluteScore (weighted by grade group, two decimals, half up, plus bonus and adjustment)', () => {
  const table: [GradeGroup, number, number, number, number, number | null, number | null][] = [
    // grade, performance, competency, bonus, adjustment, base, score
    ['係員級', 3.0, 3.0, 0, 0, 3.0, 3.0],
    ['係員級', 3.6, 3.2, 0, 0, 3.36, 3.36], // 1.44 + 1.92
    ['係長級', 3.7, 3.4, 0, 0, 3.55, 3.55],
    ['課長級', 4.1, 3.3, 0, 0, 3.78, 3.78], // 2.46 + 1.32
    ['課長代理級', 3.3, 3.3, 0, 0, 3.3, 3.3],
    ['係員級', 3.5, 3.3, 0.2, 0, 3.38, 3.58], // 1.40 + 1.98
    ['係員級', 3.5, 3.3, 0.5, -0.1, 3.38, 3.78],
    ['係員級', 5.0, 5.0, 0.5, 0, 5.0, 5.5],
  ];
  it.each(table)('%s perf %s comp %s bonus %s adj %s → %s / %s', (g, p, c, bonus, adjustment, base, score) => {
    const r = absoluteScore({ performance: p, competency: c, bonus, adjustment }, g);
    expect(r.base).toBe(base);
    expect(r.score).toBe(score);
  });

  it('rounds half up on exact integers (係長級 50:50 of 3.3 and 3.4 is exactly 3.35)', () => {
    expect(absoluteScore({ performance: 3.3, competency: 3.4, bonus: 0, adjustment: 0 }, '係長級').base).toBe(3.35);
    // 0.4 × 3.1 + 0.6 × 3.3 = 3.22 exactly; 0.4 × 3.3 + 0.6 × 3.7 = 3.54
    expect(absoluteScore({ performance: 3.1, competency: 3.3, bonus: 0, adjustment: 0 }, '係員級').base).toBe(3.22);
    expect(absoluteScore({ performance: 3.3, competency: 3.7, bonus: 0, adjustment: 0 }, '係員級').base).toBe(3.54);
  });

  it('is null while a part is missing, and shows each part as a line', () => {
    const r = absoluteScore({ performance: null, competency: 3.0, bonus: 0.2, adjustment: 0 }, '係員級');
    expect(r).toMatchObject({ base: null, score: null });
    const full = absoluteScore({ performance: 3.5, competency: 3.3, bonus: 0.2, adjustment: -0.1 }, '係員級');
    expect(full.lines.map((l) => l.label)).toEqual([
      '業績評価点 × 40%',
      '能力評価点 × 60%',
      '加重平均',
      '表彰による加点',
      '調整者による調整',
    ]);
  });
});

describe('populations of the relative ranking (grade group × ranking unit)', () => {
  const table: [RankingUnit, GradeGroup, string | null, string, string][] = [
    ['区全体', '課長代理級', '総務課', '課長代理級', '課長代理級（区全体）'],
    ['区全体', '係員級', null, '係員級', '係員級（区全体）'],
    ['課', '係員級', '区民課', '係員級・区民課', '係員級（区民課）'],
    ['課', '係長級', '子育て支援課', '係長級・子育て支援課', '係長級（子育て支援課）'],
    ['課', '係員級', null, '係員級・（所属なし）', '係員級（所属なし）'],
  ];
  for (const [unit, group, section, key, label] of table) {
    it(`${unit} ${group} ${section ?? '(no section)'} → ${key} / ${label}`, () => {
      expect(populationKeyOf(unit, group, section)).toBe(key);
      expect(populationLabelOf(unit, group, section)).toBe(label);
      expect(gradeGroupOfPopulation(key)).toBe(group);
      expect(sectionOfPopulation(key)).toBe(unit === '区全体' ? null : (section ?? '（所属なし）'));
    });
  }

  it('a key of no grade group has no population', () => {
    expect(gradeGroupOfPopulation('部長級')).toBeNull();
    expect(gradeGroupOfPopulation('係員')).toBeNull();
    expect(sectionOfPopulation('部長級・区民課')).toBeNull();
  });

  it('the default ranks every grade group over the whole office', () => {
    expect(Object.values(DEFAULT_APPRAISAL_CONFIG.rankingUnits)).toEqual(['区全体', '区全体', '区全体', '区全体']);
  });
});
