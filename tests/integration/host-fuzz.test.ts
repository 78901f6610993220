import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/office';

/**
 * Any web page can make the browser reach the host (`<img src="http://127.0.0.1:PORT/…">` sends our
 * own Host header), so every request, however malformed, must get an answer and never end the
 * process. The host runs as its own process here, so that a crash shows as an exit.
 */

const script = fileURLToPath(new URL('../../scripts/host.cjs', import.meta.url));
let dir: string;
let child: ChildProcess;
let port: number;
let exited: string | null = null;

beforeAll(async () => {
  dir = tempDir('kaname-fuzz-');
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>要</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
  // No database is needed to serve files and refuse calls: the host opens it only at login.
  child = spawn(
    process.execPath,
    [script, '--db', path.join(dir, 'none.db'), '--port', '0', '--renderer', rendererDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.once('exit', (code, signal) => {
    exited = `code ${String(code)} signal ${String(signal)}`;
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=/u.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`host exited: ${out}`)));
  });
});

afterAll(() => {
  child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes as one request and returns the status code of the answer (0: closed without one). */
function rawRequest(bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(-1);
    }, 5000);
    socket.on('data', (c: Buffer) => {
      head += c.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/u.exec(head);
      if (m) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(0);
    });
    // Written without half-closing: a client's FIN would let Node drop a slower (file) answer.
    socket.write(bytes);
  });
}

function request(method: string, target: string, extra = ''): Buffer {
  return Buffer.concat([
    Buffer.from(`${method} `, 'latin1'),
    Buffer.from(target, 'latin1'),
    Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`, 'latin1'),
  ]);
}

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'X'];
const paths = [
  '/%00',
  '/%00.html',
  '/index.html%00.png',
  '/%2e%2e/secret.txt',
  '/..%2f..%2fsecret.txt',
  '/../secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/%c0%ae%c0%ae/secret.txt',
  '/%',
  '/%%',
  '/%zz',
  '/%E0%A4%A',
  '/%ED%A0%80',
  '/%FF%FE',
  '//',
  '/./',
  '/assets/',
  '/assets/%00/x.js',
  '/\\..\\secret.txt',
  '/?%00',
  '/#%00',
  '/api/%00',
  '/api/..%2f..%2fsecret.txt',
  '/api/%',
  '/api/',
  '/api/app:status',
  '*',
  'http://127.0.0.1/%00',
  `/${'a'.repeat(5000)}`,
  `/${'%2e%2e/'.repeat(400)}secret.txt`,
  `/${'x'.repeat(100_000)}`,
];

describe('the browser host under hostile requests', () => {
  it('answers every listed path with every method and stays up', async () => {
    const failures: string[] = [];
    for (const target of paths) {
      for (const method of methods) {
        const status = await rawRequest(request(method, target));
        // An answer is a status line; a refusal by Node's parser (400/431) counts as one.
        if (status < 100) failures.push(`${method} ${target.slice(0, 40)} → ${status}`);
        if (target.includes('secret') && status === 200) failures.push(`${method} ${target} served a file outside`);
      }
      if (exited) break;
    }
    expect(exited).toBeNull();
    expect(failures).toEqual([]);
  });

  it('answers random bytes in the path and the headers and stays up', async () => {
    const rand = prng(20261202);
    const failures: string[] = [];
    for (let i = 0; i < 300 && !exited; i += 1) {
      const len = 1 + Math.floor(rand() * 60);
      let target = '/';
      for (let j = 0; j < len; j += 1) {
        const r = rand();
        // Mostly percent escapes (the decoder is the soft spot), some raw bytes, some path separators.
        if (r < 0.5)
          target += `%${Math.floor(rand() * 256)
            .toString(16)
            .padStart(2, '0')}`;
        else if (r < 0.6) target += '/';
        else if (r < 0.7) target += '..';
        else target += String.fromCharCode(33 + Math.floor(rand() * 94));
      }
      const method = methods[Math.floor(rand() * methods.length)] ?? 'GET';
      const headers = rand() < 0.3 ? `X-Kaname-Token: ${target}\r\nContent-Type: application/json\r\n` : '';
      const status = await rawRequest(request(method, target, headers));
      if (status < 100) failures.push(`${method} ${target} → ${status}`);
    }
    expect(exited).toBeNull();
    expect(failures).toEqual([]);
  });

  it('answers requests Node cannot parse', async () => {
    for (const bytes of [
      Buffer.from('GET /\0 HTTP/1.1\r\n\r\n', 'latin1'),
      Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'latin1'),
      Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`, 'latin1'),
      Buffer.from('NOT A REQUEST\r\n\r\n', 'latin1'),
    ]) {
      expect(await rawRequest(bytes)).toBeGreaterThanOrEqual(400);
    }
    expect(exited).toBeNull();
  });

  it('still serves the page afterwards', async () => {
    expect(await rawRequest(request('GET', '/'))).toBe(200);
    expect(await rawRequest(request('HEAD', '/index.html'))).toBe(200);
    expect(exited).toBeNull();
  });
});
