import type { workbooksChannels } from '../../../shared/api/workbooks';
import { AppError } from '../../../shared/result';
import type { Handlers } from '../api/handlers';
import { exportAppraisal } from './forms/appraisal-export';
import { exportForms } from './forms/export';
import { commitImport, importLog, newImportToken, previewImport } from './importer';
import { exportData, templateFor } from './roster/export';

/** The import, the roster workbooks and the form workbooks (shared/api/workbooks.ts, docs/channels.md). */
export const workbooksHandlers: Handlers<typeof workbooksChannels> = {
  'import:preview': async ({ ctx, office, input }) => {
    // Parse (and, for the 職員名簿, the plan) run in the import worker: the window stays responsive.
    const token = newImportToken();
    const file = Buffer.from(input.data, 'base64');
    const options = { confirmNewStaff: input.confirmNewStaff };
    const { parsed, preview } = await previewImport(office.db, {
      kind: input.kind,
      fileName: input.fileName,
      file,
      token,
      options,
    });
    ctx.pendingImport = { token, parsed };
    return preview;
  },
  'import:commit': ({ ctx, office, session, input }) => {
    const pending = ctx.pendingImport;
    if (!pending || pending.token !== input.token) {
      throw new AppError('NOT_FOUND', 'プレビューした取り込みが見つかりません。ファイルを選び直してください。');
    }
    const result = commitImport(office.db, session.actor, pending.parsed, { confirmNewStaff: input.confirmNewStaff });
    ctx.pendingImport = null;
    return result;
  },
  'import:log': ({ office }) => importLog(office.db),
  'excel:template': ({ input }) => templateFor(input.kind),
  'excel:export': ({ office, input }) => exportData(office.db, input.kind, input.fy),
  'forms:export': ({ office, session, input }) => exportForms(office.db, session.actor, input),
  'appraisal:export': ({ office, session, input }) => exportAppraisal(office.db, session, input),
};
