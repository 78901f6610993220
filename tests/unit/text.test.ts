import { describe, expect, it } from 'vitest';
import {
  cleanText,
  columnLetter,
  headerKey,
  kanaReading,
  nfkc,
  personName,
  softText,
  searchKey,
  staffNoText,
  startsLikeFormula,
  toHiragana,
} from '../../shared/text';

describe('nfkc', () => {
  it.each([
    ['ＡＢＣ１２３', 'ABC123'],
    ['ﾀﾅｶ', 'タナカ'],
    ['ｶﾞｯｺｳ', 'ガッコウ'],
    ['田中\u3000美咲', '田中 美咲'],
    ['㈱', '(株)'],
    ['㋿', '令和'],
  ])('%s → %s', (input, expected) => {
    expect(nfkc(input)).toBe(expected);
  });
});

describe('headerKey', () => {
  it.each([
    ['職員番号', '職員番号'],
    [' 職員番号 ', '職員番号'],
    ['職員番号※', '職員番号'],
    ['※職員番号', '職員番号'],
    ['職 員 番 号', '職員番号'],
    ['職\u3000員\u3000番\u3000号', '職員番号'],
    ['【職員番号】', '職員番号'],
    ['[職員番号]', '職員番号'],
    ['［職員番号］', '職員番号'],
    ['職員番号*', '職員番号'],
    ['職員番号＊', '職員番号'],
    ['●職員番号', '職員番号'],
    ['◆職員番号', '職員番号'],
    ['職員番号(必須)', '職員番号'],
    ['職員番号（必須）', '職員番号'],
    ['職員番号 （ 必須 ）', '職員番号'],
    ['【職員番号】※', '職員番号'],
    ['職員番号\n(必須)', '職員番号'],
    ['ＩＤ', 'id'],
    ['Staff No', 'staffno'],
    // Brackets that are part of the name stay.
    ['氏名(漢字)', '氏名(漢字)'],
    ['氏名（カナ）', '氏名(カナ)'],
    ['(a)(b)', '(a)(b)'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(headerKey(input)).toBe(expected);
  });

  it('matches the same header written differently', () => {
    const variants = [' 職員番号 ', '職員番号※', '職 員 番 号', '【職員番号】', '職員番号（必須）'];
    expect(new Set(variants.map(headerKey))).toEqual(new Set(['職員番号']));
  });
});

describe('cleanText', () => {
  it.each([
    ['  総務課  ', '総務課'],
    ['総務課\u3000\u3000庶務係', '総務課 庶務係'],
    ['a \t b', 'a b'],
    ['ＡＢＣ　１２３', 'ABC 123'],
    ['一行目\n二行目', '一行目\n二行目'],
    ['  一行目  \r\n  二行目  ', '一行目\n二行目'],
    ['一行目\r二行目', '一行目\n二行目'],
    ['一行目\n\n三行目', '一行目\n\n三行目'],
    ['本文\n\n  \n', '本文'],
    ['\n\n本文', '本文'],
    ['   ', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('personName', () => {
  it.each([
    ['田中 美咲', '田中\u3000美咲'],
    ['田中\u3000美咲', '田中\u3000美咲'],
    ['田中\u3000 美咲', '田中\u3000美咲'],
    ['田中  \t美咲', '田中\u3000美咲'],
    [' 田中美咲 ', '田中美咲'],
    ['\u3000田中美咲\u3000', '田中美咲'],
    ['ｽﾐｽ ｼﾞｮﾝ', 'スミス\u3000ジョン'],
    ['Ｓｍｉｔｈ  Ｊｏｈｎ', 'Smith\u3000John'],
    // Variant kanji of names are kept as written (NFKC would turn 神 U+FA19 into 神 U+795E).
    ['\uFA19田 太郎', '\uFA19田\u3000太郎'],
    ['髙橋 直美', '髙橋\u3000直美'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(personName(input)).toBe(expected);
  });
});

describe('softText', () => {
  it.each([
    ['技術士（建設部門）', '技術士（建設部門）'],
    ['ＴＯＥＩＣ ８００点', 'TOEIC 800点'],
    ['ｶﾞｽ主任技術者', 'ガス主任技術者'],
    ['  一行目  \n  二行目\t\t終わり \n\n', '一行目\n二行目 終わり'],
    ['全角\u3000スペースは残す', '全角\u3000スペースは残す'],
  ])('%j → %j', (input, expected) => {
    expect(softText(input)).toBe(expected);
  });
});

describe('toHiragana', () => {
  it.each([
    ['タナカ', 'たなか'],
    ['ァヶ', 'ぁゖ'],
    ['ヴ', 'ゔ'],
    ['ラーメン', 'らーめん'],
    ['たなか', 'たなか'],
    ['田中タロウ', '田中たろう'],
    ['ﾀﾅｶ', 'ﾀﾅｶ'], // half-width katakana needs NFKC first
    ['ABC', 'ABC'],
  ])('%s → %s', (input, expected) => {
    expect(toHiragana(input)).toBe(expected);
  });
});

describe('kanaReading', () => {
  it.each([
    ['タナカ ミサキ', 'たなか\u3000みさき'],
    ['ﾀﾅｶ ﾐｻｷ', 'たなか\u3000みさき'],
    ['ｶﾞｯｺｳ', 'がっこう'],
    ['たなか\u3000\u3000みさき', 'たなか\u3000みさき'],
    ['  タナカ  ', 'たなか'],
    ['スズキ・ジョー', 'すずき・じょー'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(kanaReading(input)).toBe(expected);
  });
});

describe('searchKey', () => {
  it.each([
    ['タナカ', 'たなか'],
    ['たなか', 'たなか'],
    ['ﾀﾅｶ', 'たなか'],
    ['タ ナ カ', 'たなか'],
    ['田中\u3000美咲', '田中美咲'],
    ['ＴＡＮＡＫＡ', 'tanaka'],
    ['Tanaka Misaki', 'tanakamisaki'],
    ['０１２３', '0123'],
  ])('%j → %j', (input, expected) => {
    expect(searchKey(input)).toBe(expected);
  });
});

describe('staffNoText', () => {
  it.each([
    ['012345', '012345'],
    ['０１２３４５', '012345'],
    [' 012345 ', '012345'],
    ['012 345', '012345'],
    ['０１２\u3000３４５', '012345'],
    ['A-0012', 'A-0012'],
    ['Ａ００１２', 'A0012'],
  ])('%j → %j', (input, expected) => {
    expect(staffNoText(input)).toBe(expected);
  });
});

describe('columnLetter', () => {
  it.each([
    [1, 'A'],
    [2, 'B'],
    [26, 'Z'],
    [27, 'AA'],
    [28, 'AB'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('%i → %s', (n, expected) => {
    expect(columnLetter(n)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(() => columnLetter(n)).toThrow(RangeError);
  });
});

describe('startsLikeFormula', () => {
  it.each([
    ['=SUM(A1:A3)', true],
    ['+81 3 1234 5678', true],
    ['-5', true],
    ['@user', true],
    ['  =1+1', true],
    ['\t-', true],
    ['田中', false],
    ['a=b', false],
    ['１＋１', false],
    ['', false],
    ['   ', false],
  ])('%j → %s', (input, expected) => {
    expect(startsLikeFormula(input)).toBe(expected);
  });
});
