import path from 'node:path';
import { app, BrowserWindow, protocol, session } from 'electron';
import type { WebContents } from 'electron';
import { AppContext } from '../core/api/context';
import { appPage, appScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc/register';
import { defaultDbPath } from '../core/paths';
import { contentSecurityPolicy } from './csp';

// Each point below is mapped to Electron's security checklist in docs/electron-security.md.
const rendererDir = path.join(__dirname, '../renderer');

function isOwnPage(url: string): boolean {
  return url === appPage || url.startsWith(`${appPage}#`) || url.startsWith(`${appPage}?`);
}

// Every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();
// Before ready: a standard, secure scheme gets a real origin, so 'self' in the CSP means our files.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

let mainWindow: BrowserWindow | null = null;
const ctx = new AppContext(defaultDbPath());

/** Every web contents (the window's, and any other Electron creates) stays on our page. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  // Sub-frames too: the app has none, so a frame navigating anywhere is refused.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 1024,
    minHeight: 640,
    title: '要 Kaname',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(appPage);
}

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  // The app needs no camera, location, notification, clipboard-read, device…: all refused.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  // No remote content and no local files: only our own scheme is ever loaded.
  ses.webRequest.onBeforeRequest((details, callback) => {
    // blob: carries the workbooks the user downloads (templates, exports) from our own page.
    const allowed = [`${appScheme}://`, 'devtools://', 'data:', 'blob:'].some((scheme) =>
      details.url.startsWith(scheme),
    );
    callback({ cancel: !allowed });
  });
  protocol.handle(appScheme, (request) => serveRenderer(rendererDir, request.url));
  registerIpc(ctx, (wc: WebContents, frameUrl: string) => wc === mainWindow?.webContents && isOwnPage(frameUrl));
  createWindow();
});

app.on('window-all-closed', () => {
  ctx.end();
  app.quit();
});

app.on('before-quit', () => ctx.end());
