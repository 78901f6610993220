import { seesAllAwards } from '../../../shared/access';
import type { Parsed } from '../../../shared/contract';
import { awardKindOf } from '../../../shared/contract';
import type { AwardRow } from '../../../shared/contract';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import { awardsOfYear, saveAward } from './awards.repo';
import type { AwardRecord } from './awards.repo';
import { requireCycle } from '../access/evaluation-access';
import { staffById, staffByNo } from '../staff/staff.repo';
import { assertYearWritable } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * The award registry (表彰, docs/scores.md), kept by HR: 職場内表彰 in the plan's four categories and the
 * 人材開発センター's external awards, to a person or a group (members listed). An award is 推薦中
 * until the committee's decision is recorded (決定); only then does it add its bonus to the
 * recipients' appraisals. Revoking (取消) keeps the record with its reason and removes the bonus;
 * the appraisal shows the award's line with 「取り消されたため加点しません」.
 */

function toRow(db: Db, a: AwardRecord): AwardRow {
  return {
    id: a.id,
    fy: a.fy,
    title: a.title,
    category: a.category,
    kind: awardKindOf(a.category),
    awardedOn: a.awardedOn,
    groupName: a.groupName,
    nominator: a.nominator,
    status: a.status,
    decidedOn: a.decidedOn,
    revokeReason: a.revokeReason,
    recipients: a.recipients.flatMap((id) => {
      const s = staffById(db, id);
      return s ? [{ staffNo: s.staffNo, name: s.name, section: s.section }] : [];
    }),
  };
}

/**
 * The year's awards as the caller may see them (docs/access.md): HR the whole registry with
 * nominations (推薦中) and revocations with their reasons; everyone else the committee's decided
 * awards (決定), as published, without reasons. An evaluator sees a pending award of someone they
 * rate on that person's appraisal (its bonus line), not here.
 */
export function listAwards(db: Db, session: Session, input: Parsed<'awards:list'>): AwardRow[] {
  requireCycle(db, input.fy);
  const all = awardsOfYear(db, input.fy);
  if (seesAllAwards(session.role)) return all.map((a) => toRow(db, a));
  return all.filter((a) => a.status === '決定').map((a) => ({ ...toRow(db, a), revokeReason: null }));
}

function find(db: Db, fy: number, id: number): AwardRecord {
  const a = awardsOfYear(db, fy).find((x) => x.id === id);
  if (!a) throw new AppError('NOT_FOUND', 'この表彰は見つかりません。画面を読み込み直してください。');
  return a;
}

function audit(db: Db, session: Session, action: string, before: AwardRow | null, after: AwardRow): void {
  const items = (r: AwardRow | null) =>
    r && {
      表彰名: r.title,
      区分: r.category,
      授与日: r.awardedOn,
      グループ: r.groupName,
      推薦者: r.nominator,
      状態: r.status,
      決定日: r.decidedOn,
      取消の理由: r.revokeReason,
      受賞者: r.recipients.map((p) => p.staffNo),
    };
  appendAudit(db, session.actor, {
    action,
    entity: 'award',
    entityId: after.id,
    before: items(before),
    after: items(after),
  });
}

/** Enters or edits an award (HR). A decided award keeps its decision; a revoked one cannot be edited. */
export function saveAwardEntry(db: Db, session: Session, input: Parsed<'awards:save'>): AwardRow[] {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'awards:save');
    requireCycle(db, input.fy);
    if (fiscalYearOf(new Date(`${input.awardedOn}T00:00:00`)) !== input.fy) {
      throw new AppError(
        'VALIDATION',
        `授与日は${input.fy}年度（${input.fy}年4月1日〜${input.fy + 1}年3月31日）の日付にしてください。`,
        'awardedOn',
      );
    }
    const recipients = input.recipients.map((no) => {
      const s = staffByNo(db, no);
      if (!s) throw new AppError('VALIDATION', `職員番号 ${no} の職員は見つかりません。`, 'recipients');
      return s.id;
    });
    const current = input.id === null ? null : find(db, input.fy, input.id);
    if (current?.status === '取消') throw new AppError('CONFLICT', '取り消された表彰は編集できません。');
    const id = saveAward(
      db,
      {
        id: input.id,
        fy: input.fy,
        title: input.title,
        category: input.category,
        awardedOn: input.awardedOn,
        groupName: input.groupName.trim(),
        nominator: input.nominator.trim(),
        status: current?.status ?? '推薦中',
        decidedOn: current?.decidedOn ?? null,
        revokeReason: null,
        recipients,
      },
      new Date().toISOString(),
    );
    audit(
      db,
      session,
      current ? 'award.update' : 'award.create',
      current && toRow(db, current),
      toRow(db, find(db, input.fy, id)),
    );
    return listAwards(db, session, { fy: input.fy });
  })();
}

/** Records the award committee's decision: from now on the award adds its bonus. */
export function decideAward(db: Db, session: Session, input: Parsed<'awards:decide'>): AwardRow[] {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'awards:decide');
    const a = find(db, input.fy, input.id);
    if (a.status !== '推薦中')
      throw new AppError('CONFLICT', `この表彰は「${a.status}」のため、決定を記録できません。`);
    saveAward(db, { ...a, status: '決定', decidedOn: input.decidedOn }, new Date().toISOString());
    audit(db, session, 'award.decide', toRow(db, a), toRow(db, find(db, input.fy, a.id)));
    return listAwards(db, session, { fy: input.fy });
  })();
}

/** Revokes an award with a reason: its bonus leaves the recipients' appraisals. */
export function revokeAward(db: Db, session: Session, input: Parsed<'awards:revoke'>): AwardRow[] {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'awards:revoke');
    const a = find(db, input.fy, input.id);
    if (a.status === '取消') throw new AppError('CONFLICT', 'この表彰はすでに取り消されています。');
    saveAward(db, { ...a, status: '取消', revokeReason: input.reason }, new Date().toISOString());
    audit(db, session, 'award.revoke', toRow(db, a), toRow(db, find(db, input.fy, a.id)));
    return listAwards(db, session, { fy: input.fy });
  })();
}
