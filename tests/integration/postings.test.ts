import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { isSealed } from '../../electron/core/keys/ciphers';
import { applicationField } from '../../electron/core/keys/sealed-fields';
import type { ChannelName } from '../../shared/channels';
import type { Input } from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Result } from '../../shared/result';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 庁内公募 (docs/postings.md) on real encrypted demo copies: applying and withdrawing, HR's postings,
 * paper applications and decisions, the applicants' workbook, closed years — and above all the
 * confidentiality of applications: never seen by the applicant's 1次, 2次 or 調整者 on any channel,
 * read only by HR and the personnel office, each such read audited, and refused calls change nothing.
 */

const fy = fiscalYearOf(new Date());
const past = fy - 1;
const today = todayIso();
const dir = tempDir('kaname-postings-');
const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
type Login = (typeof logins)[number];
const evaluators = ['kucho', 'kacho', 'kakaricho'] as const;

const contexts: AppContext[] = [];
afterAll(() => {
  for (const c of contexts) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type World = { ctx: Record<Login, AppContext>; db: Db };

/** A fresh copy of the demo with every login signed in. */
async function world(): Promise<World> {
  const dbPath = await demoCopy(dir);
  const ctx = {} as Record<Login, AppContext>;
  for (const login of logins) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
    contexts.push(ctx[login]);
  }
  return { ctx, db: ctx.admin.office!.db };
}

type AppRow = {
  id: number;
  postingId: number;
  staffId: number;
  staffNo: string;
  name: string;
  motivation: string;
  status: string;
};

/**
 * Every application with its motivation in plain text: the column is sealed (docs/postings.md
 * "Sealed"), so it is opened with HR's keys, as HR's screens do.
 */
function applications(w: World): AppRow[] {
  const rows = w.db
    .prepare(
      `SELECT a.id, a.posting_id AS postingId, a.staff_id AS staffId, s.staff_no AS staffNo, s.name, a.motivation,
              a.status
       FROM posting_applications a JOIN staff s ON s.id = a.staff_id ORDER BY a.id`,
    )
    .all() as AppRow[];
  const keys = w.ctx.admin.session!.keys;
  return rows.map((r) => {
    expect(isSealed(r.motivation)).toBe(true);
    const motivation = keys.open(w.db, applicationField(r.staffId, r.postingId, 'motivation'), r.motivation);
    if (motivation === null) throw new Error('HR cannot open a motivation');
    return { ...r, motivation };
  });
}

function postingIds(db: Db, year: number): { open: number; closed: number } {
  const rows = db.prepare('SELECT id, status FROM postings WHERE fy = ? ORDER BY id').all(year) as {
    id: number;
    status: string;
  }[];
  const open = rows.find((r) => r.status === '募集中');
  const closed = rows.find((r) => r.status !== '募集中');
  if (!open || !closed) throw new Error('the demo has no open and closed posting');
  return { open: open.id, closed: closed.id };
}

/** Everything a postings call could change, and the audit log's length. */
function snapshot(db: Db): string {
  return JSON.stringify([
    db.prepare('SELECT * FROM postings ORDER BY id').all(),
    db.prepare('SELECT * FROM posting_applications ORDER BY id').all(),
    db.prepare('SELECT count(*) AS n FROM audit_log').get(),
  ]);
}

const readAudits = (db: Db): { entity: string; entity_id: string; after: string }[] =>
  db
    .prepare("SELECT entity, entity_id, after FROM audit_log WHERE action = 'posting.applications.read' ORDER BY id")
    .all() as { entity: string; entity_id: string; after: string }[];

function call<K extends ChannelName>(c: AppContext, channel: K, input: Input<K>): Promise<Result<unknown>> {
  return callApi(c, channel, input);
}

const postingInput = (over: Partial<Input<'postings:save'>> = {}): Input<'postings:save'> => ({
  fy,
  id: null,
  kind: '庁内公募',
  title: 'テスト用の公募',
  section: null,
  team: '',
  description: '',
  conditions: '',
  capacity: 1,
  deadline: today,
  ...over,
});

describe('the demo postings', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('holds two postings of the year with applications in every status, one from shokuin', () => {
    const { open, closed } = postingIds(w.db, fy);
    const apps = applications(w);
    expect(new Set(apps.map((a) => a.status))).toEqual(new Set(['応募', '選考中', '採用', '不採用', '辞退']));
    const mine = apps.filter((a) => a.staffNo === w.ctx.shokuin.session!.staffNo);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ postingId: open, status: '応募' });
    expect(apps.some((a) => a.postingId === closed)).toBe(true);
    // shokuin's evaluators are the demo's evaluator logins.
    const ea = w.db
      .prepare(
        `SELECT f.staff_no AS first, s2.staff_no AS second FROM evaluator_assignments ea
         JOIN staff s ON s.id = ea.staff_id LEFT JOIN staff f ON f.id = ea.first_id LEFT JOIN staff s2 ON s2.id = ea.second_id
         WHERE ea.fy = ? AND s.staff_no = ? AND ea.effective_to IS NULL`,
      )
      .get(fy, w.ctx.shokuin.session!.staffNo) as { first: string; second: string };
    expect(ea).toEqual({ first: w.ctx.kakaricho.session!.staffNo, second: w.ctx.kacho.session!.staffNo });
  });

  it('shows shokuin every posting with their own application only, and no counts', async () => {
    const view = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy }));
    const { open, closed } = postingIds(w.db, fy);
    expect(view.postings.map((p) => p.id).sort()).toEqual([open, closed].sort());
    const o = view.postings.find((p) => p.id === open)!;
    expect(o.open).toBe(true);
    expect(o.mine).toMatchObject({ status: '応募', canWithdraw: true });
    expect(view.postings.every((p) => p.applicantCount === null)).toBe(true);
    expect(view.postings.find((p) => p.id === closed)!).toMatchObject({ open: false, mine: null });
  });

  it('gives HR and the personnel office the counts, and nobody another person’s application in the list', async () => {
    const { open } = postingIds(w.db, fy);
    const apps = applications(w);
    for (const login of ['admin', 'jinji'] as const) {
      const view = ok(await callApi(w.ctx[login], 'postings:list', { fy }));
      expect(view.postings.find((p) => p.id === open)!.applicantCount).toBe(
        apps.filter((a) => a.postingId === open).length,
      );
      const json = JSON.stringify(view);
      for (const a of apps) expect(json).not.toContain(a.motivation);
    }
  });
});

describe('confidentiality: the applicant’s evaluators never see the application', () => {
  let w: World;
  let shokuin: AppRow;
  beforeAll(async () => {
    w = await world();
    shokuin = applications(w).find((a) => a.staffNo === w.ctx.shokuin.session!.staffNo)!;
  }, 120_000);

  const leaks = (shokuin: AppRow, r: Result<unknown>): void => {
    const json = JSON.stringify(r);
    expect(json).not.toContain(shokuin.motivation);
    expect(json).not.toContain(shokuin.staffNo);
    expect(json).not.toContain(shokuin.name);
  };

  for (const login of evaluators) {
    it(`${login}: every postings channel, nothing of shokuin’s application`, async () => {
      const c = w.ctx[login];
      expect(c.session!.role).toBe('evaluator');
      const { open, closed } = postingIds(w.db, fy);
      const others = applications(w).filter((a) => a.staffNo !== shokuin.staffNo);

      const refused = async <K extends ChannelName>(channel: K, input: Input<K>, code: 'FORBIDDEN' | 'NOT_FOUND') => {
        const before = snapshot(w.db);
        const r = await call(c, channel, input);
        fail(r, code);
        leaks(shokuin, r);
        expect(snapshot(w.db)).toBe(before);
      };
      await refused('postings:applicants', { fy, postingId: open }, 'FORBIDDEN');
      await refused('postings:ofStaff', { staffNo: shokuin.staffNo }, 'FORBIDDEN');
      await refused('postings:export', { fy, postingId: open }, 'FORBIDDEN');
      await refused('postings:record', { fy, postingId: open, staffNo: shokuin.staffNo, motivation: 'x' }, 'FORBIDDEN');
      await refused(
        'postings:decide',
        { fy, applicationId: shokuin.id, status: '不採用', outcomeNote: '' },
        'FORBIDDEN',
      );
      await refused('postings:save', postingInput({ id: open }), 'FORBIDDEN');
      await refused('postings:setStatus', { fy, id: open, status: '締切' }, 'FORBIDDEN');
      // Withdrawing shokuin's (or anyone else's) application answers as if it did not exist.
      for (const a of [shokuin, ...others]) {
        await refused('postings:withdraw', { fy, applicationId: a.id }, 'NOT_FOUND');
      }

      const list = await call(c, 'postings:list', { fy });
      ok(list);
      leaks(shokuin, list);
      expect(JSON.stringify(list)).not.toMatch(/"mine":\{/u);
      // Their own application, and withdrawing it, answer with theirs only.
      const applied = await call(c, 'postings:apply', { fy, postingId: open, motivation: `${login}の志望動機` });
      leaks(shokuin, applied);
      const mine = (ok(applied) as { postings: { id: number; mine: { id: number } | null }[] }).postings.find(
        (p) => p.id === open,
      )!.mine!;
      expect(mine).not.toBeNull();
      const withdrawn = await call(c, 'postings:withdraw', { fy, applicationId: mine.id });
      ok(withdrawn);
      leaks(shokuin, withdrawn);
      const late = await call(c, 'postings:apply', { fy, postingId: closed, motivation: 'x' });
      fail(late, 'CONFLICT');
      leaks(shokuin, late);
      expect(readAudits(w.db)).toEqual([]);
    });
  }

  it('no code but the postings repository reads posting_applications', () => {
    const root = path.resolve(__dirname, '../..');
    const hits: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/u.test(e.name) && fs.readFileSync(p, 'utf8').includes('posting_applications')) {
          hits.push(path.relative(root, p).split(path.sep).join('/'));
        }
      }
    };
    for (const d of ['electron', 'shared', 'renderer/src']) walk(path.join(root, d));
    // Besides the repository: the migration, the sealing of an office's existing texts (keys.repo.ts),
    // and the field names of the sealed texts (a comment naming the column).
    expect(hits.sort()).toEqual([
      'electron/core/db/migrations/0110-training-postings.ts',
      'electron/core/keys/keys.repo.ts',
      'electron/core/keys/sealed-fields.ts',
      'electron/core/postings/postings.repo.ts',
    ]);
  });
});

describe('HR and the personnel office read applications, each read audited', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('reads a posting’s applicants and a person’s applications, one audit row per read, no text in it', async () => {
    const { open } = postingIds(w.db, fy);
    const shokuinNo = w.ctx.shokuin.session!.staffNo!;
    const apps = applications(w);
    for (const login of ['admin', 'jinji'] as const) {
      const before = readAudits(w.db).length;
      const rows = ok(await callApi(w.ctx[login], 'postings:applicants', { fy, postingId: open }));
      expect(rows.map((r) => r.id).sort()).toEqual(
        apps
          .filter((a) => a.postingId === open)
          .map((a) => a.id)
          .sort(),
      );
      const own = rows.find((r) => r.staffNo === shokuinNo)!;
      expect(own.motivation).toBe(apps.find((a) => a.staffNo === shokuinNo)!.motivation);
      const of = ok(await callApi(w.ctx[login], 'postings:ofStaff', { staffNo: shokuinNo }));
      expect(of.map((r) => r.postingId)).toEqual([open]);
      const audits = readAudits(w.db).slice(before);
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({ entity: 'posting', entity_id: String(open) });
      expect(JSON.parse(audits[0]!.after)).toMatchObject({ 公募: open, 件数: rows.length });
      expect(audits[1]).toMatchObject({ entity: 'staff', entity_id: shokuinNo });
      expect(JSON.parse(audits[1]!.after)).toMatchObject({ 職員番号: shokuinNo, 件数: 1 });
    }
    fail(await callApi(w.ctx.admin, 'postings:ofStaff', { staffNo: '99999999' }), 'NOT_FOUND');
  });

  it('refuses the personnel office every write, changing nothing', async () => {
    const { open } = postingIds(w.db, fy);
    const app = applications(w)[0]!;
    const c = w.ctx.jinji;
    const tries: [ChannelName, unknown][] = [
      ['postings:save', postingInput()],
      ['postings:setStatus', { fy, id: open, status: '締切' }],
      ['postings:record', { fy, postingId: open, staffNo: app.staffNo, motivation: '' }],
      ['postings:decide', { fy, applicationId: app.id, status: '採用', outcomeNote: '' }],
      ['postings:export', { fy, postingId: open }],
      ['postings:apply', { fy, postingId: open, motivation: '応募します' }],
      ['postings:withdraw', { fy, applicationId: app.id }],
    ];
    for (const [channel, input] of tries) {
      const before = snapshot(w.db);
      fail(await call(c, channel, input as never), 'FORBIDDEN');
      expect(snapshot(w.db), channel).toBe(before);
    }
  });

  it('exports the applicants for the selection panel: 取扱注意, the posting, one row each, no formulas', async () => {
    const { open } = postingIds(w.db, fy);
    const before = readAudits(w.db).length;
    const file = ok(await callApi(w.ctx.admin, 'postings:export', { fy, postingId: open }));
    expect(file.fileName).toMatch(/^公募応募者_[^\\/:*?"<>|\s]+_\d{8}\.xlsx$/u);
    expect(
      readAudits(w.db)
        .slice(before)
        .map((a) => JSON.parse(a.after) as unknown),
    ).toEqual([{ 公募: open, 件数: 3, 操作: 'postings:export' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.data, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('取扱注意');
    expect(ws.headerFooter.oddHeader).toContain('取扱注意');
    expect(ws.headerFooter.oddFooter).toContain('取扱注意');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    const cells: { address: string; value: unknown; font: string | undefined }[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push({ address: cell.address, value: cell.value, font: cell.font?.name });
      }),
    );
    for (const c of cells) {
      expect(['string', 'number'], c.address).toContain(typeof c.value);
      expect(c.font, c.address).toBe('游ゴシック');
    }
    const text = cells.map((c) => String(c.value));
    const posting = w.db.prepare('SELECT kind, title, capacity FROM postings WHERE id = ?').get(open) as {
      kind: string;
      title: string;
      capacity: number;
    };
    expect(text).toEqual(expect.arrayContaining([posting.kind, posting.title, '締切', '募集人数', '所属／チーム']));
    const headRow = cells.find((c) => c.value === '志望動機')!.address.replace(/\D/gu, '');
    const header = ws.getRow(Number(headRow)).values as unknown[];
    expect(header.slice(1)).toEqual(['職員番号', '氏名', '所属', '職位', '応募日', '状態', '志望動機', '選考結果メモ']);
    const apps = applications(w).filter((a) => a.postingId === open);
    const body: unknown[][] = [];
    for (let r = Number(headRow) + 1; r <= ws.rowCount; r++) body.push((ws.getRow(r).values as unknown[]).slice(1));
    expect(body.map((b) => b[0]).sort()).toEqual(apps.map((a) => a.staffNo).sort());
    for (const a of apps) {
      const row = body.find((b) => b[0] === a.staffNo)!;
      expect(row[1]).toBe(a.name);
      expect(row[6]).toBe(a.motivation);
      expect(String(row[5])).toContain(a.status);
    }
    expect(ws.getRow(Number(headRow) + 1).getCell(7).alignment?.wrapText).toBe(true);
  });
});

describe('applying, withdrawing, HR’s postings and decisions', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('shokuin withdraws, applies again (reopened as 応募), cannot apply twice; audits hold no motivation', async () => {
    const { open, closed } = postingIds(w.db, fy);
    const s = w.ctx.shokuin;
    const mine = ok(await callApi(s, 'postings:list', { fy })).postings.find((p) => p.id === open)!.mine!;
    const after = ok(await callApi(s, 'postings:withdraw', { fy, applicationId: mine.id }));
    expect(after.postings.find((p) => p.id === open)!.mine).toMatchObject({ status: '辞退', canWithdraw: false });
    fail(await callApi(s, 'postings:withdraw', { fy, applicationId: mine.id }), 'CONFLICT');
    const again = ok(await callApi(s, 'postings:apply', { fy, postingId: open, motivation: '改めて応募します。' }));
    expect(again.postings.find((p) => p.id === open)!.mine).toMatchObject({
      id: mine.id,
      status: '応募',
      motivation: '改めて応募します。',
      canWithdraw: true,
    });
    fail(await callApi(s, 'postings:apply', { fy, postingId: open, motivation: 'もう一度' }), 'CONFLICT');
    fail(await callApi(s, 'postings:apply', { fy, postingId: closed, motivation: '応募します' }), 'CONFLICT');
    fail(await callApi(s, 'postings:apply', { fy, postingId: open, motivation: '   ' }), 'VALIDATION');
    const audits = w.db
      .prepare("SELECT action, before, after FROM audit_log WHERE entity = 'posting_application' ORDER BY id")
      .all() as { action: string; before: string | null; after: string }[];
    expect(audits.map((a) => a.action)).toEqual(['posting.withdraw', 'posting.reapply']);
    const all = JSON.stringify(w.db.prepare('SELECT before, after FROM audit_log').all());
    for (const a of applications(w)) expect(all).not.toContain(a.motivation);
  });

  it('refuses applications after the deadline, and withdrawals too', async () => {
    const hr = w.ctx.admin;
    const view = ok(await callApi(hr, 'postings:save', postingInput({ title: '締切テスト', deadline: today })));
    const p = view.postings.find((x) => x.title === '締切テスト')!;
    expect(p).toMatchObject({ status: '募集中', open: true });
    ok(await callApi(w.ctx.shokuin, 'postings:apply', { fy, postingId: p.id, motivation: '応募します' }));
    const appId = applications(w).find((a) => a.postingId === p.id)!.id;
    // The deadline passes (set in the file: the year may have no earlier day to save).
    w.db.prepare('UPDATE postings SET deadline = ? WHERE id = ?').run(`${fy}-03-31`, p.id);
    const listed = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy })).postings.find((x) => x.id === p.id)!;
    expect(listed).toMatchObject({ status: '募集中', open: false, mine: { canWithdraw: false } });
    const before = snapshot(w.db);
    const e = fail(await callApi(w.ctx.kacho, 'postings:apply', { fy, postingId: p.id, motivation: 'x' }), 'CONFLICT');
    expect(e.message).toContain('締切');
    fail(await callApi(w.ctx.shokuin, 'postings:withdraw', { fy, applicationId: appId }), 'CONFLICT');
    expect(snapshot(w.db)).toBe(before);
  });

  it('HR saves postings within the year, with a known section, and moves their status by the rules', async () => {
    const hr = w.ctx.admin;
    const bad = fail(await callApi(hr, 'postings:save', postingInput({ deadline: `${fy + 1}-04-01` })), 'VALIDATION');
    expect(bad.field).toBe('deadline');
    fail(await callApi(hr, 'postings:save', postingInput({ deadline: `${fy}-03-31` })), 'VALIDATION');
    const sec = fail(await callApi(hr, 'postings:save', postingInput({ section: 'ない課' })), 'VALIDATION');
    expect(sec.field).toBe('section');
    const view = ok(
      await callApi(
        hr,
        'postings:save',
        postingInput({ title: '状態テスト', section: '総務課', team: '企画調整担当' }),
      ),
    );
    const p = view.postings.find((x) => x.title === '状態テスト')!;
    expect(p).toMatchObject({ section: '総務課', team: '企画調整担当', status: '募集中', applicantCount: 0 });
    const edited = ok(
      await callApi(hr, 'postings:save', postingInput({ id: p.id, title: '状態テスト', capacity: 3, section: null })),
    );
    expect(edited.postings.find((x) => x.id === p.id)).toMatchObject({ capacity: 3, section: null });
    const move = (status: '募集中' | '締切' | '選考終了') =>
      callApi(hr, 'postings:setStatus', { fy, id: p.id, status });
    fail(await move('選考終了'), 'CONFLICT');
    ok(await move('締切'));
    ok(await move('募集中'));
    ok(await move('締切'));
    ok(await move('選考終了'));
    fail(await move('募集中'), 'CONFLICT');
    fail(await move('締切'), 'CONFLICT');
    const actions = (
      w.db
        .prepare("SELECT action FROM audit_log WHERE entity = 'posting' AND entity_id = ? ORDER BY id")
        .all(String(p.id)) as { action: string }[]
    ).map((a) => a.action);
    expect(actions).toEqual([
      'posting.create',
      'posting.update',
      'posting.status',
      'posting.status',
      'posting.status',
      'posting.status',
    ]);
    fail(
      await callApi(hr, 'postings:record', {
        fy,
        postingId: p.id,
        staffNo: w.ctx.kacho.session!.staffNo!,
        motivation: '',
      }),
      'CONFLICT',
    );
  });

  it('HR records a paper application and decides; the applicant sees the outcome, withdraws no more once decided', async () => {
    const hr = w.ctx.admin;
    const view = ok(
      await callApi(hr, 'postings:save', postingInput({ title: '紙の応募', deadline: `${fy + 1}-03-31` })),
    );
    const p = view.postings.find((x) => x.title === '紙の応募')!;
    const kakarichoNo = w.ctx.kakaricho.session!.staffNo!;
    const rows = ok(
      await callApi(hr, 'postings:record', { fy, postingId: p.id, staffNo: kakarichoNo, motivation: '' }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ staffNo: kakarichoNo, source: 'paper', status: '応募', motivation: '' });
    fail(
      await callApi(hr, 'postings:record', { fy, postingId: p.id, staffNo: kakarichoNo, motivation: '' }),
      'CONFLICT',
    );
    const unknown = fail(
      await callApi(hr, 'postings:record', { fy, postingId: p.id, staffNo: '99999999', motivation: '' }),
      'VALIDATION',
    );
    expect(unknown.field).toBe('staffNo');
    // The applicant sees their paper application as their own.
    const theirs = () =>
      callApi(w.ctx.kakaricho, 'postings:list', { fy }).then((r) => ok(r).postings.find((x) => x.id === p.id)!.mine);
    expect(await theirs()).toMatchObject({ status: '応募', canWithdraw: true });
    const id = rows[0]!.id;
    fail(
      await callApi(hr, 'postings:decide', { fy, applicationId: id, status: '応募', outcomeNote: '' }),
      'VALIDATION',
    );
    const decided = ok(
      await callApi(hr, 'postings:decide', {
        fy,
        applicationId: id,
        status: '選考中',
        outcomeNote: '面接日程を調整中',
      }),
    );
    expect(decided[0]).toMatchObject({ status: '選考中', outcomeNote: '面接日程を調整中' });
    expect(await theirs()).toMatchObject({ status: '選考中', canWithdraw: true });
    ok(await callApi(hr, 'postings:decide', { fy, applicationId: id, status: '採用', outcomeNote: '採用' }));
    expect(await theirs()).toMatchObject({ status: '採用', canWithdraw: false });
    fail(await callApi(w.ctx.kakaricho, 'postings:withdraw', { fy, applicationId: id }), 'CONFLICT');
    const audit = w.db
      .prepare(
        "SELECT action, before, after FROM audit_log WHERE entity = 'posting_application' AND entity_id = ? ORDER BY id",
      )
      .all(String(id)) as { action: string; before: string | null; after: string }[];
    expect(audit.map((a) => a.action)).toEqual(['posting.record', 'posting.decide', 'posting.decide']);
    expect(JSON.parse(audit[2]!.after)).toMatchObject({ 職員番号: kakarichoNo, 状態: '採用' });
    expect(JSON.stringify(audit)).not.toContain('面接日程');
    fail(
      await callApi(hr, 'postings:decide', { fy: past, applicationId: id, status: '採用', outcomeNote: '' }),
      'YEAR_CLOSED',
    );
  });
});

describe('a closed year', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('is written by HR only after confirming, refused to everyone else, like awards', async () => {
    const hr = w.ctx.admin;
    const input = postingInput({ fy: past, title: '昨年度の公募', deadline: `${past}-06-30` });
    const before = snapshot(w.db);
    fail(await callApi(hr, 'postings:save', input), 'YEAR_CLOSED');
    fail(await callApi(w.ctx.jinji, 'postings:save', { ...input, confirmClosedYear: true }), 'FORBIDDEN');
    expect(snapshot(w.db)).toBe(before);
    const view = ok(await callApi(hr, 'postings:save', { ...input, confirmClosedYear: true }));
    const p = view.postings.find((x) => x.title === '昨年度の公募')!;
    expect(p.open).toBe(false);
    const closedWrites = () =>
      (w.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'closedYear.write'").get() as { n: number }).n;
    expect(closedWrites()).toBe(1);
    const staffNo = w.ctx.shokuin.session!.staffNo!;
    fail(await callApi(hr, 'postings:record', { fy: past, postingId: p.id, staffNo, motivation: '' }), 'YEAR_CLOSED');
    const rows = ok(
      await callApi(hr, 'postings:record', {
        fy: past,
        postingId: p.id,
        staffNo,
        motivation: '',
        confirmClosedYear: true,
      }),
    );
    fail(await callApi(hr, 'postings:setStatus', { fy: past, id: p.id, status: '締切' }), 'YEAR_CLOSED');
    expect(closedWrites()).toBe(2);
    // The applicant can neither apply nor withdraw in a closed year; the list still shows it.
    const frozen = snapshot(w.db);
    const e = fail(
      await callApi(w.ctx.shokuin, 'postings:apply', { fy: past, postingId: p.id, motivation: 'x' }),
      'FORBIDDEN',
    );
    expect(e.message).toContain('終了した年度');
    fail(await callApi(w.ctx.shokuin, 'postings:withdraw', { fy: past, applicationId: rows[0]!.id }), 'FORBIDDEN');
    fail(await callApi(w.ctx.kakaricho, 'postings:apply', { fy: past, postingId: p.id, motivation: 'x' }), 'FORBIDDEN');
    expect(snapshot(w.db)).toBe(frozen);
    const list = ok(await callApi(w.ctx.shokuin, 'postings:list', { fy: past }));
    expect(list.postings.find((x) => x.id === p.id)!.mine).toMatchObject({ status: '応募', canWithdraw: false });
    // A posting of one year is not found under another.
    fail(await callApi(hr, 'postings:applicants', { fy, postingId: p.id }), 'NOT_FOUND');
  });
});
