import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { closeOffice } from '../../electron/core/office/office.service';
import type { ImportProgressView } from '../../shared/contract';
import { rosterWorkbook } from '../bench/roster';
import { callApi, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';

/**
 * `import:progress` (docs/workbook-import.md): while `import:preview` parses in the import worker,
 * the same context answers how far it is — 0 as it starts, a percentage that only grows, and after
 * the preview `running: false` with 100 (or, when the preview failed, less than 100).
 */
let dir: string;
let ctx: AppContext;
let roster: string;
const rows = 1500;
let previousWorker: string | undefined;

beforeAll(async () => {
  dir = tempDir('kaname-import-progress-');
  const created = await newOffice(dir);
  closeOffice(created.office);
  ctx = await loggedIn(created.dbPath, 'hr', hrPassword);
  roster = (await rosterWorkbook(rows)).buf.toString('base64');
  previousWorker = process.env['KANAME_IMPORT_WORKER'];
  process.env['KANAME_IMPORT_WORKER'] = '1';
}, 120_000);

afterAll(() => {
  if (previousWorker === undefined) delete process.env['KANAME_IMPORT_WORKER'];
  else process.env['KANAME_IMPORT_WORKER'] = previousWorker;
  ctx.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function progress(): Promise<ImportProgressView> {
  const r = await callApi(ctx, 'import:progress', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('import:progress', () => {
  it('is idle before any preview', async () => {
    expect(await progress()).toEqual({ running: false, percent: 0, fileName: null });
  });

  it('answers while the worker parses: 0 at the start, never going down, then done at 100', async () => {
    let settled = false;
    const pending = callApi(ctx, 'import:preview', { kind: 'staff', fileName: 'roster.xlsx', data: roster }).finally(
      () => {
        settled = true;
      },
    );
    // The preview has started (its record is set before it waits for the worker) and nothing is parsed yet.
    const seen: ImportProgressView[] = [await progress()];
    expect(seen[0]).toEqual({ running: true, percent: 0, fileName: 'roster.xlsx' });
    while (!settled) {
      await sleep(15);
      const now = await progress();
      if (now.running) seen.push(now);
    }
    const preview = await pending;
    expect(preview.ok).toBe(true);
    if (preview.ok) expect(preview.value.counts.inserted).toBe(rows);

    // The main process answered again while the worker ran (starting the worker alone outlasts a poll).
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const percents = seen.map((s) => s.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // The poll saw the work part done, not just its start.
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    for (const s of seen) {
      expect(s.fileName).toBe('roster.xlsx');
      // Only what the worker reports: 0, the workbook loaded (80), then the rows and the plan up to 100.
      expect(s.percent === 0 || (s.percent >= 80 && s.percent <= 100)).toBe(true);
    }
    expect(await progress()).toEqual({ running: false, percent: 100, fileName: 'roster.xlsx' });
  }, 120_000);

  it('a failed preview ends running, short of 100', async () => {
    const data = Buffer.from('職員番号,氏名\n001,山田\n'.repeat(20)).toString('base64');
    const r = await callApi(ctx, 'import:preview', { kind: 'staff', fileName: 'bad.xlsx', data });
    expect(r.ok).toBe(false);
    const after = await progress();
    expect(after.running).toBe(false);
    expect(after.fileName).toBe('bad.xlsx');
    expect(after.percent).toBeLessThan(100);
  }, 60_000);

  it('two previews at once: only the one started last can be committed, whichever finishes first', async () => {
    const small = (await rosterWorkbook(3)).buf.toString('base64');
    // The large roster goes to the worker and the small one stays on the main thread, so the first
    // started usually finishes last; the answer must not depend on that order.
    const first = callApi(ctx, 'import:preview', { kind: 'staff', fileName: 'first.xlsx', data: roster });
    const second = callApi(ctx, 'import:preview', { kind: 'staff', fileName: 'last.xlsx', data: small });
    const [a, b] = await Promise.all([first, second]);
    if (!a.ok || !b.ok) throw new Error('both previews should succeed');
    const stale = await callApi(ctx, 'import:commit', { token: a.value.token });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('NOT_FOUND');
    const committed = await callApi(ctx, 'import:commit', { token: b.value.token });
    expect(committed.ok).toBe(true);
    if (committed.ok) expect(committed.value.fileName).toBe('last.xlsx');
  }, 120_000);

  it('is forgotten at logout', async () => {
    expect((await progress()).fileName).not.toBeNull();
    expect((await callApi(ctx, 'auth:logout', {})).ok).toBe(true);
    expect((await callApi(ctx, 'auth:login', { login: 'hr', password: hrPassword })).ok).toBe(true);
    expect(await progress()).toEqual({ running: false, percent: 0, fileName: null });
  }, 60_000);
});
