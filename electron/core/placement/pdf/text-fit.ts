import { fontName } from './fonts';
import type { FontWeight } from './fonts';
import { formatCount } from '../../../../shared/numbers';

/*
 * Text that must fit a fixed box on a one-page summary (docs/placement.md, "PDF"). Measured with
 * pdfkit's own heightOfString / widthOfString — the same line wrapper that draws it, so Japanese line
 * breaking (UAX #14 via the linebreak package: no 。、」） at a line start, no 「（ at a line end) is
 * the same when measuring and drawing. What does not fit is cut on a character boundary (code points,
 * so a surrogate pair such as 𠮷 is never split) found by binary search, and ends with a visible mark.
 */

/** Ends a text block that was shortened. */
export const cutMark = '…（以下略）';
/** Ends a single line (a list entry, a table cell) that was shortened. */
export const lineCutMark = '…';

export type TextStyle = { weight?: FontWeight; size: number; lineGap?: number };

export function useStyle(doc: PDFKit.PDFDocument, style: TextStyle): void {
  doc.font(fontName[style.weight ?? 'regular']).fontSize(style.size);
}

/** The height of a text wrapped to width (the current font). */
export function textHeight(doc: PDFKit.PDFDocument, text: string, width: number, lineGap = 0): number {
  return doc.heightOfString(text, { width, lineGap });
}

type WrappingDoc = PDFKit.PDFDocument & {
  _text(text: string, x: number, y: number, options: object, line: (text: string) => void): void;
};

/**
 * The lines pdfkit's line wrapper makes of text at width (the current font) — the lines text() would
 * draw — and their height, counted as heightOfString counts it. A block measured this way is drawn
 * from its lines (PageOps) without wrapping it a second time.
 */
export function wrapLines(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  lineGap = 0,
): { lines: string[]; height: number } {
  const { x, y } = doc;
  const lines: string[] = [];
  const step = doc.currentLineHeight(true) + lineGap;
  (doc as WrappingDoc)._text(text, x, y, { width, lineGap, height: Infinity }, (line) => {
    lines.push(line);
    doc.y += step;
  });
  const height = doc.y - y;
  doc.x = x;
  doc.y = y;
  return { lines, height };
}

/** The longest prefix (in code points) for which fits(prefix + mark) holds; the mark alone if none. */
function longestPrefix(chars: string[], mark: string, fits: (s: string) => boolean): string {
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join('') + mark)) lo = mid;
    else hi = mid - 1;
  }
  // Trailing spaces and line breaks before the mark would hide it on a line of its own.
  return chars.slice(0, lo).join('').trimEnd() + mark;
}

/**
 * The text as it fits a box of width × height in the style: itself, or shortened with 「…（以下略）」.
 * Returns '' for a box too small for even one line.
 */
export function fitBlock(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  height: number,
  style: TextStyle,
): { text: string; cut: boolean } {
  useStyle(doc, style);
  const gap = style.lineGap ?? 0;
  const fits = (s: string): boolean => textHeight(doc, s, width, gap) <= height;
  if (fits(text)) return { text, cut: false };
  if (!fits(cutMark)) return { text: '', cut: true };
  return { text: longestPrefix(Array.from(text), cutMark, fits), cut: true };
}

/**
 * Draws one line at (x, y) within width, aligned, without pdfkit's line wrapper (which runs the
 * UAX #14 line breaker on every call, the main cost of a page of many short cells). The text must
 * already fit (fitLine).
 */
export function drawLine(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: TextStyle,
  align: 'left' | 'center' | 'right' = 'left',
): void {
  useStyle(doc, style);
  const shift = align === 'left' ? 0 : (width - doc.widthOfString(text)) / (align === 'center' ? 2 : 1);
  doc.text(text, x + Math.max(0, shift), y, { lineBreak: false });
}

/** One line of text as it fits width: itself (line breaks made spaces), or shortened with 「…」. */
export function fitLine(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): string {
  useStyle(doc, style);
  const flat = text.replace(/\s*[\r\n]+\s*/gu, ' ');
  const fits = (s: string): boolean => doc.widthOfString(s) <= width;
  if (fits(flat)) return flat;
  return longestPrefix(Array.from(flat), lineCutMark, fits);
}

/**
 * At most max entries of a list: all of them, or the first max − 1 and 「ほかN件（以下略）」 naming
 * how many were left out.
 */
export function fitList(entries: string[], max: number): string[] {
  if (entries.length <= max) return entries;
  const shown = Math.max(0, max - 1);
  return [...entries.slice(0, shown), `ほか${formatCount(entries.length - shown, '件')}（以下略）`];
}

/**
 * Shares a height among blocks that each need some: a block needing less than an even share gets
 * what it needs, the rest share what is left evenly (so one overlong text never crowds out the others).
 */
export function shareHeight(needs: number[], total: number): number[] {
  const given = needs.map(() => 0);
  let left = total;
  let open = needs.map((_, i) => i);
  while (open.length > 0) {
    const share = left / open.length;
    const small = open.filter((i) => needs[i]! <= share);
    if (small.length === 0) {
      for (const i of open) given[i] = share;
      break;
    }
    for (const i of small) {
      given[i] = needs[i]!;
      left -= needs[i]!;
    }
    open = open.filter((i) => needs[i]! > share);
  }
  return given;
}
