import { z } from 'zod';
import { ConfirmClosedYear } from '../closed-year';
import { FiscalYear, Id, IsoDate, StaffNoSchema, trimmed } from './common';
import type { PersonRef } from './common';
import { defineChannels, out } from './define';

/*
 * 地域カルテ: an area team's patrols (pairs walking the area) and study sessions (勉強会) in a year
 * (docs/organisation.md). Channel definitions: docs/channels.md.
 */

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

// The area's log is read by everyone (the office's shared 地域カルテ); written by its team and HR (checked in the service).
export const areaLogChannels = defineChannels({
  'areaLog:get': {
    input: z.object({ fy: FiscalYear, area: trimmed(60).min(1) }).strict(),
    access: 'session',
    output: out<AreaLog>(),
  },
  'areaLog:addPatrol': {
    input: z
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
    access: 'session',
    output: out<AreaLog>(),
  },
  'areaLog:addStudy': {
    input: z
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
    access: 'session',
    output: out<AreaLog>(),
  },
  'areaLog:remove': {
    input: z
      .object({
        fy: FiscalYear,
        area: trimmed(60).min(1),
        kind: z.enum(['patrol', 'study']),
        id: Id,
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<AreaLog>(),
  },
});
