import { contextBridge, ipcRenderer } from 'electron';
import { channelNames } from '../../shared/channels';
import { exportIpc } from '../../shared/export-ipc';
import type { ExportFiles } from '../../shared/export-ipc';

/**
 * window.api: exactly one function per channel of the contract, each a single invoke.
 * Nothing of ipcRenderer itself is exposed.
 */
const api = Object.fromEntries(channelNames.map((name) => [name, (req: unknown) => ipcRenderer.invoke(name, req)]));

contextBridge.exposeInMainWorld('api', Object.freeze(api));

/**
 * window.kanameFiles: the hand-over of exports written to the outbox (docs/exports.md) — each
 * function a single invoke with the file's id, nothing else.
 */
const files: ExportFiles = {
  save: (id, options) => ipcRenderer.invoke(exportIpc.save, id, { keep: options?.keep === true }),
  read: (id) => ipcRenderer.invoke(exportIpc.read, id),
  discard: (id) => ipcRenderer.invoke(exportIpc.discard, id),
};

contextBridge.exposeInMainWorld('kanameFiles', Object.freeze(files));
