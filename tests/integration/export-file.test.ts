import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { Outbox } from '../../electron/core/api/outbox';
import { staffByNo } from '../../electron/core/staff/staff.repo';
import type { ChannelName } from '../../shared/channels';
import type { FileDownload, Input } from '../../shared/contract';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * Exports with delivery 'file' (docs/exports.md) on a real encrypted demo copy: every export
 * channel writes a valid .xlsx / .pdf into the outbox (0700 folder, 0600 file) whose content is, in
 * substance, the base64 answer's; the 職員名簿 streamed to the file re-imports as unchanged; logout
 * removes what was not delivered; role checks are the same with or without delivery.
 */

const fy = 2026;
const dir = tempDir('kaname-export-file-');
let admin: AppContext;
let jinji: AppContext;
let shokuin: AppContext;
let who: { kakarichoNo: string; shokuinNo: string; section: string; postingId: number };

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  admin = await loggedIn(dbPath, 'admin', demoPass);
  jinji = await loggedIn(dbPath, 'jinji', demoPass);
  shokuin = await loggedIn(dbPath, 'shokuin', demoPass);
  const db = admin.office!.db;
  const staffOf = (login: string) => {
    const { no } = db
      .prepare('SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?')
      .get(login) as { no: string };
    return { no, section: staffByNo(db, no)!.section! };
  };
  const posting = db.prepare('SELECT id FROM postings WHERE fy = ? ORDER BY id LIMIT 1').get(fy) as { id: number };
  who = {
    kakarichoNo: staffOf('kakaricho').no,
    shokuinNo: staffOf('shokuin').no,
    section: staffOf('shokuin').section,
    postingId: posting.id,
  };
});

afterAll(() => {
  for (const c of [admin, jinji, shokuin]) c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Xfile = FileDownload & { file: { id: string; bytes: number } };

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function both<K extends ChannelName>(
  ctx: AppContext,
  channel: K,
  input: Input<K>,
): Promise<{ inline: FileDownload; file: Xfile; bytes: Buffer }> {
  const inline = ok(await callApi(ctx, channel, input)) as FileDownload;
  const file = ok(await callApi(ctx, channel, { ...input, delivery: 'file' } as Input<K>)) as Xfile;
  expect(inline.file).toBeUndefined();
  expect(inline.data.length).toBeGreaterThan(0);
  expect(file.data).toBe('');
  expect(file.fileName).toBe(inline.fileName);
  const entry = ctx.outbox.get(file.file.id)!;
  expect(entry).not.toBeNull();
  expect(path.dirname(entry.path)).toBe(ctx.outbox.dir);
  expect(fs.statSync(entry.path).mode & 0o777).toBe(0o600);
  expect(fs.statSync(ctx.outbox.dir).mode & 0o777).toBe(0o700);
  const bytes = fs.readFileSync(entry.path);
  expect(bytes.length).toBe(file.file.bytes);
  return { inline, file, bytes };
}

/** Every sheet's name, state and cell values as text: what a reader of the workbook sees. */
async function substance(buf: Buffer, skipSheets: string[] = []): Promise<Record<string, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, string[]> = {};
  for (const ws of wb.worksheets) {
    if (skipSheets.includes(ws.name)) continue;
    const cells: string[] = [`state=${ws.state}`];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cell.value;
        const text = v instanceof Date ? v.toISOString().slice(0, 10) : JSON.stringify(v);
        cells.push(`${r}:${c}=${text}`);
      });
    });
    out[ws.name] = cells;
  }
  return out;
}

async function sameWorkbook(ctx: AppContext, channel: ChannelName, input: unknown, skip: string[] = []) {
  const { inline, bytes } = await both(ctx, channel, input as Input<ChannelName>);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const a = await substance(Buffer.from(inline.data, 'base64'), skip);
  const b = await substance(bytes, skip);
  expect(Object.keys(b)).toEqual(Object.keys(a));
  expect(b).toEqual(a);
  return b;
}

function pdfPages(buf: Buffer): number {
  return (buf.toString('latin1').match(/\/Type \/Page\b/gu) ?? []).length;
}

describe('every export channel with delivery file', () => {
  it('excel:template and excel:export of every kind: the same workbook, the big ones streamed', async () => {
    for (const kind of ['staff', 'evaluators', 'areas', 'awards', 'results', 'measures', 'training'] as const) {
      await sameWorkbook(admin, 'excel:template', { kind });
      const sheets = await sameWorkbook(admin, 'excel:export', { kind, fy });
      expect(Object.keys(sheets).length).toBeGreaterThan(0);
    }
  }, 180_000);

  it('the streamed 職員名簿 re-imports as unchanged (its notes, text cells and dropdowns hold)', async () => {
    const { bytes } = await both(admin, 'excel:export', { kind: 'staff', fy: null });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('職員名簿')!;
    expect(ws.getCell('A1').note).toBeTruthy();
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(wb.getWorksheet('_リスト')?.state).toBe('veryHidden');
    const preview = ok(
      await callApi(admin, 'import:preview', {
        kind: 'staff',
        fileName: '職員名簿.xlsx',
        data: bytes.toString('base64'),
      }),
    );
    expect(preview.counts.errors).toBe(0);
    expect(preview.counts.inserted + preview.counts.updated).toBe(0);
    expect(preview.counts.unchanged).toBeGreaterThan(10);
  });

  it('forms:export: print of a section and a section workbook to fill in, streamed sheet by sheet', async () => {
    for (const kind of ['selfreports', 'mbo'] as const) {
      await sameWorkbook(admin, 'forms:export', { kind, purpose: 'print', fy, section: who.section });
      // The staff workbook carries a fresh random token each time: its hidden meta sheet differs by design.
      const sheets = await sameWorkbook(
        admin,
        'forms:export',
        { kind, purpose: 'roundtrip', fy, section: who.section },
        ['_kaname'],
      );
      expect(Object.keys(sheets).length).toBeGreaterThan(0);
    }
  }, 180_000);

  it('appraisal:export: forms, status, ranking, distribution, evaluator (and disclosure when there is one)', async () => {
    for (const what of ['forms', 'status', 'ranking', 'distribution'] as const) {
      await sameWorkbook(admin, 'appraisal:export', { fy, what });
    }
    await sameWorkbook(admin, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo: who.kakarichoNo }, ['_kaname']);
    const inline = await callApi(admin, 'appraisal:export', { fy, what: 'disclosure' });
    const before = admin.outbox.size;
    const file = await callApi(admin, 'appraisal:export', { fy, what: 'disclosure', delivery: 'file' });
    expect(file.ok).toBe(inline.ok);
    if (!inline.ok && !file.ok) {
      expect(file.error.code).toBe(inline.error.code);
      // A refused export leaves nothing behind.
      expect(admin.outbox.size).toBe(before);
      expect(fs.readdirSync(admin.outbox.dir).length).toBe(before);
    }
  }, 180_000);

  it('placement:pdf (summaries streamed page by page, the section list) and placement:sectionXlsx', async () => {
    const staffNos = (
      admin.office!.db.prepare('SELECT staff_no AS no FROM staff ORDER BY staff_no LIMIT 12').all() as { no: string }[]
    ).map((r) => r.no);
    const summaries = await both(jinji, 'placement:pdf', { what: 'summaries', fy, staffNos });
    expect(summaries.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const a = summaries.inline as FileDownload & { pages: number; people: number };
    const b = summaries.file as Xfile & { pages: number; people: number };
    expect([b.pages, b.people]).toEqual([a.pages, a.people]);
    expect(pdfPages(summaries.bytes)).toBe(a.pages);
    expect(pdfPages(Buffer.from(a.data, 'base64'))).toBe(a.pages);

    const list = await both(jinji, 'placement:pdf', { what: 'section-list', fy, section: who.section });
    expect(list.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(list.bytes)).toBe((list.inline as FileDownload & { pages: number }).pages);

    await sameWorkbook(jinji, 'placement:sectionXlsx', { fy, section: who.section });
  });

  it('plan:report (xlsx and pdf) and postings:export', async () => {
    await sameWorkbook(jinji, 'plan:report', { fy, format: 'xlsx' });
    const pdf = await both(jinji, 'plan:report', { fy, format: 'pdf' });
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(pdf.bytes)).toBe(pdfPages(Buffer.from(pdf.inline.data, 'base64')));
    await sameWorkbook(admin, 'postings:export', { fy, postingId: who.postingId });
  });
});

describe('the outbox', () => {
  it('role checks are unchanged: a refused caller gets no file', async () => {
    const before = fs.existsSync(shokuin.outbox.dir) ? fs.readdirSync(shokuin.outbox.dir).length : 0;
    for (const [channel, input] of [
      ['excel:export', { kind: 'staff', fy: null, delivery: 'file' }],
      ['forms:export', { kind: 'mbo', purpose: 'print', fy, delivery: 'file' }],
      ['placement:pdf', { what: 'summaries', fy, staffNos: [who.shokuinNo], delivery: 'file' }],
      ['postings:export', { fy, postingId: who.postingId, delivery: 'file' }],
    ] as const) {
      const r = await callApi(shokuin, channel, input as never);
      expect(r.ok ? 'ok' : r.error.code, channel).toBe('FORBIDDEN');
    }
    // The personnel office may not take named forms, with or without delivery.
    const named = await callApi(jinji, 'appraisal:export', { fy, what: 'forms', delivery: 'file' });
    expect(named.ok ? 'ok' : named.error.code).toBe('FORBIDDEN');
    expect(fs.readdirSync(shokuin.outbox.dir).length).toBe(before);
    // Not a delivery the schema knows.
    const bad = await callApi(admin, 'excel:export', { kind: 'staff', fy: null, delivery: 'mail' } as never);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION');
  });

  it('logout (ctx.end) removes what was not delivered; a later start sweeps folders of dead ones', async () => {
    const dbPath = await demoCopy(dir);
    const ctx = await loggedIn(dbPath, 'admin', demoPass);
    const a = ok(await callApi(ctx, 'excel:template', { kind: 'staff', delivery: 'file' }));
    const b = ok(await callApi(ctx, 'excel:export', { kind: 'areas', fy, delivery: 'file' }));
    const files = [a, b].map((f) => ctx.outbox.get(f.file!.id)!.path);
    for (const f of files) expect(fs.existsSync(f)).toBe(true);
    ctx.end();
    for (const f of files) expect(fs.existsSync(f)).toBe(false);
    expect(ctx.outbox.get(a.file!.id)).toBeNull();
    ctx.close();

    // A folder left by a process that no longer runs is swept; this process's own is not.
    const root = tempDir('kaname-outbox-root-');
    const stale = path.join(root, 'kaname-outbox-999999999-abc');
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, 'f'.repeat(32)), 'left over');
    const live = new Outbox(root);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live.dir)).toBe(true);
    Outbox.sweep(root);
    expect(fs.existsSync(live.dir)).toBe(true);
    live.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('Electron-side delivery: saved moves the file, cancelled deletes it, keep copies; used ids are NOT_FOUND', async () => {
    const target = path.join(dir, 'saved.xlsx');
    const one = ok(await callApi(admin, 'excel:template', { kind: 'staff', delivery: 'file' }));
    const where = await admin.outbox.saveTo(one.file!.id, (name) => {
      expect(name).toBe('職員名簿_テンプレート.xlsx');
      return Promise.resolve(target);
    });
    expect(where).toBe(target);
    expect(fs.statSync(target).size).toBe(one.file!.bytes);
    await expect(admin.outbox.saveTo(one.file!.id, () => Promise.resolve(target))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const two = ok(await callApi(admin, 'excel:template', { kind: 'staff', delivery: 'file' }));
    const path2 = admin.outbox.get(two.file!.id)!.path;
    expect(await admin.outbox.saveTo(two.file!.id, () => Promise.resolve(null))).toBeNull();
    expect(fs.existsSync(path2)).toBe(false);

    const three = ok(await callApi(admin, 'excel:template', { kind: 'staff', delivery: 'file' }));
    const kept = path.join(dir, 'kept.xlsx');
    expect(await admin.outbox.saveTo(three.file!.id, () => Promise.resolve(kept), { keep: true })).toBe(kept);
    expect(admin.outbox.get(three.file!.id)).not.toBeNull();
    expect(fs.existsSync(kept)).toBe(true);
    await expect(admin.outbox.saveTo('../../etc/passwd', () => Promise.resolve(kept))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
