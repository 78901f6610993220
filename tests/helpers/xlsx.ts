import ExcelJS from 'exceljs';

/** Builds a workbook as a user would in a spreadsheet: optional title rows, a header row, data rows. */
export async function workbookWith(
  sheets: { name: string; title?: string[]; header: string[]; rows: (string | number | Date | null)[][] }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const t of s.title ?? []) ws.addRow([t]);
    ws.addRow(s.header);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function loadXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const staffHeader = [
  '職員番号',
  '氏名',
  'ふりがな',
  '所属',
  '担当',
  '職位',
  '職層',
  '職種',
  '雇用区分',
  '採用日',
  '現所属配属日',
  '資格',
  '在職',
];
