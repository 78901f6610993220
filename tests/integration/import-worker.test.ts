import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Office } from '../../electron/core/office/office.service';
import { closeOffice } from '../../electron/core/office/office.service';
import {
  dropSpareWorker,
  prepareWorker,
  runInWorker,
  spareWorkerWaiting,
  workerDiedMessage,
  workerEntry,
} from '../../electron/core/workbooks/import-thread';
import { parseImport, previewImport, previewOf } from '../../electron/core/workbooks/importer';
import type { ParsedSheetImport } from '../../electron/core/workbooks/importer';
import { rosterWorkbook } from '../bench/roster';
import { newOffice, tempDir } from '../helpers/office';

/**
 * The importer's worker thread (docs/workbook-import.md): the same parse and the same preview as on
 * the main thread, progress as a percentage that only grows to 100, the guard's refusal carried back
 * as the same error, and the explicit fallback to the main thread when no worker entry is found — but
 * a refusal, not a second try on the main thread, when a running worker dies on the file.
 */
let dir: string;
let office: Office;
let roster: Buffer;

beforeAll(async () => {
  dir = tempDir();
  office = (await newOffice(dir)).office;
  roster = (await rosterWorkbook(400)).buf;
}, 60_000);

afterAll(() => {
  closeOffice(office);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the import worker', () => {
  it('finds its entry beside the importer (the TypeScript source here), and none in an empty folder', () => {
    expect(workerEntry()?.file).toBe(path.resolve(__dirname, '../../electron/core/workbooks/import-worker.ts'));
    expect(workerEntry(dir)).toBeNull();
  });

  it('parses exactly as the main thread does, reporting a growing percentage up to 100', async () => {
    const progress: number[] = [];
    const inWorker = await runInWorker('staff', 'roster.xlsx', roster, {
      use: 'always',
      progress: (p) => progress.push(p),
    });
    const here = await runInWorker('staff', 'roster.xlsx', roster, { use: 'never' });
    expect(inWorker.ranIn).toBe('worker');
    expect(here.ranIn).toBe('thread');
    const a = inWorker.parsed as ParsedSheetImport;
    const b = here.parsed as ParsedSheetImport;
    expect(a.fileHash).toBe(b.fileHash);
    expect(a.read).toEqual(b.read);
    expect(a.read.rows).toHaveLength(400);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  });

  it('plans a 職員名簿 preview in the worker identical to the main thread’s, and the commit takes its parse', async () => {
    const previous = process.env['KANAME_IMPORT_WORKER'];
    process.env['KANAME_IMPORT_WORKER'] = '1';
    try {
      const progress: number[] = [];
      const { parsed, preview } = await previewImport(
        office.db,
        { kind: 'staff', fileName: 'roster.xlsx', file: roster, token: 't1' },
        (p) => progress.push(p),
      );
      process.env['KANAME_IMPORT_WORKER'] = '0';
      const here = previewOf(office.db, await parseImport('staff', 'roster.xlsx', roster), 't1');
      expect(preview).toEqual(here);
      expect(preview.counts.inserted).toBe(400);
      expect(progress).toEqual([0, 80, 87, 87, 100]);
      // The rows crossed packed; the commit's plan reads them.
      expect(previewOf(office.db, parsed, 't1')).toEqual(here);
    } finally {
      if (previous === undefined) delete process.env['KANAME_IMPORT_WORKER'];
      else process.env['KANAME_IMPORT_WORKER'] = previous;
    }
  });

  it('starts a spare worker ahead, loaded before any file; the next file takes it, and it is started again only when asked', async () => {
    dropSpareWorker();
    expect(spareWorkerWaiting()).toBe(false);
    const first = prepareWorker();
    // Asked twice (two windows opening 取込・出力): still one spare.
    const second = prepareWorker();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(spareWorkerWaiting()).toBe(true);
    const progress: number[] = [];
    const r = await runInWorker('staff', 'roster.xlsx', roster, { use: 'always', progress: (p) => progress.push(p) });
    expect(r.ranIn).toBe('worker');
    expect((r.parsed as ParsedSheetImport).read.rows).toHaveLength(400);
    // Its 'ready' is not progress: the percentages are the same as a worker started for the file.
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(spareWorkerWaiting()).toBe(false);
    // Without a spare, the next file starts its own worker, as before.
    const again = await runInWorker('staff', 'roster.xlsx', roster, { use: 'always' });
    expect(again.ranIn).toBe('worker');
    expect(await prepareWorker()).toBe(true);
    dropSpareWorker();
    expect(spareWorkerWaiting()).toBe(false);
  });

  it('a spare reports progress as it goes, not all at once with the result', async () => {
    dropSpareWorker();
    expect(await prepareWorker()).toBe(true);
    const big = (await rosterWorkbook(6000)).buf;
    const seen: { percent: number; at: number }[] = [];
    const r = await runInWorker('staff', 'roster.xlsx', big, {
      use: 'always',
      progress: (percent) => seen.push({ percent, at: performance.now() }),
    });
    const done = performance.now();
    expect(r.ranIn).toBe('worker');
    expect(seen.map((p) => p.percent)).toEqual([0, 80, 100, 100]);
    // The first report comes when the worker takes the file, long before the result: reading 6,000
    // rows takes hundreds of milliseconds. Held back, it came within a few of the result.
    expect(done - (seen[0]?.at ?? done)).toBeGreaterThan(100);
  }, 60_000);

  it('starts no spare where workers are turned off (KANAME_IMPORT_WORKER=0)', async () => {
    const previous = process.env['KANAME_IMPORT_WORKER'];
    process.env['KANAME_IMPORT_WORKER'] = '0';
    try {
      expect(await prepareWorker()).toBe(false);
      expect(spareWorkerWaiting()).toBe(false);
    } finally {
      if (previous === undefined) delete process.env['KANAME_IMPORT_WORKER'];
      else process.env['KANAME_IMPORT_WORKER'] = previous;
    }
  });

  it('carries the guard’s refusal back as the same error', async () => {
    const notXlsx = Buffer.from('職員番号,氏名\n001,山田\n'.repeat(50));
    const here = await runInWorker('staff', 'a.csv', notXlsx, { use: 'never' }).catch((e: unknown) => e);
    const there = await runInWorker('staff', 'a.csv', notXlsx, { use: 'always' }).catch((e: unknown) => e);
    expect(here).toMatchObject({ name: 'AppError', code: 'VALIDATION' });
    expect(there).toMatchObject({ name: 'AppError', code: 'VALIDATION', message: (here as Error).message });
  });

  it('refuses a file that kills a running worker (here: out of its heap) instead of parsing it on this thread', async () => {
    const big = (await rosterWorkbook(20_000)).buf;
    const progress: number[] = [];
    const died = await runInWorker('staff', 'big.xlsx', big, {
      use: 'always',
      heapMb: 40,
      progress: (p) => progress.push(p),
    }).catch((e: unknown) => e);
    expect(died).toMatchObject({ name: 'AppError', code: 'VALIDATION', message: workerDiedMessage });
    // The worker had started (its first word is 0 %), so the fallback to this thread was not taken.
    expect(progress[0]).toBe(0);
    expect(progress).not.toContain(100);
    // With its default heap the same file goes through, in the worker.
    const fine = await runInWorker('staff', 'big.xlsx', big, { use: 'always' });
    expect(fine.ranIn).toBe('worker');
  }, 120_000);
});
