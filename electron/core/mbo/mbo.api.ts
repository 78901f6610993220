import type { mboChannels } from '../../../shared/api/mbo';
import type { Handlers } from '../api/handlers';
import { listSheets } from './mbo-list.service';
import { getSheetView, reopenSheet, reviewSheet, reviseGoal, saveSheet, submitSheet } from './mbo.service';

/** The MBO sheet (shared/api/mbo.ts, docs/channels.md). */
export const mboHandlers: Handlers<typeof mboChannels> = {
  'mbo:get': ({ office, session, input }) => getSheetView(office.db, session, input),
  'mbo:save': ({ office, session, input }) => saveSheet(office.db, session, input),
  'mbo:submit': ({ office, session, input }) => submitSheet(office.db, session, input),
  'mbo:approve': ({ office, session, input }) => reviewSheet(office.db, session, input, 'approve'),
  'mbo:sendBack': ({ office, session, input }) => reviewSheet(office.db, session, input, 'sendBack'),
  'mbo:revise': ({ office, session, input }) => reviseGoal(office.db, session, input),
  'mbo:reopen': ({ office, session, input }) => reopenSheet(office.db, session, input),
  'mbo:list': ({ office, session, input }) => listSheets(office.db, session, input),
};
