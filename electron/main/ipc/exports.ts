import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { exportIpc } from '../../../shared/export-ipc';
import { toApiError } from '../../../shared/result';
import type { Result } from '../../../shared/result';
import type { AppContext } from '../../core/api/context';
import { isOutboxId } from '../../core/api/outbox';
import { lockedRefusal } from '../../core/api/screen-lock';

/*
 * Exports asked for with delivery 'file' (docs/exports.md) are written to the outbox by the core;
 * these three calls hand them over in Electron: save (the system save dialog, then the file is
 * moved there), read (the bytes, for the print preview's pdf.js; the file stays) and discard.
 * The same sender check as every channel; ids are checked before anything touches the disk.
 */

function filtersFor(fileName: string): Electron.FileFilter[] {
  return fileName.toLowerCase().endsWith('.pdf')
    ? [{ name: 'PDF', extensions: ['pdf'] }]
    : [{ name: 'Excel ブック', extensions: ['xlsx'] }];
}

const badSender: Result<never> = {
  ok: false,
  error: { code: 'BAD_SENDER', message: '許可されていない画面からの呼び出しです。' },
};

const notFound: Result<never> = {
  ok: false,
  error: { code: 'NOT_FOUND', message: 'ファイルが見つかりません。もう一度出力してください。' },
};

/** A locked screen hands nothing over (docs/idle-lock.md). */
const locked: Result<never> = { ok: false, error: lockedRefusal };

export function registerExportIpc(
  ctx: AppContext,
  isTrustedSender: (wc: WebContents, frameUrl: string) => boolean,
): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return Boolean(frame && frame === event.sender.mainFrame && isTrustedSender(event.sender, frame.url));
  };

  ipcMain.handle(
    exportIpc.save,
    async (event, id: unknown, options: unknown): Promise<Result<{ savedTo: string | null }>> => {
      if (!trusted(event)) return badSender;
      if (ctx.isLocked()) return locked;
      if (typeof id !== 'string' || !isOutboxId(id)) return notFound;
      try {
        const window = BrowserWindow.fromWebContents(event.sender);
        const keep = typeof options === 'object' && options !== null && (options as { keep?: unknown }).keep === true;
        const savedTo = await ctx.outbox.saveTo(
          id,
          async (fileName) => {
            const asked = { defaultPath: path.join(app.getPath('downloads'), fileName), filters: filtersFor(fileName) };
            const answer = window ? await dialog.showSaveDialog(window, asked) : await dialog.showSaveDialog(asked);
            return answer.canceled || !answer.filePath ? null : answer.filePath;
          },
          { keep },
        );
        return { ok: true, value: { savedTo } };
      } catch (e) {
        return { ok: false, error: toApiError(e) };
      }
    },
  );

  ipcMain.handle(exportIpc.read, async (event, id: unknown): Promise<Result<Uint8Array>> => {
    if (!trusted(event)) return badSender;
    if (ctx.isLocked()) return locked;
    const entry = typeof id === 'string' ? ctx.outbox.get(id) : null;
    if (!entry) return notFound;
    // Binary over IPC (structured clone), never base64; the file stays for a later save.
    return { ok: true, value: new Uint8Array(await fs.promises.readFile(entry.path)) };
  });

  ipcMain.handle(exportIpc.discard, (event, id: unknown): Result<null> => {
    if (!trusted(event)) return badSender;
    const entry = typeof id === 'string' ? ctx.outbox.take(id) : null;
    if (entry) ctx.outbox.remove(entry);
    return { ok: true, value: null };
  });
}
