import fs from 'node:fs';
import type { AppStatus } from '../../../shared/contract';
import { keyringPath, readKeyring } from '../db/keyring';
import { recoverInterruptedRestore } from '../db/restore-journal';
import { backupIfDue } from '../system/backup.service';
import { closeOffice, publicSession } from '../office/office.service';
import type { Office, Session } from '../office/office.service';
import { log } from '../log';
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

  constructor(dbPath: string, options: AppContextOptions = {}) {
    this.dbPath = dbPath;
    this.autoBackup = options.autoBackup ?? true;
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
    this.safeBackup();
  }

  /** Logs out: an automatic backup if one is due (and enabled), then the key is wiped and the database closed. */
  end(): void {
    if (this.office) {
      this.safeBackup();
      closeOffice(this.office);
    }
    this.office = null;
    this.session = null;
    this.pendingImport = null;
    this.importProgress = idleImportProgress();
    // Exports not yet delivered belong to the session that made them.
    this.outboxOfStart?.clear();
  }

  private safeBackup(): void {
    if (!this.autoBackup || !this.office || !this.session) return;
    try {
      backupIfDue(this.office, this.session.actor);
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
    };
  }
}
