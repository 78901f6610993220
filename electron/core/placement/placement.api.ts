import type { placementChannels } from '../../../shared/api/placement';
import type { Handlers } from '../api/handlers';
import { listPlacement, placementPdf, sectionListWorkbook, viewSummary } from './placement.service';

/** 人事配置 (shared/api/placement.ts, docs/placement.md). */
export const placementHandlers: Handlers<typeof placementChannels> = {
  'placement:list': ({ office, session, input }) => listPlacement(office.db, session, input),
  'placement:summary': ({ office, session, input }) => viewSummary(office.db, session, input),
  'placement:pdf': ({ ctx, office, session, input }) =>
    placementPdf(office.db, session, input, ctx.exportSink(input.delivery)),
  'placement:sectionXlsx': ({ ctx, office, session, input }) =>
    sectionListWorkbook(office.db, session, input, ctx.exportSink(input.delivery)),
};
