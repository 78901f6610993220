import crypto from 'node:crypto';
import { reconcileGrants } from '../keys/grants.service';
import type { AnyImportKind, ImportLogRow, ImportPreview, ImportResult, RosterKind } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { auditWriter } from '../system/audit.repo';
import type { Actor, AuditWriter } from '../system/audit.repo';
import { insertImportLog, listImportLog } from './import-log.repo';
import type { KindPlan, ParsedImport, ParsedSheetImport } from './kind';
import { prepareWorker, runInWorker } from './import-thread';
import type { ImportProgress } from './import-thread';
import { maxListedChanges } from './import-worker';
import { moduleOf } from './kinds';
import type { ImportOptions } from './plan';
import { staffSnapshot } from '../staff/org.repo';
import { formatCount } from '../../../shared/numbers';

export type { ParsedForms, ParsedImport, ParsedSheetImport, ParsedTraining } from './kind';
export type { ImportProgress } from './import-thread';

/*
 * The one importer (docs/workbook-import.md): for every kind — the roster sheets and the 記入用ブック
 * — the file is parsed once, previewed as a dry run, and committed in one transaction planned again
 * against the database as it is then; the import log and the audit log record every commit.
 */

/**
 * Starts the import worker ahead of the next file, resolving once it has loaded (false where no
 * worker can run): opening 取込・出力 calls it (import-thread.ts prepareWorker).
 */
export function prepareImport(): Promise<boolean> {
  return prepareWorker();
}

/**
 * Reads a file into plain data (every kind's parse, workbookModules[kind].parse) off the main thread
 * in the import worker, reporting progress (0–100); on this thread where no worker can run.
 */
export async function parseImport(
  kind: RosterKind,
  fileName: string,
  file: Buffer,
  progress?: ImportProgress,
): Promise<ParsedSheetImport>;
export async function parseImport(
  kind: AnyImportKind,
  fileName: string,
  file: Buffer,
  progress?: ImportProgress,
): Promise<ParsedImport>;
export async function parseImport(
  kind: AnyImportKind,
  fileName: string,
  file: Buffer,
  progress?: ImportProgress,
): Promise<ParsedImport> {
  return (await runInWorker(kind, fileName, file, { progress })).parsed;
}

/**
 * The preview of a file, parsed — and for the 職員名簿 also planned, against a snapshot of the stored
 * staff read here — in the import worker, with progress (0–100). The same preview as parseImport +
 * previewOf; the parsed file is kept for the commit.
 */
export async function previewImport(
  db: Db,
  input: { kind: AnyImportKind; fileName: string; file: Buffer; token: string; options?: ImportOptions },
  progress?: ImportProgress,
): Promise<{ parsed: ParsedImport; preview: ImportPreview }> {
  const options = input.options ?? {};
  const staff = input.kind === 'staff' ? staffSnapshot(db) : null;
  const { parsed, plan } = await runInWorker(input.kind, input.fileName, input.file, { staff, options, progress });
  if (plan === null) return { parsed, preview: previewOf(db, parsed, input.token, options) };
  // The parsed cells stay serialised until the commit needs them (import-worker.ts).
  const preview = { token: input.token, kind: parsed.kind, fileName: parsed.fileName, fileHash: parsed.fileHash };
  return { parsed, preview: { ...preview, ...plan, warnings: [] } };
}

/** The file's kind decides it against the database as it is now; nothing is written. */
export function planImport(db: Db, parsed: ParsedImport, options: ImportOptions = {}): KindPlan {
  return moduleOf(parsed).plan(db, parsed, options);
}

/** The dry run: every problem and every change, and nothing written. */
export function previewOf(db: Db, parsed: ParsedImport, token: string, options: ImportOptions = {}): ImportPreview {
  const plan = planImport(db, parsed, options);
  return {
    token,
    kind: parsed.kind,
    fileName: parsed.fileName,
    fileHash: parsed.fileHash,
    sheet: plan.sheet,
    counts: plan.counts,
    problems: plan.problems,
    changes: plan.changes.slice(0, maxListedChanges),
    warnings: plan.warnings ?? [],
  };
}

export function newImportToken(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/** A roster sheet with any problem is not written at all; the message says why. */
function refuse(plan: KindPlan): void {
  if (plan.problems.length > 0 && plan.problems.every((p) => p.kind === 'confirm')) {
    throw new AppError(
      'VALIDATION',
      `新しい職員かどうか確認が必要な行が${formatCount(plan.problems.length, '件')}あるため取り込みませんでした。職員番号を確かめ、新しい職員として取り込む場合は確認してから取り込んでください。`,
    );
  }
  if (plan.problems.length > 0) {
    throw new AppError(
      'VALIDATION',
      `エラーが${formatCount(plan.problems.length, '件')}あるため取り込みませんでした。ファイルを直してからもう一度プレビューしてください。`,
    );
  }
}

/**
 * Writes the import in one transaction, planned again against the database as it is now. A roster
 * sheet with any problem writes nothing; a 記入用ブック writes its valid forms and counts the rejected
 * ones (a form changed since the preview is rejected then). The import log and the audit log record it.
 */
export function commitImport(db: Db, actor: Actor, parsed: ParsedImport, options: ImportOptions = {}): ImportResult {
  const mod = moduleOf(parsed);
  return db.transaction(() => {
    const plan = mod.plan(db, parsed, options);
    if (plan.commits === 'whole') refuse(plan);
    // One writer for the roster's entries and the import's own, made at the first entry: the forms'
    // writes append through their services, so the import's entry reads the chain after them.
    let writer: AuditWriter | null = null;
    const audit: AuditWriter = { append: (entry) => (writer ??= auditWriter(db, actor)).append(entry) };
    plan.apply(db, actor, audit);
    // New 調整者 or linked accounts get their keys, removed ones lose them (docs/sealed-data.md).
    if (options.keys) reconcileGrants(db, options.keys, actor);
    const { counts } = plan;
    const logId = insertImportLog(db, actor, parsed, counts);
    audit.append({
      action: 'import.commit',
      entity: 'import',
      entityId: logId,
      after: {
        kind: mod.label,
        fileName: parsed.fileName,
        fileHash: parsed.fileHash,
        ...plan.record.head,
        ...counts,
        ...plan.record.tail,
      },
    });
    return { kind: parsed.kind, fileName: parsed.fileName, logId, ...counts };
  })();
}

export function importLog(db: Db): ImportLogRow[] {
  return listImportLog(db);
}
