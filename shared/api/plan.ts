import { z } from 'zod';
import type { Kpi, KpiReport } from '../kpi';
import { ConfirmClosedYear } from '../closed-year';
import { MEASURE_UNITS } from '../plan';
import type { MeasureStatus } from '../plan';
import type { Role } from '../roles';
import { Delivery, FiscalYear, Id, IsoDate, pageInput, StaffNoSchema as StaffNo, text, trimmed } from './common';
import type { FileDownload, PersonRef } from './common';
import type { AwardCategory } from './awards';
import { defineChannels, out } from './define';

/*
 * The plan (職員育成基本プラン): its figures against its targets (docs/plan.md), its measures and the
 * records of what was done (docs/measures.md), each role's home page (docs/home.md) and the yearly
 * KPI report (docs/kpi-report.md). `kpi:list` is also what `kaname kpi --json` prints: a public
 * interface (shared/kpi.ts).
 */

/** A share by a group (a 課, an area, a year): withheld for groups too small to show (shared/access.ts). */
export type ShareRow = {
  label: string;
  numerator: number;
  denominator: number;
  /** Percent, one decimal (docs/plan.md); null for 0 ÷ 0 or withheld. */
  value: number | null;
  met: boolean | null;
  /** Set when the figure is withheld (fewer than minGroupSize answers) for this viewer. */
  withheld?: boolean;
};

/** One area team's year (地域カルテ): who is on it and what it did. */
export type AreaTeamFigures = { area: string; members: number; patrols: number; studySessions: number };

/** Awards of one of the plan's categories in a year, and how many were carried into appraisals. */
export type AwardCategoryFigures = { category: AwardCategory; decided: number; nominated: number; carried: number };

/** The 区分 distribution of one ranking population (第1区分..第5区分 counts). */
export type ClassDistribution = { population: string; counts: number[]; total: number; confirmed: boolean };

/** A count per workflow status, in the workflow's order. */
export type StatusCount = { status: string; count: number };

/** `plan:dashboard`: how the ward stands against its plan in a year and the two before it. */
export type PlanDashboard = {
  fy: number;
  /** Every KPI of each year (kpisOf), up to three years ending at fy, oldest first; years without a cycle are left out. */
  years: KpiReport[];
  /** 仕事に意義を感じる職員の割合 per 課 in fy. */
  meaningfulBySection: ShareRow[];
  areaTeams: AreaTeamFigures[];
  awardsByCategory: AwardCategoryFigures[];
  classDistribution: ClassDistribution[];
  selfReportProgress: StatusCount[];
  mboProgress: StatusCount[];
  appraisalProgress: StatusCount[];
  measures: MeasureStatus[];
};

/** One record of what was done (実施記録), as the screen lists it. */
export type MeasureRecordRow = {
  id: number;
  measureId: number;
  code: string;
  title: string;
  fy: number;
  heldOn: string;
  /** Who held it: a 課, a 担当 of it, or the office (both null). */
  section: string | null;
  line: string | null;
  participants: number;
  /** The participants recorded by name (may be empty: a count alone is enough). */
  people: PersonRef[];
  note: string;
  source: 'app' | 'import';
  createdBy: string;
  updatedAt: string;
};

/** `plan:measures`: the plan's measures with where each stands, the year's records, and what the viewer may do. */
export type MeasuresView = {
  fy: number;
  measures: MeasureStatus[];
  records: MeasureRecordRow[];
  /** HR edits measures. */
  canEditMeasures: boolean;
  /** Whose records the viewer may add and change: all (HR), their own 課 (a section head), or none. */
  recordScope: { kind: 'all' } | { kind: 'section'; section: string } | { kind: 'none' };
  /** The 課 and 担当 a record may name (what the record dialog offers); empty when only records were asked for. */
  org: { section: string; lines: string[] }[];
  /**
   * How many records the year has (of `measureId`'s measure when one was given), whatever page of
   * them `records` holds; answered when the input asked for a page or for only a part of the view.
   */
  recordTotal?: number;
};

/** What `plan:measures` may sort a page of records by (docs/measures.md "At city scale"). */
export const recordSortFields = ['heldOn', 'code', 'participants'] as const;
export type RecordSort = (typeof recordSortFields)[number];

/** Something for the viewer to do, linking to the screen where it is done. */
export type HomeTask = {
  id: string;
  /** The navigation section it opens (renderer/src/sections.ts ids). */
  target:
    | 'self-report'
    | 'mbo'
    | 'appraisal'
    | 'postings'
    | 'awards'
    | 'training'
    | 'placement'
    | 'excel'
    | 'dashboard'
    | 'areas'
    | 'staff'
    | 'settings';
  title: string;
  detail: string;
  /** When it is due (ISO date), from the year's schedule (docs/home.md); null when open-ended. */
  due: string | null;
  overdue: boolean;
  /** How many items it stands for, where it is more than one. */
  count?: number;
};

/** A form waiting for the viewer as an evaluator (あなたの番). */
export type TurnItem = {
  kind: 'appraisal' | 'mbo' | 'cross';
  /** What they are to do: 1次評価, 2次評価, 調整, 目標の承認, 他所属評価. */
  stage: string;
  person: PersonRef;
  /** The stage's deadline in the year's calendar (shared/schedule.ts, docs/home.md), and whether it has passed. */
  due?: string;
  overdue?: boolean;
};

/** An evaluator holding forms that wait for them (HR's 滞留). */
export type StuckRow = { evaluator: PersonRef; stage: string; waiting: number };

/** The year's calendar phase (docs/home.md): what the office should be doing now, and until when. */
export type SchedulePhase = { name: string; from: string; to: string };

/** `home:view`: the landing page of the viewer's role. Sections a role does not get are null. */
export type HomeView = {
  fy: number;
  today: string;
  role: Role;
  phase: SchedulePhase | null;
  /** The viewer's own staff record, when the account has one. */
  person: PersonRef | null;
  /** What is theirs to do (their own forms; for HR and personnel, their work of the year). */
  tasks: HomeTask[];
  /** Evaluators: the forms waiting for them, counted by kind, the first ones listed. */
  turn: { counts: { appraisal: number; mbo: number; cross: number }; items: TurnItem[]; total: number } | null;
  /** HR: the year's progress at a glance. */
  progress: {
    selfReports: { submitted: number; total: number };
    mbo: { approved: number; total: number };
    appraisals: StatusCount[];
    rankings: { population: string; confirmed: boolean }[];
  } | null;
  /** HR: who holds the most waiting forms. */
  stuck: StuckRow[] | null;
  /** The plan's targets this viewer may read (HR and personnel: every KPI; others: the headline ones). */
  kpis: Kpi[];
  /** Personnel: the figures behind the placement screen. */
  placement: {
    staff: number;
    sections: number;
    transferWishes: number;
    postingApplications: number;
    confirmedClasses: number;
  } | null;
};

const MeasureInput = z
  .object({
    id: Id.nullable(),
    plan: z.string().trim().min(1, 'プラン名を入力してください').max(100, 'プラン名は100文字以内で入力してください'),
    headingNo: z
      .number({ error: '柱の番号は数値で入力してください' })
      .int()
      .min(1, '柱の番号は1以上にしてください')
      .max(99, '柱の番号は99以下にしてください'),
    heading: z
      .string()
      .trim()
      .min(1, '柱（見出し）を入力してください')
      .max(100, '柱（見出し）は100文字以内で入力してください'),
    code: z.string().trim().min(1, '番号を入力してください').max(20, '番号は20文字以内で入力してください'),
    title: z.string().trim().min(1, '取組み名を入力してください').max(100, '取組み名は100文字以内で入力してください'),
    description: text('内容', 1000),
    targetText: text('目標', 100),
    targetFy: FiscalYear.nullable(),
    unit: z.enum(MEASURE_UNITS, { error: '実施単位を「全課」「全担当」「区役所全体」から選んでください' }),
    required: z
      .number({ error: '年間の必要回数は数値で入力してください' })
      .int('年間の必要回数は整数で入力してください')
      .min(1, '年間の必要回数は1以上にしてください')
      .max(400, '年間の必要回数は400以下にしてください'),
    kpiId: trimmed(60).nullable(),
    fromFy: FiscalYear.nullable(),
    toFy: FiscalYear.nullable(),
    active: z.boolean(),
  })
  .strict();

export const maxRecordPeople = 2000;

/**
 * A change's answer is the measures view (`plan:measures`); `only: 'measures'` answers it without
 * the year's records, as `plan:measures` with `only: 'measures'` does (the screen pages them).
 */
const OnlyMeasures = z.literal('measures').optional();

export const planChannels = defineChannels({
  'kpi:list': { input: z.object({ fy: FiscalYear }).strict(), access: 'session', output: out<KpiReport>() },
  /** `summary`: the figures the screen draws, without each measure's standing (`measures` answered empty). */
  'plan:dashboard': {
    input: z.object({ fy: FiscalYear, summary: z.boolean().optional() }).strict(),
    access: ['hr', 'personnel'],
    output: out<PlanDashboard>(),
  },
  /*
   * Without the optional fields, the whole view as it always was: every measure and every record of
   * the year. A city's year has thousands of records (docs/measures.md "At city scale"): `only`
   * answers the measures without records ('measures') or a page of records without the measures'
   * standing ('records'); `measureId` keeps the records of one measure; `page` cuts them to a page.
   */
  'plan:measures': {
    input: z
      .object({
        fy: FiscalYear,
        only: z.enum(['measures', 'records']).optional(),
        measureId: Id.optional(),
        page: pageInput(recordSortFields).optional(),
      })
      .strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<MeasuresView>(),
  },
  'plan:saveMeasure': {
    input: z.object({ fy: FiscalYear, measure: MeasureInput, only: OnlyMeasures }).strict(),
    access: ['hr'],
    output: out<MeasuresView>(),
  },
  /** Deletes a measure that has no records; one with records is refused (HR sets it to 使用しない, active: false). */
  'plan:deleteMeasure': {
    input: z.object({ fy: FiscalYear, id: Id, only: OnlyMeasures }).strict(),
    access: ['hr'],
    output: out<MeasuresView>(),
  },
  'plan:saveRecord': {
    input: z
      .object({
        fy: FiscalYear,
        id: Id.nullable(),
        measureId: Id,
        heldOn: IsoDate,
        section: trimmed(60).nullable(),
        line: trimmed(60).nullable(),
        participants: z
          .number({ error: '参加者数は数値で入力してください' })
          .int('参加者数は整数で入力してください')
          .min(0, '参加者数は0以上にしてください')
          .max(100000, '参加者数は100000以下にしてください'),
        people: z.array(StaffNo).max(maxRecordPeople, `参加者は${maxRecordPeople}人までです`),
        note: text('内容・メモ', 500),
        confirmClosedYear: ConfirmClosedYear,
        only: OnlyMeasures,
      })
      .strict(),
    access: ['hr', 'evaluator'],
    output: out<MeasuresView>(),
  },
  'plan:deleteRecord': {
    input: z.object({ fy: FiscalYear, id: Id, confirmClosedYear: ConfirmClosedYear, only: OnlyMeasures }).strict(),
    access: ['hr', 'evaluator'],
    output: out<MeasuresView>(),
  },
  'home:view': {
    input: z.object({ fy: FiscalYear }).strict(),
    access: 'session',
    output: out<HomeView>(),
  },
  /** The KPI report for the yearly 取組み報告会: a workbook or a PDF (docs/kpi-report.md). */
  'plan:report': {
    input: z
      .object({
        fy: FiscalYear,
        format: z.enum(['xlsx', 'pdf'], { error: '形式は xlsx か pdf です' }),
        delivery: Delivery,
      })
      .strict(),
    access: ['hr', 'personnel'],
    output: out<FileDownload>(),
  },
});
