import { drawFurniture, printDateLabel } from '../../placement/pdf/furniture';
import { a4 } from '../../placement/pdf/summary-page';
import { drawLine, fitLine, textHeight, useStyle } from '../../placement/pdf/text-fit';
import type { TextStyle } from '../../placement/pdf/text-fit';

/*
 * The flow of the KPI report's A4 pages (docs/kpi-report.md, "PDF"): a cursor that starts a new page
 * when what comes next does not fit, tables whose header row is repeated on each page they run onto,
 * and the furniture drawn once every page exists (page 「n / N」, the print date, and 取扱注意 on the
 * pages that break figures down). Text is wrapped by pdfkit's own line wrapper, as the placement
 * pages do, so Japanese line breaking follows UAX #14 (no 。、」） at a line start).
 */

export const frame = a4;
export const left = frame.margin;
export const contentWidth = frame.width - 2 * frame.margin;
/** Below the running title (and 取扱注意 with the print date, on the pages that carry it). */
const top = frame.margin + 34;
const bottom = frame.height - frame.margin - 14;

export const body: TextStyle = { size: 8 };
const bodyGap = 1;
const pad = 3;
const rule = '#9AA3AE';
const headFill = '#DCE3EB';
const groupFill = '#EEF1F5';
export const grey = '#5A6270';

export class Flow {
  y = top;
  /** Pages (0-based) to mark 取扱注意. */
  private readonly confidentialPages = new Set<number>();
  private pages = 0;
  private confidential = false;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly runningTitle: string,
  ) {}

  newPage(): void {
    this.doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    if (this.confidential) this.confidentialPages.add(this.pages);
    this.pages += 1;
    this.y = top;
  }

  /** Pages from here on carry 取扱注意 (or stop carrying it); starts a new page. */
  section(confidential: boolean): void {
    this.confidential = confidential;
    this.newPage();
  }

  /** Makes room for h points, on a new page when this one has not. */
  need(h: number): void {
    if (this.y + h > bottom) this.newPage();
  }

  get room(): number {
    return bottom - this.y;
  }

  heading(text: string, size = 13): void {
    this.need(size + 40);
    this.y += 4;
    drawLine(this.doc, fitLine(this.doc, text, contentWidth, { weight: 'bold', size }), left, this.y, contentWidth, {
      weight: 'bold',
      size,
    });
    this.y += size + 8;
  }

  /** A paragraph, wrapped to the page width. */
  paragraph(text: string, style: TextStyle = { size: 9 }): void {
    useStyle(this.doc, style);
    const h = textHeight(this.doc, text, contentWidth, 2);
    this.need(h);
    this.doc.fillColor('black').text(text, left, this.y, { width: contentWidth, lineGap: 2 });
    this.y += h + 6;
  }

  /** The running title, page numbers, print date and 取扱注意, on every page once all exist. */
  finish(printedOn: string): number {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      this.doc.switchToPage(i);
      const n = i - range.start;
      this.doc.fillColor(grey);
      drawLine(this.doc, this.runningTitle, left, frame.margin - 10, 300, { size: 8.5 });
      this.doc.fillColor('black');
      if (this.confidentialPages.has(n)) {
        drawFurniture(this.doc, frame, printedOn, n + 1, range.count);
      } else {
        drawLine(
          this.doc,
          `${n + 1} / ${range.count}`,
          left,
          frame.height - frame.margin + 8,
          contentWidth,
          { size: 9 },
          'center',
        );
        drawLine(
          this.doc,
          printDateLabel(printedOn),
          left,
          frame.height - frame.margin + 8,
          contentWidth,
          { size: 8.5 },
          'right',
        );
      }
    }
    return range.count;
  }
}

export type Column = { header: string; width: number; align?: 'left' | 'center' | 'right' };
/** A row of cells, or a group row (a heading spanning the table). */
export type Row = { cells: string[] } | { group: string };

function rowHeight(doc: PDFKit.PDFDocument, cols: Column[], cells: string[], style: TextStyle): number {
  useStyle(doc, style);
  let h = 0;
  cells.forEach((c, i) => {
    h = Math.max(h, textHeight(doc, c, cols[i]!.width - 2 * pad, bodyGap));
  });
  return Math.ceil(h) + 2 * pad;
}

function drawCells(
  flow: Flow,
  x0: number,
  cols: Column[],
  cells: string[],
  h: number,
  style: TextStyle,
  fill: string | null,
): void {
  const { doc } = flow;
  const width = cols.reduce((a, c) => a + c.width, 0);
  if (fill) doc.save().rect(x0, flow.y, width, h).fill(fill).restore();
  let x = x0;
  useStyle(doc, style);
  cols.forEach((c, i) => {
    doc.save().lineWidth(0.5).strokeColor(rule).rect(x, flow.y, c.width, h).stroke().restore();
    doc.fillColor('black').text(cells[i] ?? '', x + pad, flow.y + pad, {
      width: c.width - 2 * pad,
      align: c.align ?? 'left',
      lineGap: bodyGap,
    });
    x += c.width;
  });
  flow.y += h;
}

/**
 * A table at x0 (the page's left edge unless given), flowing onto further pages with its header
 * row repeated; a group row never ends a page.
 */
export function drawTable(flow: Flow, cols: Column[], rows: Row[], x0 = left): void {
  const { doc } = flow;
  const headStyle: TextStyle = { weight: 'bold', size: body.size };
  const headers = cols.map((c) => c.header);
  const headH = rowHeight(doc, cols, headers, headStyle);
  const head = () =>
    drawCells(
      flow,
      x0,
      cols.map((c) => ({ ...c, align: 'center' })),
      headers,
      headH,
      headStyle,
      headFill,
    );
  const width = cols.reduce((a, c) => a + c.width, 0);
  flow.need(headH + 2 * 16);
  head();
  rows.forEach((r, i) => {
    if ('group' in r) {
      const next = rows[i + 1];
      const nextH = next && !('group' in next) ? rowHeight(doc, cols, next.cells, body) : 0;
      const h = rowHeight(doc, [{ header: '', width }], [r.group], headStyle);
      if (flow.y + h + nextH > bottom) {
        flow.newPage();
        head();
      }
      drawCells(flow, x0, [{ header: '', width }], [r.group], h, headStyle, groupFill);
      return;
    }
    const h = rowHeight(doc, cols, r.cells, body);
    if (flow.y + h > bottom) {
      flow.newPage();
      head();
    }
    drawCells(flow, x0, cols, r.cells, h, body, null);
  });
  flow.y += 10;
}
