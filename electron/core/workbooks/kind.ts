import type {
  AnyImportKind,
  FileDownload,
  ImportCounts,
  ImportProblem,
  RosterKind,
  RowChange,
  WorkbookKind,
} from '../../../shared/contract';
import type { ExportSink } from '../api/outbox';
import type { Db } from '../db/connection';
import type { Actor, AuditWriter } from '../system/audit.repo';
import type { SheetRead } from './io/sheet-reader';
import type { CellsRead } from './io/form-sheet';
import type { ImportOptions } from './plan';

/*
 * One module per workbook kind (docs/workbooks.md): each brings its export, its parse (the file →
 * plain data, no database: it may run in a worker thread) and its plan (that data against the
 * database as it is now). The one importer (importer.ts) owns everything around them: preview,
 * commit, the import log and the audit entry.
 */

/** What every parsed file carries: its kind, its name and its sha-256. Plain data (structured-cloneable). */
export type ParsedFile<K extends AnyImportKind = AnyImportKind> = { kind: K; fileName: string; fileHash: string };

/** A roster sheet (職員名簿, 評価者, 地域担当, 表彰) read and checked. */
export type ParsedSheetImport = ParsedFile<RosterKind> & { read: SheetRead };

/**
 * The 研修 workbook's two sheets read and checked (docs/workbooks.md): null for a sheet the file does
 * not have (either may be missing, not both); the file's sheet names for the message when both are.
 */
export type TrainingReads = { courses: SheetRead | null; attendance: SheetRead | null; sheetNames: string[] };
export type ParsedTraining = ParsedFile<'training'> & { reads: TrainingReads };

/** A 記入用ブック: the export's token and marker from its very hidden sheet, and each form sheet's cells. */
export type ParsedForms = ParsedFile<WorkbookKind> & {
  token: string | null;
  marker: string;
  sheets: { name: string; cells: CellsRead }[];
};

/** A sheet file, the 研修 workbook or a workbook of forms, kept between the preview and the commit (never written anywhere). */
export type ParsedImport = ParsedSheetImport | ParsedTraining | ParsedForms;

/**
 * What a kind decides for a file against the database as it is: the preview's content, and the
 * writes the commit makes inside its one transaction.
 */
export type KindPlan = {
  /** What the preview names as the file's content: the sheet read, or the export it came from. */
  sheet: string;
  counts: ImportCounts;
  problems: ImportProblem[];
  /** What the preview shows beside the problems without blocking the commit (absent: none). */
  warnings?: ImportProblem[];
  changes: RowChange[];
  /**
   * 'whole': any problem refuses the whole file (roster sheets); 'valid': the valid forms are written
   * and the rejected ones counted as errors (記入用ブック, docs/workbook-import.md).
   */
  commits: 'whole' | 'valid';
  apply: (db: Db, actor: Actor, audit: AuditWriter) => void;
  /** The import's audit entry: fields of this kind before and after the counts. */
  record: { head?: Record<string, unknown>; tail?: Record<string, unknown> };
};

export type WorkbookModule<P extends ParsedImport, E> = {
  kind: P['kind'];
  /** The kind's name in Japanese, as the import log and audit record it. */
  label: string;
  parse: (fileName: string, file: Buffer) => Promise<P>;
  plan: (db: Db, parsed: P, options: ImportOptions) => KindPlan;
  export: E;
};

/** A roster sheet's module: its export writes the current data of a year (the 職員名簿 ignores the year). */
export type RosterModule = WorkbookModule<
  ParsedSheetImport,
  (db: Db, fy: number, sink: ExportSink) => Promise<FileDownload>
>;
