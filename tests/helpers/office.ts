import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { createDemoOffice } from '../../electron/core/demo/demo';
import { closeOffice, createOffice } from '../../electron/core/office/office.service';
import type { Office } from '../../electron/core/office/office.service';
import type { ChannelName } from '../../shared/channels';
import type { Input, Outputs } from '../../shared/contract';
import type { Result } from '../../shared/result';

/** A fresh temporary folder, removed by the caller's afterEach/afterAll. */
export function tempDir(prefix = 'kaname-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const hrPassword = 'hr-password-1';

/** A new real encrypted office with one HR account `hr`. */
export async function newOffice(dir: string, name = 'office.db'): Promise<{ dbPath: string; office: Office }> {
  const dbPath = path.join(dir, name);
  const { office } = await createOffice(dbPath, {
    officeName: 'テスト区役所',
    accounts: [{ login: 'hr', displayName: '人事　太郎', role: 'hr', staffNo: null, password: hrPassword }],
  });
  return { dbPath, office };
}

export const demoPass = 'demo-password-1';

let demoTemplate: string | null = null;

/** A copy of one demo office generated per test file (the generation costs six key derivations). */
export async function demoCopy(dir: string): Promise<string> {
  if (demoTemplate === null || !fs.existsSync(demoTemplate)) {
    // Kept inside the caller's folder, which the test file removes when it ends.
    const p = path.join(dir, 'demo-template.db');
    const { office } = await createDemoOffice(p, demoPass, true);
    office.db.pragma('wal_checkpoint(TRUNCATE)');
    closeOffice(office);
    demoTemplate = p;
  }
  const dbPath = path.join(dir, `demo-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(demoTemplate, dbPath);
  fs.copyFileSync(`${demoTemplate}.keys`, `${dbPath}.keys`);
  return dbPath;
}

/** Calls a channel through the same dispatcher as IPC and the browser host. */
export function callApi<K extends ChannelName>(
  ctx: AppContext,
  channel: K,
  req: Input<K>,
): Promise<Result<Outputs[K]>> {
  return dispatch(ctx, channel, req);
}

export async function loggedIn(dbPath: string, login: string, password: string): Promise<AppContext> {
  const ctx = new AppContext(dbPath);
  const r = await dispatch(ctx, 'auth:login', { login, password });
  if (!r.ok) throw new Error(`login failed: ${r.error.code}`);
  return ctx;
}

export function fileContains(file: string, marker: string): boolean {
  if (!fs.existsSync(file)) return false;
  const buf = fs.readFileSync(file);
  return buf.includes(Buffer.from(marker, 'utf8')) || buf.includes(Buffer.from(marker, 'utf16le'));
}

export function startsWithSqliteHeader(file: string): boolean {
  const buf = fs.readFileSync(file);
  return buf.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
}
