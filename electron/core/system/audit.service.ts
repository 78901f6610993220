import type { AuditRow } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { listAudit } from './audit.repo';

/**
 * A page of the audit log, newest first (設定 → 監査ログ). `beforeId` pins the list below an entry
 * the screen has already shown, so entries appended meanwhile do not shift its pages
 * (docs/backup-and-restore.md). Each row carries the words the screen shows — the acting account's
 * name, what the entry concerns and the names of the people it mentions — resolved for the page's
 * rows only (describeAuditRows). The channel is HR's alone (shared/api/system.ts), and HR reads every
 * person's name and 職員番号 (docs/access.md); confidential values are masked when written
 * (docs/confidentiality.md) and no lookup here adds one.
 */
export function auditPage(
  db: Db,
  input: { offset: number; limit: number; beforeId?: number | undefined },
): { total: number; rows: AuditRow[] } {
  return listAudit(db, input.offset, input.limit, input.beforeId);
}
