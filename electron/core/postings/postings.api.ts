import type { postingsChannels } from '../../../shared/api/postings';
import type { Handlers } from '../api/handlers';
import { exportPostingApplicants } from './postings-export';
import {
  applyToPosting,
  decideApplication,
  listPostings,
  postingApplicants,
  recordPaperApplication,
  savePosting,
  setPostingStatusEntry,
  staffApplications,
  withdrawApplication,
} from './postings.service';

/** 庁内公募 (shared/api/postings.ts, docs/postings.md). */
export const postingsHandlers: Handlers<typeof postingsChannels> = {
  'postings:list': ({ office, session, input }) => listPostings(office.db, session, input),
  'postings:save': ({ office, session, input }) => savePosting(office.db, session, input),
  'postings:setStatus': ({ office, session, input }) => setPostingStatusEntry(office.db, session, input),
  'postings:applicants': ({ office, session, input }) => postingApplicants(office.db, session, input),
  'postings:ofStaff': ({ office, session, input }) => staffApplications(office.db, session, input),
  'postings:apply': ({ office, session, input }) => applyToPosting(office.db, session, input),
  'postings:withdraw': ({ office, session, input }) => withdrawApplication(office.db, session, input),
  'postings:record': ({ office, session, input }) => recordPaperApplication(office.db, session, input),
  'postings:decide': ({ office, session, input }) => decideApplication(office.db, session, input),
  'postings:export': ({ ctx, office, session, input }) =>
    exportPostingApplicants(office.db, session, input, ctx.exportSink(input.delivery)),
};
