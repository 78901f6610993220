import { z } from 'zod';
import type { Employment, GradeGroup, Position } from '../org';
import { gradeGroups } from '../org';
import type { PostingKind, ApplicationStatus } from '../postings';
import type { RankClass } from '../ranking';
import { Delivery, FiscalYear, pageInput, StaffNoSchema as StaffNo, trimmed } from './common';
import type { FileDownload, PageRequest } from './common';
import { defineChannels, out } from './define';

/*
 * 人事配置資料 (docs/placement.md): the personnel office's placement list, each person's one-page
 * summary (A4), the section list (A3), as PDF and Excel. Read by HR and the personnel office only;
 * every summary viewed, printed or saved is audited. Channel definitions: docs/channels.md.
 */

/** One fiscal year's appraisal result: from Kaname's own appraisals, or imported (人事考課結果). */
export type YearResult = {
  fy: number;
  /** 第1区分 … 第5区分 as 1–5; null when the year has no confirmed class. */
  rankClass: RankClass | null;
  /** 絶対評価点; null when none. */
  score: number | null;
  source: 'kaname' | 'imported' | null;
};

/** A row of the placement list (人事配置). */
export type PlacementRow = {
  staffNo: string;
  name: string;
  kana: string;
  section: string | null;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  /** Whole years since 採用日 / 現所属配属日 at the end of the chosen fiscal year's first day (null: date unknown). */
  yearsOfService: number | null;
  yearsInPost: number | null;
  /** The year's self-report says 異動希望. */
  wishesTransfer: boolean;
  /** Applied to a posting (庁内公募 …) in the year. */
  applied: boolean;
  qualifications: string;
  /** The three fiscal years ending with the chosen one, oldest first (always three entries). */
  results: YearResult[];
};

/** A labelled piece of text on the summary (a wish, a comment), in the order printed. */
export type LabelledText = { label: string; text: string };

/** Everything one placement summary prints (one A4 page). Never a confidential self-report section. */
export type PlacementSummary = {
  fy: number;
  person: {
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
    yearsOfService: number | null;
    postedOn: string | null;
    yearsInPost: number | null;
    qualifications: string;
  };
  /** 異動履歴, newest first. */
  transfers: { onDate: string; from: string | null; to: string | null }[];
  /** From the year's self-report: 異動の希望 and its reasons, career wishes, what they want to take on. */
  wishes: LabelledText[];
  /** The three fiscal years ending with the chosen one, oldest first. */
  results: YearResult[];
  /** Decided awards (決定) of those three years. */
  awards: { fy: number; title: string; category: string; awardedOn: string }[];
  /** Training of those three years, newest first. */
  training: { fy: number; title: string; category: string; attendedOn: string; hours: number }[];
  /** 庁内公募 applications of every year, newest first. */
  applications: { fy: number; kind: PostingKind; title: string; status: ApplicationStatus; appliedAt: string }[];
  /** 所属長所見: the 調整者's comments from the interview and the appraisal. */
  comments: LabelledText[];
};

export const placementFilters = z
  .object({
    fy: FiscalYear,
    section: trimmed(60).nullable().optional(),
    gradeGroup: z.enum(gradeGroups).nullable().optional(),
    /** Years in the current post at least this many. */
    minYearsInPost: z.number().int().min(0).max(60).nullable().optional(),
    wishesTransfer: z.boolean().optional(),
    applied: z.boolean().optional(),
    /** Placed in this class (1–5) in any of the three years. */
    rankClass: z.number().int().min(1).max(5).nullable().optional(),
  })
  .strict();

/**
 * What the placement list sorts by on the server (docs/lists.md, docs/placement.md): 'section' is
 * the list's own order (所属, then 職層, then 職員番号) and the default; 'name' sorts by the reading.
 */
export const placementSortFields = [
  'section',
  'staffNo',
  'name',
  'position',
  'gradeGroup',
  'yearsOfService',
  'yearsInPost',
  'wishesTransfer',
  'applied',
] as const;
export type PlacementSortField = (typeof placementSortFields)[number];
export type PlacementPageRequest = PageRequest<PlacementSortField>;

/** The list's conditions without the year: a summaries print chosen by condition ('placement:pdf'). */
export const placementConditions = placementFilters.omit({ fy: true });

/** At most this many summaries in one PDF. */
export const maxSummariesPerPdf = 5000;

export type PlacementPdf = FileDownload & { pages: number; people: number };

export const placementChannels = defineChannels({
  /** Without `page` the whole filtered list, as always; with it one page and the total (docs/lists.md). */
  'placement:list': {
    input: placementFilters.extend({ page: pageInput(placementSortFields).optional() }),
    access: ['hr', 'personnel'],
    output: out<{ rows: PlacementRow[]; total: number }>(),
  },
  /** One person's summary as data (the screen); audited as viewed. */
  'placement:summary': {
    input: z.object({ fy: FiscalYear, staffNo: StaffNo }).strict(),
    access: ['hr', 'personnel'],
    output: out<PlacementSummary>(),
  },
  /**
   * The PDF the preview shows, the printer prints and 「PDFとして保存」 saves: the summaries of the
   * people named — by 職員番号, or by the list's conditions — (one A4 page each), or a section's
   * list (A3 landscape). Audited with whose pages.
   */
  'placement:pdf': {
    input: z.discriminatedUnion('what', [
      z
        .object({
          what: z.literal('summaries'),
          fy: FiscalYear,
          staffNos: z.array(StaffNo).min(1, '職員を1人以上選んでください').max(maxSummariesPerPdf).optional(),
          /** Instead of `staffNos`: everyone the list's conditions match (at most maxSummariesPerPdf). */
          filters: placementConditions.optional(),
          delivery: Delivery,
        })
        .strict()
        .refine((v) => (v.staffNos === undefined) !== (v.filters === undefined), {
          message: '職員を1人以上選んでください（職員番号か絞り込み条件のどちらか一方を指定します）',
          path: ['staffNos'],
        }),
      z
        .object({ what: z.literal('section-list'), fy: FiscalYear, section: trimmed(60).min(1), delivery: Delivery })
        .strict(),
    ]),
    access: ['hr', 'personnel'],
    output: out<PlacementPdf>(),
  },
  /** The section list as an Excel workbook (A3 landscape print setup), for offices that edit before printing. */
  'placement:sectionXlsx': {
    input: z.object({ fy: FiscalYear, section: trimmed(60).min(1), delivery: Delivery }).strict(),
    access: ['hr', 'personnel'],
    output: out<FileDownload>(),
  },
});
