import { formatJapaneseDate } from '../../../../shared/dates';
import { PageOps } from './page-ops';
import type { TextStyle } from './text-fit';

/*
 * What every placement PDF page carries (docs/placement.md, "PDF"): 取扱注意 at the top right, the
 * print date under it, and the page number counted within its document part — a person's summary
 * is 「1 / 1」, a section list 「2 / 3」 over its own pages.
 */

export const confidentialLabel = '取扱注意';
const red = '#B00020';

export type PageFrame = { width: number; height: number; margin: number };

const printDates = new Map<string, string>();

/** 印刷日 令和8年4月1日 (remembered: Intl's Japanese calendar is slow, and every page prints it). */
export function printDateLabel(iso: string): string {
  let label = printDates.get(iso);
  if (label === undefined) {
    if (printDates.size > 100) printDates.clear();
    label = `印刷日 ${formatJapaneseDate(iso)}`;
    printDates.set(iso, label);
  }
  return label;
}

/**
 * Draws 取扱注意, the print date and 「page / pages」; returns the y under the top-right block.
 * Given the page's PageOps (the summary page), it draws into them; otherwise it writes its own and
 * leaves the fill colour black, as the callers expect.
 */
export function drawFurniture(
  doc: PDFKit.PDFDocument,
  frame: PageFrame,
  printedOn: string,
  page: number,
  pages: number,
  ops?: PageOps,
): number {
  const o = ops ?? new PageOps(doc);
  const top = frame.margin - 12;
  const right = frame.width - frame.margin;
  const label: TextStyle = { weight: 'bold', size: 14 };
  const boxW = o.width(confidentialLabel, label) + 18;
  const boxH = 24;
  o.rect(right - boxW, top, boxW, boxH, { stroke: red, lineWidth: 1.5 });
  o.text(confidentialLabel, right - boxW, top + 3, label, red, boxW, 'center');
  o.text(printDateLabel(printedOn), right - 200, top + boxH + 4, { size: 8.5 }, 'black', 200, 'right');
  const bottom = frame.height - frame.margin + 8;
  o.text(`${page} / ${pages}`, frame.margin, bottom, { size: 9 }, 'black', frame.width - 2 * frame.margin, 'center');
  if (ops === undefined) {
    o.flush();
    doc.fillColor('black');
  }
  return top + boxH + 18;
}
