import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames } from '../../../shared/channels';
import type { Result } from '../../../shared/result';
import { dispatch } from '../../core/api/dispatch';
import type { AppContext } from '../../core/api/context';
import { registerExportIpc } from './exports';

/**
 * Registers every channel of the contract on ipcMain through one generic handler. A call is only
 * served when it comes from our own window's top frame showing our own page. The outbox's
 * hand-over calls (exports.ts) take the same check.
 */
export function registerIpc(ctx: AppContext, isTrustedSender: (wc: WebContents, frameUrl: string) => boolean): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, arg: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isTrustedSender(event.sender, frame.url)) {
        return { ok: false, error: { code: 'BAD_SENDER', message: '許可されていない画面からの呼び出しです。' } };
      }
      return dispatch(ctx, channel, arg);
    });
  }
  // Exports with delivery 'file': the save dialog, the preview's bytes, discard (docs/exports.md).
  registerExportIpc(ctx, isTrustedSender);
}
