import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writing files so that a kill or a power cut at any instant leaves the old content or the new one
 * (docs/backup-and-restore.md, docs/keyring.md): contents flushed before a rename, the folder
 * flushed after it.
 */

/** Flushes a file's contents to the disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (renames, new files). Windows cannot open a folder: there it is a no-op. */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // not supported for folders on this platform
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces `file` with `text` whole: a temporary file of this writer's own (two writers never share
 * one), flushed, renamed over the old file, the folder flushed. Throws the file system's error; the
 * temporary file is removed.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(path.dirname(file));
}
