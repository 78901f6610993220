import ExcelJS from 'exceljs';
import type { PlacementRow } from '../../../shared/api/placement';
import { fiscalYearLabel, fiscalYearShort } from '../../../shared/fiscal-year';
import { bookFont } from '../workbooks/io/fonts';
import { linesFor } from '../workbooks/io/form-sheet';
import { xlsxBuffer } from '../workbooks/io/workbook';
import type { CellOut } from '../workbooks/io/writer';
import { classLabel } from './pdf/summary-page';

/*
 * The section list (所属別一覧) as an Excel workbook for offices that edit before printing
 * (docs/placement.md, "PDF"): the same columns as the A3 PDF, printed on A3 landscape one page wide,
 * the header row repeated on every printed page, 取扱注意 in the page header and footer. Cells hold
 * primitive values only (text and numbers, never a formula); every style names a Japanese font.
 */

/** A3 in Excel's paper codes (exceljs's PaperSize enum leaves it out). */
const paperA3 = 8 as ExcelJS.PaperSize;
const font = bookFont(10);
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

type Column = {
  header: string;
  width: number;
  center?: boolean;
  /** Long text wraps at the column edge, and its row grows (資格). */
  wrap?: boolean;
  value: (r: PlacementRow) => CellOut;
};

function columns(fy: number): Column[] {
  const years = [fy - 2, fy - 1, fy];
  return [
    { header: '職員番号', width: 11, value: (r) => r.staffNo },
    { header: '氏名', width: 18, value: (r) => r.name },
    { header: '職位', width: 10, value: (r) => r.position },
    { header: '職層', width: 11, value: (r) => r.gradeGroup },
    { header: '在職年数', width: 9, center: true, value: (r) => r.yearsOfService },
    { header: '在課年数', width: 9, center: true, value: (r) => r.yearsInPost },
    ...years.map((y): Column => ({
      header: `${fiscalYearShort(y, 'era')} 区分`,
      width: 17,
      center: true,
      value: (r) => {
        const result = r.results.find((x) => x.fy === y);
        return result ? classLabel(result) : '—';
      },
    })),
    { header: '異動希望', width: 9, center: true, value: (r) => (r.wishesTransfer ? '○' : '') },
    { header: '資格', width: 40, wrap: true, value: (r) => r.qualifications },
    { header: '公募', width: 7, center: true, value: (r) => (r.applied ? '○' : '') },
  ];
}

/** '&' starts a code in Excel's header and footer text. */
const hf = (s: string): string => s.replace(/&/gu, '&&');

export async function sectionListXlsx(fy: number, section: string, rows: PlacementRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const cols = columns(fy);
  const title = `所属別一覧 ${section} ${fiscalYearLabel(fy)}`;
  const ws = wb.addWorksheet('所属別一覧', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: paperA3,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${hf(title)}&R&"游ゴシック,太字"&14取扱注意`,
      oddFooter: '&L取扱注意&C&P / &N&R印刷日 &D',
    },
  });
  ws.columns = cols.map((c, i) => ({
    key: `c${i}`,
    width: c.width,
    style: { font, numFmt: c.header.endsWith('年数') ? '0' : '@', alignment: { vertical: 'middle' } },
  }));
  const header = ws.getRow(1);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...font, bold: true };
    cell.fill = headerFill;
    cell.border = thin;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.height = 30;
  for (const r of rows) {
    const row = ws.addRow([]);
    let lines = 1;
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = c.value(r);
      if (v !== null && v !== '') cell.value = v;
      if (c.wrap && typeof v === 'string') lines = Math.max(lines, linesFor(v, c.width));
      cell.font = font;
      cell.border = thin;
      cell.alignment = { vertical: 'middle', horizontal: c.center ? 'center' : 'left', wrapText: c.wrap === true };
    });
    if (lines > 1) row.height = Math.min(6, lines) * 14 + 4;
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  return xlsxBuffer(wb);
}
