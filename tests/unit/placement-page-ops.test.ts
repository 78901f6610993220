import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { registerFonts } from '../../electron/core/placement/pdf/fonts';
import { PageOps } from '../../electron/core/placement/pdf/page-ops';
import { drawLine, fitLine, textHeight, useStyle, wrapLines } from '../../electron/core/placement/pdf/text-fit';
import type { TextStyle } from '../../electron/core/placement/pdf/text-fit';

/*
 * PageOps (docs/placement.md, "Speed") writes a page's runs straight into its content stream. It must
 * draw exactly what pdfkit's own text() draws: the same glyphs at the same positions, read back by
 * pdf.js. Each test draws the same things once with pdfkit on one page and once with PageOps on the
 * next page of the same document, and compares what pdf.js extracts.
 */

type Item = { str: string; transform: number[]; width: number; fontName: string };

async function pagesOf(doc: PDFKit.PDFDocument): Promise<Item[][]> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.end();
  await ended;
  const pdf = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), useSystemFonts: false }).promise;
  const pages: Item[][] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(
      content.items.flatMap((it) =>
        'str' in it
          ? [{ str: it.str, transform: it.transform as number[], width: it.width, fontName: it.fontName }]
          : [],
      ),
    );
  }
  await pdf.destroy();
  return pages;
}

function newDoc(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  registerFonts(doc);
  return doc;
}

/** The two pages' items, fonts named by their order of use (pdf.js names them per load). */
function comparable(page: Item[]): Omit<Item, 'fontName'>[] {
  return page.map(({ str, transform, width }) => ({
    str,
    transform: transform.map((v) => Math.round(v * 1000)),
    width,
  }));
}

const texts: [string, TextStyle][] = [
  ['人事配置資料', { weight: 'bold', size: 18 }],
  ['山﨑 𠮷郎', { weight: 'bold', size: 12 }],
  ['AVATAR Wa To 1 / 1 fi', { size: 9 }],
  ['令和8年4月1日（在課6年）', { size: 8.5 }],
  ['  前後に空白  ', { size: 8.5 }],
  ['「次は企画」、（案）。', { size: 8 }],
];

describe('PageOps', () => {
  it('draws one-line runs where pdfkit draws them, in every alignment, with the same widths', async () => {
    const doc = newDoc();
    doc.addPage({ size: 'A4', margin: 0 });
    const aligns = ['left', 'center', 'right'] as const;
    texts.forEach(([text, style], i) => {
      aligns.forEach((align, j) => {
        drawLine(doc, text, 40 + j * 180, 40 + i * 30, 170, style, align);
      });
    });
    doc.addPage({ size: 'A4', margin: 0 });
    const ops = new PageOps(doc);
    texts.forEach(([text, style], i) => {
      aligns.forEach((align, j) => ops.text(text, 40 + j * 180, 40 + i * 30, style, 'black', 170, align));
      useStyle(doc, style);
      expect(ops.width(text, style)).toBe(doc.widthOfString(text));
    });
    ops.flush();
    const [byPdfkit, byOps] = await pagesOf(doc);
    expect(byPdfkit!.length).toBeGreaterThan(texts.length * 3);
    expect(comparable(byOps!)).toEqual(comparable(byPdfkit!));
  });

  it('draws wrapped lines (wrapLines) where text() wraps them, measured as heightOfString measures', async () => {
    const unit = '確認した。「次」は、（案）を・見直し」ーとする」『再』【要】〔済〕，．Latin words wrap too. ';
    const long = unit.repeat(6);
    const style: TextStyle = { size: 8.5, lineGap: 1.5 };
    const doc = newDoc();
    doc.addPage({ size: 'A4', margin: 0 });
    useStyle(doc, style);
    doc.text(long, 50, 60, { width: 300, lineGap: 1.5 });
    doc.addPage({ size: 'A4', margin: 0 });
    useStyle(doc, style);
    const wrapped = wrapLines(doc, long, 300, 1.5);
    expect(wrapped.height).toBe(textHeight(doc, long, 300, 1.5));
    expect(wrapped.lines.length).toBeGreaterThan(5);
    const ops = new PageOps(doc);
    const step = doc.currentLineHeight(true) + 1.5;
    wrapped.lines.forEach((line, i) => ops.text(line.replace(/\n/gu, ''), 50, 60 + i * step, style));
    ops.flush();
    const [byPdfkit, byOps] = await pagesOf(doc);
    // pdf.js rounds positions to its own precision: the same lines at the same places.
    expect(comparable(byOps!)).toEqual(comparable(byPdfkit!));
  });

  it('shortens a line as text-fit does', () => {
    const doc = newDoc();
    doc.addPage({ size: 'A4', margin: 0 });
    const ops = new PageOps(doc);
    const style: TextStyle = { size: 8.5 };
    for (const text of [
      '短い',
      '長い研修名を持つ研修でセルの幅からはみ出す（全職員対象・必修）',
      '改行\nを含む\r\n文',
    ]) {
      expect(ops.fitLine(text, 90, style)).toBe(fitLine(doc, text, 90, style));
    }
    expect(ops.fitLine('長い研修名を持つ研修でセルの幅からはみ出す', 90, style)).toMatch(/…$/u);
  });

  it('keeps each document its own glyph encoding (subset ids differ between documents)', async () => {
    // The same texts in the opposite order give the glyphs other subset ids in the second document;
    // a remembered encoding shared between documents would draw the wrong characters there.
    const a = newDoc();
    const b = newDoc();
    const order = texts.map(([t]) => t);
    for (const [doc, list] of [
      [a, order],
      [b, [...order].reverse()],
    ] as const) {
      doc.addPage({ size: 'A4', margin: 0 });
      const ops = new PageOps(doc);
      list.forEach((t, i) => ops.text(t, 40, 40 + i * 20, { size: 10 }));
      ops.flush();
    }
    const [[pa], [pb]] = await Promise.all([pagesOf(a), pagesOf(b)]);
    const strings = (p: Item[]): string[] => p.map((it) => it.str).filter((s) => s.trim() !== '');
    expect(strings(pa!)).toEqual(order.map((t) => t.trim()));
    expect(strings(pb!)).toEqual([...order].reverse().map((t) => t.trim()));
  });
});
