import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/result';
import { inspectXlsx } from './xlsx-guard';
import type { XlsxLimits } from './xlsx-guard';

export type LoadedWorkbook = { workbook: ExcelJS.Workbook; fileHash: string };

/**
 * Opens an uploaded .xlsx after the guard has checked its container (format, sizes, row counts)
 * without inflating it. Only then does exceljs's document reader load it; the streaming reader is
 * never used (it corrupts multi-byte text at chunk boundaries and returns furigana for names).
 */
export async function loadWorkbook(buf: Buffer, limits?: Partial<XlsxLimits>): Promise<LoadedWorkbook> {
  await inspectXlsx(buf, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      'VALIDATION',
      'ファイルを Excel ブックとして読み込めません（壊れているか、対応していない形式です）。',
    );
  }
  return { workbook, fileHash: crypto.createHash('sha256').update(buf).digest('hex') };
}
