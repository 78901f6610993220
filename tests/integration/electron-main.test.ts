import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { serveRenderer } from '../../electron/main/app-protocol';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { channelNames } from '../../shared/channels';
import { exportIpc } from '../../shared/export-ipc';
import { hrPassword, newOffice, tempDir } from '../helpers/office';

/**
 * The Electron main process and preload, run against a stand-in `electron` module: no Electron
 * binary can be downloaded here, so this is where the window options, IPC registration and the
 * navigation/permission/request guards are executed at all. The database behind the IPC is real.
 * docs/electron-security.md maps Electron's security checklist to these tests.
 */

type Listener = (...args: never[]) => unknown;

const standIn = vi.hoisted(() => {
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    addListener(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
    }
    count(event: string): number {
      return this.listeners.get(event)?.length ?? 0;
    }
  }

  class Frame {
    constructor(
      public url: string,
      public parent: Frame | null,
    ) {}
  }

  let nextId = 1;
  class WebContents extends Emitter {
    readonly id = nextId++;
    readonly mainFrame = new Frame('', null);
    windowOpenHandlers: ((details: { url: string }) => { action: string })[] = [];
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandlers.push(handler);
    }
    print(): void {
      state.printed.push('print');
    }
    printToPDF(): Promise<Buffer> {
      state.printed.push('printToPDF');
      return Promise.resolve(Buffer.alloc(0));
    }
  }

  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    readonly loaded: { kind: 'url' | 'file'; target: string }[] = [];
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      state.windows.push(this);
      // Real Electron announces every new web contents, the window's own included.
      app.emit('web-contents-created', { preventDefault: () => undefined }, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push({ kind: 'url', target: url });
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    loadFile(file: string): Promise<void> {
      this.loaded.push({ kind: 'file', target: file });
      this.webContents.mainFrame.url = `file://${file}`;
      return Promise.resolve();
    }
    show(): void {}
  }

  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const app = Object.assign(new Emitter(), {
    isReady: false,
    whenReady: () => readyPromise,
    enableSandbox: () => {
      state.sandboxEnabled.push({ beforeReady: !app.isReady });
    },
    quit: () => {
      state.quit += 1;
    },
  });

  type Handler = (...args: never[]) => unknown;
  const ses = {
    permissionRequest: [] as Handler[],
    permissionCheck: [] as Handler[],
    devicePermission: [] as Handler[],
    headers: [] as Handler[],
    beforeRequest: [] as Handler[],
    setPermissionRequestHandler: (h: Handler) => void ses.permissionRequest.push(h),
    setPermissionCheckHandler: (h: Handler) => void ses.permissionCheck.push(h),
    setDevicePermissionHandler: (h: Handler) => void ses.devicePermission.push(h),
    webRequest: {
      onHeadersReceived: (h: Handler) => void ses.headers.push(h),
      onBeforeRequest: (h: Handler) => void ses.beforeRequest.push(h),
    },
  };

  const state = {
    windows: [] as BrowserWindow[],
    sandboxEnabled: [] as { beforeReady: boolean }[],
    quit: 0,
    printed: [] as string[],
    openedExternally: [] as string[],
    handles: [] as { channel: string; handler: Handler }[],
    otherIpc: [] as string[],
    privileged: [] as { schemes: unknown; beforeReady: boolean }[],
    protocolHandlers: [] as { scheme: string; handler: Handler }[],
    exposed: [] as { key: string; value: unknown }[],
    invoked: [] as unknown[][],
    rendererOther: [] as string[],
    ready: () => {
      app.isReady = true;
      markReady();
    },
  };

  const ipcMain = {
    handle: (channel: string, handler: Handler) => void state.handles.push({ channel, handler }),
    handleOnce: (channel: string) => void state.otherIpc.push(`handleOnce:${channel}`),
    on: (channel: string) => void state.otherIpc.push(`on:${channel}`),
    once: (channel: string) => void state.otherIpc.push(`once:${channel}`),
    addListener: (channel: string) => void state.otherIpc.push(`addListener:${channel}`),
  };

  const protocol = {
    registerSchemesAsPrivileged: (schemes: unknown) =>
      void state.privileged.push({ schemes, beforeReady: !app.isReady }),
    handle: (scheme: string, handler: Handler) => void state.protocolHandlers.push({ scheme, handler }),
  };

  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      state.invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    send: () => void state.rendererOther.push('send'),
    sendSync: () => void state.rendererOther.push('sendSync'),
    on: () => void state.rendererOther.push('on'),
    postMessage: () => void state.rendererOther.push('postMessage'),
  };

  const electron = {
    app,
    BrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession: ses },
    shell: { openExternal: (url: string) => Promise.resolve(void state.openedExternally.push(url)) },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => void state.exposed.push({ key, value }),
    },
    ipcRenderer,
  };
  return { state, electron, ses, app, WebContents, Frame };
});

vi.mock('electron', () => ({ ...standIn.electron, default: standIn.electron }));
vi.mock(import('../../electron/core/api/dispatch'), async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, dispatch: vi.fn(real.dispatch) };
});

const { state, ses, app, WebContents, Frame } = standIn;
const root = path.resolve(__dirname, '../..');
const mainDir = path.join(root, 'electron/main');
const appPage = 'kaname://app/index.html';

let dir = '';

type StandInWindow = (typeof state.windows)[number];
type StandInContents = StandInWindow['webContents'];
type NavEvent = { url: string; isMainFrame: boolean; preventDefault: () => void; prevented: boolean };

function navEvent(url: string, isMainFrame = true): NavEvent {
  const event: NavEvent = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault: () => {
      event.prevented = true;
    },
  };
  return event;
}

function mainWindow(): StandInWindow {
  expect(state.windows).toHaveLength(1);
  return state.windows[0]!;
}

/** Fires the IPC handler of a channel as Electron would for a call from `sender`'s `frame`. */
function invoke(
  channel: string,
  sender: StandInContents,
  frame: InstanceType<typeof Frame> | null,
  arg: unknown = {},
): Promise<{ ok: boolean; error?: { code: string }; value?: unknown }> {
  const entry = state.handles.find((h) => h.channel === channel);
  if (!entry) throw new Error(`no handler for ${channel}`);
  const handler = entry.handler as unknown as (
    event: { sender: unknown; senderFrame: unknown },
    arg: unknown,
  ) => Promise<{ ok: boolean; error?: { code: string }; value?: unknown }>;
  return handler({ sender, senderFrame: frame }, arg);
}

beforeAll(async () => {
  dir = tempDir('kaname-electron-main-');
  // A real encrypted office with one HR account: the IPC below reaches the real core.
  const { dbPath, office } = await newOffice(dir);
  office.db.close();
  process.env['KANAME_DB'] = dbPath;
  await import('../../electron/main/index');
  expect(state.windows).toHaveLength(0); // nothing happens before the app is ready
  state.ready();
  await new Promise((resolve) => setTimeout(resolve, 0));
});

afterAll(() => {
  app.emit('window-all-closed');
  delete process.env['KANAME_DB'];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the window', () => {
  it('opens one hardened window whose preload is the built preload', () => {
    const prefs = mainWindow().options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    for (const risky of [
      'nodeIntegrationInSubFrames',
      'nodeIntegrationInWorker',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'webviewTag',
      'additionalArguments',
    ]) {
      expect(prefs, risky).not.toHaveProperty(risky);
    }
    // Only options we have looked at: a new one has to be added here, on purpose.
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'nodeIntegration',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
      ].sort(),
    );
    // out/main/index.js loads out/preload/index.js (electron.vite.config.ts: CommonJS, as a sandboxed preload must be).
    expect(path.relative(mainDir, prefs['preload'] as string)).toBe(path.join('..', 'preload', 'index.js'));
    const viteConfig = fs.readFileSync(path.join(root, 'electron.vite.config.ts'), 'utf8');
    expect(viteConfig).toContain("outDir: 'out/main'");
    expect(viteConfig).toMatch(/outDir: 'out\/preload'[\s\S]*format: 'cjs'/);
  });

  it('sandboxes every renderer process before the app is ready', () => {
    expect(state.sandboxEnabled).toEqual([{ beforeReady: true }]);
  });

  it('loads the app from its own privileged scheme, never from file://', () => {
    const win = mainWindow();
    expect(win.loaded).toEqual([{ kind: 'url', target: appPage }]);
    expect(state.privileged).toHaveLength(1);
    expect(state.privileged[0]!.beforeReady).toBe(true);
    expect(state.privileged[0]!.schemes).toEqual([
      { scheme: 'kaname', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    expect(state.protocolHandlers.map((p) => p.scheme)).toEqual(['kaname']);
  });

  it('serves nothing outside the built renderer through the scheme', async () => {
    const handler = state.protocolHandlers[0]!.handler as unknown as (req: { url: string }) => Promise<Response>;
    for (const url of [
      'kaname://app/../../package.json',
      'kaname://app/%2e%2e/%2e%2e/package.json',
      'kaname://app/..%2F..%2Fpackage.json',
      'kaname://other/index.html',
      'kaname://app/index.html%00.js',
    ]) {
      expect((await handler({ url })).status, url).toBe(404);
    }
  });
});

describe('the kaname:// scheme', () => {
  it('serves the built renderer with its type and policy, and nothing else', async () => {
    const rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>要</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'index-1.js'), 'export {};');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'notes.txt'), 'unknown type');
    fs.writeFileSync(path.join(dir, 'secret.js'), 'outside');
    const page = await serveRenderer(rendererDir, appPage);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await page.text()).toContain('要');
    const script = await serveRenderer(rendererDir, 'kaname://app/assets/index-1.js?v=1#x');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
    for (const url of [
      'kaname://app/',
      'kaname://app/assets',
      'kaname://app/assets/notes.txt',
      'kaname://app/missing.js',
      'kaname://app/../secret.js',
      'kaname://app/%2e%2e/secret.js',
      'kaname://app/..%2Fsecret.js',
      'kaname://app/assets/..%5C..%5Csecret.js',
      'kaname://app/index.html%00.js',
      'kaname://app/%E0%A4%A',
      'kaname://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect((await serveRenderer(rendererDir, url)).status, url).toBe(404);
    }
  });
});

describe('navigation, new windows, webviews', () => {
  it('guards the window and every other web contents the same way', () => {
    const other = new WebContents();
    app.emit('web-contents-created', { preventDefault: () => undefined }, other);
    for (const wc of [mainWindow().webContents, other]) {
      // a link or script taking the window to another page: refused; our own page (hash/query): allowed
      for (const url of [
        'https://example.com/',
        'http://127.0.0.1:4780/',
        'file:///etc/passwd',
        'file:///C:/Windows/win.ini',
        'kaname://app/other.html',
        'kaname://evil/index.html',
        'javascript:alert(1)',
      ]) {
        const e = navEvent(url);
        wc.emit('will-navigate', e, url);
        expect(e.prevented, url).toBe(true);
        const f = navEvent(url);
        wc.emit('will-frame-navigate', f);
        expect(f.prevented, `frame ${url}`).toBe(true);
      }
      for (const url of [appPage, `${appPage}#/staff`, `${appPage}?x=1`]) {
        const e = navEvent(url);
        wc.emit('will-navigate', e, url);
        expect(e.prevented, url).toBe(false);
        const f = navEvent(url);
        wc.emit('will-frame-navigate', f);
        expect(f.prevented, url).toBe(false);
      }
      // a sub-frame navigating anywhere, even to our own page: refused (the app has no frames)
      const sub = navEvent(appPage, false);
      wc.emit('will-frame-navigate', sub);
      expect(sub.prevented).toBe(true);
      // redirects
      const r = navEvent('https://example.com/');
      wc.emit('will-redirect', r, r.url);
      expect(r.prevented).toBe(true);
      // new windows (window.open, target=_blank, shift-click)
      expect(wc.windowOpenHandlers.length).toBeGreaterThan(0);
      for (const h of wc.windowOpenHandlers) {
        expect(h({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
        expect(h({ url: appPage })).toEqual({ action: 'deny' });
      }
      // <webview>
      const w = navEvent('https://example.com/');
      wc.emit('will-attach-webview', w, {}, { src: 'https://example.com/' });
      expect(w.prevented).toBe(true);
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
        expect(wc.count(event), event).toBeGreaterThan(0);
      }
    }
  });
});

describe('session', () => {
  it('refuses every permission request, permission check and device', () => {
    expect(ses.permissionRequest).toHaveLength(1);
    expect(ses.permissionCheck).toHaveLength(1);
    expect(ses.devicePermission).toHaveLength(1);
    const wc = mainWindow().webContents;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid']) {
      const answers: boolean[] = [];
      const request = ses.permissionRequest[0] as unknown as (
        wc: unknown,
        p: string,
        cb: (ok: boolean) => void,
        details: unknown,
      ) => void;
      request(wc, permission, (ok) => answers.push(ok), { requestingUrl: appPage });
      expect(answers, permission).toEqual([false]);
      const check = ses.permissionCheck[0] as unknown as (
        wc: unknown,
        p: string,
        origin: string,
        d: unknown,
      ) => boolean;
      expect(check(wc, permission, 'kaname://app', {}), permission).toBe(false);
    }
    const device = ses.devicePermission[0] as unknown as (d: unknown) => boolean;
    expect(device({ deviceType: 'usb', origin: 'kaname://app' })).toBe(false);
  });

  it('cancels every remote or file request; the app scheme, blob: and data: pass', () => {
    expect(ses.beforeRequest).toHaveLength(1);
    const before = ses.beforeRequest[0] as unknown as (
      details: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const cancelled = (url: string): boolean => {
      let answer: boolean | null = null;
      before({ url }, (r) => {
        answer = r.cancel;
      });
      if (answer === null) throw new Error(`no answer for ${url}`);
      return answer;
    };
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:4780/api/app:status',
      'ws://127.0.0.1:9222/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'file:///C:/Users/hr/Documents/',
      'chrome://settings',
      'kanameX://app/index.html',
    ]) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of [
      appPage,
      'kaname://app/assets/index-abc.js',
      'blob:kaname://app/4b1d2c3e-0000-4000-8000-000000000000',
      'data:font/woff2;base64,AAAA',
    ]) {
      expect(cancelled(url), url).toBe(false);
    }
  });

  it('applies the Content-Security-Policy to every response', () => {
    expect(ses.headers).toHaveLength(1);
    const onHeaders = ses.headers[0] as unknown as (
      details: { url: string; responseHeaders: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    let headers: Record<string, string[]> = {};
    onHeaders({ url: appPage, responseHeaders: { 'content-type': ['text/html'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
    expect(headers['content-type']).toEqual(['text/html']);
    // The page carries the same policy but frame-ancestors, which a <meta> cannot carry (browsers log
    // an error for it); the headers above carry it. The policy allows no inline or eval'd script, no plugins.
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    expect(html).toContain(`content="${contentSecurityPolicy.replace("; frame-ancestors 'none'", '')}"`);
    expect(html).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy).toContain("script-src 'self';");
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy).toContain("object-src 'none'");
  });
});

describe('IPC', () => {
  it('registers every channel of the contract once, the outbox hand-over (docs/exports.md), and nothing else', () => {
    expect(state.handles.map((h) => h.channel).sort()).toEqual([...channelNames, ...Object.values(exportIpc)].sort());
    expect(new Set(state.handles.map((h) => h.channel)).size).toBe(state.handles.length);
    expect(state.otherIpc).toEqual([]);
  });

  it('serves the trusted sender through the real core', async () => {
    const wc = mainWindow().webContents;
    const calls = vi.mocked(dispatch).mock.calls.length;
    const status = await invoke('app:status', wc, wc.mainFrame);
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({ dbExists: true, officeName: 'テスト区役所', session: null });
    const login = await invoke('auth:login', wc, wc.mainFrame, { login: 'hr', password: hrPassword });
    expect(login.ok).toBe(true);
    expect(
      vi
        .mocked(dispatch)
        .mock.calls.slice(calls)
        .map((c) => c[1]),
    ).toEqual(['app:status', 'auth:login']);
    const after = await invoke('app:status', wc, wc.mainFrame);
    expect(after.value).toMatchObject({ session: { login: 'hr' } });
  });

  it('answers BAD_SENDER to any other sender without reaching the core', async () => {
    const wc = mainWindow().webContents;
    const stranger = new WebContents();
    stranger.mainFrame.url = appPage;
    const subFrame = new Frame(appPage, wc.mainFrame);
    const cases: [string, StandInContents, InstanceType<typeof Frame> | null][] = [
      ['another web contents', stranger, stranger.mainFrame],
      ['a sub-frame of the window', wc, subFrame],
      ['a frame that is gone', wc, null],
    ];
    const calls = vi.mocked(dispatch).mock.calls.length;
    for (const [what, sender, frame] of cases) {
      for (const channel of ['app:status', 'auth:logout', 'accounts:list'] as const) {
        const r = await invoke(channel, sender, frame);
        expect(r, `${what} ${channel}`).toMatchObject({ ok: false, error: { code: 'BAD_SENDER' } });
      }
    }
    // the window's own top frame once it shows another page
    const shown = wc.mainFrame.url;
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'kaname://evil/index.html', 'about:blank']) {
      wc.mainFrame.url = url;
      const r = await invoke('accounts:list', wc, wc.mainFrame);
      expect(r, url).toMatchObject({ ok: false, error: { code: 'BAD_SENDER' } });
    }
    wc.mainFrame.url = shown;
    expect(vi.mocked(dispatch).mock.calls.length).toBe(calls);
    // and the logged-in session the refused calls tried to use is still there, untouched
    const status = await invoke('app:status', wc, wc.mainFrame);
    expect(status.value).toMatchObject({ session: { login: 'hr' } });
  });
});

describe('the preload', () => {
  it('exposes exactly one function per channel under `api`, the outbox hand-over under `kanameFiles`, and nothing of ipcRenderer', async () => {
    await import('../../electron/preload/index');
    expect(state.exposed.map((e) => e.key)).toEqual(['api', 'kanameFiles']);
    const files = state.exposed[1]!.value as Record<string, unknown>;
    expect(Object.isFrozen(files)).toBe(true);
    expect(Object.keys(files).sort()).toEqual(Object.keys(exportIpc).sort());
    const api = state.exposed[0]!.value as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort());
    for (const name of channelNames) expect(typeof api[name], name).toBe('function');
    const ipcParts = Object.values(standIn.electron.ipcRenderer);
    for (const value of Object.values(api)) {
      expect(ipcParts).not.toContain(value);
      expect(value).not.toBe(standIn.electron.ipcRenderer);
    }
    // each function is a single invoke of its own channel with the request, nothing more
    await (api['staff:list'] as (req: unknown) => Promise<unknown>)({ fy: 2025 });
    expect(state.invoked).toEqual([['staff:list', { fy: 2025 }]]);
    expect(state.rendererOther).toEqual([]);
  });
});

describe('what the main process does not do', () => {
  function sources(dirPath: string): string[] {
    return fs.readdirSync(dirPath, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|tsx)$/.test(f));
  }

  it('never prints from a window but the placement preview, and never opens anything externally', () => {
    // Paper forms print from the Excel workbooks the app writes (印刷用). The one exception is the
    // placement preview (docs/electron-security.md, Printing): it prints the core's PDF pages, drawn
    // as images, through the page's own window.print — never webContents.print or printToPDF.
    const printer = 'features/placement/pdf.ts';
    const main = sources(path.join(root, 'electron')).map((f) =>
      fs.readFileSync(path.join(root, 'electron', f), 'utf8'),
    );
    const renderer = sources(path.join(root, 'renderer/src'))
      .filter((f) => f.split(path.sep).join('/') !== printer)
      .map((f) => fs.readFileSync(path.join(root, 'renderer/src', f), 'utf8'));
    for (const text of [...main, ...renderer]) {
      expect(text).not.toMatch(/\.print\(|printToPDF|window\.print|openExternal|openPath\(/);
    }
    const placement = fs.readFileSync(path.join(root, 'renderer/src', printer), 'utf8');
    expect(placement.match(/\.print\(/g)).toHaveLength(1);
    expect(placement).not.toMatch(/printToPDF|openExternal|openPath\(/);
    expect(state.printed).toEqual([]);
    expect(state.openedExternally).toEqual([]);
  });

  it('ships with the fuses that keep the binary from being used as Node or loading other code', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(yml);
    expect(block).not.toBeNull();
    const fuses = Object.fromEntries(
      block![1]!
        .trim()
        .split('\n')
        .map((line) => line.trim().split(': ') as [string, string]),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      // With this fuse off a file:// page cannot read inside app.asar: hence the kaname:// scheme.
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('ends the session and quits when the window closes', () => {
    const before = state.quit;
    app.emit('window-all-closed');
    expect(state.quit).toBe(before + 1);
  });
});
