import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { maxUploadBase64 } from '../../shared/contract';
import { AppContext } from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import { lockedRefusal } from '../core/api/screen-lock';
import { log } from '../core/log';
import { contentSecurityPolicy } from '../main/csp';

/**
 * The browser host: serves the built renderer and carries the same API as Electron's IPC over
 * HTTP, bound to 127.0.0.1 only. Every API call must carry this start's secret and come with our
 * own Host (against DNS rebinding) and, when the browser sends one, our own Origin.
 */
export type HostOptions = {
  dbPath: string;
  rendererDir: string;
  port: number;
  /** The app icon served as /favicon.ico; default resources/icon.ico of the app. */
  iconFile?: string;
  /** The clock of the tab's heartbeat and the screen lock (tests pass their own); default Date.now. */
  now?: () => number;
};
export type RunningHost = {
  url: string;
  origin: string;
  token: string;
  ctx: AppContext;
  /**
   * The secret of the tab the session belongs to, null when none (docs/idle-lock.md). For callers
   * inside this process only (the tests' own API calls beside a logged-in page); never sent anywhere.
   */
  tabSecret: () => string | null;
  close: () => Promise<void>;
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // The pdf.js worker (the 人事配置 preview) is an ES module file.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const downloadPrefix = '/download/';
const tabLeavePath = '/tab/leave';

/*
 * A session belongs to the tab that logged in (docs/idle-lock.md). The page makes a fresh secret
 * for each login, keeps it in the tab's sessionStorage only and sends it as x-kaname-tab with every
 * call. A page without it (a new tab, the address opened again from history) finds no session: its
 * first app:status ends the orphaned one. The tab reports every half minute; when it falls silent
 * for tabTimeoutMs, or says it is leaving (pagehide) and does not come back within leaveGraceMs (a
 * reload comes back at once), the session ends.
 */
const tabHeader = 'x-kaname-tab';
const tabSecretPattern = /^[A-Za-z0-9_-]{22,128}$/u;
const tabTimeoutMs = 3 * 60_000;
const leaveGraceMs = 20_000;
/** Calls a caller without the tab's secret may still make: they end the session or start another. */
const callsWithoutTab = new Set(['app:status', 'auth:logout', 'auth:login', 'app:createOffice', 'app:createDemo']);
const loginCalls = new Set(['auth:login', 'app:createOffice']);

type TabBinding = { office: object; tab: string; lastSeen: number; leavingAt: number | null };

/** An export's content type by its name: the app only ever writes .xlsx and .pdf. */
function downloadType(fileName: string): string {
  return fileName.toLowerCase().endsWith('.pdf')
    ? 'application/pdf'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

/**
 * `attachment` with the Japanese name RFC 5987-encoded (filename*=UTF-8''…), and an ASCII fallback
 * for old clients (every other character as '_').
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/gu, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/gu,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** 1 MB per call, except an uploaded workbook (base64, checked again by the channel's schema). */
const maxBody = 1024 * 1024;
const uploadChannels = new Set(['import:preview']);
const maxUploadBody = maxUploadBase64 + 64 * 1024;

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'content-security-policy': contentSecurityPolicy,
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'BAD_SENDER', message } });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so that the 413 answer still reaches the client.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The file under the renderer folder that a request path names, or null for anything else. */
export function staticFile(rendererDir: string, urlPath: string): string | null {
  const clean = safeDecode(urlPath.split(/[?#]/u)[0] ?? '/');
  // A NUL makes every fs call throw synchronously (ERR_INVALID_ARG_VALUE): refused before any of them.
  if (clean === null || clean.includes('\0') || clean.length > 1024) return null;
  const rel = clean === '/' ? 'index.html' : clean.replace(/^\/+/u, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  return file.startsWith(root + path.sep) ? file : null;
}

/** resources/icon.ico beside the sources (electron/host) and beside the bundle (out/host) alike. */
const defaultIconFile = path.resolve(__dirname, '../../resources/icon.ico');

function serveStatic(rendererDir: string, urlPath: string, res: http.ServerResponse, iconFile: string): void {
  // The browser asks for /favicon.ico on its own (index.html names it too): the app's icon.
  const file = urlPath.split(/[?#]/u)[0] === '/favicon.ico' ? iconFile : staticFile(rendererDir, urlPath);
  if (file === null) {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    send(res, 200, data, types[path.extname(file)] ?? 'application/octet-stream');
  });
}

/** Whatever a request handler throws becomes an answer; the host itself never stops on a request. */
function answerFailure(res: http.ServerResponse): void {
  log.warn('host.request.failed');
  if (!res.headersSent) {
    sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '予期しないエラーが発生しました。' } });
  } else {
    res.destroy();
  }
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = crypto.randomBytes(24).toString('base64url');
  const now = options.now ?? Date.now;
  const ctx = new AppContext(options.dbPath, { now });
  let binding: TabBinding | null = null;
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch {
      answerFailure(res);
    }
  });
  // A request Node cannot parse (bad header, overlong URL) is answered 400/431 and closed, never thrown.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host)) {
      refuse(res, 421, '許可されていないホスト名です。');
      return;
    }
    const url = req.url ?? '/';
    if (url === tabLeavePath) {
      handleLeave(req, res);
      return;
    }
    if (url.startsWith('/api/')) {
      handleApi(req, res, url.slice('/api/'.length)).catch(() => answerFailure(res));
      return;
    }
    if (url.startsWith(downloadPrefix)) {
      handleDownload(req, res, url.slice(downloadPrefix.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, '許可されていない操作です。');
      return;
    }
    serveStatic(options.rendererDir, url, res, options.iconFile ?? defaultIconFile);
  }

  /** The checks every call to the core passes: our own page (Origin, sec-fetch-site) and this start's secret. */
  function admitted(req: http.IncomingMessage, res: http.ServerResponse, method: string): boolean {
    const sentOrigin = req.headers.origin;
    if (sentOrigin !== undefined && !allowedHosts.has(sentOrigin.replace(/^http:\/\//u, ''))) {
      refuse(res, 403, '許可されていない画面からの呼び出しです。');
      return false;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') {
      refuse(res, 403, '許可されていない画面からの呼び出しです。');
      return false;
    }
    const sentToken = req.headers['x-kaname-token'];
    if (req.method !== method || typeof sentToken !== 'string' || !sameSecret(sentToken, token)) {
      refuse(res, 403, 'アプリの起動時に表示されたアドレスから開いてください。');
      return false;
    }
    return true;
  }

  /** The tab secret a call carries, or null when it carries none (or not one of ours in form). */
  function sentTab(req: http.IncomingMessage): string | null {
    const value = req.headers[tabHeader];
    return typeof value === 'string' && tabSecretPattern.test(value) ? value : null;
  }

  /** The tab the session belongs to; a session whose tab fell silent or left is ended here. */
  function currentBinding(): TabBinding | null {
    if (binding && binding.office !== ctx.office) binding = null;
    if (!binding) return null;
    const t = now();
    if (t - binding.lastSeen > tabTimeoutMs || (binding.leavingAt !== null && t - binding.leavingAt > leaveGraceMs)) {
      log.info('host.session.tabGone');
      ctx.end();
      binding = null;
    }
    return binding;
  }

  /** True when the call comes from the tab the session belongs to (and notes that the tab is alive). */
  function fromBoundTab(b: TabBinding, tab: string | null): boolean {
    if (tab === null || !sameSecret(tab, b.tab)) return false;
    b.lastSeen = now();
    b.leavingAt = null;
    return true;
  }

  // The tab's heartbeat is also checked without any call: a closed tab's session ends on its own.
  const sweep = setInterval(() => currentBinding(), 30_000);
  sweep.unref();

  /** The page is going away (pagehide): unless the same tab calls again soon (a reload), the session ends. */
  function handleLeave(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!admitted(req, res, 'POST')) return;
    const b = currentBinding();
    const tab = sentTab(req);
    if (b && tab !== null && sameSecret(tab, b.tab)) b.leavingAt = now();
    sendJson(res, 200, { ok: true, value: null });
  }

  /**
   * An export written to the outbox (delivery 'file', docs/exports.md), served once: streamed from
   * the file, then deleted. The same secret and origin checks as the API; an unknown, used or
   * malformed id is 404.
   */
  function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, id: string): void {
    if (!admitted(req, res, 'GET')) return;
    // The id itself is the export's secret, known only to the tab that asked for it; the outbox is
    // emptied when the session ends. A locked screen hands nothing over (docs/idle-lock.md).
    if (ctx.isLocked()) {
      sendJson(res, 403, { ok: false, error: lockedRefusal });
      return;
    }
    const entry = ctx.outbox.take(id);
    if (!entry) {
      sendJson(res, 404, {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'ファイルが見つかりません。もう一度出力してください。' },
      });
      return;
    }
    const stream = fs.createReadStream(entry.path);
    const cleanUp = () => ctx.outbox.remove(entry);
    stream.once('open', () => {
      res.writeHead(200, {
        'content-type': downloadType(entry.fileName),
        'content-length': String(entry.bytes),
        'content-disposition': contentDisposition(entry.fileName),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'content-security-policy': contentSecurityPolicy,
      });
      stream.pipe(res);
    });
    stream.once('error', () => {
      cleanUp();
      answerFailure(res);
    });
    res.once('close', () => {
      stream.destroy();
      cleanUp();
    });
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (!admitted(req, res, 'POST')) return;
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 415, '形式が正しくありません。');
      return;
    }
    const name = safeDecode(channel) ?? '';
    const body = await readBody(req, uploadChannels.has(name) ? maxUploadBody : maxBody);
    if (body === null) {
      sendJson(res, 413, { ok: false, error: { code: 'VALIDATION', message: 'データが大きすぎます。' } });
      return;
    }
    let arg: unknown;
    try {
      arg = body === '' ? {} : JSON.parse(body);
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: '形式が正しくありません。' } });
      return;
    }
    const tab = sentTab(req);
    const b = currentBinding();
    if (b && ctx.office && !fromBoundTab(b, tab)) {
      if (name === 'app:status') {
        // A page without the tab's secret: the session is an orphan for it. End it, show login.
        log.info('host.session.orphaned');
        ctx.end();
        binding = null;
      } else if (!callsWithoutTab.has(name)) {
        sendJson(res, 200, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'ログインしてください。' } });
        return;
      }
    }
    const result = await dispatch(ctx, name, arg);
    if (loginCalls.has(name) && result.ok && ctx.office) {
      // A login from a page binds the session to its tab; a script's login (no tab secret) does not.
      binding = tab === null ? null : { office: ctx.office, tab, lastSeen: now(), leavingAt: null };
    }
    sendJson(res, 200, result);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      origin = `http://127.0.0.1:${port}`;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      log.info('host.started', { port });
      resolve({
        url: `${origin}/#token=${token}`,
        origin,
        token,
        ctx,
        tabSecret: () => currentBinding()?.tab ?? null,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(sweep);
            ctx.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
