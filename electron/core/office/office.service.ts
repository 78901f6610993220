import fs from 'node:fs';
import path from 'node:path';
import type { AccountRow, DemoLogin, SessionInfo } from '../../../shared/contract';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { AppError } from '../../../shared/result';
import type { Role } from '../../../shared/roles';
import { openDatabase, removeDatabaseFiles } from '../db/connection';
import { recoverInterruptedRestore } from '../db/restore-journal';
import { classifyStorageError } from '../db/errors';
import type { Db } from '../db/connection';
import {
  keyringPath,
  newDataKey,
  newKeyring,
  normaliseLogin,
  readKeyring,
  throttleRemaining,
  unwrapDataKey,
  unwrapSlot,
  withFailure,
  withSlot,
  withSuccess,
  writeKeyring,
} from '../db/keyring';
import { withKeyringLock } from '../db/keyring-lock';
import type { Keyring, SlotPins } from '../db/keyring';
import { findAccountByLogin, insertAccount, touchLogin } from './accounts.repo';
import { appendAudit } from '../system/audit.repo';
import type { Actor } from '../system/audit.repo';
import { setMeta } from '../db/meta.repo';
import { ensureCycle, staffByNo } from '../staff/staff.repo';
import { log } from '../log';
import { fingerprint, newBoxPair, publicOf } from '../keys/ciphers';
import { Keychain } from '../keys/keychain';
import { putAccountPublicKey } from '../keys/keys.repo';
import { reconcileGrants } from '../keys/grants.service';
import { checkpointQuietly } from '../system/checkpoints';
import { makeOfficeKeys, scrubFile, sealExisting, upgradeToSealed } from '../keys/seal-office';

/** An unlocked office: the open database and the data key that opened it. */
export type Office = { dbPath: string; db: Db; dataKey: Buffer };

/** A logged-in account: who it is, and the keys its password opened (docs/sealed-data.md). */
export type Session = SessionInfo & { actor: Actor; keys: Keychain };

export const authFailedMessage = 'ログインIDまたはパスワードが正しくありません。';

export function sessionOf(account: AccountRow, keys: Keychain): Session {
  return {
    accountId: account.id,
    login: account.login,
    displayName: account.displayName,
    role: account.role,
    staffNo: account.staffNo,
    mustChangePassword: account.mustChangePassword,
    actor: { id: account.id, label: account.login },
    keys,
  };
}

export function publicSession(s: Session): SessionInfo {
  const { actor: _actor, keys: _keys, ...info } = s;
  return info;
}

export type AccountSeed = { login: string; displayName: string; role: Role; staffNo: string | null; password: string };

export type CreateOfficeOptions = {
  officeName: string;
  /** Writes the office's initial data inside the creating transaction (the demo ward, for example). */
  populate?: (db: Db, actor: Actor) => void;
  accounts: AccountSeed[];
  demo?: { logins: DemoLogin[]; password: string | null };
};

/**
 * Creates a new encrypted office: a random data key, the database with every migration, the
 * accounts (the first one logs in), and the keyring with one wrapped slot per account. Either all
 * of it exists at the end, or none of it.
 */
export async function createOffice(
  dbPath: string,
  options: CreateOfficeOptions,
): Promise<{ office: Office; first: AccountRow; keys: Keychain }> {
  const keysPath = keyringPath(dbPath);
  if (fs.existsSync(dbPath) || fs.existsSync(keysPath)) {
    throw new AppError('DB_EXISTS', `データベースが既にあります: ${dbPath}`);
  }
  const firstSeed = options.accounts[0];
  if (!firstSeed || firstSeed.role !== 'hr')
    throw new AppError('INTERNAL', '最初のアカウントは人事担当にしてください。');
  try {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  } catch {
    throw new AppError('IO', `保存先のフォルダを作成できません: ${path.dirname(dbPath)}`);
  }
  const dataKey = newDataKey();
  let keyring: Keyring = { ...newKeyring(options.officeName), demo: options.demo ?? null };
  // Every account gets its own key pair, the private half in its slot (docs/sealed-data.md).
  const pairs = options.accounts.map(() => newBoxPair());
  for (const [i, seed] of options.accounts.entries()) {
    keyring = await withSlot(keyring, seed.login, seed.password, dataKey, pairs[i]?.privateKey);
  }
  let db: Db | null = null;
  try {
    db = openDatabase(dbPath, dataKey, { create: true });
    const opened = db;
    const system: Actor = { id: null, label: 'system' };
    opened.transaction(() => {
      setMeta(opened, 'office_name', options.officeName);
      setMeta(opened, 'db_id', keyring.dbId);
      setMeta(opened, 'created_at', new Date().toISOString());
      setMeta(opened, 'is_demo', options.demo ? '1' : '0');
      ensureCycle(opened, fiscalYearOf(new Date()));
      appendAudit(opened, system, {
        action: 'office.create',
        entity: 'office',
        after: { officeName: options.officeName },
      });
      options.populate?.(opened, system);
      const accountIds: number[] = [];
      for (const seed of options.accounts) {
        const staffId = seed.staffNo === null ? null : (staffByNo(opened, seed.staffNo)?.id ?? null);
        const id = insertAccount(opened, {
          login: normaliseLogin(seed.login),
          displayName: seed.displayName,
          role: seed.role,
          staffId,
          mustChangePassword: false,
        });
        appendAudit(opened, system, {
          action: 'account.create',
          entity: 'account',
          entityId: id,
          after: {
            login: normaliseLogin(seed.login),
            displayName: seed.displayName,
            role: seed.role,
            staffNo: seed.staffNo,
          },
        });
        accountIds.push(id);
      }
      sealNewOffice(opened, accountIds, pairs, system);
    })();
    // The demo's values were written in plain text before they were sealed: no page keeps them.
    scrubFile(opened);
    const first = findAccountByLogin(opened, normaliseLogin(firstSeed.login));
    if (!first) throw new AppError('INTERNAL', '管理者アカウントを作成できませんでした。');
    const keys = Keychain.open(opened, first.id, pairs[0]?.privateKey ?? null);
    // The first HR account's slot vouches for the signing key it was made with (pinSigningKey).
    const signing = keys.officeKey('signing');
    if (signing) {
      const pins = { signing: fingerprint(publicOf(signing)) };
      keyring = await withSlot(keyring, firstSeed.login, firstSeed.password, dataKey, pairs[0]?.privateKey, pins);
    }
    writeKeyring(keysPath, keyring);
    return { office: { dbPath, db: opened, dataKey }, first, keys };
  } catch (e) {
    db?.close();
    removeDatabaseFiles(dbPath);
    fs.rmSync(keysPath, { force: true });
    throw e;
  }
}

/**
 * A new office's keys (docs/sealed-data.md): each account's public key, the office keys (made for
 * the first account, HR), every value the initial data holds sealed, and the grants for everyone.
 */
function sealNewOffice(db: Db, accountIds: number[], pairs: { publicKey: Buffer }[], actor: Actor): void {
  for (const [i, id] of accountIds.entries()) {
    const pair = pairs[i];
    if (pair) putAccountPublicKey(db, id, pair.publicKey);
  }
  const [firstId] = accountIds;
  const firstPair = pairs[0];
  if (firstId === undefined || !firstPair) return;
  const creator = Keychain.ofKeys(makeOfficeKeys(db, { accountId: firstId, publicKey: firstPair.publicKey }));
  try {
    sealExisting(db, creator);
    reconcileGrants(db, creator, actor);
  } finally {
    creator.wipe();
  }
}

export function readOfficeKeyring(dbPath: string): Keyring {
  recoverInterruptedRestore(dbPath);
  if (!fs.existsSync(dbPath)) throw new AppError('DB_MISSING', `データベースファイルがありません: ${dbPath}`);
  return readKeyring(keyringPath(dbPath));
}

/** At most this many password checks (32 MiB and ~0.1 s of scrypt each) run at once in a process. */
const maxChecksAtOnce = 2;
let checksRunning = 0;
const waitingChecks: (() => void)[] = [];

async function checkSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finished check hands its place straight to the next waiter, so no newcomer slips in between.
  if (checksRunning >= maxChecksAtOnce) await new Promise<void>((resolve) => waitingChecks.push(resolve));
  else checksRunning += 1;
  try {
    return await work();
  } finally {
    const next = waitingChecks.shift();
    if (next) next();
    else checksRunning -= 1;
  }
}

/** One attempt per login at a time: a second one waits and then meets the first one's count. */
const attemptsInFlight = new Map<string, Promise<unknown>>();

function oneAttemptAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = attemptsInFlight.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  attemptsInFlight.set(key, settled);
  void settled.then(() => {
    if (attemptsInFlight.get(key) === settled) attemptsInFlight.delete(key);
  });
  return run;
}

/** Said when the attempt cannot be counted: the same whatever the password, so it tells nothing. */
export const loginNotRecordedMessage =
  'ログインの記録を書き込めないため、ログインできません。ディスクの空き容量や書き込み権限を確認してください。';

/**
 * Counts an attempt in the keyring before its password is checked (docs/keyring.md): the back-off
 * cannot be outrun by sending many attempts at once, and an attempt that cannot be counted is not
 * checked at all. Returns the keyring as it was, to check the password against.
 */
async function countAttempt(keysPath: string, login: string): Promise<Keyring> {
  return withKeyringLock(keysPath, () => {
    const keyring = readKeyring(keysPath);
    const wait = throttleRemaining(keyring, login, Date.now());
    if (wait > 0) {
      throw new AppError('THROTTLED', `ログインの失敗が続いたため、あと${wait}秒お待ちください。`);
    }
    try {
      writeKeyring(keysPath, withFailure(keyring, login, Date.now()));
    } catch {
      throw new AppError('IO', loginNotRecordedMessage);
    }
    return keyring;
  });
}

/** A right password takes back the attempt counted for it. Failing to record that only costs a wait. */
async function uncountAttempt(keysPath: string, login: string): Promise<void> {
  try {
    await withKeyringLock(keysPath, () => {
      const keyring = readKeyring(keysPath);
      const cleared = withSuccess(keyring, login);
      if (cleared !== keyring) writeKeyring(keysPath, cleared);
    });
  } catch {
    // The next attempt for this login may wait a little; the login itself succeeded.
  }
}

/**
 * Unlocks the office with one account's password. Unknown login, wrong password and disabled
 * account all give the same message; repeated failures for a login are slowed down.
 */
export async function unlockOffice(
  dbPath: string,
  login: string,
  password: string,
): Promise<{ office: Office; account: AccountRow; keys: Keychain }> {
  const keysPath = keyringPath(dbPath);
  readOfficeKeyring(dbPath);
  return oneAttemptAtATime(`${path.resolve(dbPath)}\n${normaliseLogin(login)}`, async () => {
    const keyring = await countAttempt(keysPath, login);
    const opened = await checkSlot(() => unwrapSlot(keyring, login, password));
    if (!opened) throw new AppError('AUTH_FAILED', authFailedMessage);
    const { dataKey } = opened;
    // The password was right: whatever the database says next, this was no guess.
    await uncountAttempt(keysPath, login);
    const db = openDatabase(dbPath, dataKey, { create: false });
    let account: AccountRow | undefined;
    try {
      account = findAccountByLogin(db, normaliseLogin(login));
      if (account && !account.disabled) {
        const actor = { id: account.id, label: account.login };
        db.transaction(() => {
          touchLogin(db, actor.id);
          appendAudit(db, actor, { action: 'auth.login', entity: 'account', entityId: actor.id });
        })();
        account = findAccountByLogin(db, account.login) ?? account;
      }
    } catch (e) {
      db.close();
      throw classifyStorageError(e);
    }
    if (!account || account.disabled) {
      db.close();
      opened.accountKey?.fill(0);
      throw new AppError('AUTH_FAILED', authFailedMessage);
    }
    let keys: Keychain;
    try {
      keys = await openAccountKeys(dbPath, db, account, {
        login,
        password,
        dataKey,
        accountKey: opened.accountKey,
        pins: opened.pins,
      });
    } catch (e) {
      db.close();
      throw classifyStorageError(e);
    }
    return { office: { dbPath, db, dataKey }, account, keys };
  });
}

/**
 * The login's keys (docs/sealed-data.md). A slot written before sealed data has no key pair: one is
 * made now, while the password is known, and put in the slot. The account's public key is recorded
 * (a new one drops the wraps made for the old). An HR login then makes the office keys if the
 * office has none yet (sealing what was written before) and brings every grant up to date.
 */
async function openAccountKeys(
  dbPath: string,
  db: Db,
  account: AccountRow,
  slot: { login: string; password: string; dataKey: Buffer; accountKey: Buffer | null; pins: SlotPins | null },
): Promise<Keychain> {
  let accountKey = slot.accountKey;
  if (!accountKey) accountKey = await addKeyPairToSlot(dbPath, slot);
  const actor: Actor = { id: account.id, label: account.login };
  if (!accountKey) return new Keychain(account.id, null);
  const publicKey = publicOf(accountKey);
  db.transaction(() => putAccountPublicKey(db, account.id, publicKey))();
  const keys = Keychain.open(db, account.id, accountKey);
  if (account.role === 'hr') {
    upgradeToSealed(db, { accountId: account.id, publicKey }, keys, actor);
    reconcileGrants(db, keys, actor);
    keys.reload(db);
    await pinSigningKey(dbPath, keys, { ...slot, accountKey });
    checkpointQuietly(db, keys, actor, 'login'); // docs/audit-checkpoints.md
  }
  return keys;
}

/**
 * HR's slot vouches for the signing key it received (docs/audit-checkpoints.md): pinned at the first
 * HR login that holds it, and from then on a signing key that is not the pinned one — a grant forged
 * by someone with the office key — is refused and reported by verify, never used to sign.
 */
async function pinSigningKey(
  dbPath: string,
  keys: Keychain,
  slot: { login: string; password: string; dataKey: Buffer; accountKey: Buffer; pins: SlotPins | null },
): Promise<void> {
  const signing = keys.officeKey('signing');
  if (!signing) return;
  const mine = fingerprint(publicOf(signing));
  if (slot.pins?.signing === mine) return;
  if (slot.pins?.signing) {
    keys.distrust('signing');
    log.warn('keys.signing.mismatch');
    return;
  }
  const keysPath = keyringPath(dbPath);
  try {
    await withKeyringLock(keysPath, async () => {
      const current = readKeyring(keysPath);
      const still = await unwrapSlot(current, slot.login, slot.password);
      // A reset or a password change in between replaced the slot: the next login pins.
      if (!still?.dataKey.equals(slot.dataKey) || !still.accountKey?.equals(slot.accountKey)) return;
      const pins = { ...still.pins, signing: mine };
      writeKeyring(keysPath, await withSlot(current, slot.login, slot.password, slot.dataKey, slot.accountKey, pins));
    });
  } catch {
    log.warn('keys.signing.pin.failed'); // pinned at a later login
  }
}

/** A key pair for a slot that has none, written into the slot if it still opens with this password. */
async function addKeyPairToSlot(
  dbPath: string,
  slot: { login: string; password: string; dataKey: Buffer },
): Promise<Buffer | null> {
  const keysPath = keyringPath(dbPath);
  const pair = newBoxPair();
  try {
    return await withKeyringLock(keysPath, async () => {
      const current = readKeyring(keysPath);
      // A reset between the login and here replaced the slot: that password wins, this one waits.
      const still = await unwrapSlot(current, slot.login, slot.password);
      if (!still?.dataKey.equals(slot.dataKey)) return null;
      if (still.accountKey) return still.accountKey; // a second login of the same account was quicker
      writeKeyring(keysPath, await withSlot(current, slot.login, slot.password, slot.dataKey, pair.privateKey));
      return pair.privateKey;
    });
  } catch {
    log.warn('keys.slot.upgrade.failed');
    return null;
  }
}

/**
 * Checks one account's password exactly as login does (counted before it is checked, slowed down
 * after failures, one attempt per login at a time; docs/keyring.md) without opening the office
 * again: unlocking the screen (docs/idle-lock.md). False for a wrong password.
 */
export async function checkPassword(dbPath: string, login: string, password: string): Promise<boolean> {
  const keysPath = keyringPath(dbPath);
  readOfficeKeyring(dbPath);
  return oneAttemptAtATime(`${path.resolve(dbPath)}\n${normaliseLogin(login)}`, async () => {
    const keyring = await countAttempt(keysPath, login);
    const dataKey = await checkSlot(() => unwrapDataKey(keyring, login, password));
    if (!dataKey) return false;
    dataKey.fill(0);
    await uncountAttempt(keysPath, login);
    return true;
  });
}

export function closeOffice(office: Office): void {
  office.db.close();
  office.dataKey.fill(0);
}
