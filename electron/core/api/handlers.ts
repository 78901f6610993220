import type { ChannelName } from '../../../shared/channels';
import type { Outputs, Parsed } from '../../../shared/contract';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { AppError } from '../../../shared/result';
import { listAudit } from '../system/audit.repo';
import { listCycles, staffOptions } from '../staff/staff.repo';
import {
  accountsList,
  changeOwnPassword,
  createAccount,
  disableAccount,
  enableAccount,
  resetPassword,
  updateAccountDetails,
} from '../office/accounts.service';
import { listBackups, rotatingBackup, verifyDatabase } from '../system/backup.service';
import { createDemoOffice, defaultDemoPassword } from '../demo/demo';
import { createOffice, publicSession, sessionOf, unlockOffice } from '../office/office.service';
import type { Office, Session } from '../office/office.service';
import { exportData, templateFor } from '../workbooks/roster/export';
import { exportForms } from '../workbooks/forms/export';
import { exportAppraisal } from '../workbooks/forms/appraisal-export';
import { openEvaluatorWorkbook, writeEvaluatorWorkbook } from '../workbooks/forms/evaluator-fill';
import { commitImport, importLog, newImportToken, parseImport, previewOf } from '../workbooks/importer';
import {
  getSelfReportView,
  recordInterview,
  reopenSelfReport,
  saveSelfReport,
  selfReportProgress,
  submitSelfReport,
} from '../self-report/self-report.service';
import { areasOverview, listSections, listStaff, staffDetail } from '../staff/staff.service';
import { addPatrol, addStudy, getAreaLog, removeEntry } from '../areas/area-log.service';
import {
  getSheetView,
  listSheets,
  reopenSheet,
  reviewSheet,
  reviseGoal,
  saveSheet,
  submitSheet,
} from '../mbo/mbo.service';
import {
  getAppraisalView,
  nameCross,
  rateCross,
  saveAppraisal,
  sendBackAppraisal,
  submitAppraisal,
  unlockAppraisal,
} from '../appraisal/appraisal.service';
import {
  confirmRanking,
  decideTie,
  excludeFromRanking,
  listAppraisals,
  rankingView,
  statusTable,
} from '../appraisal/ranking.service';
import { decideAward, listAwards, revokeAward, saveAwardEntry } from '../awards/awards.service';
import { getAppraisalConfig, resetAppraisalConfig, saveAppraisalConfig } from '../appraisal/config.service';
import type { AppContext } from './context';

/** What a handler receives: the app, and — for every non-public channel — the open office and session. */
export type HandlerArgs<K extends ChannelName> = {
  ctx: AppContext;
  office: Office | null;
  session: Session | null;
  input: Parsed<K>;
};

type Handler<K extends ChannelName> = (a: HandlerArgs<K>) => Outputs[K] | Promise<Outputs[K]>;

function need<T>(value: T | null): T {
  if (value === null) throw new AppError('UNAUTHENTICATED', 'ログインしてください。');
  return value;
}

export const handlers: { [K in ChannelName]: Handler<K> } = {
  'app:status': ({ ctx }) => ctx.status(),
  'app:createOffice': async ({ ctx, input }) => {
    const { office, first } = await createOffice(ctx.dbPath, {
      officeName: input.officeName,
      accounts: [
        { login: input.login, displayName: input.displayName, role: 'hr', staffNo: null, password: input.password },
      ],
    });
    const session = sessionOf(first);
    ctx.begin(office, session);
    return publicSession(session);
  },
  'app:createDemo': async ({ ctx }) => {
    const { office } = await createDemoOffice(ctx.dbPath, defaultDemoPassword, true);
    office.db.close();
    office.dataKey.fill(0);
    return ctx.status();
  },
  'fill:open': ({ input }) => openEvaluatorWorkbook(input.fileName, Buffer.from(input.data, 'base64')),
  'fill:write': ({ input }) => writeEvaluatorWorkbook(input.fileName, Buffer.from(input.data, 'base64'), input.entries),
  'auth:login': async ({ ctx, input }) => {
    const { office, account } = await unlockOffice(ctx.dbPath, input.login, input.password);
    const session = sessionOf(account);
    ctx.begin(office, session);
    return publicSession(session);
  },
  'auth:logout': ({ ctx }) => {
    ctx.end();
    return null;
  },
  'auth:changePassword': async ({ ctx, office, session, input }) => {
    const account = await changeOwnPassword(need(office), need(session), input.current, input.next);
    const next = sessionOf(account);
    ctx.session = next;
    return publicSession(next);
  },
  'accounts:list': ({ office }) => accountsList(need(office)),
  'accounts:create': ({ office, session, input }) => createAccount(need(office), need(session), input),
  'accounts:update': ({ office, session, input }) => updateAccountDetails(need(office), need(session), input),
  'accounts:disable': ({ office, session, input }) => disableAccount(need(office), need(session), input.id),
  'accounts:enable': ({ office, session, input }) =>
    enableAccount(need(office), need(session), input.id, input.password),
  'accounts:resetPassword': ({ office, session, input }) =>
    resetPassword(need(office), need(session), input.id, input.password),
  'staff:options': ({ office, input }) => staffOptions(need(office).db, input.query),
  'cycles:list': ({ office }) => listCycles(need(office).db, fiscalYearOf(new Date())),
  'audit:list': ({ office, input }) => listAudit(need(office).db, input.offset, input.limit),
  'system:verify': ({ office }) => verifyDatabase(need(office).db),
  'system:backup': ({ office, session }) => rotatingBackup(need(office), need(session).actor),
  'system:backups': ({ ctx }) => listBackups(ctx.dbPath),
  'org:sections': ({ office }) => listSections(need(office).db),
  // The screen gets at most 5,000 rows unless it asks otherwise: a city-wide list is filtered first.
  'staff:list': ({ office, session, input }) => listStaff(need(office).db, need(session), { limit: 5000, ...input }),
  'staff:detail': ({ office, session, input }) => staffDetail(need(office).db, need(session), input.staffNo, input.fy),
  'areas:overview': ({ office, session, input }) => areasOverview(need(office).db, need(session), input.fy),
  'import:preview': async ({ ctx, office, input }) => {
    const parsed = await parseImport(input.kind, input.fileName, Buffer.from(input.data, 'base64'));
    const token = newImportToken();
    ctx.pendingImport = { token, parsed };
    return previewOf(need(office).db, parsed, token, { confirmNewStaff: input.confirmNewStaff });
  },
  'import:commit': ({ ctx, office, session, input }) => {
    const pending = ctx.pendingImport;
    if (!pending || pending.token !== input.token) {
      throw new AppError('NOT_FOUND', 'プレビューした取り込みが見つかりません。ファイルを選び直してください。');
    }
    const result = commitImport(need(office).db, need(session).actor, pending.parsed, {
      confirmNewStaff: input.confirmNewStaff,
    });
    ctx.pendingImport = null;
    return result;
  },
  'import:log': ({ office }) => importLog(need(office).db),
  'excel:template': ({ input }) => templateFor(input.kind),
  'excel:export': ({ office, input }) => exportData(need(office).db, input.kind, input.fy),
  'selfReport:get': ({ office, session, input }) => getSelfReportView(need(office).db, need(session), input),
  'selfReport:save': ({ office, session, input }) => saveSelfReport(need(office).db, need(session), input),
  'selfReport:submit': ({ office, session, input }) => submitSelfReport(need(office).db, need(session), input),
  'selfReport:interview': ({ office, session, input }) => recordInterview(need(office).db, need(session), input),
  'selfReport:reopen': ({ office, session, input }) => reopenSelfReport(need(office).db, need(session), input),
  'selfReport:progress': ({ office, input }) => selfReportProgress(need(office).db, input),
  'areaLog:get': ({ office, session, input }) => getAreaLog(need(office).db, need(session), input.fy, input.area),
  'areaLog:addPatrol': ({ office, session, input }) => addPatrol(need(office).db, need(session), input),
  'areaLog:addStudy': ({ office, session, input }) => addStudy(need(office).db, need(session), input),
  'areaLog:remove': ({ office, session, input }) => removeEntry(need(office).db, need(session), input),
  'mbo:get': ({ office, session, input }) => getSheetView(need(office).db, need(session), input),
  'mbo:save': ({ office, session, input }) => saveSheet(need(office).db, need(session), input),
  'mbo:submit': ({ office, session, input }) => submitSheet(need(office).db, need(session), input),
  'mbo:approve': ({ office, session, input }) => reviewSheet(need(office).db, need(session), input, 'approve'),
  'mbo:sendBack': ({ office, session, input }) => reviewSheet(need(office).db, need(session), input, 'sendBack'),
  'mbo:revise': ({ office, session, input }) => reviseGoal(need(office).db, need(session), input),
  'mbo:reopen': ({ office, session, input }) => reopenSheet(need(office).db, need(session), input),
  'mbo:list': ({ office, session, input }) => listSheets(need(office).db, need(session), input),
  'forms:export': ({ office, session, input }) => exportForms(need(office).db, need(session).actor, input),
  'appraisal:export': ({ office, session, input }) => exportAppraisal(need(office).db, need(session), input),
  'appraisal:get': ({ office, session, input }) => getAppraisalView(need(office).db, need(session), input),
  'appraisal:save': ({ office, session, input }) => saveAppraisal(need(office).db, need(session), input),
  'appraisal:submit': ({ office, session, input }) => submitAppraisal(need(office).db, need(session), input),
  'appraisal:sendBack': ({ office, session, input }) => sendBackAppraisal(need(office).db, need(session), input),
  'appraisal:unlock': ({ office, session, input }) => unlockAppraisal(need(office).db, need(session), input),
  'appraisal:cross': ({ office, session, input }) => rateCross(need(office).db, need(session), input),
  'appraisal:nameCross': ({ office, session, input }) => nameCross(need(office).db, need(session), input),
  'appraisal:list': ({ office, session, input }) => listAppraisals(need(office).db, need(session), input),
  'appraisal:status': ({ office, session, input }) => statusTable(need(office).db, need(session), input),
  'appraisal:ranking': ({ office, session, input }) => rankingView(need(office).db, need(session), input),
  'appraisal:decideTie': ({ office, session, input }) => decideTie(need(office).db, need(session), input),
  'appraisal:confirmRanking': ({ office, session, input }) => confirmRanking(need(office).db, need(session), input),
  'appraisal:exclude': ({ office, session, input }) => excludeFromRanking(need(office).db, need(session), input),
  'appraisal:config': ({ office, input }) => getAppraisalConfig(need(office).db, input.fy),
  'appraisal:saveConfig': ({ office, session, input }) => saveAppraisalConfig(need(office).db, need(session), input),
  'appraisal:resetConfig': ({ office, session, input }) =>
    resetAppraisalConfig(need(office).db, need(session), input.fy, input.confirmClosedYear),
  'awards:list': ({ office, session, input }) => listAwards(need(office).db, need(session), input),
  'awards:save': ({ office, session, input }) => saveAwardEntry(need(office).db, need(session), input),
  'awards:decide': ({ office, session, input }) => decideAward(need(office).db, need(session), input),
  'awards:revoke': ({ office, session, input }) => revokeAward(need(office).db, need(session), input),
};
