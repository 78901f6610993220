import { z } from 'zod';
import type { ChannelName } from './channels';
import type { Role } from './roles';
import { roles } from './roles';
import { gradeGroups } from './org';
import type { AreaRole, Employment, GradeGroup, Position } from './org';
import type { Result } from './result';
import { mboSchemas } from './mbo-contract';
import type { MboList, MboSheetView } from './mbo-contract';
import { appraisalSchemas } from './appraisal-contract';
import type { AppraisalList, AppraisalView, AwardRow, RankingView, StatusTable } from './appraisal-contract';
import { isValidIsoDate } from './dates';
import { ConfirmClosedYear } from './closed-year';
import { FILL_TEXT_LIMIT } from './evaluator-fill';
import type { FillWorkbook } from './evaluator-fill';
import { AppraisalConfigSchema } from './appraisal-config';
import './messages-ja';
import type { AppraisalConfigView } from './appraisal-config';
import {
  aptitudeChoices,
  maxPreferences,
  postingInterestChoices,
  selfReportLabels,
  selfReportLimits,
  transferWishChoices,
  workloadChoices,
} from './self-report';
import type {
  Aptitude,
  MeaningfulKpi,
  PostingInterest,
  SelfReportField,
  SelfReportStatus,
  TransferWish,
  Workload,
} from './self-report';

// ---------- input schemas ----------

const trimmed = (max: number) => z.string().trim().max(max);

/** Logins are ASCII so they can be typed on any keyboard; compared in lower case. */
export const LoginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/u, 'ログインIDは半角英数字と . _ - で3〜32文字にしてください');

export const PasswordSchema = z
  .string()
  .min(8, 'パスワードは8文字以上にしてください')
  .max(128, 'パスワードは128文字以内にしてください');

export const StaffNoSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,20}$/u, '職員番号の形式が正しくありません');

const Empty = z.object({}).strict();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, '日付は YYYY-MM-DD の形で指定してください');
const FiscalYear = z.number().int().min(1989).max(2200);

export const importKinds = ['staff', 'evaluators', 'areas', 'awards'] as const;
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

/** Upper bound of an uploaded workbook (base64 of about 40 MB). */
export const maxUploadBase64 = 56 * 1024 * 1024;
const Id = z.number().int().positive();
const RoleSchema = z.enum(roles);

// Self-report (自己申告書): every message names the field in Japanese; dispatch adds the field key.
const srText = (field: SelfReportField, max: number) =>
  z.string().max(max, `${selfReportLabels[field]}は${max}文字以内で入力してください`);
const srChoice = <T extends readonly [string, ...string[]]>(field: SelfReportField, choices: T) =>
  z.enum(choices, { error: `${selfReportLabels[field]}は「${choices.join('」「')}」から選んでください` });
const meaningfulMessage = '「意義のある仕事だと感じるか」は1〜5の整数で選んでください';

/** The staff member's own sections; on save each may be omitted (kept as it is). */
export const SelfReportFieldsSchema = z.object({
  duties: srText('duties', selfReportLimits.text),
  workload: srChoice('workload', workloadChoices).nullable(),
  aptitude: srChoice('aptitude', aptitudeChoices).nullable(),
  aptitudeNote: srText('aptitudeNote', selfReportLimits.text),
  fulfilment: srText('fulfilment', selfReportLimits.text),
  meaningful: z
    .number({ error: meaningfulMessage })
    .int(meaningfulMessage)
    .min(1, meaningfulMessage)
    .max(5, meaningfulMessage)
    .nullable(),
  health: srText('health', selfReportLimits.text),
  transferWish: srChoice('transferWish', transferWishChoices).nullable(),
  preferences: z
    .array(srText('preferences', selfReportLimits.short))
    .max(maxPreferences, `希望する所属・職務は${maxPreferences}つまで入力できます`),
  transferReason: srText('transferReason', selfReportLimits.text),
  transferTiming: srText('transferTiming', selfReportLimits.short),
  careerFuture: srText('careerFuture', selfReportLimits.text),
  careerSkills: srText('careerSkills', selfReportLimits.text),
  selfDevelopment: srText('selfDevelopment', selfReportLimits.text),
  qualificationsWanted: srText('qualificationsWanted', selfReportLimits.medium),
  postingInterest: srChoice('postingInterest', postingInterestChoices).nullable(),
  postingNote: srText('postingNote', selfReportLimits.text),
  family: srText('family', selfReportLimits.text),
  comments: srText('comments', selfReportLimits.long),
});

/** Every save names the version it edited (0: the report has not been written yet). */
const ReportVersion = z
  .number({ error: '版番号が正しくありません' })
  .int('版番号が正しくありません')
  .min(0, '版番号が正しくありません');

export const schemas = {
  'app:status': Empty,
  'app:createOffice': z
    .object({
      officeName: trimmed(60).min(1, '事業所名を入力してください'),
      login: LoginSchema,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      password: PasswordSchema,
    })
    .strict(),
  'app:createDemo': Empty,
  'fill:open': z
    .object({
      fileName: trimmed(255).min(1),
      data: z.string().max(maxUploadBase64, 'ファイルが大きすぎます（40MB まで）'),
    })
    .strict(),
  'fill:write': z
    .object({
      fileName: trimmed(255).min(1),
      data: z.string().max(maxUploadBase64, 'ファイルが大きすぎます（40MB まで）'),
      entries: z
        .array(
          z
            .object({
              sheetName: z.string().min(1).max(31),
              values: z.record(
                z.string().regex(/^[a-z0-9.]{1,16}$/u, '記入欄の指定が正しくありません'),
                z.string().max(FILL_TEXT_LIMIT, `記入欄の文字数が多すぎます（${FILL_TEXT_LIMIT}文字まで）`),
              ),
            })
            .strict(),
        )
        .max(5000),
    })
    .strict(),
  'auth:login': z.object({ login: z.string().max(64), password: z.string().max(128) }).strict(),
  'auth:logout': Empty,
  'auth:changePassword': z.object({ current: z.string().max(128), next: PasswordSchema }).strict(),
  'accounts:list': Empty,
  'accounts:create': z
    .object({
      login: LoginSchema,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      role: RoleSchema,
      staffNo: StaffNoSchema.nullable(),
      password: PasswordSchema,
    })
    .strict(),
  'accounts:update': z
    .object({
      id: Id,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      role: RoleSchema,
      staffNo: StaffNoSchema.nullable(),
    })
    .strict(),
  'accounts:disable': z.object({ id: Id }).strict(),
  'accounts:enable': z.object({ id: Id, password: PasswordSchema }).strict(),
  'accounts:resetPassword': z.object({ id: Id, password: PasswordSchema }).strict(),
  'staff:options': z.object({ query: trimmed(40) }).strict(),
  'cycles:list': Empty,
  'audit:list': z
    .object({
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
    })
    .strict(),
  'system:verify': Empty,
  'system:backup': Empty,
  'system:backups': Empty,
  'org:sections': Empty,
  'staff:list': z
    .object({
      query: trimmed(60).optional(),
      section: trimmed(60).nullable().optional(),
      gradeGroup: z.enum(gradeGroups).nullable().optional(),
      active: z.enum(['active', 'retired', 'all']).optional(),
      fy: FiscalYear.optional(),
      /** At most this many rows are returned (total still counts all); a city list is filtered first. */
      limit: z.number().int().min(1).max(50_000).optional(),
    })
    .strict(),
  'staff:detail': z.object({ staffNo: StaffNoSchema, fy: FiscalYear }).strict(),
  'areas:overview': z.object({ fy: FiscalYear }).strict(),
  'import:preview': z
    .object({
      kind: z.enum(allImportKinds),
      fileName: trimmed(255).min(1),
      data: z.string().max(maxUploadBase64, 'ファイルが大きすぎます（40MB まで）'),
      /** The user confirmed that unknown 職員番号 flagged 'confirm' are new people (職員名簿 only). */
      confirmNewStaff: z.boolean().optional(),
    })
    .strict(),
  'import:commit': z
    .object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u), confirmNewStaff: z.boolean().optional() })
    .strict(),
  'import:log': Empty,
  'excel:template': z.object({ kind: z.enum(importKinds) }).strict(),
  'excel:export': z.object({ kind: z.enum(importKinds), fy: FiscalYear.nullable() }).strict(),
  'selfReport:get': z.object({ fy: FiscalYear, staffNo: StaffNoSchema.optional() }).strict(),
  'selfReport:save': SelfReportFieldsSchema.partial()
    .extend({
      fy: FiscalYear,
      staffNo: StaffNoSchema.optional(),
      version: ReportVersion,
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'selfReport:submit': z
    .object({ fy: FiscalYear, version: ReportVersion, confirmClosedYear: ConfirmClosedYear })
    .strict(),
  'selfReport:interview': z
    .object({
      fy: FiscalYear,
      staffNo: StaffNoSchema,
      version: ReportVersion,
      interviewOn: z
        .string()
        .refine(isValidIsoDate, `${selfReportLabels.interviewOn}の日付が正しくありません（例: 2026-07-15）`),
      record: srText('record', selfReportLimits.long).refine(
        (s) => s.trim() !== '',
        `${selfReportLabels.record}を入力してください`,
      ),
      opinion: srText('opinion', selfReportLimits.long),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'selfReport:reopen': z
    .object({
      fy: FiscalYear,
      staffNo: StaffNoSchema,
      reason: z
        .string()
        .trim()
        .min(1, `${selfReportLabels.reason}を入力してください`)
        .max(
          selfReportLimits.medium,
          `${selfReportLabels.reason}は${selfReportLimits.medium}文字以内で入力してください`,
        ),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'selfReport:progress': z.object({ fy: FiscalYear, section: trimmed(60).nullable().optional() }).strict(),
  'areaLog:get': z.object({ fy: FiscalYear, area: trimmed(60).min(1) }).strict(),
  'areaLog:addPatrol': z
    .object({
      fy: FiscalYear,
      area: trimmed(60).min(1),
      onDate: IsoDate,
      pair: z.array(StaffNoSchema).min(1, 'ペアの職員を選んでください').max(2, 'ペアは2人までです'),
      notes: trimmed(2000).min(1, '巡回の内容を入力してください'),
      findings: trimmed(2000),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'areaLog:addStudy': z
    .object({
      fy: FiscalYear,
      area: trimmed(60).min(1),
      onDate: IsoDate,
      topic: trimmed(200).min(1, 'テーマを入力してください'),
      notes: trimmed(2000),
      attendees: z.array(StaffNoSchema).min(1, '参加者を選んでください').max(200),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'areaLog:remove': z
    .object({
      fy: FiscalYear,
      area: trimmed(60).min(1),
      kind: z.enum(['patrol', 'study']),
      id: Id,
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  ...mboSchemas,
  ...appraisalSchemas,
  /**
   * Forms as Excel: 'print' is a print-ready workbook (one person, a section, or everyone when both
   * are omitted); 'roundtrip' is the staff workbook to fill in, for one section or one person.
   */
  'forms:export': z
    .object({
      kind: z.enum(formKinds),
      purpose: z.enum(['print', 'roundtrip']),
      fy: FiscalYear,
      section: trimmed(60).min(1).nullable().optional(),
      staffNo: StaffNoSchema.optional(),
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
  /**
   * The appraisal as Excel: 人事考課票 (forms), 人事考課状況一覧 (status), the ranking per population,
   * the distribution that names no one, the 開示 sheets, and an evaluator's workbook (evaluatorNo).
   */
  'appraisal:export': z
    .object({
      fy: FiscalYear,
      what: z.enum(appraisalExports),
      section: trimmed(60).min(1).optional(),
      staffNo: StaffNoSchema.optional(),
      population: z.string().max(120).optional(),
      evaluatorNo: StaffNoSchema.optional(),
    })
    .strict()
    .refine((v) => v.what !== 'evaluator' || v.evaluatorNo !== undefined, {
      message: '評価者の職員番号を指定してください',
      path: ['evaluatorNo'],
    }),
  /** The cycle's appraisal configuration (設定 → 人事考課の設定): read by anyone, changed by HR until the year starts. */
  'appraisal:config': z.object({ fy: FiscalYear }).strict(),
  'appraisal:saveConfig': z
    .object({ fy: FiscalYear, config: AppraisalConfigSchema, confirmClosedYear: ConfirmClosedYear })
    .strict(),
  'appraisal:resetConfig': z.object({ fy: FiscalYear, confirmClosedYear: ConfirmClosedYear }).strict(),
} satisfies Record<ChannelName, z.ZodType>;

// ---------- output types ----------

export type SessionInfo = {
  accountId: number;
  login: string;
  displayName: string;
  role: Role;
  staffNo: string | null;
  mustChangePassword: boolean;
};

export type DemoLogin = { login: string; role: Role; displayName: string; note: string };

export type AppStatus = {
  version: string;
  dbPath: string;
  dbExists: boolean;
  officeName: string | null;
  isDemo: boolean;
  /** Shown on the login screen of the demo office only. */
  demoLogins: DemoLogin[] | null;
  demoPassword: string | null;
  session: SessionInfo | null;
};

export type AccountRow = {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  staffNo: string | null;
  staffName: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
};

export type StaffOption = { staffNo: string; name: string; kana: string; section: string | null };

/** `closed`: the year has ended and is read-only to all but HR (shared/closed-year.ts, docs/closed-years.md). */
export type CycleRow = { fy: number; phase: string; current: boolean; closed: boolean };

export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
};

export type AuditVerify = { ok: boolean; rows: number; problems: string[] };

export type VerifyReport = { ok: boolean; integrity: string[]; audit: AuditVerify };

export type BackupRow = { file: string; createdAt: string; bytes: number };

export type StaffRow = {
  staffNo: string;
  name: string;
  kana: string;
  section: string | null;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  jobType: string;
  employment: Employment;
  hiredOn: string | null;
  postedOn: string | null;
  qualifications: string;
  active: boolean;
};

export type PersonRef = { staffNo: string; name: string; section: string | null; position: Position };

export type TransferRow = { onDate: string; from: string; to: string };

export type EvaluatorAssignmentRow = {
  effectiveFrom: string;
  effectiveTo: string | null;
  first: PersonRef | null;
  second: PersonRef | null;
  adjuster: PersonRef | null;
};

export type AreaMembership = { area: string; role: AreaRole; partner: PersonRef | null; leader: PersonRef | null };

export type StaffDetail = {
  staff: StaffRow;
  /** Whole years in the current post (現所属年数) as of today. */
  yearsInPost: number | null;
  transfers: TransferRow[];
  evaluators: EvaluatorAssignmentRow[];
  area: AreaMembership | null;
};

export type SectionRow = { name: string; lines: string[]; staffCount: number };

export type AreaTeam = {
  name: string;
  note: string;
  leader: PersonRef | null;
  members: { person: PersonRef; role: AreaRole; partner: PersonRef | null }[];
};

/**
 * 地域担当. Who is unassigned or lacks a 地域担当目標 is named only to HR (everyone) and to an area's
 * leader (their own areas' members); to anyone else the lists are null and the counts tell how many
 * (docs/access.md).
 */
export type AreasOverview = {
  fy: number;
  areas: AreaTeam[];
  /** Null when the names are withheld (anyone but HR). */
  unassigned: PersonRef[] | null;
  unassignedCount: number;
  coverage: { assigned: number; total: number };
  /**
   * 目標管理シート: written sheets (at least one goal) of active staff, and those without a 地域担当目標:
   * all of them for HR, the members of the areas the caller leads for a leader, null for anyone else.
   */
  mboCoverage: { written: number; withoutAreaGoal: PersonRef[] | null; withoutAreaGoalCount: number };
  /** Whose names the lists hold: everyone's, the caller's own areas' members, or no one's. */
  namesOf: 'all' | 'ledAreas' | 'none';
};

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
};

export type ImportResult = { kind: AnyImportKind; fileName: string; logId: number } & ImportCounts;

export type ImportLogRow = {
  id: number;
  at: string;
  actor: string;
  kind: AnyImportKind;
  fileName: string;
  fileHash: string;
} & ImportCounts;

export type FileDownload = { fileName: string; data: string };

/** 地域カルテ: an area team's patrols (pairs walking the area) and study sessions (勉強会) in a year. */
export type PatrolRow = {
  id: number;
  onDate: string;
  pair: PersonRef[];
  notes: string;
  findings: string;
  writtenBy: string;
  canRemove: boolean;
};
export type StudyRow = {
  id: number;
  onDate: string;
  topic: string;
  notes: string;
  attendees: PersonRef[];
  writtenBy: string;
  canRemove: boolean;
};
export type AreaLog = {
  fy: number;
  area: string;
  canWrite: boolean;
  team: PersonRef[];
  patrols: PatrolRow[];
  studies: StudyRow[];
};

export type SelfReportPerson = PersonRef & { line: string | null };

/** The staff member's own, non-confidential sections (docs/confidentiality.md). */
export type SelfReportFields = {
  duties: string;
  workload: Workload | null;
  aptitude: Aptitude | null;
  aptitudeNote: string;
  fulfilment: string;
  /** 「市民や社会にとって意義のある仕事だと感じるか」: 5 とてもそう思う … 1 まったくそう思わない. */
  meaningful: number | null;
  transferWish: TransferWish | null;
  preferences: string[];
  transferReason: string;
  transferTiming: string;
  careerFuture: string;
  careerSkills: string;
  selfDevelopment: string;
  qualificationsWanted: string;
  postingInterest: PostingInterest | null;
  postingNote: string;
  comments: string;
};

/** Health and family circumstances: only the person, their 調整者 and HR ever receive these. */
export type SelfReportConfidential = { health: string; family: string };

/** The 所属長 interview, entered by the 調整者. */
export type SelfReportInterview = {
  interviewOn: string | null;
  record: string;
  opinion: string;
  interviewer: PersonRef | null;
};

/** How the caller stands to the report's owner; decides what they receive and may do. */
export type SelfReportRelation = 'self' | 'first' | 'second' | 'adjuster' | 'hr' | 'personnel';

/**
 * One self-report as a caller may see it. For callers not allowed the confidential sections the
 * main process leaves them out (confidential: null), it does not blank them.
 */
export type SelfReportView = {
  fy: number;
  person: SelfReportPerson;
  status: SelfReportStatus;
  /** 0 until the report is first saved; every save must send the version it edited. */
  version: number;
  submittedAt: string | null;
  interviewedAt: string | null;
  reopenReason: string | null;
  reopenedAt: string | null;
  updatedAt: string | null;
  fields: SelfReportFields;
  interview: SelfReportInterview;
  relation: SelfReportRelation;
  can: { edit: boolean; submit: boolean; interview: boolean; reopen: boolean };
} & (
  { confidential: SelfReportConfidential; confidentialHidden: false } | { confidential: null; confidentialHidden: true }
);

export type SelfReportCounts = { total: number } & Record<SelfReportStatus, number>;

export type SelfReportProgressRow = {
  person: SelfReportPerson;
  status: SelfReportStatus;
  submittedAt: string | null;
  interviewedAt: string | null;
  updatedAt: string | null;
};

/** HR's progress board: counts per section, everyone's status, and the plan's 意義 KPI. */
export type SelfReportProgress = {
  fy: number;
  section: string | null;
  totals: SelfReportCounts;
  sections: { section: string; counts: SelfReportCounts; meaningful: MeaningfulKpi }[];
  people: SelfReportProgressRow[];
  meaningful: MeaningfulKpi;
};

export type Outputs = {
  'app:status': AppStatus;
  'app:createOffice': SessionInfo;
  'app:createDemo': AppStatus;
  'fill:open': FillWorkbook;
  'fill:write': FileDownload;
  'auth:login': SessionInfo;
  'auth:logout': null;
  'auth:changePassword': SessionInfo;
  'accounts:list': AccountRow[];
  'accounts:create': AccountRow;
  'accounts:update': AccountRow;
  'accounts:disable': AccountRow;
  'accounts:enable': AccountRow;
  'accounts:resetPassword': AccountRow;
  'staff:options': StaffOption[];
  'cycles:list': CycleRow[];
  'audit:list': { total: number; rows: AuditRow[] };
  'system:verify': VerifyReport;
  'system:backup': BackupRow;
  'system:backups': BackupRow[];
  'org:sections': SectionRow[];
  'staff:list': { rows: StaffRow[]; total: number };
  'staff:detail': StaffDetail;
  'areas:overview': AreasOverview;
  'import:preview': ImportPreview;
  'import:commit': ImportResult;
  'import:log': ImportLogRow[];
  'excel:template': FileDownload;
  'excel:export': FileDownload;
  'selfReport:get': SelfReportView;
  'selfReport:save': SelfReportView;
  'selfReport:submit': SelfReportView;
  'selfReport:interview': SelfReportView;
  'selfReport:reopen': SelfReportView;
  'selfReport:progress': SelfReportProgress;
  'areaLog:get': AreaLog;
  'areaLog:addPatrol': AreaLog;
  'areaLog:addStudy': AreaLog;
  'areaLog:remove': AreaLog;
  'mbo:get': MboSheetView;
  'mbo:save': MboSheetView;
  'mbo:submit': MboSheetView;
  'mbo:approve': MboSheetView;
  'mbo:sendBack': MboSheetView;
  'mbo:revise': MboSheetView;
  'mbo:reopen': MboSheetView;
  'mbo:list': MboList;
  'forms:export': FileDownload;
  'appraisal:export': FileDownload;
  'appraisal:get': AppraisalView;
  'appraisal:save': AppraisalView;
  'appraisal:submit': AppraisalView;
  'appraisal:sendBack': AppraisalView;
  'appraisal:unlock': AppraisalView;
  'appraisal:cross': AppraisalView;
  'appraisal:nameCross': AppraisalView;
  'appraisal:list': AppraisalList;
  'appraisal:status': StatusTable;
  'appraisal:ranking': RankingView;
  'appraisal:decideTie': RankingView;
  'appraisal:confirmRanking': RankingView;
  'appraisal:exclude': RankingView;
  'appraisal:config': AppraisalConfigView;
  'appraisal:saveConfig': AppraisalConfigView;
  'appraisal:resetConfig': AppraisalConfigView;
  'awards:list': AwardRow[];
  'awards:save': AwardRow[];
  'awards:decide': AwardRow[];
  'awards:revoke': AwardRow[];
};

export type Input<K extends ChannelName> = z.input<(typeof schemas)[K]>;
export type Parsed<K extends ChannelName> = z.output<(typeof schemas)[K]>;

/** Who may call a channel: anyone (before login), any logged-in account, or the listed roles. */
export type Access = 'public' | 'session' | readonly Role[];

export const access: Record<ChannelName, Access> = {
  'app:status': 'public',
  'app:createOffice': 'public',
  'app:createDemo': 'public',
  // Filling an evaluator workbook needs no office or login: it reads and writes only the file given.
  'fill:open': 'public',
  'fill:write': 'public',
  'auth:login': 'public',
  'auth:logout': 'session',
  'auth:changePassword': 'session',
  'accounts:list': ['hr'],
  'accounts:create': ['hr'],
  'accounts:update': ['hr'],
  'accounts:disable': ['hr'],
  'accounts:enable': ['hr'],
  'accounts:resetPassword': ['hr'],
  'staff:options': ['hr'],
  'cycles:list': 'session',
  'audit:list': ['hr'],
  'system:verify': ['hr'],
  'system:backup': ['hr'],
  'system:backups': ['hr'],
  // staff:* are scoped in the service: HR and personnel see everyone, an evaluator the staff
  // assigned to them. Sections and area teams are the office's public organisation chart.
  'org:sections': 'session',
  'staff:list': 'session',
  'staff:detail': 'session',
  'areas:overview': 'session',
  'import:preview': ['hr'],
  'import:commit': ['hr'],
  'import:log': ['hr'],
  'excel:template': ['hr'],
  'excel:export': ['hr'],
  // Self-reports are scoped in the service: the person, their 1次/2次/調整者 in the year, HR and
  // personnel may read; only the person writes their sections, only the 調整者 the interview.
  'selfReport:get': 'session',
  'selfReport:save': 'session',
  'selfReport:submit': 'session',
  'selfReport:interview': 'session',
  'selfReport:reopen': ['hr'],
  'selfReport:progress': ['hr'],
  // The area's log is read by everyone (the office's shared 地域カルテ); written by its team and HR (checked in the service).
  'areaLog:get': 'session',
  'areaLog:addPatrol': 'session',
  'areaLog:addStudy': 'session',
  'areaLog:remove': 'session',
  // MBO sheets are scoped in the service like self-reports: the person writes their goals, their
  // 1次 approves or sends back, HR reopens; the list shows each caller only the sheets they may open.
  'mbo:get': 'session',
  'mbo:save': 'session',
  'mbo:submit': 'session',
  'mbo:approve': 'session',
  'mbo:sendBack': 'session',
  'mbo:revise': 'session',
  'mbo:reopen': ['hr'],
  'mbo:list': ['hr', 'personnel', 'evaluator'],
  // Form workbooks hold many people's forms: HR only (confidential sections only in one person's export).
  'forms:export': ['hr'],
  // Named results and evaluator workbooks for HR; the personnel office gets only the status table and
  // the distribution, which name no one (checked in the service).
  'appraisal:export': ['hr', 'personnel'],
  // Appraisals are scoped in the service: each stage's fields only for its assigned evaluator in the
  // open stage, cross-section evaluators only their goals; ranking decisions for the population's 調整者 and HR.
  'appraisal:get': 'session',
  'appraisal:save': 'session',
  'appraisal:submit': 'session',
  'appraisal:sendBack': 'session',
  'appraisal:unlock': ['hr'],
  'appraisal:cross': 'session',
  'appraisal:nameCross': ['hr'],
  'appraisal:list': ['hr', 'personnel', 'evaluator'],
  'appraisal:status': ['hr', 'personnel', 'evaluator'],
  'appraisal:ranking': ['hr', 'personnel', 'evaluator'],
  'appraisal:decideTie': ['hr', 'evaluator'],
  'appraisal:confirmRanking': ['hr', 'evaluator'],
  // Taking someone out of the year's ranking (休職・育児休業, late joiners) is HR's decision.
  'appraisal:exclude': ['hr'],
  // The configuration is read by every screen that shows it (the award screen shows the rule); HR changes it.
  'appraisal:config': 'session',
  'appraisal:saveConfig': ['hr'],
  'appraisal:resetConfig': ['hr'],
  'awards:list': 'session',
  'awards:save': ['hr'],
  'awards:decide': ['hr'],
  'awards:revoke': ['hr'],
};

/** window.api: one function per channel, each resolving to a plain Result. */
export type Api = { [K in ChannelName]: (req: Input<K>) => Promise<Result<Outputs[K]>> };
