import { fontName } from './fonts';
import type { FontWeight } from './fonts';
import { fitLine } from './text-fit';
import type { TextStyle } from './text-fit';

/*
 * A page's short texts and boxes written straight into its content stream (docs/placement.md,
 * "Speed"). A summary page draws about seventy short runs and forty boxes; through pdfkit's text()
 * each run costs its option set-up, a save/transform/restore, a fresh glyph encoding and a dozen
 * separate content writes. PageOps writes the same operators — the same glyphs at the same
 * positions, so the page looks and extracts exactly as before — with each run's encoding and width
 * measured once per document and remembered, and a batch of runs written to the page in one piece.
 *
 * It uses pdfkit's embedded-font object (encode, ascender, id, ref) and its page's content stream:
 * internals of pdfkit 0.20 (pinned in package.json). Multi-line wrapped text still goes through
 * pdfkit's own text(): PageOps.pdfkit() writes what is pending first, so the order is kept.
 */

type GlyphPosition = { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number };

/** pdfkit's EmbeddedFont, as far as it is used here. */
type EmbeddedFont = {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
  layout(text: string, features: undefined, onlyWidth: true): { advanceWidth: number };
};

type PdfDoc = PDFKit.PDFDocument & {
  _font: EmbeddedFont;
  _fontFamilies: Record<string, EmbeddedFont | undefined>;
  page: PDFKit.PDFPage & { write(chunk: Uint8Array): void };
};

/** A text's glyphs for a TJ operator and its advance (font units of 1000); tj is null when glyphs are offset. */
type Encoded = { advance: number; tj: string | null };

/** Encodings remembered per font of a document (the subset's glyph ids belong to that document). */
const encodings = new WeakMap<EmbeddedFont, Map<string, Encoded>>();
/** Entries after which a font's encodings are forgotten (one-off values would otherwise pile up). */
const maxEncodings = 20_000;

/** A number as pdfkit writes it (PDFObject.number). */
function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The glyphs of text as pdfkit's text() encodes them (its _fragment: kerning kept in TJ). */
function encodeText(font: EmbeddedFont, text: string): Encoded {
  const [encoded, positions] = font.encode(text);
  let offset = false;
  const commands: string[] = [];
  let last = 0;
  const segment = (cur: number): void => {
    if (last < cur) {
      const p = positions[cur - 1]!;
      commands.push(`<${encoded.slice(last, cur).join('')}> ${num(-(p.xAdvance - p.advanceWidth))}`);
    }
    last = cur;
  };
  for (let i = 0; i < positions.length; i += 1) {
    const p = positions[i]!;
    if (p.xOffset || p.yOffset) offset = true;
    else if (p.xAdvance - p.advanceWidth !== 0) segment(i + 1);
  }
  segment(positions.length);
  // The advance as pdfkit's widthOfString sums it (its layout cache already holds the runs).
  const advance = font.layout(text, undefined, true).advanceWidth;
  return { advance, tj: offset ? null : `[${commands.join(' ')}] TJ` };
}

/** A width in points, with pdfkit's arithmetic (PDFFont.widthOfString, then document.widthOfString). */
function widthAt(advance: number, size: number): number {
  return (advance * (size / 1000) * 100) / 100;
}

const colors = new Map<string, string>();

/** '#RRGGBB' or 'black' as pdfkit's DeviceRGB components. */
function rgb(color: string): string {
  let hit = colors.get(color);
  if (hit === undefined) {
    const hex = color === 'black' ? 0 : parseInt(color.slice(1), 16);
    if (!/^(black|#[0-9A-Fa-f]{6})$/u.test(color)) throw new Error(`unsupported colour ${color}`);
    hit = [hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255).join(' ');
    colors.set(color, hit);
  }
  return hit;
}

export type Align = 'left' | 'center' | 'right';
export type BoxStyle = { fill?: string; stroke?: string; lineWidth?: number };

export class PageOps {
  private readonly doc: PdfDoc;
  private parts: string[] = [];
  /** The fill colour inside the open block ('' when not set there). */
  private color = '';

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc as PdfDoc;
  }

  private font(weight: FontWeight): EmbeddedFont {
    const name = fontName[weight];
    let font = this.doc._fontFamilies[name];
    if (font === undefined) {
      this.doc.font(name);
      font = this.doc._fontFamilies[name]!;
    }
    return font;
  }

  private encoded(font: EmbeddedFont, text: string): Encoded {
    let cache = encodings.get(font);
    if (cache === undefined) {
      cache = new Map();
      encodings.set(font, cache);
    }
    let hit = cache.get(text);
    if (hit === undefined) {
      if (cache.size >= maxEncodings) cache.clear();
      hit = encodeText(font, text);
      cache.set(text, hit);
    }
    return hit;
  }

  /** The width of a one-line text in the style (pdfkit's widthOfString, remembered). */
  width(text: string, style: TextStyle): number {
    return widthAt(this.encoded(this.font(style.weight ?? 'regular'), text).advance, style.size);
  }

  /** The operators go to the page inside q … Q with the text flip undone: native PDF coordinates. */
  private open(): void {
    if (this.parts.length === 0) this.parts.push('q', this.flip());
  }

  private fill(color: string): void {
    if (this.color !== color) {
      this.parts.push(`${rgb(color)} rg`);
      this.color = color;
    }
  }

  /**
   * One line at (x, y) (its top, as pdfkit's text() takes it), aligned within width; the text must
   * already fit (fitLine). Draws the same as pdfkit's text(text, x, y, { lineBreak: false }).
   */
  text(text: string, x: number, y: number, style: TextStyle, color = 'black', width = 0, align: Align = 'left'): void {
    if (text === '') return;
    const font = this.font(style.weight ?? 'regular');
    const enc = this.encoded(font, text);
    const size = style.size;
    const w = widthAt(enc.advance, size);
    const at = x + (align === 'left' ? 0 : Math.max(0, (width - w) / (align === 'center' ? 2 : 1)));
    if (enc.tj === null) {
      // Offset glyphs (rare): pdfkit's own path positions each one.
      this.pdfkit((doc) => {
        doc
          .font(fontName[style.weight ?? 'regular'])
          .fontSize(size)
          .fillColor(color);
        doc.text(text, at, y, { lineBreak: false });
      });
      return;
    }
    const page = this.doc.page;
    const fonts = page.fonts as Record<string, unknown>;
    if (fonts[font.id] == null) fonts[font.id] = font.ref();
    this.open();
    this.fill(color);
    const baseline = page.height - y - (font.ascender / 1000) * size;
    this.parts.push('BT', `1 0 0 1 ${num(at)} ${num(baseline)} Tm`, `/${font.id} ${num(size)} Tf`, enc.tj, 'ET');
  }

  /** One line of text as it fits width: itself (line breaks made spaces), or shortened with 「…」. */
  fitLine(text: string, width: number, style: TextStyle): string {
    const flat = text.replace(/\s*[\r\n]+\s*/gu, ' ');
    if (this.width(flat, style) <= width) return flat;
    // Rare: text-fit.ts cuts it, measuring each prefix once without filling the cache.
    return fitLine(this.doc, flat, width, style);
  }

  /** Vector operators in pdfkit's own top-down space (the page's flip redone), as pdfkit writes them. */
  private path(style: BoxStyle, path: string[], paint: string): void {
    this.open();
    const ops = ['q', this.flip()];
    if (style.fill !== undefined) ops.push(`${rgb(style.fill)} rg`);
    if (style.stroke !== undefined) ops.push(`${rgb(style.stroke)} RG`, `${num(style.lineWidth ?? 1)} w`);
    this.parts.push(...ops, ...path, paint, 'Q');
  }

  private flip(): string {
    return `1 0 0 -1 0 ${num(this.doc.page.height)} cm`;
  }

  /** A rectangle filled and/or stroked, at (x, y) from the top left as pdfkit's rect() takes it. */
  rect(x: number, y: number, w: number, h: number, style: BoxStyle): void {
    const paint = style.fill !== undefined ? (style.stroke !== undefined ? 'B' : 'f') : 'S';
    this.path(style, [`${num(x)} ${num(y)} ${num(w)} ${num(h)} re`], paint);
  }

  /** A straight line from (x1, y1) to (x2, y2), top-left coordinates. */
  line(x1: number, y1: number, x2: number, y2: number, color: string, lineWidth = 1): void {
    this.path({ stroke: color, lineWidth }, [`${num(x1)} ${num(y1)} m`, `${num(x2)} ${num(y2)} l`], 'S');
  }

  /** Writes what is pending to the page in one piece. */
  flush(): void {
    if (this.parts.length === 0) return;
    this.parts.push('Q', '');
    this.doc.page.write(Buffer.from(this.parts.join('\n'), 'latin1'));
    this.parts = [];
    this.color = '';
  }

  /** Draws with pdfkit itself (wrapped text), after what is pending. */
  pdfkit(draw: (doc: PDFKit.PDFDocument) => void): void {
    this.flush();
    draw(this.doc);
  }
}
