import { idleLockMinutes } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { log } from '../log';
import { getMeta, setMeta } from '../db/meta.repo';
import { appendAudit } from '../system/audit.repo';
import { findAccountByLogin } from './accounts.repo';
import { checkPassword } from './office.service';
import type { Office, Session } from './office.service';

/*
 * The screen lock's rules that touch the office (docs/idle-lock.md): the idle time HR sets, kept
 * in the database's meta table, the audit entries of locking and unlocking, and the password check
 * that unlocks. The lock's state itself lives in the app context (electron/core/api/screen-lock.ts).
 */

const metaKey = 'idle_lock_minutes';

/**
 * Why the screen locked: the screen saw no input for the idle time, the core heard nothing for it,
 * or the user locked it (画面をロック).
 */
export type LockReason = 'idle' | 'no-calls' | 'manual';

function validMinutes(n: number): boolean {
  return Number.isInteger(n) && n >= idleLockMinutes.min && n <= idleLockMinutes.max;
}

/** The office's idle time in minutes; the default when unset (or unreadable, which never loosens it). */
export function readIdleMinutes(db: Db): number {
  const stored = Number(getMeta(db, metaKey));
  return validMinutes(stored) ? stored : idleLockMinutes.default;
}

/** HR sets the idle time (設定 → システム); the schema has checked the range, the rule is checked again here. */
export function saveIdleMinutes(db: Db, session: Session, minutes: number): number {
  if (!validMinutes(minutes)) {
    throw new AppError(
      'VALIDATION',
      `画面をロックするまでの時間は${idleLockMinutes.min}〜${idleLockMinutes.max}分で入力してください。`,
      'idleMinutes',
    );
  }
  db.transaction(() => {
    const before = readIdleMinutes(db);
    setMeta(db, metaKey, String(minutes));
    if (before !== minutes) {
      appendAudit(db, session.actor, {
        action: 'settings.idleLock',
        entity: 'settings',
        before: { idleMinutes: before },
        after: { idleMinutes: minutes },
      });
    }
  })();
  return minutes;
}

/**
 * The audit entry of a logout from a screen (`auth:logout`), written like login's. A CLI command's
 * end is no logout and writes none (docs/idle-lock.md "Audit"). Never in the way of the logout
 * itself: an entry that cannot be written is an event in the log, and the session ends anyway.
 */
export function auditLogout(db: Db, session: Session): void {
  try {
    db.transaction(() => {
      appendAudit(db, session.actor, { action: 'auth.logout', entity: 'account', entityId: session.accountId });
    })();
  } catch {
    log.warn('audit.logout.failed');
  }
}

/** The audit entry of a lock (the reason) or an unlock, written like login's. */
export function auditLock(db: Db, session: Session, event: { locked: true; reason: LockReason } | { locked: false }) {
  db.transaction(() => {
    appendAudit(db, session.actor, {
      action: event.locked ? 'auth.lock' : 'auth.unlock',
      entity: 'account',
      entityId: session.accountId,
      after: event.locked ? { reason: event.reason } : null,
    });
  })();
}

export const wrongUnlockPasswordMessage = 'パスワードが正しくありません。';

/**
 * Unlocking: the session's own password, checked and counted as a login is (a wrong one counts as
 * a failed login). An account disabled while the screen was locked cannot come back: AUTH_FAILED,
 * and the caller ends the session.
 */
export async function checkUnlock(office: Office, session: Session, password: string): Promise<'ok' | 'disabled'> {
  if (!(await checkPassword(office.dbPath, session.login, password))) {
    throw new AppError('AUTH_FAILED', wrongUnlockPasswordMessage, 'password');
  }
  const account = findAccountByLogin(office.db, session.login);
  return account && !account.disabled ? 'ok' : 'disabled';
}
