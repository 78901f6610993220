import crypto from 'node:crypto';
import { isFormKind } from '../../../shared/contract';
import type { AnyImportKind, ImportKind, ImportLogRow, ImportPreview, ImportResult } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { auditWriter } from '../system/audit.repo';
import type { Actor } from '../system/audit.repo';
import { readSheet } from './io/sheet-reader';
import type { SheetRead } from './io/sheet-reader';
import { kindLabels, sheetSpecs } from './io/specs';
import { loadWorkbook } from './io/workbook';
import { commitForms, formsPreview, parseForms } from './forms/import';
import type { ParsedForms } from './forms/import';
import { planAreas } from './roster/areas';
import { planAwards } from './roster/awards';
import { planEvaluators } from './roster/evaluators';
import type { ImportOptions, ImportPlan, Planner } from './plan';
import { planStaff } from './roster/staff';
import { insertImportLog } from './import-log.repo';

const planners: Record<ImportKind, Planner> = {
  staff: planStaff,
  evaluators: planEvaluators,
  areas: planAreas,
  awards: planAwards,
};

/** A sheet file read and checked, kept between the preview and the commit (never written anywhere). */
export type ParsedSheetImport = { kind: ImportKind; fileName: string; fileHash: string; read: SheetRead };

/** A sheet file, or a staff workbook of forms (自己申告書 / 目標管理シート, see services/forms). */
export type ParsedImport = ParsedSheetImport | ParsedForms;

function isSheetImport(p: ParsedImport): p is ParsedSheetImport {
  return !isFormKind(p.kind);
}

/** The most rows listed in a preview; counts always cover every row. */
const maxListedChanges = 5000;

export async function parseImport(kind: ImportKind, fileName: string, file: Buffer): Promise<ParsedSheetImport>;
export async function parseImport(kind: AnyImportKind, fileName: string, file: Buffer): Promise<ParsedImport>;
export async function parseImport(kind: AnyImportKind, fileName: string, file: Buffer): Promise<ParsedImport> {
  if (isFormKind(kind)) return parseForms(kind, fileName, file);
  const { workbook, fileHash } = await loadWorkbook(file);
  return { kind, fileName, fileHash, read: readSheet(workbook, sheetSpecs[kind]) };
}

export function planImport(db: Db, parsed: ParsedSheetImport, options: ImportOptions = {}): ImportPlan {
  return planners[parsed.kind](db, parsed.read, options);
}

/** The dry run: every problem and every change, and nothing written. */
export function previewOf(db: Db, parsed: ParsedImport, token: string, options: ImportOptions = {}): ImportPreview {
  if (!isSheetImport(parsed)) return formsPreview(db, parsed, token);
  const plan = planImport(db, parsed, options);
  return {
    token,
    kind: parsed.kind,
    fileName: parsed.fileName,
    fileHash: parsed.fileHash,
    sheet: parsed.read.sheet,
    counts: plan.counts,
    problems: plan.problems,
    changes: plan.changes.slice(0, maxListedChanges),
  };
}

export function newImportToken(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/**
 * Writes the import in one transaction, planned again against the database as it is now; with any
 * problem nothing is written. The import log and the audit log record it.
 */
export function commitImport(db: Db, actor: Actor, parsed: ParsedImport, options: ImportOptions = {}): ImportResult {
  // A form workbook commits its valid forms and lists the rejected ones (services/forms/import.ts).
  if (!isSheetImport(parsed)) return commitForms(db, actor, parsed);
  return db.transaction(() => {
    const plan = planImport(db, parsed, options);
    if (plan.problems.length > 0 && plan.problems.every((p) => p.kind === 'confirm')) {
      throw new AppError(
        'VALIDATION',
        `新しい職員かどうか確認が必要な行が${plan.problems.length}件あるため取り込みませんでした。職員番号を確かめ、新しい職員として取り込む場合は確認してから取り込んでください。`,
      );
    }
    if (plan.problems.length > 0) {
      throw new AppError(
        'VALIDATION',
        `エラーが${plan.problems.length}件あるため取り込みませんでした。ファイルを直してからもう一度プレビューしてください。`,
      );
    }
    const audit = auditWriter(db, actor);
    plan.apply(db, audit);
    const { counts } = plan;
    const logId = insertImportLog(db, actor, parsed, counts);
    audit.append({
      action: 'import.commit',
      entity: 'import',
      entityId: logId,
      after: {
        kind: kindLabels[parsed.kind],
        fileName: parsed.fileName,
        fileHash: parsed.fileHash,
        ...counts,
        // Who confirmed that unknown 職員番号 are new people is part of the record.
        ...(options.confirmNewStaff ? { confirmedNewStaff: true } : {}),
      },
    });
    return { kind: parsed.kind, fileName: parsed.fileName, logId, ...counts };
  })();
}

export function importLog(db: Db): ImportLogRow[] {
  return db
    .prepare(
      `SELECT id, at, actor, kind, file_name AS fileName, file_hash AS fileHash, total, inserted, updated, unchanged, errors
       FROM import_log ORDER BY id DESC LIMIT 500`,
    )
    .all() as ImportLogRow[];
}
