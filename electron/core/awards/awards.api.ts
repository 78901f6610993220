import type { awardsChannels } from '../../../shared/api/awards';
import type { Handlers } from '../api/handlers';
import { decideAward, listAwards, revokeAward, saveAwardEntry } from './awards.service';

/** Awards (shared/api/awards.ts, docs/channels.md). */
export const awardsHandlers: Handlers<typeof awardsChannels> = {
  'awards:list': ({ office, session, input }) => listAwards(office.db, session, input),
  'awards:save': ({ office, session, input }) => saveAwardEntry(office.db, session, input),
  'awards:decide': ({ office, session, input }) => decideAward(office.db, session, input),
  'awards:revoke': ({ office, session, input }) => revokeAward(office.db, session, input),
};
