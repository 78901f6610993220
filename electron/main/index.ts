import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import type { WebContents } from 'electron';
import { AppContext } from './api/context';
import { registerIpc } from './ipc/register';
import { defaultDbPath } from './paths';
import { contentSecurityPolicy } from './csp';

const rendererIndex = path.join(__dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

function isOwnPage(url: string): boolean {
  return url === rendererUrl || url.startsWith(`${rendererUrl}#`) || url.startsWith(`${rendererUrl}?`);
}

let mainWindow: BrowserWindow | null = null;
const ctx = new AppContext(defaultDbPath());

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
  const wc = mainWindow.webContents;
  wc.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadFile(rendererIndex);
}

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  // No remote content: only our own files are ever loaded.
  ses.webRequest.onBeforeRequest((details, callback) => {
    // blob: carries the workbooks the user downloads (templates, exports) from our own page.
    const allowed = ['file://', 'devtools://', 'data:', 'blob:'].some((scheme) => details.url.startsWith(scheme));
    callback({ cancel: !allowed });
  });
  registerIpc(ctx, (wc: WebContents, frameUrl: string) => wc === mainWindow?.webContents && isOwnPage(frameUrl));
  createWindow();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  ctx.end();
  app.quit();
});

app.on('before-quit', () => ctx.end());
