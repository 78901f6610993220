import type { planChannels } from '../../../shared/api/plan';
import type { Handlers } from '../api/handlers';
import { listKpis } from './kpi.service';

/** The plan's measures (shared/api/plan.ts, docs/plan.md). */
export const planHandlers: Handlers<typeof planChannels> = {
  'kpi:list': ({ office, session, input }) => listKpis(office.db, session, input),
};
