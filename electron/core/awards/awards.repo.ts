import type { AwardCategory, AwardStatus } from '../../../shared/contract';
import type { Db } from '../db/connection';

/* The award registry's tables (表彰, docs/scores.md): awards and their recipients. */

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

/** The year's awards with their recipients; with `recipient`, only the awards that person received. */
export function awardsOfYear(db: Db, fy: number, recipient?: number): AwardRecord[] {
  const onlyFor =
    recipient === undefined ? '' : 'AND a.id IN (SELECT award_id FROM award_recipients WHERE staff_id = @recipient)';
  const rows = db
    .prepare(
      `SELECT a.id, a.fy, a.title, a.category, a.awarded_on AS awardedOn, a.group_name AS groupName, a.nominator,
              a.status, a.decided_on AS decidedOn, a.revoke_reason AS revokeReason
       FROM awards a WHERE a.fy = @fy ${onlyFor} ORDER BY a.awarded_on, a.id`,
    )
    .all({ fy, recipient }) as Omit<AwardRecord, 'recipients'>[];
  const recipients = db
    .prepare(
      `SELECT r.award_id AS awardId, r.staff_id AS staffId FROM award_recipients r JOIN awards a ON a.id = r.award_id
       WHERE a.fy = @fy ${onlyFor} ORDER BY r.staff_id`,
    )
    .all({ fy, recipient }) as { awardId: number; staffId: number }[];
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
