import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server';
import type { RunningHost } from '../../electron/host/server';
import type { Result } from '../../shared/result';
import { demoCopy, demoPass, tempDir } from '../helpers/office';

/** The real browser host on 127.0.0.1, a real demo office behind it, spoken to over real HTTP. */

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A raw request (own Host header, unnormalised path); resolves with the socket error if there is no reply. */
function raw(port: number, options: http.RequestOptions, body?: string | Buffer): Promise<Reply | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(body);
  });
}

function statusOf(r: Reply | { error: string }): number | string {
  return 'status' in r ? r.status : r.error;
}

const indexHtml = '<!doctype html><html lang="ja"><title>要 テスト画面</title></html>';
const secret = 'SECRET-OUTSIDE-THE-RENDERER';

let dir: string;
let rendererDir: string;
let dbPath: string;
let host: RunningHost;
let port: number;

beforeAll(async () => {
  dir = tempDir('kaname-host-');
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), indexHtml);
  fs.writeFileSync(path.join(dir, 'secret.txt'), secret);
  dbPath = await demoCopy(dir);
  host = await startHost({ dbPath, rendererDir, port: 0 });
  port = Number(new URL(host.origin).port);
});

afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An API call the way the renderer makes it: POST, JSON, the start's token. */
async function api<T = unknown>(
  channel: string,
  arg: unknown = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Result<T> }> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kaname-token': host.token, ...headers },
    body: JSON.stringify(arg),
  });
  return { status: res.status, body: (await res.json()) as Result<T> };
}

/** A raw API call with our Host and token and whatever extra headers the test adds. */
function rawApi(
  channel: string,
  headers: Record<string, string>,
  body: string | Buffer = '{}',
): Promise<Reply | { error: string }> {
  return raw(
    port,
    {
      method: 'POST',
      path: `/api/${channel}`,
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/json',
        'x-kaname-token': host.token,
        ...headers,
      },
    },
    body,
  );
}

describe('the API token', () => {
  it('refuses a call without the token', async () => {
    const res = await fetch(`${host.origin}/api/app:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_SENDER' } });
  });

  it('refuses a wrong token, of the same or another length', async () => {
    const same = host.token.replace(/^./u, (c) => (c === 'A' ? 'B' : 'A'));
    for (const token of [same, 'short', `${host.token}x`]) {
      expect((await api('app:status', {}, { 'x-kaname-token': token })).status).toBe(403);
    }
  });

  it('answers with the right token', async () => {
    const r = await api<{ dbExists: boolean; isDemo: boolean }>('app:status');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, value: { dbExists: true, isDemo: true } });
  });

  it('refuses the token on a GET', async () => {
    const r = await raw(port, { method: 'GET', path: '/api/app:status', headers: { 'x-kaname-token': host.token } });
    expect(statusOf(r)).toBe(403);
  });
});

describe('where a call comes from', () => {
  it('refuses a foreign Host header (DNS rebinding) with 421, for the API and for pages', async () => {
    expect(statusOf(await rawApi('app:status', { host: 'evil.example:1234' }))).toBe(421);
    expect(statusOf(await raw(port, { method: 'GET', path: '/', headers: { host: 'evil.example:1234' } }))).toBe(421);
    expect(statusOf(await raw(port, { method: 'GET', path: '/', headers: { host: `localhost:${port}` } }))).toBe(200);
  });

  it('refuses a cross Origin and accepts our own', async () => {
    expect(statusOf(await rawApi('app:status', { origin: 'http://evil.example' }))).toBe(403);
    expect(statusOf(await rawApi('app:status', { origin: `http://127.0.0.1:${port + 1}` }))).toBe(403);
    expect(statusOf(await rawApi('app:status', { origin: host.origin }))).toBe(200);
  });

  it('refuses sec-fetch-site other than same-origin', async () => {
    expect(statusOf(await rawApi('app:status', { 'sec-fetch-site': 'cross-site' }))).toBe(403);
    expect(statusOf(await rawApi('app:status', { 'sec-fetch-site': 'same-site' }))).toBe(403);
    expect(statusOf(await rawApi('app:status', { 'sec-fetch-site': 'same-origin' }))).toBe(200);
  });
});

describe('pages', () => {
  it('serves index.html with a Content-Security-Policy', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toBe(indexHtml);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.origin}/index.html`)).status).toBe(200);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/../package.json', '//etc/passwd']) {
      const r = await raw(port, { method: 'GET', path: p, headers: { host: `127.0.0.1:${port}` } });
      expect(statusOf(r)).toBe(404);
      expect('body' in r ? r.body : '').not.toContain(secret);
    }
  });

  it('refuses other methods than GET for pages', async () => {
    expect(statusOf(await raw(port, { method: 'POST', path: '/index.html' }, 'x'))).toBe(405);
  });
});

describe('bodies', () => {
  it('refuses a non-JSON body with 400 and another content type with 415', async () => {
    const bad = await rawApi('app:status', {}, '{not json');
    expect(statusOf(bad)).toBe(400);
    expect(JSON.parse('body' in bad ? bad.body : '{}')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(statusOf(await rawApi('app:status', { 'content-type': 'text/plain' }))).toBe(415);
  });

  it('refuses a body over 1 MB and keeps serving', async () => {
    const big = Buffer.alloc(1024 * 1024 + 100, 0x20);
    expect(statusOf(await rawApi('app:status', {}, big))).not.toBe(200);
    expect((await api('app:status')).status).toBe(200);
  });

  // Regression: readBody() destroyed the request past the limit, so the client saw "socket hang up".
  it('answers a body over 1 MB with 413', async () => {
    const big = Buffer.alloc(1024 * 1024 + 100, 0x20);
    expect(statusOf(await rawApi('app:status', {}, big))).toBe(413);
  });

  it('answers an unknown channel with UNKNOWN_CHANNEL', async () => {
    const r = await api('nope:nothing');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });
});

describe('logging in through the host', () => {
  it('refuses a wrong password', async () => {
    expect((await api('auth:login', { login: 'admin', password: 'not-the-password' })).body).toMatchObject({
      ok: false,
      error: { code: 'AUTH_FAILED' },
    });
  });

  it('lets HR list the accounts', async () => {
    const login = await api<{ role: string }>('auth:login', { login: 'admin', password: demoPass });
    expect(login.body).toMatchObject({ ok: true, value: { role: 'hr' } });
    const list = await api<{ login: string }[]>('accounts:list');
    expect(list.body.ok).toBe(true);
    expect(list.body.ok && list.body.value.map((a) => a.login)).toContain('shokuin');
    expect((await api('auth:logout')).body).toEqual({ ok: true, value: null });
    expect((await api('accounts:list')).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses the account list to a staff member', async () => {
    expect((await api('auth:login', { login: 'shokuin', password: demoPass })).body).toMatchObject({
      ok: true,
      value: { role: 'staff' },
    });
    expect((await api('accounts:list')).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api('cycles:list')).body.ok).toBe(true);
    expect((await api('auth:logout')).body.ok).toBe(true);
  });
});

describe('the host as its own process', () => {
  const script = fileURLToPath(new URL('../../scripts/host.cjs', import.meta.url));

  /** Starts `scripts/host.cjs` and waits for the address it prints. */
  function startProcess(): Promise<{ child: ReturnType<typeof spawn>; port: number }> {
    const child = spawn(process.execPath, [script, '--db', dbPath, '--port', '0', '--renderer', rendererDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=/u.exec(out);
        if (m) resolve({ child, port: Number(m[1]) });
      });
      child.once('exit', (code) => reject(new Error(`host exited with ${String(code)}: ${out}`)));
    });
  }

  // Regression: a malformed escape threw a URIError in the request handler and killed the host. Any
  // web page can send it (e.g. <img src="http://127.0.0.1:PORT/%E0%A4%A">): the Host header is ours.
  it('survives a malformed percent escape in the path', async () => {
    const { child, port: p } = await startProcess();
    try {
      expect(statusOf(await raw(p, { method: 'GET', path: '/' }))).toBe(200);
      expect(statusOf(await raw(p, { method: 'GET', path: '/%E0%A4%A' }))).toBeOneOf([400, 404]);
      expect(statusOf(await raw(p, { method: 'GET', path: '/' }))).toBe(200);
    } finally {
      child.kill();
    }
  });
});
