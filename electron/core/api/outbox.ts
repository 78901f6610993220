import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FileDownload } from '../../../shared/api/common';
import { AppError } from '../../../shared/result';
import { log } from '../log';

/*
 * The outbox (docs/exports.md): where an export asked for with `delivery: 'file'` is written, in the
 * main process, instead of travelling as base64 inside the answer. One private folder (0700) per
 * running app, each file (0600) named by a random id; a file is removed when it is delivered (the
 * browser host's download route, Electron's save dialog), at logout, and folders that a previous
 * start left behind are swept when the next one opens its own.
 */

const prefix = 'kaname-outbox-';
const idPattern = /^[0-9a-f]{32}$/u;

/** An outbox file's id: 32 lower-case hex digits; anything else (a path, dots, slashes) is no id. */
export function isOutboxId(id: string): boolean {
  return idPattern.test(id);
}

export type OutboxEntry = { id: string; fileName: string; path: string; bytes: number };

/**
 * Where an export goes. Services write through a sink and answer what it answers: `inlineSink`
 * answers as the channels always did (base64 in `data`); an outbox's sink writes the file and
 * answers `{fileName, data: '', file: {id, bytes}}`.
 */
export type ExportSink = {
  /** True when the export goes to a file: big exports then take their streaming writer. */
  readonly toFile: boolean;
  /** An export already built in memory (small ones: a template, one person's sheet). */
  bytes(fileName: string, buf: Buffer): Promise<FileDownload>;
  /** An export written piece by piece; `write` ends the stream (exceljs's commit, pdfkit's end). */
  stream(fileName: string, write: (out: Writable) => Promise<void>): Promise<FileDownload>;
};

/** The answer of old: the whole file as base64 (no `delivery`, the CLI, small callers). */
export const inlineSink: ExportSink = {
  toFile: false,
  bytes: (fileName, buf) => Promise.resolve({ fileName, data: buf.toString('base64') }),
  stream: async (fileName, write) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const done = finished(out);
    await write(out);
    await done;
    return { fileName, data: Buffer.concat(chunks).toString('base64') };
  },
};

/** True when the process that made a folder named `kaname-outbox-<pid>-…` is gone. */
function ownerGone(name: string): boolean {
  const pid = Number(name.slice(prefix.length).split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class Outbox {
  readonly dir: string;
  private readonly entries = new Map<string, OutboxEntry>();

  /** Opens this start's folder under `root` (the system temp folder) after sweeping the ones of dead starts. */
  constructor(root: string = os.tmpdir()) {
    Outbox.sweep(root);
    this.dir = fs.mkdtempSync(path.join(root, `${prefix}${process.pid}-`));
    fs.chmodSync(this.dir, 0o700);
  }

  /** Removes the outbox folders that earlier starts (since ended or crashed) left under `root`. */
  static sweep(root: string = os.tmpdir()): number {
    let removed = 0;
    let names: string[];
    try {
      names = fs.readdirSync(root);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !ownerGone(name)) continue;
      try {
        fs.rmSync(path.join(root, name), { recursive: true, force: true });
        removed += 1;
      } catch {
        log.warn('outbox.sweep.failed');
      }
    }
    return removed;
  }

  /** A sink that writes into this outbox. */
  sink(): ExportSink {
    return {
      toFile: true,
      bytes: (fileName, buf) =>
        this.write(fileName, async (out) => {
          out.end(buf);
          await finished(out);
        }),
      stream: (fileName, write) => this.write(fileName, write),
    };
  }

  private async write(fileName: string, write: (out: Writable) => Promise<void>): Promise<FileDownload> {
    const id = crypto.randomBytes(16).toString('hex');
    const file = path.join(this.dir, id);
    // 'wx': a fresh file, never an existing one (or a link planted in its place).
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    try {
      const closed = finished(out);
      await write(out);
      await closed;
      const bytes = fs.statSync(file).size;
      this.entries.set(id, { id, fileName, path: file, bytes });
      return { fileName, data: '', file: { id, bytes } };
    } catch (e) {
      out.destroy();
      fs.rmSync(file, { force: true });
      throw e;
    }
  }

  /** The file an id names, still in the outbox; null for an unknown, delivered or malformed id. */
  get(id: string): OutboxEntry | null {
    if (!isOutboxId(id)) return null;
    return this.entries.get(id) ?? null;
  }

  /**
   * Hands the file over: forgotten at once, so a second request for it finds nothing. The caller
   * delivers `path` (streams it, moves it) and then calls `remove`.
   */
  take(id: string): OutboxEntry | null {
    const entry = this.get(id);
    if (entry) this.entries.delete(id);
    return entry;
  }

  /** Deletes a taken (or still waiting) file. */
  remove(entry: OutboxEntry): void {
    this.entries.delete(entry.id);
    fs.rmSync(entry.path, { force: true });
  }

  /** Every file not yet delivered is deleted (logout, the app's end). */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry);
    // Files taken but not yet removed (a download cut short) go too.
    try {
      for (const name of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, name), { force: true });
    } catch {
      // the folder is gone already
    }
  }

  /** Removes the folder itself (the process ends). */
  close(): void {
    this.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Electron's delivery (docs/exports.md): `choose` asks where to save (the system save dialog; null
   * when cancelled), then the file is moved there (copied when the target is on another disk) and
   * forgotten. Cancelled, the file is deleted. Answers where it went; null for cancelled. An unknown
   * or used id is NOT_FOUND.
   */
  async saveTo(
    id: string,
    choose: (fileName: string) => Promise<string | null>,
    options: { keep?: boolean } = {},
  ): Promise<string | null> {
    const keep = options.keep === true;
    const entry = keep ? this.get(id) : this.take(id);
    if (!entry) throw new AppError('NOT_FOUND', 'ファイルが見つかりません。もう一度出力してください。');
    if (keep) {
      // The print preview saves what it shows and may save again: a copy, the file stays until discarded.
      const target = await choose(entry.fileName);
      if (target !== null) fs.copyFileSync(entry.path, target);
      return target;
    }
    try {
      const target = await choose(entry.fileName);
      if (target === null) return null;
      try {
        fs.renameSync(entry.path, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        fs.copyFileSync(entry.path, target);
      }
      return target;
    } finally {
      this.remove(entry);
    }
  }

  /** How many files wait for delivery. */
  get size(): number {
    return this.entries.size;
  }
}
