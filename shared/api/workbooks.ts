import { z } from 'zod';
import { Delivery, Empty, FiscalYear, StaffNoSchema, trimmed, Upload } from './common';
import type { FileDownload } from './common';
import { defineChannels, out } from './define';

/*
 * Excel in and out: the import (preview, commit, log) of every workbook kind, the roster templates and
 * exports, and the form workbooks (docs/workbooks.md, docs/workbook-import.md). Channel definitions:
 * docs/channels.md.
 */

/**
 * The roster sheets: one sheet each, one row per record (results: past years' 人事考課結果; measures:
 * the plan's 取組み実施記録, docs/workbooks.md).
 */
export const rosterKinds = ['staff', 'evaluators', 'areas', 'awards', 'results', 'measures'] as const;
export type RosterKind = (typeof rosterKinds)[number];

/** Every sheet kind with a template and an export: the roster sheets and the 研修 workbook (two sheets). */
export const importKinds = [...rosterKinds, 'training'] as const;
export type ImportKind = (typeof importKinds)[number];

/** The per-person forms that go out as staff workbooks (記入用ブック) and come back through the import. */
export const formKinds = ['selfreports', 'mbo'] as const;
export type FormKind = (typeof formKinds)[number];
/** Every workbook of forms the import takes back: the staff forms and the evaluators' 人事考課票 ('appraisal:export'). */
export const workbookKinds = [...formKinds, 'appraisals'] as const;
export type WorkbookKind = (typeof workbookKinds)[number];

/** What 'appraisal:export' writes (docs/workbooks.md). */
export const appraisalExports = ['forms', 'status', 'ranking', 'distribution', 'disclosure', 'evaluator'] as const;
export type AppraisalExport = (typeof appraisalExports)[number];

/** Everything `import:preview` accepts: the sheets above (ImportKind) and the form workbooks. */
export const allImportKinds = [...importKinds, ...workbookKinds] as const;
export type AnyImportKind = (typeof allImportKinds)[number];

export function isFormKind(kind: AnyImportKind): kind is WorkbookKind {
  return (workbookKinds as readonly string[]).includes(kind);
}

/** A print-ready export of forms covers at most this many people (one worksheet each). */
export const maxPrintForms = 5000;

/** One problem of an import, located as HR would find it in Excel. */
export type ImportProblem = {
  sheet: string;
  row: number | null;
  column: string | null;
  field: string | null;
  message: string;
  /**
   * 'confirm': an error only until the user confirms it (an unknown 職員番号 that may be a stored
   * person's with its leading zeros lost; `confirmNewStaff` imports the row as a new person).
   * Absent: an error the file must fix.
   */
  kind?: 'confirm';
};

export type FieldDiff = { field: string; before: string; after: string };

export type RowChange = {
  /** The sheet of the row, for a workbook of several sheets (the 研修 workbook); absent for a single sheet. */
  sheet?: string;
  row: number;
  key: string;
  label: string;
  status: 'new' | 'changed' | 'unchanged' | 'error';
  diffs: FieldDiff[];
};

export type ImportCounts = { total: number; inserted: number; updated: number; unchanged: number; errors: number };

export type ImportPreview = {
  token: string;
  kind: AnyImportKind;
  fileName: string;
  fileHash: string;
  sheet: string;
  counts: ImportCounts;
  problems: ImportProblem[];
  /** The rows that change or fail, in file order (unchanged rows only counted). */
  changes: RowChange[];
  /**
   * What the user should look at but that does not block the commit (the 研修 workbook's and the
   * 人事考課結果's 氏名 that differs from the stored name of its 職員番号, a 人事考課結果 row of a year
   * confirmed in Kaname, which is skipped); [] for every other kind.
   */
  warnings: ImportProblem[];
};

export type ImportResult = { kind: AnyImportKind; fileName: string; logId: number } & ImportCounts;

/**
 * How far the running `import:preview` is (docs/workbook-import.md): `percent` 0–100, 0 when the
 * preview starts. After it ends `running` is false, and `percent` is 100 when it succeeded.
 */
export type ImportProgressView = { running: boolean; percent: number; fileName: string | null };

export type ImportLogRow = {
  id: number;
  at: string;
  actor: string;
  kind: AnyImportKind;
  fileName: string;
  fileHash: string;
} & ImportCounts;

export const workbooksChannels = defineChannels({
  'import:preview': {
    input: z
      .object({
        kind: z.enum(allImportKinds),
        fileName: trimmed(255).min(1),
        data: Upload,
        /** The user confirmed that unknown 職員番号 flagged 'confirm' are new people (職員名簿 only). */
        confirmNewStaff: z.boolean().optional(),
      })
      .strict(),
    access: ['hr'],
    output: out<ImportPreview>(),
  },
  'import:commit': {
    input: z
      .object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u), confirmNewStaff: z.boolean().optional() })
      .strict(),
    access: ['hr'],
    output: out<ImportResult>(),
  },
  /** Polled by the import screen while its preview is pending: the parse runs off the main thread. */
  'import:progress': { input: Empty, access: ['hr'], output: out<ImportProgressView>() },
  'import:log': { input: Empty, access: ['hr'], output: out<ImportLogRow[]>() },
  /**
   * Starts the import worker ahead (when HR opens 取込・出力), so that the next preview does not wait
   * for it to load; `ready` once it has, false where none can run (docs/workbook-import.md).
   */
  'import:prepare': { input: Empty, access: ['hr'], output: out<{ ready: boolean }>() },
  'excel:template': {
    input: z.object({ kind: z.enum(importKinds), delivery: Delivery }).strict(),
    access: ['hr'],
    output: out<FileDownload>(),
  },
  'excel:export': {
    input: z.object({ kind: z.enum(importKinds), fy: FiscalYear.nullable(), delivery: Delivery }).strict(),
    access: ['hr'],
    output: out<FileDownload>(),
  },
  /**
   * Forms as Excel: 'print' is a print-ready workbook (one person, a section, or everyone when both
   * are omitted); 'roundtrip' is the staff workbook to fill in, for one section or one person.
   * Form workbooks hold many people's forms: HR only (confidential sections only in one person's export).
   */
  'forms:export': {
    input: z
      .object({
        kind: z.enum(formKinds),
        purpose: z.enum(['print', 'roundtrip']),
        fy: FiscalYear,
        section: trimmed(60).min(1).nullable().optional(),
        staffNo: StaffNoSchema.optional(),
        delivery: Delivery,
      })
      .strict()
      .refine((v) => !(v.staffNo !== undefined && v.section), {
        message: '所属と職員番号は、どちらか一方だけを指定してください',
        path: ['staffNo'],
      })
      .refine((v) => v.purpose === 'print' || v.staffNo !== undefined || Boolean(v.section), {
        message: '記入用ブックは所属（課）または職員を選んで出力してください',
        path: ['section'],
      }),
    access: ['hr'],
    output: out<FileDownload>(),
  },
  /**
   * The appraisal as Excel: 人事考課票 (forms), 人事考課状況一覧 (status), the ranking per population,
   * the distribution that names no one, the 開示 sheets, and an evaluator's workbook (evaluatorNo).
   * Named results and evaluator workbooks for HR; the personnel office gets only the status table and
   * the distribution, which name no one (checked in the service).
   */
  'appraisal:export': {
    input: z
      .object({
        fy: FiscalYear,
        what: z.enum(appraisalExports),
        section: trimmed(60).min(1).optional(),
        staffNo: StaffNoSchema.optional(),
        population: z.string().max(120).optional(),
        evaluatorNo: StaffNoSchema.optional(),
        delivery: Delivery,
      })
      .strict()
      .refine((v) => v.what !== 'evaluator' || v.evaluatorNo !== undefined, {
        message: '評価者の職員番号を指定してください',
        path: ['evaluatorNo'],
      }),
    access: ['hr', 'personnel'],
    output: out<FileDownload>(),
  },
});
