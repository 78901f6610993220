import type ExcelJS from 'exceljs';

/*
 * Workbook structure protection (docs/workbooks.md, "The hidden sheet"): a very hidden sheet cannot
 * be shown from Excel's menus, but LibreOffice Calc unhides it like any hidden sheet unless the
 * workbook's structure is locked. exceljs 4.4.0 has no API for <workbookProtection>, so the element
 * is added to xl/workbook.xml as exceljs writes it — in memory and streamed alike — with the hash of
 * the sheets' own random password (nobody knows it; the import never relies on the protection).
 */

/** What exceljs keeps of a protected sheet's password (Worksheet.protect). */
export type PasswordHash = { algorithmName?: string; hashValue?: string; saltValue?: string; spinCount?: number };

type Append = (data: string | Buffer, options: { name: string }) => void;
type Zip = { append: Append };

const attr = (s: string): string =>
  s.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/** The <workbookProtection> element: structure locked, with the password hash when there is one. */
export function protectionElement(hash: PasswordHash | null): string {
  const parts = ['lockStructure="1"'];
  if (hash?.algorithmName && hash.hashValue && hash.saltValue) {
    parts.unshift(
      `workbookAlgorithmName="${attr(hash.algorithmName)}"`,
      `workbookHashValue="${attr(hash.hashValue)}"`,
      `workbookSaltValue="${attr(hash.saltValue)}"`,
      `workbookSpinCount="${Math.round(hash.spinCount ?? 100_000)}"`,
    );
  }
  return `<workbookProtection ${parts.join(' ')}/>`;
}

/**
 * xl/workbook.xml with the protection in its place: after <workbookPr> (CT_Workbook's order is
 * fileVersion, fileSharing, workbookPr, workbookProtection, bookViews, sheets). Any protection the
 * text already holds is replaced.
 */
export function withWorkbookProtection(xml: string, hash: PasswordHash | null): string {
  const element = protectionElement(hash);
  const bare = xml.replace(/<workbookProtection\b[^>]*\/>/gu, '');
  for (const after of [/<workbookPr\b[^>]*\/>/u, /<fileSharing\b[^>]*\/>/u, /<fileVersion\b[^>]*\/>/u]) {
    const m = after.exec(bare);
    if (m) return bare.slice(0, m.index + m[0].length) + element + bare.slice(m.index + m[0].length);
  }
  const m = /<workbook\b[^>]*>/u.exec(bare);
  if (!m) throw new Error('xl/workbook.xml has no <workbook> element');
  return bare.slice(0, m.index + m[0].length) + element + bare.slice(m.index + m[0].length);
}

/** A zip whose xl/workbook.xml entry gets the protection on its way in. */
function protectingZip(zip: Zip, hash: PasswordHash | null): Zip {
  return {
    append: (data, options) => {
      const isBook = options.name.replace(/^\//u, '') === 'xl/workbook.xml';
      zip.append(isBook ? withWorkbookProtection(data.toString(), hash) : data, options);
    },
  };
}

type BookWriter = { addWorkbook: (zip: Zip, model: unknown) => Promise<void> };

/** Locks the structure of an in-memory workbook when it is written (xlsxBuffer). */
export function protectStructure(wb: ExcelJS.Workbook, hash: PasswordHash | null): void {
  const xlsx = wb.xlsx as unknown as BookWriter;
  const write = xlsx.addWorkbook.bind(xlsx);
  xlsx.addWorkbook = (zip, model) => write(protectingZip(zip, hash), model);
}

type StreamBook = { zip: Zip; addWorkbook: () => Promise<void> };

/** Locks the structure of a streamed workbook when it is committed. */
export function protectStreamedStructure(wb: ExcelJS.stream.xlsx.WorkbookWriter, hash: PasswordHash | null): void {
  const book = wb as unknown as StreamBook;
  const write = book.addWorkbook.bind(book);
  book.addWorkbook = () => {
    // exceljs appends workbook.xml synchronously inside addWorkbook; the real zip is back right after.
    const real = book.zip;
    book.zip = protectingZip(real, hash);
    try {
      return write();
    } finally {
      book.zip = real;
    }
  };
}

/** The password hash of a protected sheet, to lock the workbook with the same unknown password. */
export function sheetPasswordHash(ws: ExcelJS.Worksheet | undefined): PasswordHash | null {
  const p = (ws as unknown as { sheetProtection?: PasswordHash | null } | undefined)?.sheetProtection;
  return p ?? null;
}
