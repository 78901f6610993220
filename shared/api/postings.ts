import { z } from 'zod';
import { ConfirmClosedYear } from '../closed-year';
import { APPLICATION_STATUSES, POSTING_KINDS, POSTING_STATUSES } from '../postings';
import type { ApplicationStatus, PostingKind, PostingStatus } from '../postings';
import type { Position } from '../org';
import { Delivery, FiscalYear, Id, IsoDate, StaffNoSchema as StaffNo, text, trimmed } from './common';
import type { FileDownload } from './common';
import { defineChannels, out } from './define';

/*
 * 庁内公募 (internal postings, docs/postings.md): postings, applications and the selection's outcome.
 * Applications are confidential: only the applicant, HR and the personnel office read them, and every
 * read of someone else's application is audited. Their texts are stored sealed and returned opened
 * with the caller's keys, or withheld (docs/postings.md "Sealed"). Channel definitions: docs/channels.md.
 */

/** The caller's own application to a posting, as the posting list shows it to them. */
export type MyApplication = {
  id: number;
  status: ApplicationStatus;
  motivation: string;
  appliedAt: string;
  /** May still withdraw (辞退): the posting is open and the application not decided. */
  canWithdraw: boolean;
  /**
   * Set when this login's keys do not open the sealed text (docs/postings.md "Sealed"): the
   * motivation is then empty and this message says why.
   */
  withheld?: string;
};

export type PostingRow = {
  id: number;
  fy: number;
  kind: PostingKind;
  title: string;
  section: string | null;
  team: string;
  description: string;
  conditions: string;
  capacity: number;
  deadline: string;
  status: PostingStatus;
  /** Takes applications now (募集中 and the deadline not passed). */
  open: boolean;
  /** HR and the personnel office only; null for everyone else. */
  applicantCount: number | null;
  /** The caller's application to this posting, if any. */
  mine: MyApplication | null;
};

/** An application as HR and the personnel office see it. */
export type ApplicationRow = {
  id: number;
  postingId: number;
  postingTitle: string;
  postingKind: PostingKind;
  fy: number;
  staffNo: string;
  name: string;
  section: string | null;
  position: Position;
  motivation: string;
  status: ApplicationStatus;
  outcomeNote: string;
  /** 'paper': recorded by HR from a paper application. */
  source: 'app' | 'paper';
  appliedAt: string;
  updatedAt: string;
  /**
   * Set when the role may read the application but this login's keys do not open its sealed texts
   * (docs/postings.md "Sealed"): motivation and outcomeNote are then empty and this says why.
   */
  withheld?: string;
};

export type PostingsView = { fy: number; postings: PostingRow[] };

const Motivation = z.string().trim().max(2000, '志望動機は2000文字以内で入力してください');

export const postingsChannels = defineChannels({
  'postings:list': { input: z.object({ fy: FiscalYear }).strict(), access: 'session', output: out<PostingsView>() },
  'postings:save': {
    input: z
      .object({
        fy: FiscalYear,
        id: Id.nullable(),
        kind: z.enum(POSTING_KINDS, { error: '種別を一覧から選んでください' }),
        title: z.string().trim().min(1, '件名を入力してください').max(100, '件名は100文字以内で入力してください'),
        section: trimmed(60).nullable(),
        team: text('チーム・グループ名', 100),
        description: text('内容', 4000),
        conditions: text('応募資格', 1000),
        capacity: z
          .number({ error: '募集人数は数値で入力してください' })
          .int('募集人数は整数で入力してください')
          .min(1, '募集人数は1人以上にしてください')
          .max(1000, '募集人数は1000人以下にしてください'),
        deadline: IsoDate,
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<PostingsView>(),
  },
  'postings:setStatus': {
    input: z
      .object({
        fy: FiscalYear,
        id: Id,
        status: z.enum(POSTING_STATUSES, { error: '状態を一覧から選んでください' }),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<PostingsView>(),
  },
  /** A posting's applicants (audited read). */
  'postings:applicants': {
    input: z.object({ fy: FiscalYear, postingId: Id }).strict(),
    access: ['hr', 'personnel'],
    output: out<ApplicationRow[]>(),
  },
  /** A person's applications over every year (audited read; the placement summary lists them). */
  'postings:ofStaff': {
    input: z.object({ staffNo: StaffNo }).strict(),
    access: ['hr', 'personnel'],
    output: out<ApplicationRow[]>(),
  },
  /** The caller applies with their motivation (志望動機). */
  'postings:apply': {
    input: z
      .object({ fy: FiscalYear, postingId: Id, motivation: Motivation.min(1, '志望動機を入力してください') })
      .strict(),
    access: 'session',
    output: out<PostingsView>(),
  },
  /** The caller withdraws their own application (辞退) while the posting is open. */
  'postings:withdraw': {
    input: z.object({ fy: FiscalYear, applicationId: Id }).strict(),
    access: 'session',
    output: out<PostingsView>(),
  },
  /** HR records a paper application. */
  'postings:record': {
    input: z
      .object({
        fy: FiscalYear,
        postingId: Id,
        staffNo: StaffNo,
        motivation: Motivation,
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<ApplicationRow[]>(),
  },
  /** HR moves an application on (選考中, 採用, 不採用, 辞退) and notes the outcome. */
  'postings:decide': {
    input: z
      .object({
        fy: FiscalYear,
        applicationId: Id,
        status: z.enum(APPLICATION_STATUSES, { error: '状態を一覧から選んでください' }),
        outcomeNote: text('選考結果のメモ', 1000),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<ApplicationRow[]>(),
  },
  /** A posting's applicants as a workbook for the selection panel (取扱注意). */
  'postings:export': {
    input: z.object({ fy: FiscalYear, postingId: Id, delivery: Delivery }).strict(),
    access: ['hr'],
    output: out<FileDownload>(),
  },
});
