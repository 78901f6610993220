import { z } from 'zod';
import { ConfirmClosedYear } from '../closed-year';
import { isValidIsoDate } from '../dates';
import type { Relation } from '../relation';
import {
  aptitudeChoices,
  maxPreferences,
  postingInterestChoices,
  selfReportLabels,
  selfReportLimits,
  selfReportStatuses,
  transferWishChoices,
  workloadChoices,
} from '../self-report';
import type {
  Aptitude,
  MeaningfulKpi,
  PostingInterest,
  SelfReportField,
  SelfReportStatus,
  TransferWish,
  Workload,
} from '../self-report';
import { FiscalYear, pageInput, StaffNoSchema, trimmed, Version } from './common';
import type { PersonRef } from './common';
import { defineChannels, out } from './define';

/*
 * The self-report (自己申告書): channel definitions (docs/channels.md) and the views the core returns.
 * Who reads and writes which section: docs/confidentiality.md.
 */

// Every message names the field in Japanese; dispatch adds the field key.
const srText = (field: SelfReportField, max: number) =>
  z.string().max(max, `${selfReportLabels[field]}は${max}文字以内で入力してください`);
const srChoice = <T extends readonly [string, ...string[]]>(field: SelfReportField, choices: T) =>
  z.enum(choices, { error: `${selfReportLabels[field]}は「${choices.join('」「')}」から選んでください` });
// The answers are words; the number each one is sent as is named for scripts calling the channel.
const meaningfulMessage =
  '「意義のある仕事だと感じるか」は「とてもそう思う」（5）〜「まったくそう思わない」（1）から選んでください';

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
export type SelfReportRelation = Relation;

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
  /**
   * The 「所属長」 of the form: the person's 調整者 on the evaluator assignment in force that year,
   * null when none is set yet (docs/self-report.md). Always sent by selfReport:get and the writes.
   */
  adjuster?: PersonRef | null;
} & (
  | { confidential: SelfReportConfidential; confidentialHidden: false }
  | {
      confidential: null;
      confidentialHidden: true;
      /**
       * Set when the caller may read the sections but their keys do not open them (docs/sealed-data.md):
       * why, in words for the screen. Absent when the sections are simply not theirs to read.
       */
      withheld?: string;
    }
);

export type SelfReportCounts = { total: number } & Record<SelfReportStatus, number>;

export type SelfReportProgressRow = {
  person: SelfReportPerson;
  status: SelfReportStatus;
  submittedAt: string | null;
  interviewedAt: string | null;
  updatedAt: string | null;
  /**
   * The person's 「所属長」: their 調整者 on the evaluator assignment in force that year, as
   * SelfReportView's `adjuster`; null when none is set (docs/self-report.md). Sent by selfReport:list
   * (each row of the page), not by selfReport:progress.
   */
  adjuster?: PersonRef | null;
};

/**
 * The fields the 提出状況 list pages sort by (docs/lists.md). `org` is organisation order (所属, 担当,
 * 職員番号), the order of the list without `page`; `name` sorts by the reading (ふりがな).
 */
export const SELF_REPORT_PROGRESS_SORTS = [
  'org',
  'staffNo',
  'name',
  'section',
  'line',
  'status',
  'submittedAt',
  'interviewedAt',
  'updatedAt',
] as const;
export type SelfReportProgressSort = (typeof SELF_REPORT_PROGRESS_SORTS)[number];

/**
 * HR's progress board: counts per section, everyone's status, and the plan's 意義 KPI. The figures
 * cover the board as `section` selects it; `status` and `query` narrow only `people`. Asked for a
 * `page` (docs/lists.md), `people` is that page of the narrowed list and `total` its length; without
 * one, everyone and no `total`.
 */
export type SelfReportProgress = {
  fy: number;
  section: string | null;
  totals: SelfReportCounts;
  sections: { section: string; counts: SelfReportCounts; meaningful: MeaningfulKpi }[];
  people: SelfReportProgressRow[];
  meaningful: MeaningfulKpi;
  /** With `page`: how many people the narrowed list has (all pages). */
  total?: number;
};

/**
 * 「担当職員の自己申告」's list (selfReport:list): the people whose report the caller may open — HR and
 * personnel every active staff member, an evaluator the people they evaluate (the scope of
 * staff:list), never the caller, whose own report is under 「自分の自己申告書」 (docs/self-report.md)
 * — with each report's status. `totals` and `sections` count the list as
 * `section` selects it; `status` and `query` narrow only `rows`. Asked for a `page` (docs/lists.md),
 * `rows` is that page; without one, every row in organisation order. `total` is the narrowed list's
 * length either way. No section of any report's content is included.
 */
export type SelfReportList = {
  fy: number;
  section: string | null;
  totals: SelfReportCounts;
  sections: { section: string; counts: SelfReportCounts }[];
  rows: SelfReportProgressRow[];
  total: number;
};

// Self-reports are scoped in the service: the person, their 1次/2次/調整者 in the year, HR and
// personnel may read; only the person writes their sections, only the 調整者 the interview.
export const selfReportChannels = defineChannels({
  'selfReport:get': {
    input: z.object({ fy: FiscalYear, staffNo: StaffNoSchema.optional() }).strict(),
    access: 'session',
    output: out<SelfReportView>(),
  },
  'selfReport:save': {
    input: SelfReportFieldsSchema.partial()
      .extend({
        fy: FiscalYear,
        staffNo: StaffNoSchema.optional(),
        version: Version,
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<SelfReportView>(),
  },
  'selfReport:submit': {
    input: z.object({ fy: FiscalYear, version: Version, confirmClosedYear: ConfirmClosedYear }).strict(),
    access: 'session',
    output: out<SelfReportView>(),
  },
  'selfReport:interview': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNoSchema,
        version: Version,
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
    access: 'session',
    output: out<SelfReportView>(),
  },
  'selfReport:reopen': {
    input: z
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
    access: ['hr'],
    output: out<SelfReportView>(),
  },
  'selfReport:progress': {
    input: z
      .object({
        fy: FiscalYear,
        section: trimmed(60).nullable().optional(),
        /** Only people whose report is in this state. */
        status: z
          .enum(selfReportStatuses, { error: `状況は「${selfReportStatuses.join('」「')}」から選んでください` })
          .optional(),
        /** 職員番号, 氏名 or ふりがな (spaces ignored), or 所属 containing this. */
        query: trimmed(60).optional(),
        /** One page of the board's people (docs/lists.md); without it, everyone as before. */
        page: pageInput(SELF_REPORT_PROGRESS_SORTS).optional(),
      })
      .strict(),
    access: ['hr'],
    output: out<SelfReportProgress>(),
  },
  'selfReport:list': {
    input: z
      .object({
        fy: FiscalYear,
        section: trimmed(60).nullable().optional(),
        /** Only people whose report is in this state. */
        status: z
          .enum(selfReportStatuses, { error: `状況は「${selfReportStatuses.join('」「')}」から選んでください` })
          .optional(),
        /** 職員番号, 氏名 or ふりがな (spaces ignored), or 所属 containing this. */
        query: trimmed(60).optional(),
        /** One page of the list (docs/lists.md); without it, every row. */
        page: pageInput(SELF_REPORT_PROGRESS_SORTS).optional(),
      })
      .strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<SelfReportList>(),
  },
});
