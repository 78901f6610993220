import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { hasSlot, keyringPath, readKeyring } from '../../electron/core/db/keyring';
import { isSealed } from '../../electron/core/keys/ciphers';
import { book, commit, currentFy, ok, previewOk, today } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import {
  accountKeyOf,
  decryptedCopy,
  knownConfidentialTexts,
  officeKeyOf,
  openPlain,
  readableWith,
  textsIn,
  unsealOffice,
} from '../helpers/sealed';
import type { Readable } from '../helpers/sealed';

/*
 * Sealed data (docs/sealed-data.md) against someone who holds the office file and one account's
 * password: with the office key (which every slot unwraps) the database opens outside the app, but
 * the sealed sections do not; with the account's own key only what that account may read opens.
 * Real demo copies, real key derivations, plain better-sqlite3 on decrypted copies.
 */

const roles = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
type Login = (typeof roles)[number];

const dir = tempDir('kaname-sealed-');
const fy = currentFy();
const known = knownConfidentialTexts();
const allKnown = [...known.selfReport, ...known.postings];
// What shokuin writes into their own self-report in these tests (the demo leaves theirs empty).
const ownHealth = '通院のため毎週水曜の午後に休暇を取得しています（封印テスト用）。';
const ownFamily = '子の看護のため、急な休みをお願いすることがあります（封印テスト用）。';
const secrets = [...allKnown, ownHealth, ownFamily];

const contexts: AppContext[] = [];
afterAll(() => {
  for (const c of contexts) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function login(dbPath: string, who: string, password = demoPass): Promise<AppContext> {
  const ctx = await loggedIn(dbPath, who, password);
  contexts.push(ctx);
  return ctx;
}

function logout(ctx: AppContext): void {
  ctx.end();
  contexts.splice(contexts.indexOf(ctx), 1);
}

function accountOf(db: Db, who: string): { id: number; staffId: number; staffNo: string } {
  return db
    .prepare(
      'SELECT a.id, a.staff_id AS staffId, s.staff_no AS staffNo FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?',
    )
    .get(who) as { id: number; staffId: number; staffNo: string };
}

/** The people an evaluator (by staff id) is 調整者 of on an assignment of this year still in force. */
function adjusteesOf(db: Db, staffId: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT staff_id AS id FROM evaluator_assignments
       WHERE fy = ? AND adjuster_id = ? AND (effective_to IS NULL OR effective_to >= ?)`,
    )
    .all(fy, staffId, today()) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

function reportPeople(db: Db): Set<number> {
  return new Set(
    (db.prepare('SELECT DISTINCT staff_id AS id FROM self_reports').all() as { id: number }[]).map((r) => r.id),
  );
}

function applications(db: Db): { id: number; staffId: number }[] {
  return db.prepare('SELECT id, staff_id AS staffId FROM posting_applications').all() as {
    id: number;
    staffId: number;
  }[];
}

const people = (r: Readable['reports']) => new Set(r.map((x) => x.staffId));
const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);

/** The role table the issue note shows (printed by the last test). */
const table: Record<string, string> = {};
/** Per role: how many known texts its office key found in the decrypted file, WAL and backup. */
const rawFound: Partial<Record<Login, number>> = {};
let beforeFigures: string | null = null;

async function saveOwnSections(dbPath: string): Promise<void> {
  const me = await login(dbPath, 'shokuin');
  const current = ok(await callApi(me, 'selfReport:get', { fy }));
  ok(
    await callApi(me, 'selfReport:save', {
      fy,
      version: current.version,
      duties: '窓口業務を担当しています。',
      health: ownHealth,
      family: ownFamily,
    }),
  );
  logout(me);
}

describe('the office file outside the app, with each demo role’s password', () => {
  let dbPath: string;
  let backup: string;

  beforeAll(async () => {
    dbPath = await demoCopy(dir);
    await saveOwnSections(dbPath);
    // A backup through the app, and a WAL that holds sealed pages: HR stays logged in while another
    // login writes its self-report again after a checkpoint.
    const hr = await login(dbPath, 'admin');
    backup = ok(await callApi(hr, 'system:backup', {})).file;
    hr.office!.db.pragma('wal_checkpoint(TRUNCATE)');
    const me = await login(dbPath, 'shokuin');
    const v = ok(await callApi(me, 'selfReport:get', { fy }));
    ok(await callApi(me, 'selfReport:save', { fy, version: v.version, health: `${ownHealth}（更新）` }));
    expect(fs.statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
  });

  it('no role’s office key finds a known confidential text in the file, the WAL or a backup', async () => {
    for (const who of roles) {
      const key = await officeKeyOf(dbPath, who, demoPass);
      const main = decryptedCopy(dbPath, key, path.join(dir, `raw-${who}-main.db`), false);
      const withWal = decryptedCopy(dbPath, key, path.join(dir, `raw-${who}-wal.db`), true);
      const fromBackup = decryptedCopy(backup, key, path.join(dir, `raw-${who}-backup.db`), false);
      key.fill(0);
      rawFound[who] = new Set([main, withWal, fromBackup].flatMap((f) => textsIn(f, secrets))).size;
      // The copies really are the office's data in the clear: its tables and plain names are there.
      const plain = openPlain(main);
      expect((plain.prepare('SELECT count(*) AS n FROM self_reports').get() as { n: number }).n).toBeGreaterThan(100);
      const someName = (plain.prepare('SELECT name FROM staff LIMIT 1').get() as { name: string }).name;
      plain.close();
      expect(textsIn(main, [someName, 'CREATE TABLE self_reports'])).toHaveLength(2);
      for (const f of [main, withWal, fromBackup])
        expect({ who, file: path.basename(f), found: textsIn(f, secrets) }).toEqual({
          who,
          file: path.basename(f),
          found: [],
        });
      // The raw encrypted WAL holds nothing readable either.
      expect(textsIn(`${dbPath}-wal`, secrets)).toEqual([]);
    }
  }, 120_000);

  it('each role’s own key opens exactly what that role may read, and nothing else', async () => {
    const key = await officeKeyOf(dbPath, 'admin', demoPass);
    const copy = decryptedCopy(dbPath, key, path.join(dir, 'raw-keys.db'), true);
    key.fill(0);
    const db = openPlain(copy);
    try {
      const everyoneWithReport = reportPeople(db);
      const totalReports = (db.prepare('SELECT count(*) AS n FROM self_reports').get() as { n: number }).n;
      const apps = applications(db);
      const read = {} as Record<Login, Readable>;
      for (const who of roles) {
        const a = accountOf(db, who);
        read[who] = readableWith(db, a.id, await accountKeyOf(dbPath, who, demoPass));
      }
      const own = (who: Login) => accountOf(db, who).staffId;

      // staff: their own self-report and their own application, nobody else's.
      expect(sorted(people(read.shokuin.reports))).toEqual([own('shokuin')]);
      expect(read.shokuin.applications.map((x) => x.staffId)).toEqual([own('shokuin')]);
      // 1次 and 2次 (kakaricho and kacho are shokuin's): nothing of anyone.
      for (const who of ['kacho', 'kakaricho'] as const) expect(read[who]).toEqual({ reports: [], applications: [] });
      // personnel: every application, no self-report section.
      expect(read.jinji.reports).toEqual([]);
      expect(sorted(read.jinji.applications.map((x) => x.id))).toEqual(sorted(apps.map((x) => x.id)));
      // 調整者: exactly the people they are 調整者 of (every year of theirs), no application.
      const adjustees = adjusteesOf(db, own('kucho'));
      const expectedKucho = sorted([...adjustees].filter((id) => everyoneWithReport.has(id)));
      expect(expectedKucho.length).toBeGreaterThan(5);
      expect(sorted(people(read.kucho.reports))).toEqual(expectedKucho);
      expect(read.kucho.applications).toEqual([]);
      // HR: everything.
      expect(read.admin.reports).toHaveLength(totalReports);
      expect(read.admin.applications).toHaveLength(apps.length);

      for (const who of roles) {
        const mine = own(who);
        const r = read[who];
        const ownTotal = (
          db.prepare('SELECT count(*) AS n FROM self_reports WHERE staff_id = ?').get(mine) as { n: number }
        ).n;
        const othersReports = totalReports - ownTotal;
        const others = r.reports.filter((x) => x.staffId !== mine);
        const otherApps = r.applications.filter((x) => x.staffId !== mine);
        const ownParts = [
          r.reports.length > others.length ? 'own self-report' : '',
          r.applications.length > otherApps.length ? 'own application' : '',
        ].filter(Boolean);
        table[who] =
          `${ownParts.join(' + ') || '—'}; others' self-reports ${others.length}/${othersReports} ` +
          `(${people(others).size} people); others' applications ${otherApps.length}/${apps.length}; known texts in raw file ${rawFound[who] ?? '?'}/${secrets.length}`;
      }
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('in the app', () => {
  let dbPath: string;
  let shokuinNo: string;
  let target: { staffNo: string; health: string };

  beforeAll(async () => {
    dbPath = await demoCopy(dir);
    await saveOwnSections(dbPath);
    const hr = await login(dbPath, 'admin');
    const db = hr.office!.db;
    shokuinNo = accountOf(db, 'shokuin').staffNo;
    // Someone kucho is 調整者 of, outside kacho's section, with a written health section this year.
    const kacho = accountOf(db, 'kacho');
    const candidates = db
      .prepare(
        `SELECT s.staff_no AS staffNo FROM evaluator_assignments ea JOIN staff s ON s.id = ea.staff_id
         JOIN self_reports sr ON sr.staff_id = s.id AND sr.fy = ea.fy
         WHERE ea.fy = ? AND ea.effective_to IS NULL AND ea.adjuster_id = ?
           AND s.section_id <> (SELECT section_id FROM staff WHERE id = ?) AND s.position IN ('課長', '課長代理')
         ORDER BY s.staff_no`,
      )
      .all(fy, accountOf(db, 'kucho').staffId, kacho.staffId) as { staffNo: string }[];
    const views = [];
    for (const c of candidates) views.push(ok(await callApi(hr, 'selfReport:get', { fy, staffNo: c.staffNo })));
    const withHealth = views.find((v) => v.confidential && v.confidential.health !== '') ?? views[0]!;
    target = { staffNo: withHealth.person.staffNo, health: withHealth.confidential!.health };
    logout(hr);
  });

  it('the person, HR and the 調整者 read the sections; 1次, 2次, personnel and other staff do not', async () => {
    const seen: Record<string, string> = {};
    for (const who of roles) {
      const ctx = await login(dbPath, who);
      const r = await callApi(ctx, 'selfReport:get', who === 'shokuin' ? { fy } : { fy, staffNo: shokuinNo });
      if (r.ok) {
        seen[who] = `${r.value.relation}:${r.value.confidential ? r.value.confidential.health : 'hidden'}`;
        if (r.value.confidentialHidden) expect(r.value.confidential).toBeNull();
      } else seen[who] = r.error.code;
      logout(ctx);
    }
    expect(seen).toEqual({
      shokuin: `self:${ownHealth}`,
      admin: `hr:${ownHealth}`,
      kakaricho: 'first:hidden',
      kacho: 'second:hidden',
      jinji: 'personnel:hidden',
      kucho: 'NOT_FOUND', // shokuin's 調整者 is the 副区長, who holds no login
    });

    // kucho is 調整者 of the target: reads; personnel does not.
    const kucho = await login(dbPath, 'kucho');
    const adj = ok(await callApi(kucho, 'selfReport:get', { fy, staffNo: target.staffNo }));
    expect(adj.relation).toBe('adjuster');
    expect(adj.confidential?.health).toBe(target.health);
    logout(kucho);

    // Another staff member's account (made by HR) gets nothing of shokuin's report.
    const hr = await login(dbPath, 'admin');
    const other = hr
      .office!.db.prepare(
        `SELECT staff_no AS staffNo FROM staff WHERE active = 1 AND position = '係員'
         AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) ORDER BY staff_no LIMIT 1`,
      )
      .get() as { staffNo: string };
    ok(
      await callApi(hr, 'accounts:create', {
        login: 'tanin',
        displayName: '他の職員',
        role: 'staff',
        staffNo: other.staffNo,
        password: 'tanin-pass-1',
      }),
    );
    logout(hr);
    const tanin = await login(dbPath, 'tanin', 'tanin-pass-1');
    ok(await callApi(tanin, 'auth:changePassword', { current: 'tanin-pass-1', next: 'tanin-pass-2-long' }));
    const refused = await callApi(tanin, 'selfReport:get', { fy, staffNo: shokuinNo });
    expect(refused.ok ? refused.value.confidential : refused.error.code).toBe('NOT_FOUND');
    logout(tanin);
  }, 60_000);

  it('a change of 調整者 mid-year (the 評価者 workbook) moves access to the new one', async () => {
    const hr = await login(dbPath, 'admin');
    const db = hr.office!.db;
    const t = db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(target.staffNo) as { id: number };
    const a = db
      .prepare(
        'SELECT first_id, second_id FROM evaluator_assignments WHERE fy = ? AND staff_id = ? AND effective_to IS NULL',
      )
      .get(fy, t.id) as { first_id: number | null; second_id: number | null };
    const no = (id: number | null) =>
      id === null ? null : (db.prepare('SELECT staff_no AS n FROM staff WHERE id = ?').get(id) as { n: string }).n;
    const kacho = accountOf(db, 'kacho');
    const kucho = accountOf(db, 'kucho');
    const file = await book({
      name: '評価者',
      rows: [
        ['年度', '職員番号', '1次評価者', '2次評価者', '調整者'],
        [fy, target.staffNo, no(a.first_id), no(a.second_id), kacho.staffNo],
      ],
    });
    const p = await previewOk(hr, 'evaluators', file);
    expect(p.problems).toEqual([]);
    ok(await commit(hr, p.token));
    // The key tables: kacho now holds the person's key, kucho no longer does.
    const grantees = (
      db.prepare("SELECT grantee FROM person_keys WHERE domain = 'selfReport' AND staff_id = ?").all(t.id) as {
        grantee: number;
      }[]
    ).map((r) => r.grantee);
    expect(grantees).toContain(kacho.id);
    expect(grantees).not.toContain(kucho.id);
    logout(hr);

    const key = await officeKeyOf(dbPath, 'admin', demoPass);
    const copy = decryptedCopy(dbPath, key, path.join(dir, 'raw-moved.db'), true);
    key.fill(0);
    const plain = openPlain(copy);
    try {
      const byKacho = readableWith(plain, kacho.id, await accountKeyOf(dbPath, 'kacho', demoPass));
      const byKucho = readableWith(plain, kucho.id, await accountKeyOf(dbPath, 'kucho', demoPass));
      expect(sorted(people(byKacho.reports))).toEqual([t.id]);
      expect(people(byKucho.reports).has(t.id)).toBe(false);
      expect(byKucho.reports.length).toBeGreaterThan(0); // still 調整者 of the others
    } finally {
      plain.close();
    }

    const newAdj = await login(dbPath, 'kacho');
    const v = ok(await callApi(newAdj, 'selfReport:get', { fy, staffNo: target.staffNo }));
    expect([v.relation, v.confidential?.health]).toEqual(['adjuster', target.health]);
    logout(newAdj);
    const oldAdj = await login(dbPath, 'kucho');
    const w = await callApi(oldAdj, 'selfReport:get', { fy, staffNo: target.staffNo });
    // kucho stays 2次 of a 課長 (sees the form, not the sections) and has no relation to a 課長代理.
    if (w.ok) expect([w.value.relation, w.value.confidential]).toEqual(['second', null]);
    else expect(w.error.code).toBe('NOT_FOUND');
    logout(oldAdj);
  }, 60_000);

  it('a disabled account loses its wraps and its slot, and cannot log in', async () => {
    const hr = await login(dbPath, 'admin');
    const db = hr.office!.db;
    const sh = accountOf(db, 'shokuin');
    const wraps = () =>
      (db.prepare('SELECT count(*) AS n FROM person_keys WHERE grantee = ?').get(sh.id) as { n: number }).n +
      (db.prepare('SELECT count(*) AS n FROM key_grants WHERE account_id = ?').get(sh.id) as { n: number }).n;
    expect(wraps()).toBeGreaterThan(0);
    ok(await callApi(hr, 'accounts:disable', { id: sh.id }));
    expect(wraps()).toBe(0);
    expect(hasSlot(readKeyring(keyringPath(dbPath)), 'shokuin')).toBe(false);
    logout(hr);
    const again = await callApi(new AppContext(dbPath), 'auth:login', {
      login: 'shokuin',
      password: demoPass,
    });
    expect(again.ok ? 'logged in' : again.error.code).toBe('AUTH_FAILED');
  }, 60_000);
});

describe('an office made before sealed data, upgraded', () => {
  it('works plain for a first non-HR login, is sealed and scrubbed at the first HR login, and the person reads their own', async () => {
    const dbPath = await demoCopy(dir);
    await saveOwnSections(dbPath);
    await unsealOffice(await login(dbPath, 'admin'), roles, demoPass);

    // Before: the office key alone reads every confidential text in the raw file.
    let key = await officeKeyOf(dbPath, 'shokuin', demoPass);
    const before = decryptedCopy(dbPath, key, path.join(dir, 'raw-before.db'), true);
    key.fill(0);
    expect(textsIn(before, secrets)).toEqual(secrets);
    const plainBefore = openPlain(before);
    const counts = {
      reports: (plainBefore.prepare('SELECT count(*) AS n FROM self_reports').get() as { n: number }).n,
      apps: applications(plainBefore).length,
    };
    for (const t of ['account_keys', 'key_grants', 'person_keys']) {
      expect((plainBefore.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n).toBe(0);
    }
    plainBefore.close();
    beforeFigures = `everything: ${counts.reports}/${counts.reports} self-reports, ${counts.apps}/${counts.apps} applications; known texts in raw file: ${secrets.length}/${secrets.length}`;

    // A non-HR login first: the office has no keys yet, the app works on plain values.
    const first = await login(dbPath, 'shokuin');
    expect(ok(await callApi(first, 'selfReport:get', { fy })).confidential?.health).toBe(ownHealth);
    expect(
      isSealed(
        (
          first
            .office!.db.prepare('SELECT health_note AS h FROM self_reports WHERE staff_id = ? AND fy = ?')
            .get(accountOf(first.office!.db, 'shokuin').staffId, fy) as { h: string }
        ).h,
      ),
    ).toBe(false);
    logout(first);

    // The first HR login seals everything and scrubs the file.
    const hr = await login(dbPath, 'admin');
    const db = hr.office!.db;
    const stored = db.prepare('SELECT health_note AS h, family_note AS f FROM self_reports').all() as {
      h: string;
      f: string;
    }[];
    expect(stored.length).toBe(counts.reports);
    expect(stored.every((r) => isSealed(r.h) && isSealed(r.f))).toBe(true);
    const storedApps = db.prepare('SELECT motivation AS m, outcome_note AS o FROM posting_applications').all() as {
      m: string;
      o: string;
    }[];
    expect(storedApps.every((r) => isSealed(r.m) && isSealed(r.o))).toBe(true);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    key = await officeKeyOf(dbPath, 'kakaricho', demoPass);
    const after = decryptedCopy(dbPath, key, path.join(dir, 'raw-after.db'), true);
    key.fill(0);
    expect(textsIn(after, secrets)).toEqual([]);
    const plainAfter = openPlain(after);
    expect(plainAfter.pragma('freelist_count', { simple: true })).toBe(0);
    plainAfter.close();
    logout(hr);

    // The person reads their own sections after their next login.
    const me = await login(dbPath, 'shokuin');
    expect(ok(await callApi(me, 'selfReport:get', { fy })).confidential).toEqual({
      health: ownHealth,
      family: ownFamily,
    });
    logout(me);
  }, 120_000);

  it('prints the role table for the issue note', () => {
    const lines = [
      '| role | with the office file and this password, before (office key only) | now (office key + own slot) |',
      '|---|---|---|',
      ...roles.map((who) => `| ${who} | ${beforeFigures ?? 'everything'} | ${table[who] ?? '(not measured)'} |`),
    ];
    console.log(lines.join('\n'));
    expect(Object.keys(table).length).toBeGreaterThan(0);
  });
});
