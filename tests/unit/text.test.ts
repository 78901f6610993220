import { describe, expect, it } from 'vitest';
import {
  badCharText,
  cleanText,
  codePointLabel,
  columnLetter,
  findBadChar,
  headerKey,
  kanaReading,
  nfkc,
  personName,
  softText,
  searchKey,
  staffNoText,
  startsLikeFormula,
  toHiragana,
  xmlSafe,
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

describe('findBadChar', () => {
  // [text, UTF-16 index, 1-based character position, code point] or null when clean.
  it.each<[string, string, [number, number, number] | null]>([
    ['plain text', '田中\u3000美咲', null],
    ['TAB, LF and CR', 'a\tb\nc\r\n', null],
    ['a surrogate pair (emoji)', '絵文字😀です', null],
    ['a surrogate pair (CJK Ext B 𠮷)', '𠮷野家', null],
    ['U+FFFD itself', 'a\uFFFDb', null],
    ['DEL and C1 controls (XML allows them)', 'a\u007F\u0085b', null],
    ['the last assigned BMP character U+FFFC', '\uFFFC', null],
    ['U+FDCF and U+FDF0 around the noncharacter block', '\uFDCF\uFDF0', null],
    ['the empty text', '', null],
    ['U+FFFE', 'ab\uFFFE', [2, 3, 0xfffe]],
    ['U+FFFF', '\uFFFF', [0, 1, 0xffff]],
    ['U+FDD0', '名\uFDD0', [1, 2, 0xfdd0]],
    ['U+FDEF', '\uFDEF', [0, 1, 0xfdef]],
    ['U+1FFFE (plane 1)', 'x\u{1FFFE}', [1, 2, 0x1fffe]],
    ['U+10FFFF (plane 16)', '\u{10FFFF}', [0, 1, 0x10ffff]],
    ['U+EFFFF', '\u{EFFFF}', [0, 1, 0xeffff]],
    ['a lone high surrogate', 'a\uD800b', [1, 2, 0xd800]],
    ['a lone high surrogate at the end', 'ab\uD83D', [2, 3, 0xd83d]],
    ['a lone low surrogate', '\uDC00a', [0, 1, 0xdc00]],
    ['two high surrogates', '\uD83D\uD83D\uDE00', [0, 1, 0xd83d]],
    ['NUL', 'a\u0000', [1, 2, 0]],
    ['U+0001', '\u0001', [0, 1, 1]],
    ['U+000B (vertical tab)', 'a\u000Bb', [1, 2, 0x0b]],
    ['U+000C (form feed)', '\u000C', [0, 1, 0x0c]],
    ['U+001F', '\u001F', [0, 1, 0x1f]],
    ['the position counts a pair as one character', '😀😀\uFFFE', [4, 3, 0xfffe]],
  ])('%s', (_name, text, expected) => {
    const found = findBadChar(text);
    expect(found === null ? null : [found.index, found.position, found.codePoint]).toEqual(expected);
  });

  it('tests a large upload in one pass', () => {
    const base64 = Buffer.alloc(8 * 1024 * 1024, 7).toString('base64');
    const t = performance.now();
    expect(findBadChar(base64)).toBeNull();
    expect(performance.now() - t).toBeLessThan(500);
  });
});

describe('codePointLabel', () => {
  it.each([
    [0, 'U+0000'],
    [0xb, 'U+000B'],
    [0xfffe, 'U+FFFE'],
    [0x1fffe, 'U+1FFFE'],
    [0x10ffff, 'U+10FFFF'],
  ])('%i → %s', (cp, expected) => {
    expect(codePointLabel(cp)).toBe(expected);
  });
});

describe('badCharText', () => {
  it.each([
    ['ab\uFFFE', '3文字目に使用できない文字（U+FFFE）が含まれています'],
    ['\u0001', '1文字目に使用できない文字（U+0001）が含まれています'],
    ['a\uD800', '2文字目に対になっていないサロゲート（U+D800）が含まれています'],
  ])('%j → %s', (text, expected) => {
    const bad = findBadChar(text);
    expect(bad && badCharText(bad)).toBe(expected);
  });
});

describe('xmlSafe', () => {
  it.each([
    ['田中\u3000美咲', '田中\u3000美咲'],
    ['a\tb\nc\r', 'a\tb\nc\r'],
    ['😀', '😀'],
    ['a\uFFFEb\uFFFF', 'a\uFFFDb\uFFFD'],
    ['\uFDD0\uFDEF', '\uFFFD\uFFFD'],
    ['\u{1FFFE}x', '\uFFFDx'],
    ['a\uD800b\uDC00', 'a\uFFFDb\uFFFD'],
    ['\u0000\u0008\u000B\u001F', '\uFFFD\uFFFD\uFFFD\uFFFD'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(xmlSafe(input)).toBe(expected);
    expect(findBadChar(xmlSafe(input))).toBeNull();
  });

  it('keeps a clean text as the same string', () => {
    const s = 'そのまま';
    expect(xmlSafe(s)).toBe(s);
  });
});
