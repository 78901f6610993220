import type { areaLogChannels } from '../../../shared/api/area-log';
import type { Handlers } from '../api/handlers';
import { addPatrol, addStudy, getAreaLog, removeEntry } from './area-log.service';

/** 地域カルテ (shared/api/area-log.ts, docs/channels.md). */
export const areaLogHandlers: Handlers<typeof areaLogChannels> = {
  'areaLog:get': ({ office, session, input }) => getAreaLog(office.db, session, input.fy, input.area),
  'areaLog:addPatrol': ({ office, session, input }) => addPatrol(office.db, session, input),
  'areaLog:addStudy': ({ office, session, input }) => addStudy(office.db, session, input),
  'areaLog:remove': ({ office, session, input }) => removeEntry(office.db, session, input),
};
