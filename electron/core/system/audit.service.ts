import type { AuditRow } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { listAudit } from './audit.repo';

/**
 * A page of the audit log, newest first (設定 → 監査ログ). `beforeId` pins the list below an entry
 * the screen has already shown, so entries appended meanwhile do not shift its pages
 * (docs/backup-and-restore.md).
 */
export function auditPage(
  db: Db,
  input: { offset: number; limit: number; beforeId?: number | undefined },
): { total: number; rows: AuditRow[] } {
  return listAudit(db, input.offset, input.limit, input.beforeId);
}
