import type { planChannels } from '../../../shared/api/plan';
import type { Handlers } from '../api/handlers';
import { planDashboard } from './dashboard.service';
import { homeView } from './home.service';
import { listKpis } from './kpi.service';
import { deleteMeasure, deleteRecord, saveMeasure, saveRecord, viewMeasures } from './measures.service';
import { kpiReport } from './report.service';

/** The plan: its figures, measures, records, the home pages and the KPI report (shared/api/plan.ts, docs/plan.md). */
export const planHandlers: Handlers<typeof planChannels> = {
  'kpi:list': ({ office, session, input }) => listKpis(office.db, session, input),
  'plan:dashboard': ({ office, session, input }) => planDashboard(office.db, session, input),
  'plan:measures': ({ office, session, input }) => viewMeasures(office.db, session, input),
  'plan:saveMeasure': ({ office, session, input }) => saveMeasure(office.db, session, input),
  'plan:deleteMeasure': ({ office, session, input }) => deleteMeasure(office.db, session, input),
  'plan:saveRecord': ({ office, session, input }) => saveRecord(office.db, session, input),
  'plan:deleteRecord': ({ office, session, input }) => deleteRecord(office.db, session, input),
  'home:view': ({ office, session, input }) => homeView(office.db, session, input),
  'plan:report': ({ ctx, office, session, input }) =>
    kpiReport(office.db, session, input, ctx.exportSink(input.delivery)),
};
