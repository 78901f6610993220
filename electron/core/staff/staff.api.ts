import type { staffChannels } from '../../../shared/api/staff';
import type { Handlers } from '../api/handlers';
import { areaPeople, areasOverview, areaTeam } from './areas.service';
import { cycleList, listSections, listStaff, staffDetail, staffChoices } from './staff.service';

/** The staff, the organisation and the years (shared/api/staff.ts, docs/channels.md). */
export const staffHandlers: Handlers<typeof staffChannels> = {
  'staff:options': ({ office, input }) => staffChoices(office.db, input.query),
  'cycles:list': ({ office }) => cycleList(office.db),
  'org:sections': ({ office }) => listSections(office.db),
  // With `page` only that page (docs/lists.md, `limit` unused); without it, as before paging: at most
  // 5,000 rows unless the caller asks otherwise.
  'staff:list': ({ office, session, input }) => listStaff(office.db, session, { limit: 5000, ...input }),
  'staff:detail': ({ office, session, input }) => staffDetail(office.db, session, input.staffNo, input.fy),
  'areas:overview': ({ office, session, input }) => areasOverview(office.db, session, input),
  'areas:team': ({ office, input }) => areaTeam(office.db, input),
  'areas:people': ({ office, session, input }) => areaPeople(office.db, session, input),
};
