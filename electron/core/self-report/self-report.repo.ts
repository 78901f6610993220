import type { SelfReportConfidential, SelfReportFields } from '../../../shared/contract';
import type { Position } from '../../../shared/org';
import type { SelfReportStatus } from '../../../shared/self-report';
import type { Db } from '../db/connection';

/** A self-report as stored: everything, including the confidential sections. Services decide who sees what. */
export type SelfReportRecord = {
  id: number;
  fy: number;
  staffId: number;
  status: SelfReportStatus;
  fields: SelfReportFields;
  confidential: SelfReportConfidential;
  interview: { interviewOn: string | null; record: string; opinion: string; interviewerId: number | null };
  submittedAt: string | null;
  interviewedAt: string | null;
  reopenReason: string | null;
  reopenedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** What a write sets: the record without its identity and bookkeeping. */
export type SelfReportState = Omit<SelfReportRecord, 'id' | 'fy' | 'staffId' | 'createdAt' | 'updatedAt' | 'version'>;

type Stored = {
  id: number;
  fy: number;
  staff_id: number;
  status: SelfReportStatus;
  duties: string;
  workload: SelfReportFields['workload'];
  aptitude: SelfReportFields['aptitude'];
  aptitude_note: string;
  fulfilment: string;
  meaningful: number | null;
  health_note: string;
  transfer_wish: SelfReportFields['transferWish'];
  preferences: string;
  transfer_reason: string;
  transfer_timing: string;
  career_future: string;
  career_skills: string;
  self_development: string;
  qualifications_wanted: string;
  posting_interest: SelfReportFields['postingInterest'];
  posting_note: string;
  family_note: string;
  comments: string;
  interview_on: string | null;
  interview_record: string;
  opinion: string;
  interviewer_id: number | null;
  submitted_at: string | null;
  interviewed_at: string | null;
  reopen_reason: string | null;
  reopened_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

function parsePreferences(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function toRecord(r: Stored): SelfReportRecord {
  return {
    id: r.id,
    fy: r.fy,
    staffId: r.staff_id,
    status: r.status,
    fields: {
      duties: r.duties,
      workload: r.workload,
      aptitude: r.aptitude,
      aptitudeNote: r.aptitude_note,
      fulfilment: r.fulfilment,
      meaningful: r.meaningful,
      transferWish: r.transfer_wish,
      preferences: parsePreferences(r.preferences),
      transferReason: r.transfer_reason,
      transferTiming: r.transfer_timing,
      careerFuture: r.career_future,
      careerSkills: r.career_skills,
      selfDevelopment: r.self_development,
      qualificationsWanted: r.qualifications_wanted,
      postingInterest: r.posting_interest,
      postingNote: r.posting_note,
      comments: r.comments,
    },
    confidential: { health: r.health_note, family: r.family_note },
    interview: {
      interviewOn: r.interview_on,
      record: r.interview_record,
      opinion: r.opinion,
      interviewerId: r.interviewer_id,
    },
    submittedAt: r.submitted_at,
    interviewedAt: r.interviewed_at,
    reopenReason: r.reopen_reason,
    reopenedAt: r.reopened_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function params(s: SelfReportState): Record<string, string | number | null> {
  const f = s.fields;
  return {
    status: s.status,
    duties: f.duties,
    workload: f.workload,
    aptitude: f.aptitude,
    aptitude_note: f.aptitudeNote,
    fulfilment: f.fulfilment,
    meaningful: f.meaningful,
    health_note: s.confidential.health,
    transfer_wish: f.transferWish,
    preferences: JSON.stringify(f.preferences),
    transfer_reason: f.transferReason,
    transfer_timing: f.transferTiming,
    career_future: f.careerFuture,
    career_skills: f.careerSkills,
    self_development: f.selfDevelopment,
    qualifications_wanted: f.qualificationsWanted,
    posting_interest: f.postingInterest,
    posting_note: f.postingNote,
    family_note: s.confidential.family,
    comments: f.comments,
    interview_on: s.interview.interviewOn,
    interview_record: s.interview.record,
    opinion: s.interview.opinion,
    interviewer_id: s.interview.interviewerId,
    submitted_at: s.submittedAt,
    interviewed_at: s.interviewedAt,
    reopen_reason: s.reopenReason,
    reopened_at: s.reopenedAt,
  };
}

const stateColumns = Object.keys(params(emptySelfReportState()));

/** The state of a report nobody has written yet. */
export function emptySelfReportState(): SelfReportState {
  return {
    status: '未提出',
    fields: {
      duties: '',
      workload: null,
      aptitude: null,
      aptitudeNote: '',
      fulfilment: '',
      meaningful: null,
      transferWish: null,
      preferences: [],
      transferReason: '',
      transferTiming: '',
      careerFuture: '',
      careerSkills: '',
      selfDevelopment: '',
      qualificationsWanted: '',
      postingInterest: null,
      postingNote: '',
      comments: '',
    },
    confidential: { health: '', family: '' },
    interview: { interviewOn: null, record: '', opinion: '', interviewerId: null },
    submittedAt: null,
    interviewedAt: null,
    reopenReason: null,
    reopenedAt: null,
  };
}

export function getSelfReport(db: Db, fy: number, staffId: number): SelfReportRecord | undefined {
  const r = db.prepare('SELECT * FROM self_reports WHERE fy = ? AND staff_id = ?').get(fy, staffId) as
    Stored | undefined;
  return r && toRecord(r);
}

/** Writes the first version of a report; fails on the UNIQUE (fy, staff_id) if someone was quicker. */
export function insertSelfReport(db: Db, fy: number, staffId: number, state: SelfReportState, now: string): void {
  db.prepare(
    `INSERT INTO self_reports (fy, staff_id, ${stateColumns.join(', ')}, created_at, updated_at, version)
     VALUES (@fy, @staff_id, ${stateColumns.map((c) => `@${c}`).join(', ')}, @now, @now, 1)`,
  ).run({ ...params(state), fy, staff_id: staffId, now });
}

/**
 * Writes a new state if the stored version is still `expectedVersion` (optimistic concurrency);
 * returns false when someone else wrote in between.
 */
export function updateSelfReport(
  db: Db,
  id: number,
  expectedVersion: number,
  state: SelfReportState,
  now: string,
): boolean {
  const info = db
    .prepare(
      `UPDATE self_reports SET ${stateColumns.map((c) => `${c} = @${c}`).join(', ')},
         updated_at = @now, version = version + 1
       WHERE id = @id AND version = @expected`,
    )
    .run({ ...params(state), id, expected: expectedVersion, now });
  return info.changes === 1;
}

export type SelfReportProgressRecord = {
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  position: Position;
  status: SelfReportStatus;
  meaningful: number | null;
  submittedAt: string | null;
  interviewedAt: string | null;
  updatedAt: string | null;
};

/**
 * The people on the progress board of a year, in organisation order: every active staff member,
 * and anyone else who has a report that year (left during the year after writing one).
 * Optionally one section only.
 */
export function progressRecords(db: Db, fy: number, section: string | null): SelfReportProgressRecord[] {
  return db
    .prepare(
      `SELECT s.staff_no AS staffNo, s.name, sec.name AS section, l.name AS line, s.position,
              coalesce(r.status, '未提出') AS status, r.meaningful, r.submitted_at AS submittedAt,
              r.interviewed_at AS interviewedAt, r.updated_at AS updatedAt
       FROM staff s
       LEFT JOIN self_reports r ON r.staff_id = s.id AND r.fy = @fy
       LEFT JOIN sections sec ON sec.id = s.section_id
       LEFT JOIN lines l ON l.id = s.line_id
       WHERE (s.active = 1 OR r.id IS NOT NULL) AND (@section IS NULL OR sec.name = @section)
       ORDER BY sec.sort, s.section_id, l.sort, s.staff_no`,
    )
    .all({ fy, section }) as SelfReportProgressRecord[];
}
