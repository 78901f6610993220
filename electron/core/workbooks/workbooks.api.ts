import type { workbooksChannels } from '../../../shared/api/workbooks';
import { AppError } from '../../../shared/result';
import type { ImportProgressRecord } from '../api/context';
import type { Handlers } from '../api/handlers';
import { exportAppraisal } from './forms/appraisal-export';
import { exportForms } from './forms/export';
import { commitImport, importLog, newImportToken, prepareImport, previewImport } from './importer';
import { exportData, templateFor } from './roster/export';

/** The import, the roster workbooks and the form workbooks (shared/api/workbooks.ts, docs/channels.md). */
export const workbooksHandlers: Handlers<typeof workbooksChannels> = {
  'import:preview': async ({ ctx, office, session, input }) => {
    // Parse (and, for the 職員名簿, the plan) run in the import worker: the window stays responsive,
    // and import:progress answers meanwhile from the record this preview owns (docs/workbook-import.md).
    const token = newImportToken();
    const record: ImportProgressRecord = { token, running: true, percent: 0, fileName: input.fileName };
    ctx.importProgress = record;
    const owned = (): boolean => ctx.importProgress === record;
    let succeeded = false;
    try {
      const file = Buffer.from(input.data, 'base64');
      // The keys stay on this thread: the worker only parses (and plans the 職員名簿, which holds
      // nothing sealed); the forms are planned here with them (import-thread.ts, docs/sealed-data.md).
      const options = { confirmNewStaff: input.confirmNewStaff, keys: session.keys };
      const { parsed, preview } = await previewImport(
        office.db,
        { kind: input.kind, fileName: input.fileName, file, token, options },
        (percent) => {
          // Only ever forward, within 0–100.
          if (owned()) record.percent = Math.max(record.percent, Math.min(100, Math.max(0, Math.floor(percent))));
        },
      );
      // Two previews at once (two windows, a double click): only the one started last may be
      // committed, whichever finishes first; the other's token then answers NOT_FOUND.
      if (owned()) ctx.pendingImport = { token, parsed };
      succeeded = true;
      return preview;
    } finally {
      if (owned()) {
        record.running = false;
        if (succeeded) record.percent = 100;
      }
    }
  },
  'import:commit': ({ ctx, office, session, input }) => {
    const pending = ctx.pendingImport;
    if (!pending || pending.token !== input.token) {
      throw new AppError('NOT_FOUND', 'プレビューした取り込みが見つかりません。ファイルを選び直してください。');
    }
    const result = commitImport(office.db, session.actor, pending.parsed, {
      confirmNewStaff: input.confirmNewStaff,
      keys: session.keys,
    });
    ctx.pendingImport = null;
    return result;
  },
  'import:progress': ({ ctx }) => {
    const { running, percent, fileName } = ctx.importProgress;
    return { running, percent, fileName };
  },
  'import:log': ({ office }) => importLog(office.db),
  'import:prepare': async () => ({ ready: await prepareImport() }),
  // Every export answers base64 as always, or with delivery 'file' writes to the outbox (docs/exports.md).
  'excel:template': ({ ctx, input }) => templateFor(input.kind, ctx.exportSink(input.delivery)),
  'excel:export': ({ ctx, office, input }) =>
    exportData(office.db, input.kind, input.fy, ctx.exportSink(input.delivery)),
  'forms:export': ({ ctx, office, session, input }) =>
    exportForms(office.db, session, input, ctx.exportSink(input.delivery)),
  'appraisal:export': ({ ctx, office, session, input }) =>
    exportAppraisal(office.db, session, input, ctx.exportSink(input.delivery)),
};
