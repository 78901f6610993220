import type { appraisalChannels } from '../../../shared/api/appraisal';
import type { Handlers } from '../api/handlers';
import { getAppraisalView, saveAppraisal, submitAppraisal } from './appraisal.service';
import { getAppraisalConfig, resetAppraisalConfig, saveAppraisalConfig } from './config.service';
import { nameCross, rateCross } from './cross.service';
import { waitingEvaluators } from './evaluators.service';
import { listAppraisals } from './list.service';
import { confirmRanking, decideTie, excludeFromRanking, rankingView } from './ranking.service';
import { statusTable } from './status.service';
import { sendBackAppraisal, unlockAppraisal } from './workflow.service';

/** The appraisal, its ranking and the year's configuration (shared/api/appraisal.ts, docs/channels.md). */
export const appraisalHandlers: Handlers<typeof appraisalChannels> = {
  'appraisal:get': ({ office, session, input }) => getAppraisalView(office.db, session, input),
  'appraisal:save': ({ office, session, input }) => saveAppraisal(office.db, session, input),
  'appraisal:submit': ({ office, session, input }) => submitAppraisal(office.db, session, input),
  'appraisal:sendBack': ({ office, session, input }) => sendBackAppraisal(office.db, session, input),
  'appraisal:unlock': ({ office, session, input }) => unlockAppraisal(office.db, session, input),
  'appraisal:cross': ({ office, session, input }) => rateCross(office.db, session, input),
  'appraisal:nameCross': ({ office, session, input }) => nameCross(office.db, session, input),
  'appraisal:list': ({ office, session, input }) => listAppraisals(office.db, session, input),
  'appraisal:evaluators': ({ office, session, input }) => waitingEvaluators(office.db, session, input),
  'appraisal:status': ({ office, session, input }) => statusTable(office.db, session, input),
  'appraisal:ranking': ({ office, session, input }) => rankingView(office.db, session, input),
  'appraisal:decideTie': ({ office, session, input }) => decideTie(office.db, session, input),
  'appraisal:confirmRanking': ({ office, session, input }) => confirmRanking(office.db, session, input),
  'appraisal:exclude': ({ office, session, input }) => excludeFromRanking(office.db, session, input),
  'appraisal:config': ({ office, input }) => getAppraisalConfig(office.db, input.fy),
  'appraisal:saveConfig': ({ office, session, input }) => saveAppraisalConfig(office.db, session, input),
  'appraisal:resetConfig': ({ office, session, input }) =>
    resetAppraisalConfig(office.db, session, input.fy, input.confirmClosedYear),
};
