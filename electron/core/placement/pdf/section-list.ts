import type { PlacementRow } from '../../../../shared/api/placement';
import { fiscalYearLabel, fiscalYearShort } from '../../../../shared/fiscal-year';
import { drawFurniture } from './furniture';
import type { PageFrame } from './furniture';
import { classLabel } from './summary-page';
import { drawLine, fitLine, useStyle } from './text-fit';
import type { TextStyle } from './text-fit';
import { formatCount } from '../../../../shared/numbers';

/*
 * The section list (所属別一覧) on A3 landscape (docs/placement.md, "PDF"): one row per person in
 * the order given (the service sorts by 職層 then 職員番号), a fixed row height so the page count is
 * known before drawing (「2 / 3」), the header repeated on every page. A cell too long for its column
 * ends with 「…」.
 */

export const a3Landscape: PageFrame = { width: 1190.55, height: 841.89, margin: 36 };

const rule = '#9AA3AE';
const headFill = '#DCE3EB';
const headerH = 30;
const rowH = 20;
const tableTop = 78;
const cell: TextStyle = { size: 9 };

type Column = { header: string; width: number; align: 'left' | 'center'; value: (r: PlacementRow) => string };

const yearsText = (n: number | null): string => (n === null ? '—' : `${n}年`);

function columns(fy: number): Column[] {
  const years = [fy - 2, fy - 1, fy];
  const fixed: Column[] = [
    { header: '職員番号', width: 80, align: 'left', value: (r) => r.staffNo },
    { header: '氏名', width: 150, align: 'left', value: (r) => r.name },
    { header: '職位', width: 70, align: 'left', value: (r) => r.position },
    { header: '職層', width: 80, align: 'left', value: (r) => r.gradeGroup },
    { header: '在職年数', width: 56, align: 'center', value: (r) => yearsText(r.yearsOfService) },
    { header: '在課年数', width: 56, align: 'center', value: (r) => yearsText(r.yearsInPost) },
    ...years.map((y): Column => ({
      header: `${fiscalYearShort(y, 'era')}\n区分`,
      width: 95,
      align: 'center',
      value: (r) => {
        const result = r.results.find((x) => x.fy === y);
        return result ? classLabel(result) : '—';
      },
    })),
    { header: '異動希望', width: 56, align: 'center', value: (r) => (r.wishesTransfer ? '○' : '') },
  ];
  const last: Column = { header: '公募', width: 44, align: 'center', value: (r) => (r.applied ? '○' : '') };
  const used = [...fixed, last].reduce((a, c) => a + c.width, 0);
  const rest = a3Landscape.width - 2 * a3Landscape.margin - used;
  return [...fixed, { header: '資格', width: rest, align: 'left', value: (r) => r.qualifications }, last];
}

/** Rows on one page. */
export const rowsPerPage = Math.floor((a3Landscape.height - a3Landscape.margin - 4 - tableTop - headerH) / rowH);

export function sectionListPageCount(rows: number): number {
  return Math.max(1, Math.ceil(rows / rowsPerPage));
}

function headerRow(doc: PDFKit.PDFDocument, cols: Column[], y: number): void {
  let x = a3Landscape.margin;
  const style: TextStyle = { weight: 'bold', size: 8.5 };
  useStyle(doc, style);
  const lh = doc.currentLineHeight(true);
  for (const c of cols) {
    doc.save().rect(x, y, c.width, headerH).fillAndStroke(headFill, rule).restore();
    const lines = c.header.split('\n');
    doc.fillColor('black');
    lines.forEach((line, i) => {
      drawLine(doc, line, x + 3, y + (headerH - lh * lines.length) / 2 + i * lh, c.width - 6, style, 'center');
    });
    x += c.width;
  }
}

function dataRow(doc: PDFKit.PDFDocument, cols: Column[], r: PlacementRow, y: number, shade: boolean): void {
  let x = a3Landscape.margin;
  for (const c of cols) {
    doc.save().rect(x, y, c.width, rowH);
    if (shade) doc.fillAndStroke('#F7F8FA', rule);
    else doc.lineWidth(0.5).stroke(rule);
    doc.restore();
    const text = fitLine(doc, c.value(r), c.width - 8, cell);
    const h = doc.currentLineHeight(true);
    doc.fillColor('black');
    drawLine(doc, text, x + 4, y + (rowH - h) / 2, c.width - 8, cell, c.align);
    x += c.width;
  }
}

/** Draws every page of a section's list; the first page must already exist, the rest are added here. */
export function drawSectionList(
  doc: PDFKit.PDFDocument,
  fy: number,
  section: string,
  rows: PlacementRow[],
  printedOn: string,
): number {
  const cols = columns(fy);
  const pages = sectionListPageCount(rows.length);
  for (let page = 1; page <= pages; page += 1) {
    if (page > 1) doc.addPage({ size: 'A3', layout: 'landscape', margin: 0 });
    const { margin } = a3Landscape;
    doc.fillColor('black');
    const title = fitLine(doc, `所属別一覧　${section}`, 700, { weight: 'bold', size: 18 });
    drawLine(doc, title, margin, margin - 12, 700, { weight: 'bold', size: 18 });
    drawLine(doc, `${fiscalYearLabel(fy)}　${formatCount(rows.length, '名')}`, margin, margin + 14, 700, { size: 10 });
    drawFurniture(doc, a3Landscape, printedOn, page, pages);
    headerRow(doc, cols, tableTop);
    const slice = rows.slice((page - 1) * rowsPerPage, page * rowsPerPage);
    if (slice.length === 0) {
      drawLine(doc, '該当する職員はいません。', margin + 4, tableTop + headerH + 6, 400, cell);
    }
    slice.forEach((r, i) => dataRow(doc, cols, r, tableTop + headerH + i * rowH, i % 2 === 1));
  }
  return pages;
}
