import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { isSealed } from '../../electron/core/keys/ciphers';
import { withheldMessage } from '../../electron/core/keys/keychain';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { withRawDb } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 庁内公募 applications are sealed (docs/postings.md "Sealed", docs/sealed-data.md), on real encrypted
 * demo copies: the applicant, HR and the personnel office read the texts in the app, while the file
 * opened with the office key holds no plain text of them; a sealed text copied into another row does
 * not open (an error, never the text); a login whose keys do not open an application gets it withheld,
 * and cannot write one; an office without keys yet stores plain, as before.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-postings-sealed-');
const logins = ['admin', 'jinji', 'kakaricho', 'shokuin'] as const;
type Login = (typeof logins)[number];

const contexts: AppContext[] = [];
afterAll(() => {
  for (const c of contexts) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type World = { dbPath: string; ctx: Record<Login, AppContext>; db: Db };

async function login(dbPath: string, name: Login): Promise<AppContext> {
  const c = await loggedIn(dbPath, name, demoPass);
  contexts.push(c);
  return c;
}

/** A fresh copy of the demo with every login signed in. */
async function world(): Promise<World> {
  const dbPath = await demoCopy(dir);
  const ctx = {} as Record<Login, AppContext>;
  for (const name of logins) ctx[name] = await login(dbPath, name);
  return { dbPath, ctx, db: ctx.admin.office!.db };
}

type Stored = { id: number; postingId: number; staffId: number; motivation: string; outcome: string };

function stored(db: Db, id: number): Stored {
  return db
    .prepare(
      `SELECT id, posting_id AS postingId, staff_id AS staffId, motivation, outcome_note AS outcome
       FROM posting_applications WHERE id = ?`,
    )
    .get(id) as Stored;
}

function staffIdOf(db: Db, staffNo: string): number {
  return (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number }).id;
}

/** Every text cell of every table, read with the office key outside the app (no login, no keys). */
async function rawFileTexts(dbPath: string): Promise<string[]> {
  return withRawDb(dbPath, 'shokuin', demoPass, (raw) => {
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const out: string[] = [];
    for (const t of tables) {
      for (const row of raw.prepare(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(row)) {
          if (typeof v === 'string') out.push(v);
          else if (Buffer.isBuffer(v)) out.push(v.toString('utf8'));
        }
      }
    }
    return out;
  });
}

const postingInput = (title: string): Input<'postings:save'> => ({
  fy,
  id: null,
  kind: '庁内公募',
  title,
  section: null,
  team: '',
  description: '',
  conditions: '',
  capacity: 1,
  deadline: `${fy + 1}-03-31`,
});

async function newPosting(w: World, title: string): Promise<number> {
  const view = ok(await callApi(w.ctx.admin, 'postings:save', postingInput(title)));
  return view.postings.find((p) => p.title === title)!.id;
}

describe('the applicant, HR and the personnel office read sealed texts; the file holds none in plain', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('reads the demo application of shokuin, stored sealed, in plain for shokuin, admin and jinji', async () => {
    const shokuinNo = w.ctx.shokuin.session!.staffNo!;
    const own = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find((p) => p.mine)!;
    const mine = own.mine!;
    expect(mine.withheld).toBeUndefined();
    expect(mine.motivation.length).toBeGreaterThan(10);
    expect(mine.motivation).not.toMatch(/^kaname-sealed:/u);
    expect(isSealed(stored(w.db, mine.id).motivation)).toBe(true);
    expect(isSealed(stored(w.db, mine.id).outcome)).toBe(true);
    for (const reader of ['admin', 'jinji'] as const) {
      const rows = ok(await callApi(w.ctx[reader], 'postings:applicants', { fy, postingId: own.id }));
      const row = rows.find((r) => r.staffNo === shokuinNo)!;
      expect(row).toMatchObject({ motivation: mine.motivation });
      expect(row.withheld).toBeUndefined();
      const of = ok(await callApi(w.ctx[reader], 'postings:ofStaff', { staffNo: shokuinNo }));
      expect(of.map((r) => r.motivation)).toEqual([mine.motivation]);
      // Every demo application opens for both readers, none shows a sealed string.
      expect(JSON.stringify(rows)).not.toContain('kaname-sealed');
      expect(rows.every((r) => r.withheld === undefined)).toBe(true);
    }
  });

  it('stores a new application, the paper one HR records and HR’s outcome note sealed; the raw file holds no plain text', async () => {
    const postingId = await newPosting(w, '封印の確認');
    const motivation = '封印確認用の志望動機ＡＢＣ：区政の現場で企画力を活かしたい';
    const view = ok(await callApi(w.ctx.shokuin, 'postings:apply', { fy, postingId, motivation }));
    const mine = view.postings.find((p) => p.id === postingId)!.mine!;
    expect(mine).toMatchObject({ motivation, status: '応募' });
    const row = stored(w.db, mine.id);
    expect(isSealed(row.motivation)).toBe(true);
    expect(isSealed(row.outcome)).toBe(true);

    const kakarichoNo = w.ctx.kakaricho.session!.staffNo!;
    const paper = '紙の応募書類の志望動機ＸＹＺ：地域との協働を進めたい';
    const recorded = ok(
      await callApi(w.ctx.admin, 'postings:record', { fy, postingId, staffNo: kakarichoNo, motivation: paper }),
    );
    const paperRow = recorded.find((r) => r.staffNo === kakarichoNo)!;
    expect(paperRow).toMatchObject({ motivation: paper, source: 'paper', outcomeNote: '' });
    expect(isSealed(stored(w.db, paperRow.id).motivation)).toBe(true);
    expect(isSealed(stored(w.db, paperRow.id).outcome)).toBe(true);
    // The applicant reads the paper application HR recorded for them.
    const theirs = ok(await callApi(w.ctx.kakaricho, 'postings:list', { fy })).postings.find(
      (p) => p.id === postingId,
    )!;
    expect(theirs.mine).toMatchObject({ motivation: paper });

    const note = '面接は封印確認ＱＲＳの日程で実施';
    const decided = ok(
      await callApi(w.ctx.admin, 'postings:decide', {
        fy,
        applicationId: mine.id,
        status: '選考中',
        outcomeNote: note,
      }),
    );
    expect(decided.find((r) => r.id === mine.id)).toMatchObject({ outcomeNote: note, motivation });
    expect(isSealed(stored(w.db, mine.id).outcome)).toBe(true);
    const jinjiRows = ok(await callApi(w.ctx.jinji, 'postings:applicants', { fy, postingId }));
    expect(jinjiRows.find((r) => r.id === mine.id)).toMatchObject({ motivation, outcomeNote: note });

    // Withdrawing keeps the note sealed; applying again seals the new motivation and an empty note.
    ok(
      await callApi(w.ctx.admin, 'postings:decide', { fy, applicationId: mine.id, status: '辞退', outcomeNote: note }),
    );
    expect(isSealed(stored(w.db, mine.id).outcome)).toBe(true);
    const again = '再応募の志望動機ＬＭＮ';
    const reapplied = ok(await callApi(w.ctx.shokuin, 'postings:apply', { fy, postingId, motivation: again }));
    expect(reapplied.postings.find((p) => p.id === postingId)!.mine).toMatchObject({ motivation: again });
    ok(await callApi(w.ctx.shokuin, 'postings:withdraw', { fy, applicationId: mine.id }));
    const afterWithdraw = stored(w.db, mine.id);
    expect(isSealed(afterWithdraw.motivation) && isSealed(afterWithdraw.outcome)).toBe(true);

    // The workbook holds the opened texts for HR.
    const file = ok(await callApi(w.ctx.admin, 'postings:export', { fy, postingId }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.data, 'base64') as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => void cells.push(c.text)));
    expect(cells).toEqual(expect.arrayContaining([again, paper]));
    expect(cells.join('\n')).not.toContain('kaname-sealed');

    // Outside the app, with the office key: no table (the audit log included) holds any of the texts.
    w.db.pragma('wal_checkpoint(TRUNCATE)');
    const texts = await rawFileTexts(w.dbPath);
    expect(texts.some((t) => t.includes('kaname-sealed:'))).toBe(true);
    for (const secret of [motivation, paper, note, again, 'ＡＢＣ', 'ＸＹＺ', 'ＱＲＳ', 'ＬＭＮ']) {
      expect(
        texts.some((t) => t.includes(secret)),
        secret,
      ).toBe(false);
    }
    const demoText = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find(
      (p) => p.id !== postingId && p.mine,
    )!.mine!.motivation;
    expect(texts.some((t) => t.includes(demoText))).toBe(false);
  });
});

describe('a sealed text copied into another row does not open', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('answers an error, never the text, for another person’s row, another posting and another field', async () => {
    const shokuinNo = w.ctx.shokuin.session!.staffNo!;
    const demo = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find((p) => p.mine)!;
    const text = demo.mine!.motivation;
    const source = stored(w.db, demo.mine!.id);
    const put = (id: number, column: 'motivation' | 'outcome_note', value: string) =>
      w.db.prepare(`UPDATE posting_applications SET ${column} = ? WHERE id = ?`).run(value, id);
    const refused = async (r: Promise<{ ok: boolean }>) => {
      const res = await r;
      fail(res as never, 'DB_CORRUPT');
      expect(JSON.stringify(res)).not.toContain(text);
    };

    // Another person's application to the same posting.
    const victim = (
      w.db
        .prepare('SELECT id, staff_id AS staffId FROM posting_applications WHERE posting_id = ? AND staff_id <> ?')
        .get(demo.id, source.staffId) as { id: number; staffId: number }
    ).id;
    const victimRow = stored(w.db, victim);
    const victimNo = (
      w.db.prepare('SELECT staff_no AS n FROM staff WHERE id = ?').get(victimRow.staffId) as { n: string }
    ).n;
    put(victim, 'motivation', source.motivation);
    for (const reader of ['admin', 'jinji'] as const) {
      await refused(callApi(w.ctx[reader], 'postings:applicants', { fy, postingId: demo.id }));
      await refused(callApi(w.ctx[reader], 'postings:ofStaff', { staffNo: victimNo }));
    }
    await refused(callApi(w.ctx.admin, 'postings:export', { fy, postingId: demo.id }));
    put(victim, 'motivation', victimRow.motivation);
    ok(await callApi(w.ctx.admin, 'postings:applicants', { fy, postingId: demo.id }));

    // The same person's application to another posting.
    const other = await newPosting(w, '別の公募');
    const view = ok(
      await callApi(w.ctx.shokuin, 'postings:apply', { fy, postingId: other, motivation: '別の志望動機' }),
    );
    const otherId = view.postings.find((p) => p.id === other)!.mine!.id;
    const otherRow = stored(w.db, otherId);
    put(otherId, 'motivation', source.motivation);
    await refused(callApi(w.ctx.shokuin, 'postings:list', { fy }));
    await refused(callApi(w.ctx.admin, 'postings:ofStaff', { staffNo: shokuinNo }));
    put(otherId, 'motivation', otherRow.motivation);

    // The same application, the motivation in the outcome note's column.
    put(source.id, 'outcome_note', source.motivation);
    await refused(callApi(w.ctx.admin, 'postings:applicants', { fy, postingId: demo.id }));
    await refused(callApi(w.ctx.shokuin, 'postings:list', { fy }));
    put(source.id, 'outcome_note', source.outcome);
    expect(
      ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find((p) => p.id === demo.id)!.mine,
    ).toMatchObject({ motivation: text });
  });
});

describe('a login whose keys do not open an application', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('gets it withheld where the role admits it, and cannot write one', async () => {
    const shokuinNo = w.ctx.shokuin.session!.staffNo!;
    const demo = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find((p) => p.mine)!;
    const jinjiId = w.ctx.jinji.session!.accountId;
    const shokuinId = w.ctx.shokuin.session!.accountId;
    // The personnel office's postings key and shokuin's own wrap of their key are gone (a non-HR login
    // does not make grants, so the next logins hold neither).
    w.db.prepare("DELETE FROM key_grants WHERE key_name = 'postings' AND account_id = ?").run(jinjiId);
    w.db
      .prepare("DELETE FROM person_keys WHERE domain = 'postings' AND staff_id = ? AND grantee = ?")
      .run(staffIdOf(w.db, shokuinNo), shokuinId);
    const jinji = await login(w.dbPath, 'jinji');
    const shokuin = await login(w.dbPath, 'shokuin');

    const rows = ok(await callApi(jinji, 'postings:applicants', { fy, postingId: demo.id }));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toMatchObject({ motivation: '', outcomeNote: '', withheld: withheldMessage.postings });
    }
    const of = ok(await callApi(jinji, 'postings:ofStaff', { staffNo: shokuinNo }));
    expect(of[0]).toMatchObject({ motivation: '', withheld: withheldMessage.postings, status: '応募' });
    // HR still reads them.
    const hrRows = ok(await callApi(w.ctx.admin, 'postings:applicants', { fy, postingId: demo.id }));
    expect(hrRows.every((r) => r.withheld === undefined && r.motivation !== '')).toBe(true);

    const mine = ok(await callApi(shokuin, 'postings:list', { fy })).postings.find((p) => p.id === demo.id)!.mine!;
    expect(mine).toMatchObject({ motivation: '', withheld: withheldMessage.postings, status: '応募' });

    const other = await newPosting(w, '鍵のない応募');
    const before = JSON.stringify(w.db.prepare('SELECT * FROM posting_applications ORDER BY id').all());
    const e = fail(
      await callApi(shokuin, 'postings:apply', { fy, postingId: other, motivation: '書けないはずの志望動機' }),
      'FORBIDDEN',
    );
    expect(e.message).toBe(withheldMessage.postings);
    expect(JSON.stringify(w.db.prepare('SELECT * FROM posting_applications ORDER BY id').all())).toBe(before);
  });
});

describe('an office without keys yet (upgraded, before its first HR login)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('stores a new application plain, and reads it back', async () => {
    const postingId = await newPosting(w, '鍵の前の公募');
    w.db.prepare("DELETE FROM meta WHERE key IN ('key.confidential.public', 'key.postings.public')").run();
    const motivation = '鍵がまだない事務所の志望動機';
    const view = ok(await callApi(w.ctx.kakaricho, 'postings:apply', { fy, postingId, motivation }));
    const mine = view.postings.find((p) => p.id === postingId)!.mine!;
    expect(mine).toMatchObject({ motivation });
    expect(stored(w.db, mine.id)).toMatchObject({ motivation, outcome: '' });
    const rows = ok(await callApi(w.ctx.jinji, 'postings:applicants', { fy, postingId }));
    expect(rows[0]).toMatchObject({ motivation });
  });
});
