import type { ApplicationStatus, PostingKind, PostingStatus } from '../../../shared/postings';
import type { Position } from '../../../shared/org';
import type { Db } from '../db/connection';

/*
 * The tables of 庁内公募 (docs/postings.md): postings and posting_applications. This file is the only
 * place that reads posting_applications; the services decide who may see what it returns. The
 * motivation and the outcome note are the stored strings, sealed once the office has keys: the
 * service opens and seals them (docs/postings.md "Sealed").
 */

export type PostingRecord = {
  id: number;
  fy: number;
  kind: PostingKind;
  title: string;
  sectionId: number | null;
  section: string | null;
  team: string;
  description: string;
  conditions: string;
  capacity: number;
  deadline: string;
  status: PostingStatus;
};

export type ApplicationRecord = {
  id: number;
  postingId: number;
  postingTitle: string;
  postingKind: PostingKind;
  fy: number;
  staffId: number;
  staffNo: string;
  name: string;
  section: string | null;
  position: Position;
  motivation: string;
  status: ApplicationStatus;
  outcomeNote: string;
  source: 'app' | 'paper';
  appliedAt: string;
  updatedAt: string;
};

const postingSelect = `
  SELECT p.id, p.fy, p.kind, p.title, p.section_id AS sectionId, sec.name AS section, p.team, p.description,
         p.conditions, p.capacity, p.deadline, p.status
  FROM postings p LEFT JOIN sections sec ON sec.id = p.section_id`;

const applicationSelect = `
  SELECT a.id, a.posting_id AS postingId, p.title AS postingTitle, p.kind AS postingKind, p.fy,
         a.staff_id AS staffId, s.staff_no AS staffNo, s.name, sec.name AS section, s.position,
         a.motivation, a.status, a.outcome_note AS outcomeNote, a.source, a.applied_at AS appliedAt,
         a.updated_at AS updatedAt
  FROM posting_applications a
  JOIN postings p ON p.id = a.posting_id
  JOIN staff s ON s.id = a.staff_id
  LEFT JOIN sections sec ON sec.id = s.section_id`;

/** The year's postings, by deadline. */
export function postingsOfYear(db: Db, fy: number): PostingRecord[] {
  return db.prepare(`${postingSelect} WHERE p.fy = ? ORDER BY p.deadline, p.id`).all(fy) as PostingRecord[];
}

export function postingById(db: Db, id: number): PostingRecord | undefined {
  return db.prepare(`${postingSelect} WHERE p.id = ?`).get(id) as PostingRecord | undefined;
}

export function sectionIdByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM sections WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

export type PostingWrite = Omit<PostingRecord, 'id' | 'section'>;

export function insertPosting(db: Db, p: PostingWrite, now: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO postings (fy, kind, title, section_id, team, description, conditions, capacity, deadline, status,
           created_at, updated_at)
         VALUES (@fy, @kind, @title, @sectionId, @team, @description, @conditions, @capacity, @deadline, @status,
           @now, @now)`,
      )
      .run({ ...p, now }).lastInsertRowid,
  );
}

/** Updates a posting's fields; its status moves only through setPostingStatus. */
export function updatePosting(db: Db, id: number, p: Omit<PostingWrite, 'fy' | 'status'>, now: string): void {
  db.prepare(
    `UPDATE postings SET kind = @kind, title = @title, section_id = @sectionId, team = @team,
       description = @description, conditions = @conditions, capacity = @capacity, deadline = @deadline,
       updated_at = @now
     WHERE id = @id`,
  ).run({ ...p, id, now });
}

export function setPostingStatus(db: Db, id: number, status: PostingStatus, now: string): void {
  db.prepare('UPDATE postings SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
}

/** How many applications each posting of a year has (辞退 included), by posting id. */
export function applicationCounts(db: Db, fy: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT a.posting_id AS id, count(*) AS n FROM posting_applications a JOIN postings p ON p.id = a.posting_id
       WHERE p.fy = ? GROUP BY a.posting_id`,
    )
    .all(fy) as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** How many applications the postings of a year hold, withdrawn (辞退) ones left out: a count naming nobody. */
export function activeApplicationCount(db: Db, fy: number): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM posting_applications a JOIN postings p ON p.id = a.posting_id
          WHERE p.fy = ? AND a.status <> '辞退'`,
      )
      .get(fy) as { n: number }
  ).n;
}

/** One person's applications to the postings of a year (the caller's own, for postings:list). */
export function applicationsOfStaffInYear(db: Db, staffId: number, fy: number): ApplicationRecord[] {
  return db
    .prepare(`${applicationSelect} WHERE a.staff_id = ? AND p.fy = ? ORDER BY a.id`)
    .all(staffId, fy) as ApplicationRecord[];
}

/** One person's applications over every year, newest posting first. */
export function applicationsOfStaff(db: Db, staffId: number): ApplicationRecord[] {
  return db
    .prepare(`${applicationSelect} WHERE a.staff_id = ? ORDER BY p.fy DESC, p.deadline DESC, a.id`)
    .all(staffId) as ApplicationRecord[];
}

/** A posting's applications in the order they came in. */
export function applicationsOfPosting(db: Db, postingId: number): ApplicationRecord[] {
  return db
    .prepare(`${applicationSelect} WHERE a.posting_id = ? ORDER BY a.applied_at, a.id`)
    .all(postingId) as ApplicationRecord[];
}

export function applicationById(db: Db, id: number): ApplicationRecord | undefined {
  return db.prepare(`${applicationSelect} WHERE a.id = ?`).get(id) as ApplicationRecord | undefined;
}

export function applicationOf(db: Db, postingId: number, staffId: number): ApplicationRecord | undefined {
  return db.prepare(`${applicationSelect} WHERE a.posting_id = ? AND a.staff_id = ?`).get(postingId, staffId) as
    ApplicationRecord | undefined;
}

export type ApplicationWrite = {
  postingId: number;
  staffId: number;
  motivation: string;
  status: ApplicationStatus;
  outcomeNote: string;
  source: 'app' | 'paper';
};

export function insertApplication(db: Db, a: ApplicationWrite, appliedAt: string, updatedAt = appliedAt): number {
  return Number(
    db
      .prepare(
        `INSERT INTO posting_applications (posting_id, staff_id, motivation, status, outcome_note, source, applied_at,
           updated_at)
         VALUES (@postingId, @staffId, @motivation, @status, @outcomeNote, @source, @appliedAt, @updatedAt)`,
      )
      .run({ ...a, appliedAt, updatedAt }).lastInsertRowid,
  );
}

/**
 * Applies again after 辞退: the same row, reopened as 応募 with the new motivation, an emptied outcome
 * note and the new date. Both texts come as they are to be stored (sealed: docs/postings.md "Sealed").
 */
export function reopenApplication(
  db: Db,
  id: number,
  a: { motivation: string; outcomeNote: string; source: 'app' | 'paper' },
  now: string,
): void {
  db.prepare(
    `UPDATE posting_applications SET motivation = ?, source = ?, status = '応募', outcome_note = ?, applied_at = ?,
       updated_at = ?
     WHERE id = ?`,
  ).run(a.motivation, a.source, a.outcomeNote, now, now, id);
}

export function setApplicationStatus(
  db: Db,
  id: number,
  status: ApplicationStatus,
  outcomeNote: string,
  now: string,
): void {
  db.prepare('UPDATE posting_applications SET status = ?, outcome_note = ?, updated_at = ? WHERE id = ?').run(
    status,
    outcomeNote,
    now,
    id,
  );
}
