import type { AppraisalConfig } from '../../../../shared/appraisal';
import { DEFAULT_APPRAISAL_CONFIG } from '../../../../shared/appraisal';
import { storedAppraisalConfig } from '../../../../shared/appraisal-config';
import type { AppraisalStatus, AwardCategory, AwardStatus } from '../../../../shared/appraisal-contract';
import type { Level } from '../../../../shared/mbo';
import type { RankClass } from '../../../../shared/ranking';
import type { Db } from '../connection';

export type AppraisalState = {
  status: AppraisalStatus;
  selfComment: string;
  firstComment: string;
  secondComment: string;
  adjusterComment: string;
  /** In 1/100 points. */
  adjustment: number;
  adjustmentReason: string;
  rankClass: RankClass | null;
  rankDecided: boolean;
  sentBackReason: string | null;
  sentBackAt: string | null;
  sentBackBy: string | null;
  unlockReason: string | null;
};

export type AppraisalRecord = AppraisalState & {
  id: number;
  fy: number;
  staffId: number;
  version: number;
  updatedAt: string;
};

export type Ratings = Map<string, { self: number | null; first: number | null; second: number | null }>;

export function emptyAppraisalState(): AppraisalState {
  return {
    status: '未着手',
    selfComment: '',
    firstComment: '',
    secondComment: '',
    adjusterComment: '',
    adjustment: 0,
    adjustmentReason: '',
    rankClass: null,
    rankDecided: false,
    sentBackReason: null,
    sentBackAt: null,
    sentBackBy: null,
    unlockReason: null,
  };
}

type Stored = {
  id: number;
  fy: number;
  staff_id: number;
  status: AppraisalStatus;
  self_comment: string;
  first_comment: string;
  second_comment: string;
  adjuster_comment: string;
  adjustment: number;
  adjustment_reason: string;
  rank_class: RankClass | null;
  rank_decided: number;
  sent_back_reason: string | null;
  sent_back_at: string | null;
  sent_back_by: string | null;
  unlock_reason: string | null;
  updated_at: string;
  version: number;
};

function toRecord(r: Stored): AppraisalRecord {
  return {
    id: r.id,
    fy: r.fy,
    staffId: r.staff_id,
    status: r.status,
    selfComment: r.self_comment,
    firstComment: r.first_comment,
    secondComment: r.second_comment,
    adjusterComment: r.adjuster_comment,
    adjustment: r.adjustment,
    adjustmentReason: r.adjustment_reason,
    rankClass: r.rank_class,
    rankDecided: r.rank_decided === 1,
    sentBackReason: r.sent_back_reason,
    sentBackAt: r.sent_back_at,
    sentBackBy: r.sent_back_by,
    unlockReason: r.unlock_reason,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function params(s: AppraisalState): Record<string, unknown> {
  return {
    status: s.status,
    self_comment: s.selfComment,
    first_comment: s.firstComment,
    second_comment: s.secondComment,
    adjuster_comment: s.adjusterComment,
    adjustment: s.adjustment,
    adjustment_reason: s.adjustmentReason,
    rank_class: s.rankClass,
    rank_decided: s.rankDecided ? 1 : 0,
    sent_back_reason: s.sentBackReason,
    sent_back_at: s.sentBackAt,
    sent_back_by: s.sentBackBy,
    unlock_reason: s.unlockReason,
  };
}

const columns = Object.keys(params(emptyAppraisalState()));

export function getAppraisal(db: Db, fy: number, staffId: number): AppraisalRecord | undefined {
  const r = db.prepare('SELECT * FROM appraisals WHERE fy = ? AND staff_id = ?').get(fy, staffId) as Stored | undefined;
  return r && toRecord(r);
}

export function appraisalsOfYear(db: Db, fy: number): Map<number, AppraisalRecord> {
  const rows = db.prepare('SELECT * FROM appraisals WHERE fy = ?').all(fy) as Stored[];
  return new Map(rows.map((r) => [r.staff_id, toRecord(r)]));
}

export function insertAppraisal(db: Db, fy: number, staffId: number, s: AppraisalState, now: string): number {
  const info = db
    .prepare(
      `INSERT INTO appraisals (fy, staff_id, ${columns.join(', ')}, created_at, updated_at, version)
       VALUES (@fy, @staff_id, ${columns.map((c) => `@${c}`).join(', ')}, @now, @now, 1)`,
    )
    .run({ ...params(s), fy, staff_id: staffId, now });
  return Number(info.lastInsertRowid);
}

export function updateAppraisal(db: Db, id: number, expectedVersion: number, s: AppraisalState, now: string): boolean {
  const info = db
    .prepare(
      `UPDATE appraisals SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now, version = version + 1
       WHERE id = @id AND version = @expected`,
    )
    .run({ ...params(s), id, expected: expectedVersion, now });
  return info.changes === 1;
}

export function ratingsOf(db: Db, appraisalId: number | null): Ratings {
  if (appraisalId === null) return new Map();
  const rows = db
    .prepare('SELECT item, self, first, second FROM appraisal_ratings WHERE appraisal_id = ?')
    .all(appraisalId) as { item: string; self: number | null; first: number | null; second: number | null }[];
  return new Map(rows.map((r) => [r.item, { self: r.self, first: r.first, second: r.second }]));
}

export function writeRatings(db: Db, appraisalId: number, ratings: Ratings): void {
  db.prepare('DELETE FROM appraisal_ratings WHERE appraisal_id = ?').run(appraisalId);
  const insert = db.prepare(
    'INSERT INTO appraisal_ratings (appraisal_id, item, self, first, second) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [item, r] of ratings) insert.run(appraisalId, item, r.self, r.first, r.second);
}

export type CrossRecord = {
  goalId: number;
  evaluatorId: number;
  role: string;
  namedBy: string | null;
  level: Level | null;
  comment: string;
  ratedAt: string | null;
};

export function crossOfGoals(db: Db, goalIds: readonly number[]): Map<number, CrossRecord> {
  if (goalIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT goal_id AS goalId, evaluator_id AS evaluatorId, role, named_by AS namedBy, level, comment, rated_at AS ratedAt
       FROM cross_ratings WHERE goal_id IN (${goalIds.map(() => '?').join(', ')})`,
    )
    .all(...goalIds) as CrossRecord[];
  return new Map(rows.map((r) => [r.goalId, r]));
}

export function upsertCross(db: Db, c: CrossRecord): void {
  db.prepare(
    `INSERT INTO cross_ratings (goal_id, evaluator_id, role, named_by, level, comment, rated_at)
     VALUES (@goalId, @evaluatorId, @role, @namedBy, @level, @comment, @ratedAt)
     ON CONFLICT (goal_id) DO UPDATE SET evaluator_id = excluded.evaluator_id, role = excluded.role,
       named_by = excluded.named_by, level = excluded.level, comment = excluded.comment, rated_at = excluded.rated_at`,
  ).run(c);
}

export function deleteCross(db: Db, goalId: number): void {
  db.prepare('DELETE FROM cross_ratings WHERE goal_id = ?').run(goalId);
}

/** The cycle's appraisal configuration, or the SPEC defaults. */
export function cycleConfig(db: Db, fy: number): AppraisalConfig {
  const r = db.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(fy) as
    { c: string | null } | undefined;
  if (!r?.c) return DEFAULT_APPRAISAL_CONFIG;
  return storedAppraisalConfig(r.c);
}

export type AwardRecord = {
  id: number;
  fy: number;
  title: string;
  category: AwardCategory;
  awardedOn: string;
  groupName: string;
  nominator: string;
  status: AwardStatus;
  decidedOn: string | null;
  revokeReason: string | null;
  recipients: number[];
};

export function awardsOfYear(db: Db, fy: number): AwardRecord[] {
  const rows = db
    .prepare(
      `SELECT id, fy, title, category, awarded_on AS awardedOn, group_name AS groupName, nominator, status,
              decided_on AS decidedOn, revoke_reason AS revokeReason
       FROM awards WHERE fy = ? ORDER BY awarded_on, id`,
    )
    .all(fy) as Omit<AwardRecord, 'recipients'>[];
  const recipients = db
    .prepare(
      `SELECT r.award_id AS awardId, r.staff_id AS staffId FROM award_recipients r JOIN awards a ON a.id = r.award_id
       WHERE a.fy = ? ORDER BY r.staff_id`,
    )
    .all(fy) as { awardId: number; staffId: number }[];
  const by = new Map<number, number[]>();
  for (const r of recipients) by.set(r.awardId, [...(by.get(r.awardId) ?? []), r.staffId]);
  return rows.map((a) => ({ ...a, recipients: by.get(a.id) ?? [] }));
}

export function saveAward(db: Db, a: Omit<AwardRecord, 'id'> & { id: number | null }, now: string): number {
  let id = a.id;
  if (id === null) {
    id = Number(
      db
        .prepare(
          `INSERT INTO awards (fy, title, category, awarded_on, group_name, nominator, status, decided_on, revoke_reason, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.fy,
          a.title,
          a.category,
          a.awardedOn,
          a.groupName,
          a.nominator,
          a.status,
          a.decidedOn,
          a.revokeReason,
          now,
          now,
        ).lastInsertRowid,
    );
  } else {
    db.prepare(
      `UPDATE awards SET title = ?, category = ?, awarded_on = ?, group_name = ?, nominator = ?, status = ?, decided_on = ?,
         revoke_reason = ?, updated_at = ? WHERE id = ?`,
    ).run(a.title, a.category, a.awardedOn, a.groupName, a.nominator, a.status, a.decidedOn, a.revokeReason, now, id);
    db.prepare('DELETE FROM award_recipients WHERE award_id = ?').run(id);
  }
  const insert = db.prepare('INSERT INTO award_recipients (award_id, staff_id) VALUES (?, ?)');
  for (const s of new Set(a.recipients)) insert.run(id, s);
  return id;
}

export function confirmationOf(db: Db, fy: number, population: string): { at: string; by: string } | null {
  const r = db
    .prepare('SELECT confirmed_at AS at, confirmed_by AS by FROM ranking_confirmations WHERE fy = ? AND population = ?')
    .get(fy, population) as { at: string; by: string } | undefined;
  return r ?? null;
}

/** Every confirmed population of a year, by population key. */
export function confirmationsOf(db: Db, fy: number): Map<string, { at: string; by: string }> {
  const rows = db
    .prepare('SELECT population, confirmed_at AS at, confirmed_by AS by FROM ranking_confirmations WHERE fy = ?')
    .all(fy) as { population: string; at: string; by: string }[];
  return new Map(rows.map((r) => [r.population, { at: r.at, by: r.by }]));
}
