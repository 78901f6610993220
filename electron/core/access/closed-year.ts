import { closedYearRefusal, closedYearUnconfirmed, isClosedYear } from '../../../shared/closed-year';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import type { Session } from '../office/office.service';

/*
 * The one gate of every write scoped to a fiscal year (docs/closed-years.md): on a closed year only
 * HR writes, and only when the call says HR confirmed it. Services call it first inside their
 * transaction, before looking at any row, so every caller without the right gets the same answer.
 */

/** Whether the caller may change the year at all (HR may, after confirming). Decides the views' `can` flags. */
export function yearOpenTo(session: Session, fy: number, today: Date = new Date()): boolean {
  return session.role === 'hr' || !isClosedYear(fy, today);
}

/**
 * Refuses a write to a closed year: FORBIDDEN for everyone but HR, YEAR_CLOSED for HR until the
 * call carries `confirmClosedYear: true`. A confirmed write is audited as such (with the channel),
 * inside the caller's transaction so it is kept only when the write itself is.
 */
export function assertYearWritable(
  db: Db,
  session: Session,
  fy: number,
  confirmed: boolean | undefined,
  channel: string,
  today: Date = new Date(),
): void {
  if (!isClosedYear(fy, today)) return;
  if (session.role !== 'hr') throw new AppError('FORBIDDEN', closedYearRefusal(fy));
  if (confirmed !== true) throw new AppError('YEAR_CLOSED', closedYearUnconfirmed(fy));
  appendAudit(db, session.actor, {
    action: 'closedYear.write',
    entity: 'cycle',
    entityId: fy,
    after: { 年度: fy, 操作: channel },
  });
}

/** The same flags, all false: what a form of a closed year allows everyone but HR. */
export function noneAllowed<T extends Record<string, boolean>>(can: T): T {
  return Object.fromEntries(Object.keys(can).map((k) => [k, false])) as T;
}
