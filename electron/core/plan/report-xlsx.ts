import ExcelJS from 'exceljs';
import { minGroupSize } from '../../../shared/access';
import type { PlanDashboard } from '../../../shared/api/plan';
import { formatJapaneseDate } from '../../../shared/dates';
import { fiscalYearLabel } from '../../../shared/fiscal-year';
import { xlsxBuffer } from '../workbooks/io/workbook';
import type { CellOut } from '../workbooks/io/writer';
import {
  headlineTarget,
  kpiLines,
  measureCells,
  measureColumns,
  measureGroups,
  measureTally,
  otherTables,
  reportYears,
  shareCells,
  targetLabel,
  verdictLabel,
  yearHeader,
} from './report-content';

/*
 * The KPI report as an Excel workbook (docs/kpi-report.md): A4, fit to one page wide, the table's
 * header row repeated on every printed page, the print date in the footer and 取扱注意 on the
 * sheets that break figures down (per 課, per area, the 区分). Cells hold primitive values only
 * (text and numbers, never a formula or a link); every style names a Japanese font.
 */

const fontName = '游ゴシック';
const font: Partial<ExcelJS.Font> = { name: fontName, size: 10 };
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const groupFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** '&' starts a code in Excel's header and footer text. */
const hf = (s: string): string => s.replace(/&/gu, '&&');

type SheetSetup = {
  name: string;
  title: string;
  widths: number[];
  landscape: boolean;
  confidential: boolean;
  /** Repeat the (first) table's header row on printed pages: sheets of one table. */
  repeatHead?: boolean;
};

type Writer = {
  ws: ExcelJS.Worksheet;
  /** A line of text (the title, a note, a table's heading). */
  text: (value: string, style: 'title' | 'note' | 'heading') => void;
  /** A shaded, bordered header row; the first one is the row repeated on printed pages. */
  head: (columns: readonly string[]) => void;
  row: (values: readonly CellOut[], group?: boolean) => void;
  blank: () => void;
};

function sheet(wb: ExcelJS.Workbook, s: SheetSetup, printedOn: string): Writer {
  const mark = s.confidential ? `&R&"${fontName},太字"&14取扱注意` : '';
  const ws = wb.addWorksheet(s.name, {
    pageSetup: {
      paperSize: 9,
      orientation: s.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${hf(s.title)}${mark}`,
      oddFooter: `${s.confidential ? '&L取扱注意' : ''}&C&P / &N&R${hf(`印刷日 ${formatJapaneseDate(printedOn)}`)}`,
    },
  });
  ws.columns = s.widths.map((width) => ({ width, style: { font, alignment: { vertical: 'middle' } } }));
  let r = 0;
  let firstHead: number | null = null;
  const next = (): ExcelJS.Row => {
    r += 1;
    return ws.getRow(r);
  };
  return {
    ws,
    text: (value, style) => {
      const cell = next().getCell(1);
      cell.value = value;
      cell.font =
        style === 'title'
          ? { ...font, size: 14, bold: true }
          : style === 'heading'
            ? { ...font, size: 11, bold: true }
            : { ...font, size: 9 };
    },
    head: (columns) => {
      const row = next();
      columns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        cell.value = c;
        cell.font = { ...font, bold: true };
        cell.fill = headerFill;
        cell.border = thin;
        cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      });
      if (firstHead === null && s.repeatHead !== false) {
        firstHead = r;
        ws.pageSetup.printTitlesRow = `${r}:${r}`;
        ws.views = [{ state: 'frozen', ySplit: r }];
      }
    },
    row: (values, group = false) => {
      const row = next();
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        if (v !== null && v !== '') cell.value = v;
        cell.font = group ? { ...font, bold: true } : font;
        cell.border = thin;
        if (group) cell.fill = groupFill;
        cell.alignment = {
          vertical: 'middle',
          horizontal: typeof v === 'number' ? 'right' : i === 0 || i === 1 ? 'left' : 'center',
          wrapText: true,
        };
        if (typeof v === 'number' && !Number.isInteger(v)) cell.numFmt = '0.0';
      });
    },
    blank: () => {
      next();
    },
  };
}

function kpiSheet(wb: ExcelJS.Workbook, d: PlanDashboard, printedOn: string, title: string): void {
  const years = reportYears(d);
  const w = sheet(
    wb,
    {
      name: '目標一覧',
      title,
      widths: [44, 6, 12, ...years.map(() => 12), 8, 26],
      landscape: true,
      confidential: false,
    },
    printedOn,
  );
  w.text(`${title} 目標一覧`, 'title');
  w.text(`各年度の実績（割合は％、小数第1位）。達成は${yearHeader(d.fy)}の実績と目標の比較。`, 'note');
  w.head(['指標', '単位', '目標', ...years.map(yearHeader), '達成', 'ID']);
  for (const l of kpiLines(d)) {
    w.row([
      l.label,
      l.unit,
      l.target ?? targetLabel(null, l.unit),
      ...l.years.map((k) => (k === undefined || k.value === null ? '—' : k.value)),
      verdictLabel(l.met),
      l.id,
    ]);
  }
}

function sectionSheet(wb: ExcelJS.Workbook, d: PlanDashboard, printedOn: string, title: string): void {
  const w = sheet(
    wb,
    { name: '課別（意義）', title, widths: [24, 12, 14, 12, 10], landscape: false, confidential: true },
    printedOn,
  );
  w.text(`${title} 仕事に意義を感じる職員の割合（課別）`, 'title');
  const target = headlineTarget(d);
  w.text(
    `自己申告の「意義」で4・5と答えた職員の割合。目標 ${target === null ? '—' : `${target}%以上`}。` +
      `回答が${minGroupSize}人未満の課は数値を伏せています。`,
    'note',
  );
  w.head(['課', '回答数', '4・5の回答', '割合（%）', '達成']);
  for (const r of d.meaningfulBySection) w.row(shareCells(r));
}

function measuresSheet(wb: ExcelJS.Workbook, d: PlanDashboard, printedOn: string, title: string): void {
  const w = sheet(
    wb,
    { name: '取組み', title, widths: [8, 36, 30, 11, 22, 8], landscape: true, confidential: false },
    printedOn,
  );
  const t = measureTally(d);
  w.text(`${title} 取組みの実施状況`, 'title');
  w.text(`達成 ${t.met}件・未達 ${t.unmet}件・判定なし ${t.open}件・対象外 ${t.notApplying}件`, 'note');
  w.head([...measureColumns]);
  for (const g of measureGroups(d)) {
    w.row([g.heading, null, null, null, null, null], true);
    w.ws.mergeCells(w.ws.rowCount, 1, w.ws.rowCount, measureColumns.length);
    for (const m of g.measures) w.row(measureCells(m));
  }
}

function otherSheet(wb: ExcelJS.Workbook, d: PlanDashboard, printedOn: string, title: string): void {
  const w = sheet(
    wb,
    {
      name: '表彰・区分・進捗',
      title,
      widths: [30, 12, 12, 14, 10, 10, 8, 10],
      landscape: true,
      confidential: true,
      repeatHead: false,
    },
    printedOn,
  );
  w.text(`${title} 表彰・地域担当・区分・進捗`, 'title');
  for (const t of otherTables(d)) {
    w.blank();
    w.text(t.heading, 'heading');
    w.head(t.columns);
    if (t.rows.length === 0) w.row(['なし']);
    for (const r of t.rows) w.row(r);
  }
}

/** The workbook of the report (sheets 目標一覧, 課別（意義）, 取組み, 表彰・区分・進捗). */
export async function kpiReportXlsx(d: PlanDashboard, opts: { printedOn: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const title = `KPI報告書 ${fiscalYearLabel(d.fy)}`;
  wb.title = title;
  kpiSheet(wb, d, opts.printedOn, title);
  sectionSheet(wb, d, opts.printedOn, title);
  measuresSheet(wb, d, opts.printedOn, title);
  otherSheet(wb, d, opts.printedOn, title);
  return xlsxBuffer(wb);
}
