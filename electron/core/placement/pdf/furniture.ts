import { formatJapaneseDate } from '../../../../shared/dates';
import { drawLine, useStyle } from './text-fit';

/*
 * What every placement PDF page carries (docs/placement.md, "PDF"): 取扱注意 at the top right, the
 * print date under it, and the page number counted within its document part — a person's summary
 * is 「1 / 1」, a section list 「2 / 3」 over its own pages.
 */

export const confidentialLabel = '取扱注意';
const red = '#B00020';

export type PageFrame = { width: number; height: number; margin: number };

/** 印刷日 令和8年4月1日 */
export function printDateLabel(iso: string): string {
  return `印刷日 ${formatJapaneseDate(iso)}`;
}

/** Draws 取扱注意, the print date and 「page / pages」; returns the y under the top-right block. */
export function drawFurniture(
  doc: PDFKit.PDFDocument,
  frame: PageFrame,
  printedOn: string,
  page: number,
  pages: number,
): number {
  const top = frame.margin - 12;
  const right = frame.width - frame.margin;
  useStyle(doc, { weight: 'bold', size: 14 });
  const boxW = doc.widthOfString(confidentialLabel) + 18;
  const boxH = 24;
  doc
    .save()
    .lineWidth(1.5)
    .strokeColor(red)
    .rect(right - boxW, top, boxW, boxH)
    .stroke()
    .restore();
  doc.fillColor(red);
  drawLine(doc, confidentialLabel, right - boxW, top + 3, boxW, { weight: 'bold', size: 14 }, 'center');
  doc.fillColor('black');
  drawLine(doc, printDateLabel(printedOn), right - 200, top + boxH + 4, 200, { size: 8.5 }, 'right');
  const bottom = frame.height - frame.margin + 8;
  drawLine(doc, `${page} / ${pages}`, frame.margin, bottom, frame.width - 2 * frame.margin, { size: 9 }, 'center');
  return top + boxH + 18;
}
