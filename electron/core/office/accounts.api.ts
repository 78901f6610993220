import type { accountsChannels } from '../../../shared/api/accounts';
import type { Handlers } from '../api/handlers';
import {
  accountsList,
  createAccount,
  disableAccount,
  enableAccount,
  resetPassword,
  updateAccountDetails,
} from './accounts.service';

/** The office's accounts (shared/api/accounts.ts, docs/channels.md). */
export const accountsHandlers: Handlers<typeof accountsChannels> = {
  'accounts:list': ({ office }) => accountsList(office),
  'accounts:create': ({ office, session, input }) => createAccount(office, session, input),
  'accounts:update': ({ office, session, input }) => updateAccountDetails(office, session, input),
  'accounts:disable': ({ office, session, input }) => disableAccount(office, session, input.id),
  'accounts:enable': ({ office, session, input }) => enableAccount(office, session, input.id, input.password),
  'accounts:resetPassword': ({ office, session, input }) => resetPassword(office, session, input.id, input.password),
};
