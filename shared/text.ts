/**
 * Text normalisation shared by the Excel import engine, the exporters and search.
 * Spreadsheets typed by hand mix full-width and half-width characters, stray spaces and
 * decorated headers; these functions decide what counts as "the same" text.
 */

const IDEOGRAPHIC_SPACE = '\u3000';

/** Unicode NFKC: full-width ASCII → half-width, half-width katakana → full-width, ㈱ → (株), ㋿ → 令和. */
export function nfkc(s: string): string {
  return s.normalize('NFKC');
}

// Marks people add to headers to flag required columns. Checked after NFKC and whitespace removal,
// so '（必須）' and '( 必須 )' both arrive here as '(必須)'.
const HEADER_DECORATIONS = ['(必須)', '[必須]', '【必須】', '※', '*', '●', '◆'];

// Brackets that may wrap a whole header: '【職員番号】', '[職員番号]'.
const WRAPPING_BRACKETS: ReadonlyArray<readonly [string, string]> = [
  ['【', '】'],
  ['[', ']'],
  ['「', '」'],
  ['『', '』'],
  ['〔', '〕'],
  ['〈', '〉'],
  ['《', '》'],
  ['<', '>'],
  ['(', ')'],
];

function stripWrappingBrackets(s: string): string {
  let out = s;
  for (;;) {
    const pair = WRAPPING_BRACKETS.find(
      ([open, close]) =>
        out.length >= 2 &&
        out.startsWith(open) &&
        out.endsWith(close) &&
        // Only a pair that wraps everything: '(a)(b)' and '氏名(漢字)' keep their brackets.
        !out.slice(1, -1).includes(open) &&
        !out.slice(1, -1).includes(close),
    );
    if (!pair) return out;
    out = out.slice(1, -1);
  }
}

/** A column header reduced to a key for tolerant matching: ' 職員番号※ ' and '【職員番号】' → '職員番号'. */
export function headerKey(s: string): string {
  let key = nfkc(s).replace(/\s+/gu, '');
  for (const mark of HEADER_DECORATIONS) key = key.split(mark).join('');
  return stripWrappingBrackets(key).toLowerCase();
}

/**
 * A cell's text value. Horizontal whitespace runs become one space and each line is trimmed;
 * line breaks are kept because free-text cells (comments, goals) are often multi-line.
 */
export function cleanText(s: string): string {
  const lines = nfkc(s)
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('\n');
}

/**
 * The gentle normalisation for names and free text. Full NFKC would also rewrite punctuation HR
 * types on purpose (（） → ()) and the variant kanji of people's names (compatibility ideographs
 * such as 神 U+FA19 → 神), so only full-width ASCII letters and digits become half-width and
 * half-width katakana becomes full-width.
 */
export function softNormalize(s: string): string {
  return s
    .replace(/[Ａ-Ｚａ-ｚ０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF61-\uFF9F]+/gu, (run) => run.normalize('NFKC'));
}

/** Free text as stored: gently normalised (see softNormalize), lines trimmed, space runs collapsed. */
export function softText(s: string): string {
  const lines = softNormalize(s)
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/gu, ' ').trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('\n');
}

/** A person's name as stored: spaces between family and given name become one full-width space ('田中　美咲'). */
export function personName(s: string): string {
  return softNormalize(s).trim().replace(/\s+/gu, IDEOGRAPHIC_SPACE);
}

/** Katakana ァ…ヶ → hiragana ぁ…ゖ; the long-vowel mark ー and everything else is left alone. */
export function toHiragana(s: string): string {
  return s.replace(/[\u30A1-\u30F6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/** A reading (ふりがな) as stored: hiragana, with full-width spaces between words. 'ﾀﾅｶ ﾐｻｷ' → 'たなか　みさき'. */
export function kanaReading(s: string): string {
  return toHiragana(nfkc(s)).trim().replace(/\s+/gu, IDEOGRAPHIC_SPACE);
}

/** A key for search: 'タナカ', 'たなか', 'ﾀﾅｶ' and 'た な か' all become 'たなか'. */
export function searchKey(s: string): string {
  return toHiragana(nfkc(s).replace(/\s+/gu, '')).toLowerCase();
}

/** A staff number as text: full-width digits become ASCII, spaces go, leading zeros stay ('０１２３４５' → '012345'). */
export function staffNoText(s: string): string {
  return nfkc(s).replace(/\s+/gu, '');
}

/** The spreadsheet column name of a 1-based column number: 1 → 'A', 27 → 'AA', 703 → 'AAA'. */
export function columnLetter(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`column number must be a positive integer: ${n}`);
  let rest = n;
  let out = '';
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    out = String.fromCharCode(65 + digit) + out;
    rest = Math.floor((rest - 1) / 26);
  }
  return out;
}

/**
 * True when a spreadsheet would read the text as a formula ('=', '+', '-', '@' first), so
 * exporters must write it explicitly as text (formula injection, and '-5' typed as a note).
 */
export function startsLikeFormula(s: string): boolean {
  return /^\s*[=+\-@]/u.test(s);
}

/**
 * Characters no stored text may hold (docs/bad-text.md): C0 controls other than TAB, LF and CR,
 * which XML 1.0 forbids; the Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of
 * every plane, U+FFFE/U+FFFF among them, which XML also forbids); and lone surrogates, which
 * UTF-8 cannot encode (they would turn into U+FFFD silently). With the u flag a surrogate pair is one
 * code point, so \p{Cs} matches only an unpaired half.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const badChar = /[\x00-\x08\x0B\x0C\x0E-\x1F\p{Noncharacter_Code_Point}\p{Cs}]/u;
// eslint-disable-next-line no-control-regex -- as above
const badChars = /[\x00-\x08\x0B\x0C\x0E-\x1F\p{Noncharacter_Code_Point}\p{Cs}]/gu;

/** The first character a text may not hold: its UTF-16 index, 1-based character position and code point. */
export type BadChar = { index: number; position: number; codePoint: number };

/** The first forbidden character of a text (see badChar), or null when the text is clean. One regex test. */
export function findBadChar(s: string): BadChar | null {
  const m = badChar.exec(s);
  if (!m) return null;
  const codePoint = m[0].codePointAt(0) ?? 0;
  // The position counts characters as people do (a surrogate pair is one), for the message.
  return { index: m.index, position: [...s.slice(0, m.index)].length + 1, codePoint };
}

/** A code point as Unicode writes it: 0xFFFE → 'U+FFFE', 0x1FFFE → 'U+1FFFE'. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What is wrong with the text, in words for a message: 「使用できない文字（U+FFFE）」 and where. */
export function badCharText(bad: BadChar): string {
  const what = bad.codePoint >= 0xd800 && bad.codePoint <= 0xdfff ? '対になっていないサロゲート' : '使用できない文字';
  return `${bad.position}文字目に${what}（${codePointLabel(bad.codePoint)}）が含まれています`;
}

/**
 * The text with every forbidden character (see badChar) replaced by U+FFFD, so that what is written
 * to a workbook is always well-formed XML that Excel and Kaname can open. Clean text is returned as is.
 */
export function xmlSafe(s: string): string {
  return badChar.test(s) ? s.replace(badChars, '\uFFFD') : s;
}
