import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { closeOffice, unlockOffice } from '../../electron/core/office/office.service';
import { currentFy, exportFile } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { toBuffer } from '../helpers/xlsx';

/**
 * Two writers on one office (docs/keyring.md, "Two writers"): the app saving while the CLI imports,
 * or while another process holds the write lock. Writes wait for each other (immediate
 * transactions, busy_timeout) and, past the wait, say so plainly with their own code. A WAL file
 * deleted under the running app stops further writes instead of losing them.
 */

const bin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));
const holder = fileURLToPath(new URL('../fixtures/hold-write-lock.ts', import.meta.url));
const fy = currentFy();

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-busy-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Another process takes the office's write lock for `ms` milliseconds; resolves once it holds it. */
async function holdWriteLock(db: string, login: string, ms: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('tsx/cjs/api').register(); process.argv.splice(1, 0, 'h'); require(${JSON.stringify(holder)})`,
      db,
      login,
      String(ms),
    ],
    { env: { ...process.env, KANAME_PASSWORD: demoPass }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
  return child;
}

/** The staff member's autosave, as the screen sends it: each save carries the version it saw. */
async function autosaver(ctx: AppContext) {
  const first = await callApi(ctx, 'selfReport:get', { fy });
  if (!first.ok) throw new Error(first.error.code);
  let version = first.value.version;
  const failures: string[] = [];
  let saves = 0;
  return {
    failures,
    count: () => saves,
    async save(text: string): Promise<void> {
      const r = await callApi(ctx, 'selfReport:save', { fy, version, duties: text });
      if (r.ok) {
        version = r.value.version;
        saves += 1;
      } else failures.push(`${r.error.code}: ${r.error.message}`);
    },
  };
}

/** The demo roster with `extra` new people appended: a commit that keeps the write lock a while. */
async function biggerRoster(ctx: AppContext, extra: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportFile(ctx, 'staff')) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('職員名簿');
  if (!ws) throw new Error('no roster sheet');
  const headerRow = ws.getRow(1).values as unknown[];
  const col = (name: string): number => headerRow.indexOf(name);
  const template = ws.getRow(2).values as unknown[];
  const kana = 'あいうえおかきくけこ';
  const taken = new Set<string>();
  ws.eachRow((row) => taken.add(row.getCell(col('職員番号')).text));
  for (let i = 0, n = 0; i < extra; n += 1) {
    const staffNo = `7${String(n).padStart(5, '0')}`;
    if (taken.has(staffNo)) continue;
    const values = [...template];
    const digits = String(i).padStart(4, '0');
    i += 1;
    values[col('職員番号')] = staffNo;
    values[col('氏名')] = `試験 ${digits}号`;
    values[col('ふりがな')] = `しけん ${[...digits].map((d) => kana[Number(d)]).join('')}`;
    ws.addRow(values.slice(1));
  }
  const file = path.join(dir, `roster-${extra}-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, await toBuffer(wb));
  return file;
}

describe('two writers at once', () => {
  it('lets the CLI import 3,000 people while the app autosaves: both complete', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    const roster = await biggerRoster(hr, 3000);
    hr.end();
    const staff = await loggedIn(db, 'shokuin', demoPass);
    const saver = await autosaver(staff);

    const cli = spawn(process.execPath, [bin, 'import', 'staff', roster, '--db', db, '--json'], {
      env: { ...process.env, KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const done = exited(cli);
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; !finished || i < 5; i += 1) {
      await saver.save(`自動保存 ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await done).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ ok: true, inserted: 3000 });
    expect(saver.failures).toEqual([]);
    expect(saver.count()).toBeGreaterThan(5);
    staff.end();
  });

  it('waits for another process holding the write lock for a second, then saves', async () => {
    const db = await demoCopy(dir);
    const staff = await loggedIn(db, 'shokuin', demoPass);
    const saver = await autosaver(staff);
    const child = await holdWriteLock(db, 'admin', 1000);
    const started = Date.now();
    await saver.save('待ってから保存');
    expect(saver.failures).toEqual([]);
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(await exited(child)).toBe(0);
    staff.end();
  });

  it('says plainly that another operation is writing when the lock outlasts the wait (BUSY, not INTERNAL)', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    const child = await holdWriteLock(db, 'kacho', 8000);
    const list = await callApi(hr, 'accounts:list', {});
    if (!list.ok) throw new Error(list.error.code);
    const target = list.value.find((a) => a.login === 'shokuin');
    if (!target) throw new Error('no shokuin');
    const r = await callApi(hr, 'accounts:update', {
      id: target.id,
      displayName: '新しい表示名',
      role: 'staff',
      staffNo: target.staffNo,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    if (!r.ok) expect(r.error.message).toMatch(/別の操作.*書き込み中/u);
    expect(await exited(child)).toBe(0);
    // Once the other writer is done, the same call goes through.
    expect(
      (
        await callApi(hr, 'accounts:update', {
          id: target.id,
          displayName: '新しい表示名',
          role: 'staff',
          staffNo: target.staffNo,
        })
      ).ok,
    ).toBe(true);
    hr.end();
  }, 30_000);
});

describe('a WAL file deleted under the running app', () => {
  it('refuses further writes with a clear message, keeps the saves made so far, and verify says so', async () => {
    const db = await demoCopy(dir);
    const staff = await loggedIn(db, 'shokuin', demoPass);
    const saver = await autosaver(staff);
    await saver.save('消える前の保存');
    expect(saver.failures).toEqual([]);
    expect(fs.existsSync(`${db}-wal`)).toBe(true);
    fs.rmSync(`${db}-wal`);

    await saver.save('消えた後の保存');
    expect(saver.failures).toHaveLength(1);
    expect(saver.failures[0]).toMatch(/^IO: .*作業ファイル.*起動し直してください/u);
    await saver.save('もう一度');
    expect(saver.failures).toHaveLength(2);

    // The process "dies" without closing: the save made before the deletion is in the database.
    const { office } = await unlockOffice(db, 'admin', demoPass);
    const duties = office.db
      .prepare("SELECT count(*) AS n FROM self_reports WHERE duties = '消える前の保存'")
      .get() as { n: number };
    closeOffice(office);
    expect(duties.n).toBe(1);

    const hr = await loggedIn(db, 'admin', demoPass);
    const report = await callApi(hr, 'system:verify', {});
    expect(report.ok).toBe(true);
    hr.end();
  });

  it('shows the stopped connection in 整合性を検証', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    expect((await callApi(hr, 'accounts:list', {})).ok).toBe(true);
    const list = await callApi(hr, 'accounts:list', {});
    if (!list.ok) throw new Error(list.error.code);
    const target = list.value.find((a) => a.login === 'shokuin');
    if (!target) throw new Error('no shokuin');
    expect(
      (
        await callApi(hr, 'accounts:update', {
          id: target.id,
          displayName: '表示名一',
          role: 'staff',
          staffNo: target.staffNo,
        })
      ).ok,
    ).toBe(true);
    fs.rmSync(`${db}-wal`);
    const report = await callApi(hr, 'system:verify', {});
    expect(report).toMatchObject({ ok: true, value: { ok: false } });
    if (report.ok) expect(report.value.integrity.join('')).toMatch(/作業ファイル/u);
    hr.end();
  });
});
