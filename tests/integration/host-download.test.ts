import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition, startHost } from '../../electron/host/server';
import type { RunningHost } from '../../electron/host/server';
import type { FileDownload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { demoCopy, demoPass, tempDir } from '../helpers/office';

/*
 * The browser host's download route (docs/exports.md): an export written to the outbox with
 * delivery 'file' is served once, to the page that holds the start's secret, and then deleted.
 */

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A raw GET with our own Host and whatever headers the test sends (the path is not normalised). */
function get(port: number, urlPath: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'GET', path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let host: RunningHost;
let port: number;

async function api<T>(channel: string, arg: unknown): Promise<Result<T>> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kaname-token': host.token },
    body: JSON.stringify(arg),
  });
  return (await res.json()) as Result<T>;
}

/** A fresh 職員名簿 export in the outbox. */
async function exported(): Promise<FileDownload & { file: { id: string; bytes: number } }> {
  const r = await api<FileDownload>('excel:export', { kind: 'staff', fy: null, delivery: 'file' });
  if (!r.ok) throw new Error(r.error.code);
  const { file } = r.value;
  if (!file) throw new Error('no file in the answer');
  return { ...r.value, file };
}

beforeAll(async () => {
  dir = tempDir('kaname-host-dl-');
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>要</title>');
  const dbPath = await demoCopy(dir);
  host = await startHost({ dbPath, rendererDir, port: 0 });
  port = Number(new URL(host.origin).port);
  const login = await api('auth:login', { login: 'admin', password: demoPass });
  expect(login.ok).toBe(true);
});

afterAll(async () => {
  const outbox = host.ctx.outbox.dir;
  await host.close();
  expect(fs.existsSync(outbox)).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the download route', () => {
  it('serves an export once, streamed with its Japanese name, then deletes it (second time 404)', async () => {
    const out = await exported();
    expect(out.data).toBe('');
    expect(out.fileName).toBe('職員名簿.xlsx');
    const onDisk = host.ctx.outbox.get(out.file.id);
    expect(onDisk).not.toBeNull();
    expect(fs.statSync(onDisk!.path).size).toBe(out.file.bytes);

    const first = await get(port, `/download/${out.file.id}`, { 'x-kaname-token': host.token });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(first.headers['content-disposition']).toBe(contentDisposition('職員名簿.xlsx'));
    expect(first.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('職員名簿.xlsx')}`);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body.length).toBe(out.file.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first.body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('職員名簿')?.getCell('A1').value).toBe('職員番号');

    expect(fs.existsSync(onDisk!.path)).toBe(false);
    const second = await get(port, `/download/${out.file.id}`, { 'x-kaname-token': host.token });
    expect(second.status).toBe(404);
  });

  it('refuses a request without the token, with a wrong one, or by POST (403) and keeps the file', async () => {
    const out = await exported();
    expect((await get(port, `/download/${out.file.id}`, {})).status).toBe(403);
    expect((await get(port, `/download/${out.file.id}`, { 'x-kaname-token': 'x'.repeat(32) })).status).toBe(403);
    const post = await fetch(`${host.origin}/download/${out.file.id}`, {
      method: 'POST',
      headers: { 'x-kaname-token': host.token },
    });
    expect(post.status).toBe(403);
    // Still there for the rightful page.
    expect((await get(port, `/download/${out.file.id}`, { 'x-kaname-token': host.token })).status).toBe(200);
  });

  it('refuses a foreign Origin, a cross-site fetch and a foreign Host even with the token', async () => {
    const out = await exported();
    const token = { 'x-kaname-token': host.token };
    expect((await get(port, `/download/${out.file.id}`, { ...token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(port, `/download/${out.file.id}`, { ...token, 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    expect((await get(port, `/download/${out.file.id}`, { ...token, host: 'evil.example' })).status).toBe(421);
    expect(host.ctx.outbox.get(out.file.id)).not.toBeNull();
    // Our own page's headers pass.
    const own = await get(port, `/download/${out.file.id}`, {
      ...token,
      origin: host.origin,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
  });

  it('refuses ids that are paths, not ids (404), and never serves a file outside the outbox', async () => {
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'SECRET');
    const out = await exported();
    const token = { 'x-kaname-token': host.token };
    for (const id of [
      '../secret.txt',
      '..%2Fsecret.txt',
      '%2e%2e%2f%2e%2e%2fsecret.txt',
      `${out.file.id}/../${out.file.id}`,
      `${out.file.id.toUpperCase()}`,
      `${out.file.id}%00`,
      `${out.file.id}?x=1`,
      '',
    ]) {
      const r = await get(port, `/download/${id}`, token);
      expect(r.status, id).toBe(404);
      expect(r.body.toString('utf8')).not.toContain('SECRET');
    }
    expect(host.ctx.outbox.get(out.file.id)).not.toBeNull();
  });

  it('logout removes exports not yet fetched', async () => {
    const out = await exported();
    const file = host.ctx.outbox.get(out.file.id)!.path;
    expect(fs.existsSync(file)).toBe(true);
    expect((await api('auth:logout', {})).ok).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect((await get(port, `/download/${out.file.id}`, { 'x-kaname-token': host.token })).status).toBe(404);
    expect((await api('auth:login', { login: 'admin', password: demoPass })).ok).toBe(true);
  });
});
