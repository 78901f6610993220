import type { ExportFiles } from '../../shared/export-ipc';
import { ApiCallError, hostToken } from './api';

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** Electron's hand-over of outbox files (the preload); absent in the browser host. */
    kanameFiles?: ExportFiles;
  }
}

export const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The largest file offered to the app: 40 MB, inside contract.ts's maxUploadBase64 (56 MB of
 * base64). Not imported from there, so that zod stays out of the renderer's bundle.
 */
export const maxUploadBytes = 40 * 1024 * 1024;

// A multiple of 3, so every piece encodes without padding and the pieces simply join.
const chunkBytes = 3 * 16 * 1024;

/** Base64 of a file, encoded a piece at a time (no giant argument list or string of bytes). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const piece = bytes.subarray(at, at + chunkBytes);
    // fromCharCode takes array-likes through apply; 48 KB of arguments is well within limits.
    parts.push(btoa(String.fromCharCode.apply(null, piece as unknown as number[])));
  }
  return parts.join('');
}

const pdfMime = 'application/pdf';

const typeOf = (fileName: string): string => (fileName.toLowerCase().endsWith('.pdf') ? pdfMime : xlsxMime);

/** Saves a file the app produced (base64) through the browser's download: a .pdf as PDF, else an .xlsx. */
export function downloadBase64(fileName: string, data: string): void {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  downloadBlob(fileName, new Blob([bytes], { type: typeOf(fileName) }));
}

/** The browser's download of bytes already here. */
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by now; keep the URL a while for slow save dialogs.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/*
 * Exports asked for with delivery 'file' (docs/exports.md): the core writes the file to its outbox
 * and answers its id, never the content. The browser host serves it once from /download/<id> to
 * the page holding the start's secret; Electron asks the system save dialog and moves it there.
 */

/** An export channel's answer (FileDownload); `file` is set when it was asked for with delivery 'file'. */
export type Exported = { fileName: string; data: string; file?: { id: string; bytes: number } };

/** Where a saved export went: `savedTo` is the full path in Electron, null in the browser (its downloads). */
export type SavedExport = { cancelled: boolean; savedTo: string | null };

const lostMessage = 'ファイルを受け取れませんでした。もう一度出力してください。';

/** The outbox file from the browser host's download route (served once, then gone). */
async function fetchOutbox(id: string): Promise<Blob> {
  const res = await fetch(`/download/${encodeURIComponent(id)}`, {
    headers: { 'x-kaname-token': hostToken() },
    cache: 'no-store',
  });
  if (!res.ok) throw new ApiCallError({ code: 'NOT_FOUND', message: lostMessage });
  return res.blob();
}

/**
 * Saves an export: in Electron the save dialog (cancelled: the file is deleted), in the browser a
 * download of the file fetched once from the host; an answer with base64 (no delivery) as before.
 */
export async function saveExport(file: Exported): Promise<SavedExport> {
  if (!file.file) {
    downloadBase64(file.fileName, file.data);
    return { cancelled: false, savedTo: null };
  }
  if (window.kanameFiles) {
    const r = await window.kanameFiles.save(file.file.id);
    if (!r.ok) throw new ApiCallError(r.error);
    return { cancelled: r.value.savedTo === null, savedTo: r.value.savedTo };
  }
  const blob = await fetchOutbox(file.file.id);
  downloadBlob(file.fileName, new Blob([blob], { type: typeOf(file.fileName) }));
  return { cancelled: false, savedTo: null };
}

/** The toast after a save: the full path in Electron (where it went), else the screen's own words. */
export function savedMessage(saved: SavedExport, otherwise: string): string {
  return saved.savedTo === null ? otherwise : `「${saved.savedTo}」に保存しました。`;
}

/**
 * An export's bytes for the renderer itself (the print preview's pdf.js). In the browser the file
 * is fetched (and so leaves the outbox); in Electron it stays for saveExportBytes or discardExport.
 */
export async function exportBytes(file: Exported): Promise<Uint8Array> {
  if (!file.file) {
    const binary = atob(file.data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  if (window.kanameFiles) {
    const r = await window.kanameFiles.read(file.file.id);
    if (!r.ok) throw new ApiCallError(r.error);
    return r.value;
  }
  return new Uint8Array(await (await fetchOutbox(file.file.id)).arrayBuffer());
}

/** Saves an export whose bytes the renderer already holds (exportBytes): Electron's dialog, or a download. */
export async function saveExportBytes(file: Exported, bytes: Uint8Array): Promise<SavedExport> {
  if (file.file && window.kanameFiles) {
    // Kept in the outbox (copied, not moved) so the preview can save again; discarded when it closes.
    const r = await window.kanameFiles.save(file.file.id, { keep: true });
    if (!r.ok) throw new ApiCallError(r.error);
    return { cancelled: r.value.savedTo === null, savedTo: r.value.savedTo };
  }
  downloadBlob(file.fileName, new Blob([bytes as BlobPart], { type: typeOf(file.fileName) }));
  return { cancelled: false, savedTo: null };
}

/** Lets go of an export not saved (Electron: deleted from the outbox; the browser has fetched it already). */
export function discardExport(file: Exported): void {
  if (file.file && window.kanameFiles) void window.kanameFiles.discard(file.file.id);
}
