import type { systemChannels } from '../../../shared/api/system';
import type { Handlers } from '../api/handlers';
import { auditPage } from './audit.service';
import { listBackups, rotatingBackup } from './backup.service';
import { verifyOffice } from './verify.service';

/** The audit log, the integrity check and backups (shared/api/system.ts, docs/channels.md). */
export const systemHandlers: Handlers<typeof systemChannels> = {
  'audit:list': ({ office, input }) => auditPage(office.db, input),
  'system:verify': ({ office, session, input }) => verifyOffice(office.db, session, input),
  // HR's keys sign the chain's head before the copy is made (docs/audit-checkpoints.md).
  'system:backup': ({ office, session }) => rotatingBackup(office, session),
  'system:backups': ({ ctx }) => listBackups(ctx.dbPath),
};
