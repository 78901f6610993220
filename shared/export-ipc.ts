import type { Result } from './result';

/*
 * Electron's hand-over of exports written to the outbox (docs/exports.md): three IPC calls besides
 * the channels, exposed by the preload as window.kanameFiles. Plain data and types only, so the
 * sandboxed preload bundles nothing else (docs/electron-security.md).
 */
export const exportIpc = {
  save: 'kaname:export:save',
  read: 'kaname:export:read',
  discard: 'kaname:export:discard',
} as const;

export type ExportFiles = {
  /**
   * The system save dialog for an outbox file, then the file is moved there (savedTo null:
   * cancelled, and the file is deleted). With keep, copied instead and kept either way (the preview).
   */
  save: (id: string, options?: { keep?: boolean }) => Promise<Result<{ savedTo: string | null }>>;
  /** The file's bytes (the print preview); the file stays in the outbox. */
  read: (id: string) => Promise<Result<Uint8Array>>;
  /** Deletes an outbox file that will not be saved (the preview closed). */
  discard: (id: string) => Promise<Result<null>>;
};
