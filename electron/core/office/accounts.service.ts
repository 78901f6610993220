import type { AccountRow, Parsed } from '../../../shared/contract';
import { passwordMessages } from '../../../shared/passwords';
import { AppError } from '../../../shared/result';
import { keyringPath, readKeyring, unwrapSlot, withoutSlot, withSlot, writeKeyring } from '../db/keyring';
import { withKeyringLock } from '../db/keyring-lock';
import type { Keyring } from '../db/keyring';
import {
  countActiveHr,
  findAccountByLogin,
  getAccount,
  insertAccount,
  listAccounts,
  loginLinkedTo,
  updateAccount,
} from './accounts.repo';
import { appendAudit } from '../system/audit.repo';
import { staffByNo } from '../staff/staff.repo';
import type { Office, Session } from './office.service';
import { newBoxPair } from '../keys/ciphers';
import type { KeyPair } from '../keys/ciphers';
import { reconcileGrants } from '../keys/grants.service';
import { putAccountPublicKey } from '../keys/keys.repo';

/**
 * After a change to an account: its new public key recorded (a new key pair drops the wraps made for
 * the old one), then every grant brought up to date with the caller's keys (docs/sealed-data.md).
 * Inside the change's transaction.
 */
function followKeys(office: Office, session: Session, accountId: number, pair: KeyPair | null): void {
  if (pair) putAccountPublicKey(office.db, accountId, pair.publicKey);
  reconcileGrants(office.db, session.keys, session.actor);
}

/** What the audit log keeps of an account: never a password or key. */
function auditView(a: AccountRow): Record<string, unknown> {
  return { login: a.login, displayName: a.displayName, role: a.role, staffNo: a.staffNo, disabled: a.disabled };
}

function mustGet(office: Office, id: number): AccountRow {
  const a = getAccount(office.db, id);
  if (!a) throw new AppError('NOT_FOUND', '指定のアカウントが見つかりません。');
  return a;
}

function resolveStaff(office: Office, staffNo: string | null, exceptAccountId: number | null): number | null {
  if (staffNo === null) return null;
  const staffId = staffByNo(office.db, staffNo)?.id;
  if (staffId === undefined)
    throw new AppError('VALIDATION', `職員番号 ${staffNo} の職員が見つかりません。`, 'staffNo');
  const other = loginLinkedTo(office.db, staffId, exceptAccountId);
  if (other !== undefined)
    throw new AppError('CONFLICT', `職員番号 ${staffNo} は既に別のアカウント（${other}）に紐づいています。`, 'staffNo');
  return staffId;
}

/**
 * One outcome for an account row and its key slot: holding the keyring's lock, the newest keyring
 * is read and changed, the database change runs, the keyring is written as the transaction's last
 * step, and the transaction commits. A refused change writes no slot; a failed commit puts the old
 * keyring back. Parallel changes (five creates at once, a double click, two resets) each land.
 */
async function withKeyringChange<T>(
  office: Office,
  change: (k: Keyring) => Promise<Keyring> | Keyring,
  write: () => T,
): Promise<T> {
  const path = keyringPath(office.dbPath);
  return withKeyringLock(path, async () => {
    const before = readKeyring(path);
    const after = await change(before);
    let written = false;
    try {
      return office.db.transaction(() => {
        const result = write();
        writeKeyring(path, after);
        written = true;
        return result;
      })();
    } catch (e) {
      if (written) writeKeyring(path, before);
      throw e;
    }
  });
}

function assertLoginFree(office: Office, login: string): void {
  if (findAccountByLogin(office.db, login)) {
    throw new AppError('CONFLICT', `ログインID「${login}」は既に使われています。`, 'login');
  }
}

export function accountsList(office: Office): AccountRow[] {
  return listAccounts(office.db);
}

export async function createAccount(
  office: Office,
  session: Session,
  input: Parsed<'accounts:create'>,
): Promise<AccountRow> {
  // Checked before the slow key derivation for a quick answer, and again inside the change,
  // where a second click's create meets the first one's account.
  assertLoginFree(office, input.login);
  resolveStaff(office, input.staffNo, null);
  const pair = newBoxPair();
  return withKeyringChange(
    office,
    (k) => withSlot(k, input.login, input.password, office.dataKey, pair.privateKey),
    () =>
      office.db.transaction(() => {
        assertLoginFree(office, input.login);
        const staffId = resolveStaff(office, input.staffNo, null);
        const id = insertAccount(office.db, {
          login: input.login,
          displayName: input.displayName,
          role: input.role,
          staffId,
          mustChangePassword: true,
        });
        const created = mustGet(office, id);
        appendAudit(office.db, session.actor, {
          action: 'account.create',
          entity: 'account',
          entityId: id,
          after: auditView(created),
        });
        followKeys(office, session, id, pair);
        return created;
      })(),
  );
}

export function updateAccountDetails(office: Office, session: Session, input: Parsed<'accounts:update'>): AccountRow {
  const before = mustGet(office, input.id);
  if (before.id === session.accountId && input.role !== before.role) {
    throw new AppError('VALIDATION', '自分自身の役割は変更できません。', 'role');
  }
  if (before.role === 'hr' && input.role !== 'hr' && !before.disabled && countActiveHr(office.db) <= 1) {
    throw new AppError('VALIDATION', '有効な人事担当アカウントが1つもなくなるため、役割を変更できません。', 'role');
  }
  const staffId = resolveStaff(office, input.staffNo, input.id);
  return office.db.transaction(() => {
    updateAccount(office.db, input.id, { displayName: input.displayName, role: input.role, staffId });
    const after = mustGet(office, input.id);
    appendAudit(office.db, session.actor, {
      action: 'account.update',
      entity: 'account',
      entityId: input.id,
      before: auditView(before),
      after: auditView(after),
    });
    followKeys(office, session, input.id, null);
    return after;
  })();
}

/** Disabling removes the account's key slot: its password no longer opens the database at all. */
export async function disableAccount(office: Office, session: Session, id: number): Promise<AccountRow> {
  const before = mustGet(office, id);
  if (before.id === session.accountId) throw new AppError('VALIDATION', '自分自身のアカウントは無効にできません。');
  if (before.disabled) return before;
  if (before.role === 'hr' && countActiveHr(office.db) <= 1) {
    throw new AppError('VALIDATION', '有効な人事担当アカウントが1つもなくなるため、無効にできません。');
  }
  return withKeyringChange(
    office,
    (k) => withoutSlot(k, before.login),
    () =>
      office.db.transaction(() => {
        updateAccount(office.db, id, { disabled: true });
        const after = mustGet(office, id);
        appendAudit(office.db, session.actor, {
          action: 'account.disable',
          entity: 'account',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        });
        followKeys(office, session, id, null);
        return after;
      })(),
  );
}

/** Enabling needs a new password, because disabling destroyed the old slot. */
export async function enableAccount(
  office: Office,
  session: Session,
  id: number,
  password: string,
): Promise<AccountRow> {
  const before = mustGet(office, id);
  const pair = newBoxPair();
  return withKeyringChange(
    office,
    (k) => withSlot(k, before.login, password, office.dataKey, pair.privateKey),
    () =>
      office.db.transaction(() => {
        updateAccount(office.db, id, { disabled: false, mustChangePassword: true });
        followKeys(office, session, id, pair);
        const after = mustGet(office, id);
        appendAudit(office.db, session.actor, {
          action: 'account.enable',
          entity: 'account',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        });
        return after;
      })(),
  );
}

export async function resetPassword(
  office: Office,
  session: Session,
  id: number,
  password: string,
): Promise<AccountRow> {
  const before = mustGet(office, id);
  if (before.disabled)
    throw new AppError('VALIDATION', '無効なアカウントです。有効化するときに新しいパスワードを設定してください。');
  // The old private key went with the old password: a new key pair, and the grants made again.
  const pair = newBoxPair();
  return withKeyringChange(
    office,
    (k) => withSlot(k, before.login, password, office.dataKey, pair.privateKey),
    () =>
      office.db.transaction(() => {
        updateAccount(office.db, id, { mustChangePassword: id !== session.accountId });
        followKeys(office, session, id, pair);
        const after = mustGet(office, id);
        appendAudit(office.db, session.actor, {
          action: 'account.resetPassword',
          entity: 'account',
          entityId: id,
          after: auditView(after),
        });
        return after;
      })(),
  );
}

/** Re-wraps the caller's own slot. The database itself is never re-encrypted. */
export async function changeOwnPassword(
  office: Office,
  session: Session,
  current: string,
  next: string,
): Promise<AccountRow> {
  // The words of docs/keyring.md "Password rules", as the screen says them (shared/passwords.ts).
  if (current === '') throw new AppError('VALIDATION', passwordMessages.currentMissing, 'current');
  const keys = readKeyring(keyringPath(office.dbPath));
  const opened = await unwrapSlot(keys, session.login, current);
  if (!opened || !opened.dataKey.equals(office.dataKey)) {
    throw new AppError('AUTH_FAILED', '現在のパスワードが正しくありません。', 'current');
  }
  if (current === next) throw new AppError('VALIDATION', passwordMessages.sameAsCurrent, 'next');
  // The same key pair, under the new password: nothing sealed for this account changes.
  const accountKey = opened.accountKey ?? undefined;
  const pins = opened.pins ?? undefined;
  return withKeyringChange(
    office,
    (k) => withSlot(k, session.login, next, office.dataKey, accountKey, pins),
    () =>
      office.db.transaction(() => {
        updateAccount(office.db, session.accountId, { mustChangePassword: false });
        appendAudit(office.db, session.actor, {
          action: 'account.changePassword',
          entity: 'account',
          entityId: session.accountId,
        });
        return mustGet(office, session.accountId);
      })(),
  );
}
