import { z } from 'zod';
import { gradeGroups } from '../org';
import type { AreaRole, Employment, GradeGroup, Position } from '../org';
import { Empty, FiscalYear, maxPageSize, pageInput, StaffNoSchema, trimmed } from './common';
import type { PersonRef } from './common';
import { defineChannels, out } from './define';

/*
 * The staff, the organisation (sections, area teams) and the fiscal years (cycles). Channel
 * definitions: docs/channels.md; who sees whom: docs/access.md, docs/organisation.md.
 */

export type StaffOption = { staffNo: string; name: string; kana: string; section: string | null };

/** `closed`: the year has ended and is read-only to all but HR (shared/closed-year.ts, docs/closed-years.md). */
export type CycleRow = { fy: number; phase: string; current: boolean; closed: boolean };

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

/**
 * The 職員 list's sortable fields (docs/lists.md, docs/organisation.md). `section` groups people by
 * 課 in the office's order, `line` is the full organisation order (課, then 担当) and the list's
 * order when no sort is asked for; 職位, 職層 and 雇用区分 sort in the order HR lists them, 在職
 * before 退職.
 */
export const staffSortFields = [
  'staffNo',
  'name',
  'kana',
  'section',
  'line',
  'position',
  'gradeGroup',
  'jobType',
  'employment',
  'hiredOn',
  'postedOn',
  'active',
] as const;
export type StaffSortField = (typeof staffSortFields)[number];

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

/** A member of an area team as the overview and `areas:team` name them. */
export type AreaTeamMember = { person: PersonRef; role: AreaRole; partner: PersonRef | null };

/**
 * A team's figures, counted on the server (docs/organisation.md): members, leaders, pairs as the
 * screen draws them (a partner named twice counts once) and members with no partner, the leader
 * shown apart not counted.
 */
export type AreaTeamCounts = { members: number; leaders: number; pairs: number; unpaired: number };

export type AreaTeam = {
  name: string;
  note: string;
  leader: PersonRef | null;
  /** Empty when the overview was asked with `members: false` (then `counts` tells the figures). */
  members: AreaTeamMember[];
  /** Only with `members: false`: the team's figures; its members come from `areas:team`. */
  counts?: AreaTeamCounts;
};

/** `areas:team`: one team's members in the overview's order (leaders first, then by 職員番号). */
export type AreaTeamMembers = {
  fy: number;
  name: string;
  note: string;
  leader: PersonRef | null;
  /** The members, or with `page` the page of them. */
  members: AreaTeamMember[];
  /** How many members the team has. */
  total: number;
};

/** `areas:people`: a page of the unassigned or of those whose sheet lacks a 地域担当目標. */
export type AreaPeoplePage = { rows: PersonRef[]; total: number };

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
  mboCoverage: {
    written: number;
    withoutAreaGoal: PersonRef[] | null;
    withoutAreaGoalCount: number;
    /** Only with `namesLimit`: how many names the caller may see in all (the list holds the first few). */
    withoutAreaGoalNamed?: number;
  };
  /** Whose names the lists hold: everyone's, the caller's own areas' members, or no one's. */
  namesOf: 'all' | 'ledAreas' | 'none';
};

// staff:* are scoped in the service: HR and personnel see everyone, an evaluator the staff
// assigned to them. Sections and area teams are the office's public organisation chart.
export const staffChannels = defineChannels({
  /** Staff to pick from when linking an account (設定 → アカウント). */
  'staff:options': {
    input: z.object({ query: trimmed(40) }).strict(),
    access: ['hr'],
    output: out<StaffOption[]>(),
  },
  'cycles:list': { input: Empty, access: 'session', output: out<CycleRow[]>() },
  'org:sections': { input: Empty, access: 'session', output: out<SectionRow[]>() },
  'staff:list': {
    input: z
      .object({
        query: trimmed(60).optional(),
        section: trimmed(60).nullable().optional(),
        gradeGroup: z.enum(gradeGroups).nullable().optional(),
        active: z.enum(['active', 'retired', 'all']).optional(),
        fy: FiscalYear.optional(),
        /** At most this many rows are returned (total still counts all); a city list is filtered first. */
        limit: z.number().int().min(1).max(50_000).optional(),
        /** One page, filtered, counted and sorted on the server (docs/lists.md); `limit` is then not used. */
        page: pageInput(staffSortFields).optional(),
      })
      .strict(),
    access: 'session',
    /** `total`: how many match the filters in all (with or without `page`). */
    output: out<{ rows: StaffRow[]; total: number }>(),
  },
  'staff:detail': {
    input: z.object({ staffNo: StaffNoSchema, fy: FiscalYear }).strict(),
    access: 'session',
    output: out<StaffDetail>(),
  },
  'areas:overview': {
    input: z
      .object({
        fy: FiscalYear,
        /** false: each team's `members` is [] and `counts` gives its figures (the screen; areas:team names them). */
        members: z.boolean().optional(),
        /** The name lists (unassigned, without a 地域担当目標) hold at most this many, by 職員番号; counts stay whole. */
        namesLimit: z.number().int().min(0).max(maxPageSize).optional(),
      })
      .strict(),
    access: 'session',
    output: out<AreasOverview>(),
  },
  /** One area team's members (public like the overview's teams, docs/access.md); `page` for a part of them. */
  'areas:team': {
    input: z
      .object({
        fy: FiscalYear,
        area: trimmed(100).min(1, '地域を指定してください'),
        page: pageInput(['staffNo', 'name', 'section']).optional(),
      })
      .strict(),
    access: 'session',
    output: out<AreaTeamMembers>(),
  },
  /**
   * A page of the overview's name lists, by 職員番号: `unassigned` for HR only, `withoutAreaGoal` for HR
   * (everyone) and an area's leader (their own areas' members); anyone else is refused (docs/access.md).
   */
  'areas:people': {
    input: z
      .object({ fy: FiscalYear, list: z.enum(['unassigned', 'withoutAreaGoal']), page: pageInput(['staffNo']) })
      .strict(),
    access: 'session',
    output: out<AreaPeoplePage>(),
  },
});
