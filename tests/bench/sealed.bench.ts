import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { openDatabase } from '../../electron/core/db/connection';
import {
  keyringPath,
  readKeyring,
  throttleRemaining,
  unwrapDataKey,
  withFailure,
  withSuccess,
  writeKeyring,
} from '../../electron/core/db/keyring';
import { withKeyringLock } from '../../electron/core/db/keyring-lock';
import { emptyKeychain } from '../../electron/core/keys/keychain';
import { findAccountByLogin, touchLogin } from '../../electron/core/office/accounts.repo';
import { closeOffice, sessionOf, unlockOffice } from '../../electron/core/office/office.service';
import type { Office, Session } from '../../electron/core/office/office.service';
import { appendAudit } from '../../electron/core/system/audit.repo';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { ChannelName } from '../../shared/channels';
import type { Input } from '../../shared/contract';
import { demoCopy, demoPass, loggedIn } from '../helpers/office';
import { unsealOffice } from '../helpers/sealed';

/**
 * Sealed data (issue 17, docs/sealed-data.md) against "today" — the same demo office as it would be
 * without sealed data — for the three steps the issue names:
 *
 * 1. Login. Sealed: the product's unlockOffice on the demo office as built now (the slot's account
 *    key, the grants, the keychain, and for HR the grant reconciliation and whatever else an HR login
 *    does now). Today: the login as it was before sealed data, step by step with the same functions —
 *    the attempt counted in the keyring, the slot unwrapped (scrypt), the count taken back,
 *    openDatabase, the account looked up, touchLogin and the auth.login audit row — on the unsealed
 *    copy. Both close the database afterwards.
 * 2. Opening a self-report with written confidential sections ('selfReport:get' through the
 *    dispatcher): as HR, and as the person. Sealed: the sessions the sealed logins made. Today: the
 *    unsealed copy (every value stored plain, no key tables) with sessions whose keys are
 *    emptyKeychain(): Keychain.open returns plain values as they are, so nothing seals or unseals.
 * 3. Exporting a section's self-report workbook as HR ('forms:export', the roundtrip staff workbook
 *    of the person's 課), and one person's print (the export that carries the confidential sections).
 *
 * The unsealed copy is made by tests/helpers/sealed.ts unsealOffice: HR opens every sealed value and
 * writes it back plain, the key tables are emptied and the slots rewritten without account keys.
 * Sealed and today alternate within each run; medians of BENCH_RUNS (default 7), BENCH_READS reads a step (default 200), goal ≤ 1.2×.
 */
const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const reads = Number(process.env['BENCH_READS'] ?? 200);
const goal = 1.2;
const fy = fiscalYearOf(new Date());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-sealed-bench-'));
const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (n: number) => n.toFixed(1).padStart(8);

async function timed(fn: () => unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function call<K extends ChannelName>(ctx: AppContext, channel: K, req: Input<K>) {
  const r = await dispatch(ctx, channel, req);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** A demo copy where shokuin has written both confidential sections of this year's self-report. */
async function officeWithOwnSections(): Promise<string> {
  const dbPath = await demoCopy(dir);
  const me = await loggedIn(dbPath, 'shokuin', demoPass);
  const v = await call(me, 'selfReport:get', { fy });
  await call(me, 'selfReport:save', {
    fy,
    version: v.version,
    duties: '窓口業務を担当しています。',
    health: '通院のため毎週水曜の午後に休暇を取得しています。',
    family: '子の看護のため、急な休みをお願いすることがあります。',
  });
  me.end();
  return dbPath;
}

/** The login as it was before sealed data (see the comment at the top). */
async function loginToday(
  dbPath: string,
  login: string,
  password: string,
): Promise<{ office: Office; session: Session }> {
  const keysPath = keyringPath(dbPath);
  const keyring = await withKeyringLock(keysPath, () => {
    const k = readKeyring(keysPath);
    if (throttleRemaining(k, login, Date.now()) > 0) throw new Error('throttled');
    writeKeyring(keysPath, withFailure(k, login, Date.now()));
    return k;
  });
  const dataKey = await unwrapDataKey(keyring, login, password);
  if (!dataKey) throw new Error('wrong password');
  await withKeyringLock(keysPath, () => {
    const k = readKeyring(keysPath);
    const cleared = withSuccess(k, login);
    if (cleared !== k) writeKeyring(keysPath, cleared);
  });
  const db = openDatabase(dbPath, dataKey, { create: false });
  const account = findAccountByLogin(db, login);
  if (!account) throw new Error('no account');
  db.transaction(() => {
    touchLogin(db, account.id);
    appendAudit(
      db,
      { id: account.id, label: account.login },
      { action: 'auth.login', entity: 'account', entityId: account.id },
    );
  })();
  const fresh = findAccountByLogin(db, login) ?? account;
  return { office: { dbPath, db, dataKey }, session: sessionOf(fresh, emptyKeychain()) };
}

async function loginSealed(
  dbPath: string,
  login: string,
  password: string,
): Promise<{ office: Office; session: Session }> {
  const { office, account, keys } = await unlockOffice(dbPath, login, password);
  return { office, session: sessionOf(account, keys) };
}

function contextOf(dbPath: string, opened: { office: Office; session: Session }): AppContext {
  const ctx = new AppContext(dbPath, { autoBackup: false });
  ctx.begin(opened.office, opened.session);
  return ctx;
}

async function main(): Promise<void> {
  say('preparing: two demo offices (one sealed as built now, one unsealed as before issue 17)…');
  const sealedPath = await officeWithOwnSections();
  const todayPath = await officeWithOwnSections();
  await unsealOffice(await loggedIn(todayPath, 'admin', demoPass), logins, demoPass);

  // Long-lived sessions for the reads and exports.
  const sealedHr = contextOf(sealedPath, await loginSealed(sealedPath, 'admin', demoPass));
  const sealedMe = contextOf(sealedPath, await loginSealed(sealedPath, 'shokuin', demoPass));
  const todayHr = contextOf(todayPath, await loginToday(todayPath, 'admin', demoPass));
  const todayMe = contextOf(todayPath, await loginToday(todayPath, 'shokuin', demoPass));
  // Both files start the reads with an empty WAL: the logins above wrote different amounts (an HR
  // login reconciles grants and signs a checkpoint), and reads through a fuller WAL measured the WAL,
  // not the sealing (×1.98 for the person's read before; ×1.1–1.2 like for like).
  for (const c of [sealedHr, sealedMe, todayHr, todayMe]) c.office!.db.pragma('wal_checkpoint(TRUNCATE)');
  const me = sealedMe.session!.staffNo!;
  const section = (
    sealedHr
      .office!.db.prepare(
        'SELECT sec.name FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE s.staff_no = ?',
      )
      .get(me) as { name: string }
  ).name;

  // The same answers on both sides (today's copy holds the plain texts the sealed one opens).
  const a = await call(sealedHr, 'selfReport:get', { fy, staffNo: me });
  const b = await call(todayHr, 'selfReport:get', { fy, staffNo: me });
  if (JSON.stringify(a.confidential) !== JSON.stringify(b.confidential) || a.confidential === null) {
    throw new Error('the sealed and the unsealed office do not show the same sections');
  }

  type Row = { label: string; sealed: number[]; today: number[] };
  const rows: Row[] = [];
  const measure = async (label: string, sealed: () => Promise<unknown>, today: () => Promise<unknown>) => {
    const row: Row = { label, sealed: [], today: [] };
    await sealed(); // warm-up, not counted
    await today();
    for (let i = 0; i < runs; i += 1) {
      // Alternating which side goes first, so that neither always meets a warmer cache.
      if (i % 2 === 0) {
        row.sealed.push(await timed(sealed));
        row.today.push(await timed(today));
      } else {
        row.today.push(await timed(today));
        row.sealed.push(await timed(sealed));
      }
    }
    rows.push(row);
  };

  const closing = (open: () => Promise<{ office: Office; session: Session }>) => async () => {
    const o = await open();
    o.session.keys.wipe();
    closeOffice(o.office);
  };
  for (const who of ['admin', 'shokuin'] as const) {
    await measure(
      `login as ${who === 'admin' ? 'HR (admin)' : 'staff (shokuin)'}`,
      closing(() => loginSealed(sealedPath, who, demoPass)),
      closing(() => loginToday(todayPath, who, demoPass)),
    );
  }
  const readsOf = (ctx: AppContext, input: Input<'selfReport:get'>) => async () => {
    for (let i = 0; i < reads; i += 1) await call(ctx, 'selfReport:get', input);
  };
  await measure(
    `open the self-report as HR (${reads} reads)`,
    readsOf(sealedHr, { fy, staffNo: me }),
    readsOf(todayHr, { fy, staffNo: me }),
  );
  await measure(
    `open the self-report as the person (${reads} reads)`,
    readsOf(sealedMe, { fy }),
    readsOf(todayMe, { fy }),
  );
  const sectionBook = (ctx: AppContext) => () =>
    call(ctx, 'forms:export', { kind: 'selfreports', purpose: 'roundtrip', fy, section });
  await measure(`export the self-report workbook of ${section}`, sectionBook(sealedHr), sectionBook(todayHr));
  const personPrint = (ctx: AppContext) => () =>
    call(ctx, 'forms:export', { kind: 'selfreports', purpose: 'print', fy, staffNo: me });
  await measure('export one person’s self-report (with its sections)', personPrint(sealedHr), personPrint(todayHr));

  for (const ctx of [sealedHr, sealedMe, todayHr, todayMe]) ctx.end();

  say(`sealed data against today (the same demo office unsealed), median of ${runs}:`);
  say(`  ${''.padEnd(52)} ${'today'.padStart(8)}    ${'sealed'.padStart(8)}`);
  for (const r of rows) {
    const ratio = median(r.sealed) / median(r.today);
    say(
      `  ${r.label.padEnd(52)} ${ms(median(r.today))} ms ${ms(median(r.sealed))} ms   ×${ratio.toFixed(2)}  ${ratio <= goal ? `goal ≤ ${goal}×: met` : `goal ≤ ${goal}×: MISSED`}   (sealed ${r.sealed.map((x) => x.toFixed(0)).join(', ')}; today ${r.today.map((x) => x.toFixed(0)).join(', ')})`,
    );
  }
}

main()
  .then(() => fs.rmSync(dir, { recursive: true, force: true }))
  .catch((e: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
