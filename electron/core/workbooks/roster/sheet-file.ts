import type { FileDownload, RosterKind } from '../../../../shared/contract';
import { kindLabels, sheetSpecs } from '../io/specs';
import type { ExportSink } from '../../api/outbox';
import { importSheetsTo } from '../io/writer';
import type { CellOut, ExtraColumn } from '../io/writer';

/** A person named in a reference column: 職員番号 and 氏名 (blank when none). */
export type Named = { staffNo: string; name: string };
export const who = (s: Named | undefined): [CellOut, string] => [s?.staffNo ?? null, s?.name ?? ''];

/** The current data in the template's layout (so that it re-imports as unchanged), with its reference columns. */
export async function sheetDownload(
  kind: RosterKind,
  rows: CellOut[][],
  extra: ExtraColumn[],
  year: number,
  sink: ExportSink,
): Promise<FileDownload> {
  const suffix = kind === 'staff' ? '' : `_${year}年度`;
  const fileName = `${kindLabels[kind]}${suffix}.xlsx`;
  return importSheetsTo(sink, fileName, [{ spec: sheetSpecs[kind], rows, extra }], { confidential: true });
}
