import type { systemChannels } from '../../../shared/api/system';
import type { Handlers } from '../api/handlers';
import { auditPage } from './audit.service';
import { listBackups, rotatingBackup, verifyDatabase } from './backup.service';

/** The audit log, the integrity check and backups (shared/api/system.ts, docs/channels.md). */
export const systemHandlers: Handlers<typeof systemChannels> = {
  'audit:list': ({ office, input }) => auditPage(office.db, input),
  'system:verify': ({ office }) => verifyDatabase(office.db),
  'system:backup': ({ office, session }) => rotatingBackup(office, session.actor),
  'system:backups': ({ ctx }) => listBackups(ctx.dbPath),
};
