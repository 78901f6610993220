import ExcelJS from 'exceljs';
import type { ApplicationRow } from '../../../shared/api/postings';
import type { FileDownload, Parsed } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { fiscalYearShort } from '../../../shared/fiscal-year';
import { inlineSink } from '../api/outbox';
import type { ExportSink } from '../api/outbox';
import { getMeta } from '../db/meta.repo';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { linesFor } from '../workbooks/io/form-sheet';
import { xlsxBuffer } from '../workbooks/io/workbook';
import type { CellOut } from '../workbooks/io/writer';
import { applicantsForExport } from './postings.service';
import type { PostingRecord } from './postings.repo';

/*
 * The applicants of one posting as a workbook for the selection panel (docs/postings.md): a header
 * block with the posting, 取扱注意 at the top and in the printed header and footer, then one row per
 * applicant. A4 landscape, one page wide, the table's header row repeated on each page; text
 * wrapped, a Japanese font named in every style, and only strings and numbers in cells (a
 * motivation starting with = stays text). HR only; the read is audited by applicantsForExport, which
 * opens the sealed texts with the caller's keys (docs/postings.md "Sealed").
 */

const fontName = '游ゴシック';
const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: fontName, size: 10, ...extra });

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const headFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const labelFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const warnFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } };

const columns: readonly { header: string; width: number }[] = [
  { header: '職員番号', width: 11 },
  { header: '氏名', width: 14 },
  { header: '所属', width: 16 },
  { header: '職位', width: 9 },
  { header: '応募日', width: 11 },
  { header: '状態', width: 9 },
  { header: '志望動機', width: 60 },
  { header: '選考結果メモ', width: 36 },
];
const lastCol = columns.length;
const pointsPerLine = 14;

/** Header/footer text with '&' doubled so Excel prints it rather than reading a code. */
const hfText = (s: string): string => s.replace(/&/gu, '&&');

/** A file name part without the characters Windows refuses, spaces or control characters. */
export function safeFilePart(s: string): string {
  const cleaned = s
    .replace(/[\\/:*?"<>|\s\p{Cc}]+/gu, '_')
    .replace(/^[_.]+|[_.]+$/gu, '')
    .slice(0, 60);
  return cleaned === '' ? '公募' : cleaned;
}

/** 'YYYY/M/D' of an ISO date or timestamp, on this machine's calendar for a timestamp. */
function dateText(iso: string): string {
  const day = iso.length > 10 ? todayIso(new Date(iso)) : iso;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}/${m}/${d}`;
}

function fitHeight(ws: ExcelJS.Worksheet, row: number, texts: readonly { text: string; width: number }[]): void {
  const lines = Math.max(1, ...texts.map((t) => linesFor(t.text, t.width)));
  ws.getRow(row).height = Math.min(409, lines * pointsPerLine + 4);
}

function writeHead(ws: ExcelJS.Worksheet, posting: PostingRecord, count: number): number {
  const merged = (row: number, value: string, style: Partial<ExcelJS.Style>, height: number) => {
    ws.mergeCells(row, 1, row, lastCol);
    const c = ws.getCell(row, 1);
    c.value = value;
    c.style = style;
    ws.getRow(row).height = height;
  };
  merged(1, '取扱注意', { font: font({ bold: true, size: 16, color: { argb: 'FFC00000' } }), fill: warnFill }, 26);
  merged(
    2,
    '応募者の個人情報を含みます。選考の関係者以外に見せたり渡したりしないでください。',
    { font: font({ bold: true, color: { argb: 'FFC00000' } }), alignment: { wrapText: true, vertical: 'middle' } },
    32,
  );
  merged(3, `公募応募者一覧（${fiscalYearShort(posting.fy, 'era')}）`, { font: font({ bold: true, size: 14 }) }, 24);
  const team = [posting.section, posting.team].filter((x) => x !== null && x !== '').join(' ／ ');
  const entries: [string, CellOut][] = [
    ['種別', posting.kind],
    ['件名', posting.title],
    ['所属／チーム', team === '' ? '—' : team],
    ['締切', dateText(posting.deadline)],
    ['募集人数', posting.capacity],
    ['状態', posting.status],
    ['応募者数', count],
    ['出力日', dateText(todayIso())],
  ];
  let r = 4;
  const valueWidth = columns.slice(1).reduce((a, c) => a + c.width, 0);
  for (const [label, value] of entries) {
    const l = ws.getCell(r, 1);
    l.value = label;
    l.style = { font: font({ bold: true }), fill: labelFill, border: thin, alignment: { vertical: 'top' } };
    ws.mergeCells(r, 2, r, lastCol);
    const v = ws.getCell(r, 2);
    v.value = value;
    v.style = {
      font: font(),
      border: thin,
      alignment: { wrapText: true, vertical: 'top', horizontal: 'left' },
      numFmt: typeof value === 'number' ? '0' : '@',
    };
    fitHeight(ws, r, [{ text: String(value ?? ''), width: valueWidth }]);
    r += 1;
  }
  return r + 1;
}

function writeTable(ws: ExcelJS.Worksheet, start: number, rows: readonly ApplicationRow[]): void {
  const head = ws.getRow(start);
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.style = {
      font: font({ bold: true }),
      fill: headFill,
      border: thin,
      alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
    };
  });
  let r = start + 1;
  for (const a of rows) {
    const values: CellOut[] = [
      a.staffNo,
      a.name,
      a.section ?? '',
      a.position,
      dateText(a.appliedAt),
      a.source === 'paper' ? `${a.status}（紙）` : a.status,
      // Opened with the caller's keys; one they do not open says so instead (docs/postings.md "Sealed").
      a.withheld ?? a.motivation,
      a.outcomeNote,
    ];
    const row = ws.getRow(r);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      if (v !== null && v !== '') cell.value = v;
      cell.style = {
        font: font(),
        border: thin,
        alignment: { wrapText: true, vertical: 'top' },
        numFmt: '@',
      };
    });
    fitHeight(
      ws,
      r,
      values.map((v, i) => ({ text: String(v ?? ''), width: columns[i]?.width ?? 10 })),
    );
    r += 1;
  }
  if (rows.length === 0) {
    ws.mergeCells(r, 1, r, lastCol);
    const c = ws.getCell(r, 1);
    c.value = '応募はまだありません。';
    c.style = { font: font(), border: thin };
  }
  ws.pageSetup.printTitlesRow = `${start}:${start}`;
  ws.views = [{ state: 'frozen', ySplit: start }];
}

/** The applicants' workbook of one posting (postings:export, HR). */
export async function exportPostingApplicants(
  db: Db,
  session: Session,
  input: Parsed<'postings:export'>,
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  const { posting, rows } = applicantsForExport(db, session, input.fy, input.postingId);
  const office = getMeta(db, 'office_name') ?? '';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const ws = wb.addWorksheet('応募者一覧', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.25, footer: 0.25 },
    },
    headerFooter: {
      oddHeader: `&L&"${fontName},標準"${hfText(`${office}　公募応募者一覧　${posting.title}`)}&R&"${fontName},太字"取扱注意`,
      oddFooter: `&L&"${fontName},太字"取扱注意&C&"${fontName},標準"&P / &N&R&"${fontName},標準"&D`,
    },
  });
  ws.columns = columns.map((c) => ({ width: c.width, style: { font: font() } }));
  const start = writeHead(ws, posting, rows.length);
  writeTable(ws, start, rows);
  const buf = await xlsxBuffer(wb);
  return sink.bytes(`公募応募者_${safeFilePart(posting.title)}_${todayIso().replace(/-/gu, '')}.xlsx`, buf);
}
