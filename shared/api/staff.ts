import { z } from 'zod';
import { gradeGroups } from '../org';
import type { AreaRole, Employment, GradeGroup, Position } from '../org';
import { Empty, FiscalYear, StaffNoSchema, trimmed } from './common';
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
      })
      .strict(),
    access: 'session',
    output: out<{ rows: StaffRow[]; total: number }>(),
  },
  'staff:detail': {
    input: z.object({ staffNo: StaffNoSchema, fy: FiscalYear }).strict(),
    access: 'session',
    output: out<StaffDetail>(),
  },
  'areas:overview': {
    input: z.object({ fy: FiscalYear }).strict(),
    access: 'session',
    output: out<AreasOverview>(),
  },
});
