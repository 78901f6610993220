import fs from 'node:fs';
import { idleLockMinutes } from '../../../shared/contract';
import type { AppStatus, LockState } from '../../../shared/contract';
import { keyringPath, readKeyring } from '../db/keyring';
import { recoverInterruptedRestore } from '../db/restore-journal';
import { backupIfDue } from '../system/backup.service';
import { checkpointQuietly } from '../system/checkpoints';
import { closeOffice, publicSession } from '../office/office.service';
import type { Office, Session } from '../office/office.service';
import { log } from '../log';
import { auditLock, readIdleMinutes } from '../office/idle-lock.service';
import type { LockReason } from '../office/idle-lock.service';
import { ScreenLock } from './screen-lock';
import { inlineSink, Outbox } from './outbox';
import type { ExportSink } from './outbox';
import type { ParsedImport } from '../workbooks/importer';

/**
 * How far the running import preview is, for `import:progress` (docs/workbook-import.md). `token`
 * names the preview that owns the record: a newer preview takes it over, and an older one's late
 * progress or end then changes nothing.
 */
export type ImportProgressRecord = { token: string | null; running: boolean; percent: number; fileName: string | null };

export function idleImportProgress(): ImportProgressRecord {
  return { token: null, running: false, percent: 0, fileName: null };
}

export const appVersion = '0.1.0';

export type AppContextOptions = {
  /**
   * The daily automatic backup at login and logout (backupIfDue). Default true: the app and the
   * browser host keep one. The CLI turns it off: a scripted command makes only the backups it is
   * asked for (docs/cli.md).
   */
  autoBackup?: boolean;
  /** The clock the screen lock's idle time is measured with (tests pass their own); default Date.now. */
  now?: () => number;
};

/**
 * The state of one running app (one window, or one browser host): which database it serves, and
 * the office and session once someone has logged in. Transport-free: Electron IPC, the HTTP host
 * and tests all drive it through the same dispatcher.
 */
export class AppContext {
  readonly dbPath: string;
  office: Office | null = null;
  session: Session | null = null;
  /** The file of the last import preview, kept in memory until it is committed or replaced. */
  pendingImport: { token: string; parsed: ParsedImport } | null = null;
  /** The progress of the running (or last) import preview, answered by `import:progress`. */
  importProgress: ImportProgressRecord = idleImportProgress();
  private readonly autoBackup: boolean;
  private outboxOfStart: Outbox | null = null;
  /** The screen lock of the session (docs/idle-lock.md). */
  private readonly screen: ScreenLock;

  constructor(dbPath: string, options: AppContextOptions = {}) {
    this.dbPath = dbPath;
    this.autoBackup = options.autoBackup ?? true;
    this.screen = new ScreenLock(options.now ?? Date.now);
  }

  /**
   * True while the session's screen is locked; locks it first when no call has come for the idle
   * time (docs/idle-lock.md). False without a session.
   */
  isLocked(): boolean {
    if (!this.session || !this.office) return false;
    if (this.screen.expired()) this.lock('no-calls');
    return this.screen.locked;
  }

  /** The session's lock (after applying the idle time), or null without a session. */
  lockState(): LockState | null {
    if (!this.session || !this.office) return null;
    const locked = this.isLocked();
    return { locked, idleMinutes: this.screen.idleMinutes };
  }

  /** Someone is at the keyboard: the idle time starts again (never while locked). */
  touch(): void {
    if (this.session) this.screen.touch();
  }

  /** Locks the session's screen, with an audit entry as login has one. */
  lock(reason: LockReason): void {
    if (!this.session || !this.office || this.screen.locked) return;
    this.screen.lock();
    try {
      auditLock(this.office.db, this.session, { locked: true, reason });
    } catch {
      log.warn('lock.audit.failed'); // the lock holds all the same
    }
  }

  /** Unlocks after the password was checked (office/idle-lock.service.ts checkUnlock). */
  unlock(): void {
    if (!this.session || !this.office || !this.screen.locked) return;
    this.screen.unlock();
    auditLock(this.office.db, this.session, { locked: false });
  }

  /** HR changed the idle time: it applies to the running session at once. */
  setIdleMinutes(minutes: number): void {
    this.screen.idleMinutes = minutes;
  }

  /**
   * This start's outbox (docs/exports.md), made on first use: exports with `delivery: 'file'` are
   * written there and handed over by the browser host's download route or Electron's save dialog.
   */
  get outbox(): Outbox {
    this.outboxOfStart ??= new Outbox();
    return this.outboxOfStart;
  }

  /** Where an export channel writes: the outbox for `delivery: 'file'`, else the answer itself (base64). */
  exportSink(delivery: 'file' | undefined): ExportSink {
    return delivery === 'file' ? this.outbox.sink() : inlineSink;
  }

  /** The app stops: logout, then the outbox folder itself is removed. */
  close(): void {
    this.end();
    this.outboxOfStart?.close();
    this.outboxOfStart = null;
  }

  begin(office: Office, session: Session): void {
    this.end();
    this.office = office;
    this.session = session;
    let idleMinutes: number = idleLockMinutes.default;
    try {
      idleMinutes = readIdleMinutes(office.db);
    } catch {
      log.warn('lock.settings.unreadable'); // the default applies
    }
    this.screen.start(idleMinutes);
    this.safeBackup();
  }

  /** Logs out: an automatic backup if one is due (and enabled), then the key is wiped and the database closed. */
  end(): void {
    if (this.office) {
      // HR's logout signs the chain's head, before the automatic backup copies it (docs/audit-checkpoints.md).
      if (this.session?.role === 'hr')
        checkpointQuietly(this.office.db, this.session.keys, this.session.actor, 'logout');
      this.safeBackup();
      closeOffice(this.office);
    }
    this.session?.keys.wipe();
    this.office = null;
    this.session = null;
    this.screen.locked = false;
    this.pendingImport = null;
    this.importProgress = idleImportProgress();
    // Exports not yet delivered belong to the session that made them.
    this.outboxOfStart?.clear();
  }

  private safeBackup(): void {
    if (!this.autoBackup || !this.office || !this.session) return;
    try {
      backupIfDue(this.office, this.session);
    } catch {
      log.warn('backup.auto.failed');
    }
  }

  status(): AppStatus {
    try {
      // An interrupted restore is finished (or undone) before anything looks at the files.
      recoverInterruptedRestore(this.dbPath);
    } catch {
      log.warn('restore.recover.failed'); // login repeats it and shows the reason
    }
    const dbExists = fs.existsSync(this.dbPath);
    let officeName: string | null = null;
    let demo: { logins: AppStatus['demoLogins']; password: string | null } | null = null;
    if (dbExists) {
      try {
        const keys = readKeyring(keyringPath(this.dbPath));
        officeName = keys.officeName;
        demo = keys.demo ? { logins: keys.demo.logins, password: keys.demo.password } : null;
      } catch {
        // an unreadable keyring shows at login with its own message
      }
    }
    return {
      version: appVersion,
      dbPath: this.dbPath,
      dbExists,
      officeName,
      isDemo: demo !== null,
      demoLogins: demo?.logins ?? null,
      demoPassword: demo?.password ?? null,
      session: this.session ? publicSession(this.session) : null,
      lock: this.lockState(),
    };
  }
}
