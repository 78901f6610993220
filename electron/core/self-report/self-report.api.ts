import type { selfReportChannels } from '../../../shared/api/self-report';
import type { Handlers } from '../api/handlers';
import {
  getSelfReportView,
  recordInterview,
  reopenSelfReport,
  saveSelfReport,
  submitSelfReport,
} from './self-report.service';
import { selfReportProgress } from './self-report-progress.service';
import { selfReportList } from './self-report-list.service';

/** The self-report (shared/api/self-report.ts, docs/channels.md). */
export const selfReportHandlers: Handlers<typeof selfReportChannels> = {
  'selfReport:get': ({ office, session, input }) => getSelfReportView(office.db, session, input),
  'selfReport:save': ({ office, session, input }) => saveSelfReport(office.db, session, input),
  'selfReport:submit': ({ office, session, input }) => submitSelfReport(office.db, session, input),
  'selfReport:interview': ({ office, session, input }) => recordInterview(office.db, session, input),
  'selfReport:reopen': ({ office, session, input }) => reopenSelfReport(office.db, session, input),
  'selfReport:progress': ({ office, input }) => selfReportProgress(office.db, input),
  'selfReport:list': ({ office, session, input }) => selfReportList(office.db, session, input),
};
