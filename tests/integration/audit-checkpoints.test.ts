import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import type { Db } from '../../electron/core/db/connection';
import { keyringPath, readKeyring, unwrapDataKey } from '../../electron/core/db/keyring';
import { newSigningPair, signWith, wrapFor } from '../../electron/core/keys/ciphers';
import { grantPurpose } from '../../electron/core/keys/keychain';
import { verifyDatabase } from '../../electron/core/system/backup.service';
import { checkpointMessage } from '../../electron/core/system/checkpoints';
import type { SignedHead, VerifyReport } from '../../shared/contract';
import { runKaname, spawnKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * Signed checkpoints and the anchored head (docs/audit-checkpoints.md), on real demo copies. The
 * attacker is a script outside the app holding the office key — here a staff account's password and
 * the office file — that edits the database directly, as issue 17 describes.
 */

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-checkpoints-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const admin = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };

/** The office file opened with the office key a staff account's password unwraps: no app, no audit entry. */
async function withOfficeKey<T>(dbPath: string, work: (db: Db) => T): Promise<T> {
  const key = await unwrapDataKey(readKeyring(keyringPath(dbPath)), 'shokuin', demoPass);
  if (!key) throw new Error('the staff password did not open the keyring');
  const db = openDatabase(dbPath, key, { create: false, migrate: false });
  try {
    return work(db);
  } finally {
    db.close();
    key.fill(0);
  }
}

type Checkpoint = { id: number; entries: number; head: string; at: string; reason: string };

function checkpoints(db: Db): Checkpoint[] {
  return db.prepare('SELECT id, entries, head, at, reason FROM audit_checkpoints ORDER BY id').all() as Checkpoint[];
}

function lastId(db: Db): number {
  return (db.prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m;
}

/** The chain's hash as the app computes it (an unkeyed SHA-256 anyone can compute). */
function rowHash(prev: string, r: Record<string, unknown>): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([prev, r.at, r.actor_id, r.actor, r.action, r.entity, r.entity_id, r.before, r.after]))
    .digest('hex');
}

/** Runs `change` with the append-only triggers dropped, and puts them back as they were. */
function withoutTriggers(db: Db, change: () => void): void {
  const triggers = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .all() as { sql: string }[];
  expect(triggers).toHaveLength(2);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  change();
  for (const t of triggers) db.exec(t.sql);
}

/** Edits row `id` and hashes it and every row after it again, so the chain links from 1 to the end. */
function rewriteAndRehash(db: Db, id: number, after: string): void {
  withoutTriggers(db, () => {
    db.prepare('UPDATE audit_log SET after = ? WHERE id = ?').run(after, id);
    let prev = (db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(id - 1) as { hash: string }).hash;
    const rows = db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(id) as Record<string, unknown>[];
    const put = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      const hash = rowHash(prev, r);
      put.run(prev, hash, r.id);
      prev = hash;
    }
  });
}

/** Drops every row after `keep` and sets the AUTOINCREMENT counter back to it. */
function truncateTo(db: Db, keep: number): void {
  withoutTriggers(db, () => {
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(keep);
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(keep);
  });
}

/** An office where HR worked and logged out, and the head HR wrote down from `kaname verify`. */
/** An attacker's own signing key pair in place of the office's, every checkpoint signed again with it. */
function substituteSigningKey(db: Db): { pair: ReturnType<typeof newSigningPair>; dbId: string } {
  const pair = newSigningPair();
  db.prepare("UPDATE meta SET value = ? WHERE key = 'key.signing.public'").run(pair.publicKey.toString('base64'));
  const dbId = (db.prepare("SELECT value FROM meta WHERE key = 'db_id'").get() as { value: string }).value;
  const hashAt = db.prepare('SELECT hash FROM audit_log WHERE id = ?');
  const put = db.prepare('UPDATE audit_checkpoints SET head = ?, signature = ? WHERE id = ?');
  for (const c of checkpoints(db)) {
    const head = (hashAt.get(c.entries) as { hash: string }).hash;
    put.run(head, signWith(pair.privateKey, checkpointMessage(dbId, { ...c, head })), c.id);
  }
  return { pair, dbId };
}

async function workedOffice(): Promise<{ dbPath: string; anchor: SignedHead }> {
  const dbPath = await demoCopy(dir);
  const hr = await loggedIn(dbPath, 'admin', demoPass);
  for (const n of [1, 2, 3]) {
    const r = await callApi(hr, 'accounts:create', {
      login: `cp${n}`,
      displayName: `署名${n}`,
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    expect(r.ok).toBe(true);
  }
  hr.end();
  const v = await runKaname(['verify', '--db', dbPath, '--json'], admin);
  expect(v.status).toBe(0);
  const anchor = (JSON.parse(v.stdout) as { checkpoint: SignedHead }).checkpoint;
  expect(anchor.entries).toBeGreaterThan(10);
  expect(anchor.head).toMatch(/^[0-9a-f]{64}$/u);
  return { dbPath, anchor };
}

type VerifyJson = VerifyReport & { db: string };

function verifyJson(r: CliRun): VerifyJson {
  expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  return JSON.parse(r.stdout) as VerifyJson;
}

async function cliVerify(dbPath: string, ...extra: string[]): Promise<{ status: number | null; report: VerifyJson }> {
  const r = await runKaname(['verify', '--db', dbPath, ...extra, '--json'], admin);
  return { status: r.status, report: verifyJson(r) };
}

describe('signed checkpoints', () => {
  it('HR login, verify, backup and logout sign the head; no other login signs anything', async () => {
    const dbPath = await demoCopy(dir);
    const before = await withOfficeKey(dbPath, (db) => checkpoints(db).length);

    for (const login of ['jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin']) {
      const ctx = await loggedIn(dbPath, login, demoPass);
      expect(ctx.session!.keys.holds('signing')).toBe(false);
      ctx.end();
    }
    expect(await withOfficeKey(dbPath, (db) => checkpoints(db).length)).toBe(before);

    const hr = await loggedIn(dbPath, 'admin', demoPass);
    const afterLogin = await withOfficeKey(dbPath, (db) => ({ list: checkpoints(db), lastId: lastId(db) }));
    expect(afterLogin.list).toHaveLength(before + 1);
    const login = afterLogin.list.at(-1)!;
    expect(login.reason).toBe('login');
    // The login's own entry is signed (the daily automatic backup's entry may follow it).
    expect(login.entries).toBeGreaterThanOrEqual(afterLogin.lastId - 1);

    const verified = await callApi(hr, 'system:verify', {});
    if (!verified.ok) throw new Error(verified.error.message);
    const report = verified.value;
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toMatchObject({ ok: true, keyChecked: true, problems: [] });
    expect(report.checkpoint?.entries).toBe(report.audit.rows);
    expect(report.sinceCheckpoint).toBe(0);
    expect(report.notes).toContain('最後の署名以降の記録: 0件');
    const line = /^署名済みの先頭: (\d+):([0-9a-f]{64})（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}署名）$/u.exec(
      report.notes![0]!,
    );
    expect(line?.slice(1)).toEqual([String(report.checkpoint!.entries), report.checkpoint!.head]);

    // Written after the last checkpoint: counted, and only as safe as the file.
    const staff = await loggedIn(dbPath, 'shokuin', demoPass);
    staff.end();
    const unsigned = verifyDatabase(hr.office!.db);
    expect(unsigned.ok).toBe(true);
    expect(unsigned.sinceCheckpoint).toBe(1);
    expect(unsigned.notes).toContain('最後の署名以降の記録: 1件');

    const backup = await callApi(hr, 'system:backup', {});
    if (!backup.ok) throw new Error(backup.error.message);
    const signed = backup.value.checkpoint!;
    expect(signed.entries).toBe(report.audit.rows + 1);
    const inCopy = await withOfficeKey(backup.value.file, (db) => checkpoints(db).at(-1)!);
    expect(inCopy).toMatchObject({ entries: signed.entries, head: signed.head, at: signed.at, reason: 'backup' });

    hr.end();
    const last = await withOfficeKey(dbPath, (db) => ({ cp: checkpoints(db).at(-1)!, lastId: lastId(db) }));
    expect(last.cp.reason).toBe('logout');
    expect(last.cp.entries).toBe(last.lastId);
  });

  it('a rewritten entry with the whole chain hashed again fails against the signed checkpoint', async () => {
    const { dbPath, anchor } = await workedOffice();
    await withOfficeKey(dbPath, (db) => rewriteAndRehash(db, 3, '{"role":"hr"}'));
    // The chain alone no longer notices: it links and hashes from 1 to the end.
    const chainOnly = await withOfficeKey(dbPath, (db) => verifyDatabase(db));
    expect(chainOnly.audit).toMatchObject({ ok: true, problems: [] });
    expect(chainOnly.ok).toBe(false);

    const { status, report } = await cliVerify(dbPath);
    expect(status).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.audit.ok).toBe(true);
    expect(report.checkpoints?.ok).toBe(false);
    expect(report.checkpoints?.problems.join('\n')).toMatch(/件目までが、.*に署名した記録と一致しません/u);

    const anchored = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`);
    expect(anchored.status).toBe(1);
    expect(anchored.report.expectHead).toMatchObject({ entries: anchor.entries, ok: false });
    expect(anchored.report.expectHead?.problems.join('')).toContain('控えと一致しません');
  });

  it('a dropped tail with the counter reset fails against the signed count', async () => {
    const { dbPath, anchor } = await workedOffice();
    const keep = anchor.entries - 3;
    await withOfficeKey(dbPath, (db) => truncateTo(db, keep));
    const chainOnly = await withOfficeKey(dbPath, (db) => verifyDatabase(db));
    expect(chainOnly.audit).toMatchObject({ ok: true, rows: keep });

    const { status, report } = await cliVerify(dbPath);
    expect(status).toBe(1);
    // `kaname verify`'s own login is the one entry after the cut.
    expect(report.checkpoints?.problems.join('\n')).toMatch(
      new RegExp(`署名済みの件数より短くなっています（.*の署名: \\d+件、現在: ${keep + 1}件）`, 'u'),
    );

    const anchored = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`);
    expect(anchored.status).toBe(1);
    expect(anchored.report.expectHead?.problems.join('')).toContain(`${anchor.entries}件目の記録がありません`);
  });

  it('the head written down still catches a dropped tail whose checkpoints were deleted too', async () => {
    const { dbPath, anchor } = await workedOffice();
    const keep = anchor.entries - 3;
    await withOfficeKey(dbPath, (db) => {
      truncateTo(db, keep);
      db.prepare('DELETE FROM audit_checkpoints WHERE entries > ?').run(keep);
    });
    // Inside the file the chain now looks as it did at an earlier checkpoint (docs/audit-checkpoints.md):
    // the head written down outside it is what tells.
    const anchored = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`);
    expect(anchored.status).toBe(1);
    expect(anchored.report.ok).toBe(false);
    expect(anchored.report.expectHead?.ok).toBe(false);
  });

  it('a substituted key pair with every checkpoint signed again: HR verify fails, and so does --expect-head', async () => {
    const { dbPath, anchor } = await workedOffice();
    await withOfficeKey(dbPath, (db) => {
      rewriteAndRehash(db, 3, '{"role":"hr"}');
      substituteSigningKey(db);
    });
    // Without HR's key (a restore checks a copy this way) the file is consistent with itself…
    const withoutHr = await withOfficeKey(dbPath, (db) => verifyDatabase(db));
    expect(withoutHr.audit.ok).toBe(true);
    expect(withoutHr.checkpoints).toMatchObject({ ok: true, keyChecked: false });

    // …but HR's own signing key is not the stored public key's other half.
    const { status, report } = await cliVerify(dbPath);
    expect(status).toBe(1);
    expect(report.checkpoints?.keyChecked).toBe(true);
    expect(report.checkpoints?.problems.join('\n')).toContain('公開鍵が差し替えられています');

    const anchored = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`);
    expect(anchored.status).toBe(1);
    expect(anchored.report.expectHead?.ok).toBe(false);
  });

  it('a signing key of the attacker’s own, wrapped for HR as a forged grant: HR’s slot refuses it and verify fails', async () => {
    const { dbPath } = await workedOffice();
    await withOfficeKey(dbPath, (db) => {
      rewriteAndRehash(db, 3, '{"role":"hr"}');
      const { pair, dbId } = substituteSigningKey(db);
      // HR's public key is in the clear: the forged key is wrapped for it, as a real grant is.
      const hr = db
        .prepare(
          "SELECT a.id, k.public_key AS pk FROM accounts a JOIN account_keys k ON k.account_id = a.id WHERE a.login = 'admin'",
        )
        .get() as { id: number; pk: Buffer };
      db.prepare("UPDATE key_grants SET wrapped = ? WHERE key_name = 'signing' AND account_id = ?").run(
        wrapFor(hr.pk, pair.privateKey, grantPurpose(dbId, 'signing', hr.id)),
        hr.id,
      );
    });
    const before = await withOfficeKey(dbPath, (db) => checkpoints(db).length);
    const { status, report } = await cliVerify(dbPath);
    expect(status).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.audit.problems.join('\n')).toContain('署名鍵が差し替えられています');
    // The forged key signed nothing: HR's login, verify and logout added no checkpoint.
    expect(await withOfficeKey(dbPath, (db) => checkpoints(db).length)).toBe(before);
  });

  it('a forged or edited checkpoint does not verify', async () => {
    const { dbPath } = await workedOffice();
    await withOfficeKey(dbPath, (db) => {
      const c = checkpoints(db).at(-1)!;
      db.prepare('UPDATE audit_checkpoints SET entries = ? WHERE id = ?').run(c.entries - 1, c.id);
    });
    const report = await withOfficeKey(dbPath, (db) => verifyDatabase(db));
    expect(report.ok).toBe(false);
    expect(report.checkpoints?.problems.join('\n')).toMatch(/署名 #\d+（.*）が正しくありません/u);
  });
});

describe('exports carry the signed head', () => {
  it('every export answer names the latest signed head, for HR and for the personnel office alike', async () => {
    const dbPath = await demoCopy(dir);
    const hr = await loggedIn(dbPath, 'admin', demoPass);
    const latest = await withOfficeKey(dbPath, (db) => checkpoints(db).at(-1)!);
    const staff = await callApi(hr, 'excel:export', { kind: 'staff', fy: null });
    if (!staff.ok) throw new Error(staff.error.message);
    expect(staff.value.signedHead).toMatchObject({ entries: latest.entries, head: latest.head });
    hr.end();
    // HR's logout signed again: the next export, by someone who cannot sign, names that head.
    const signed = await withOfficeKey(dbPath, (db) => checkpoints(db).at(-1)!);
    const jinji = await loggedIn(dbPath, 'jinji', demoPass);
    const { fy, section } = await withOfficeKey(
      dbPath,
      (db) =>
        db
          .prepare(
            'SELECT (SELECT max(fy) FROM cycles) AS fy, (SELECT name FROM sections ORDER BY sort LIMIT 1) AS section',
          )
          .get() as { fy: number; section: string },
    );
    const list = await callApi(jinji, 'placement:sectionXlsx', { fy, section });
    jinji.end();
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.signedHead).toMatchObject({ entries: signed.entries, head: signed.head });
  });
});

describe('kaname verify --expect-head', () => {
  it('passes with the head written down, and with the head a backup printed', async () => {
    const { dbPath, anchor } = await workedOffice();
    const hr = await loggedIn(dbPath, 'admin', demoPass);
    await callApi(hr, 'accounts:create', {
      login: 'later',
      displayName: '後から',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    hr.end();
    const ok = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`);
    expect(ok.status).toBe(0);
    expect(ok.report).toMatchObject({
      ok: true,
      integrity: [],
      audit: { ok: true, problems: [] },
      expectHead: { entries: anchor.entries, head: anchor.head, ok: true, problems: [] },
    });
    expect(ok.report.checkpoint!.entries).toBeGreaterThan(anchor.entries);
    expect(ok.report.sinceCheckpoint).toBe(0);

    const text = await runKaname(
      ['verify', '--db', dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`],
      admin,
    );
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`控えの先頭 ${anchor.entries} 件目と一致しました。`);
    expect(text.stdout).toMatch(/署名済みの先頭: \d+:[0-9a-f]{64}/u);
    expect(text.stdout).toContain('最後の署名以降の記録: 0件');

    const out = path.join(dir, `copy-${crypto.randomBytes(4).toString('hex')}.db`);
    const b = await runKaname(['backup', '--db', dbPath, '--out', out, '--json'], admin);
    expect(b.status).toBe(0);
    const { checkpoint } = JSON.parse(b.stdout) as { checkpoint: SignedHead };
    expect(checkpoint.head).toMatch(/^[0-9a-f]{64}$/u);
    const text2 = await runKaname(['backup', '--db', dbPath, '--out', `${out}.2`], admin);
    expect(text2.stdout).toMatch(/署名済みの先頭 \d+:[0-9a-f]{64}（.*署名）/u);
    // The copy carries the head it printed; the office itself still has it too.
    for (const db of [out, dbPath]) {
      const r = await cliVerify(db, '--expect-head', `${checkpoint.entries}:${checkpoint.head}`);
      expect(r.status).toBe(0);
    }
  });

  it('fails for a head the chain does not have, and is a usage error when malformed', async () => {
    const { dbPath, anchor } = await workedOffice();
    const wrong = await cliVerify(dbPath, '--expect-head', `${anchor.entries}:${'0'.repeat(64)}`);
    expect(wrong.status).toBe(1);
    const beyond = await cliVerify(dbPath, '--expect-head', `${anchor.entries + 1000}:${anchor.head}`);
    expect(beyond.status).toBe(1);
    expect(beyond.report.expectHead?.problems.join('')).toContain('件目の記録がありません');
    for (const bad of ['12', `0:${anchor.head}`, `x:${anchor.head}`, `${anchor.entries}:abc`]) {
      const r = await runKaname(['verify', '--db', dbPath, '--expect-head', bad, '--json'], admin);
      expect(r.status, bad).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    }
  });

  it('the real bin (bin/kaname.cjs) exits 1 on a rewritten chain and 0 on an intact one', async () => {
    const { dbPath, anchor } = await workedOffice();
    const args = ['verify', '--db', dbPath, '--expect-head', `${anchor.entries}:${anchor.head}`];
    const good = await spawnKaname(args, admin);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('最後の署名以降の記録: 0件');
    await withOfficeKey(dbPath, (db) => rewriteAndRehash(db, 5, '{"note":"changed"}'));
    const bad = await spawnKaname([...args, '--json'], admin);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, expectHead: { ok: false } });
  });
});
