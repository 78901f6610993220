import { nfkc, personName } from '../../../../shared/text';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import type { RankClass } from '../../../../shared/ranking';
import type { RowFields } from '../io/fields';

/*
 * How the 人事考課結果 sheet's cells read (docs/workbooks.md): 絶対評価点 as a number 0–200, kept
 * to 1/100 of a point; 区分 as 1–5 in the forms other systems write.
 */

export const maxScore = 200;

/** Kanji numerals some files use for the class (第三区分). */
const kanjiDigits: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4', 五: '5' };

/** 絶対評価点: `78.5`, `７８．５`, `78.5点`; null for a blank cell, undefined when the column is absent. */
export function readScore(f: RowFields): number | null | undefined {
  const text = f.text('score');
  if (text === null || text === undefined) return text;
  const t = nfkc(text).replace(/\s/gu, '').replace(/点$/u, '');
  const value = /^\d+(\.\d+)?$/u.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(value) || value > maxScore) {
    f.problem('score', `絶対評価点「${text}」は0以上${maxScore}以下の数にしてください（78.5 など）。`);
    return null;
  }
  // Kept to 1/100 of a point, as Kaname's own scores are (docs/scores.md).
  return Math.round(value * 100) / 100;
}

/** 区分: 第1区分, 第１区分, 1, １, 第三区分, 3区分; null for a blank cell, undefined when the column is absent. */
export function readClass(f: RowFields): RankClass | null | undefined {
  const text = f.text('rankClass');
  if (text === null || text === undefined) return text;
  const t = nfkc(text)
    .replace(/\s/gu, '')
    .replace(/[一二三四五]/gu, (c) => kanjiDigits[c] ?? c);
  const m = /^第?([1-5])(区分)?$/u.exec(t);
  if (!m) {
    f.problem('rankClass', `区分「${text}」は読めません。第1区分〜第5区分（または 1〜5）で入力してください。`);
    return null;
  }
  return Number(m[1]) as RankClass;
}

/** A score as the preview and the export show it (no trailing zeros: 78.5, 80). */
export const scoreText = (score: number | null): string => (score === null ? '' : String(score));

export const classText = (c: RankClass | null): string => (c === null ? '' : RANK_CLASS_LABELS[c]);

/** A name without any space (half- or full-width): 「田中 美咲」 and 「田中　美咲」 are the same person's name. */
export const unspaced = (name: string): string => personName(name).replace(/\s/gu, '');
