import type { AreaLog, Parsed, PatrolRow, PersonRef, StudyRow } from '../../../shared/contract';
import { isValidIsoDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import { linkedStaffId } from '../office/accounts.repo';
import { staffSelect, toPersonRef, toStaffRecord } from '../staff/org.repo';
import type { StoredStaff } from '../staff/org.repo';
import { assertYearWritable, yearOpenTo } from '../access/closed-year';
import type { Session } from '../office/office.service';

/**
 * 地域カルテ (docs/organisation.md): each area team's patrols and study sessions, the evidence for the
 * area-duty goal. Everyone in the office may read an area's log; its team members and HR write it;
 * an entry is removed by whoever wrote it, or by HR.
 */

function person(r: StoredStaff): PersonRef {
  return toPersonRef(toStaffRecord(r));
}

function areaId(db: Db, area: string): number {
  const row = db.prepare('SELECT id FROM areas WHERE name = ?').get(area) as { id: number } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `地域「${area}」は見つかりません。`);
  return row.id;
}

function team(db: Db, fy: number, area: number): { ids: Set<number>; people: PersonRef[] } {
  const rows = db
    .prepare(
      `${staffSelect} JOIN area_assignments aa ON aa.staff_id = s.id
       WHERE aa.fy = ? AND aa.area_id = ? ORDER BY aa.role DESC, s.staff_no`,
    )
    .all(fy, area) as StoredStaff[];
  return { ids: new Set(rows.map((r) => r.id)), people: rows.map(person) };
}

function mayWrite(db: Db, session: Session, members: Set<number>): boolean {
  if (session.role === 'hr') return true;
  const self = linkedStaffId(db, session.accountId);
  return self !== null && members.has(self);
}

function peopleOf(
  db: Db,
  table: 'area_patrol_members' | 'area_study_attendees',
  key: 'patrol_id' | 'study_id',
  id: number,
): PersonRef[] {
  return (
    db
      .prepare(`${staffSelect} JOIN ${table} m ON m.staff_id = s.id WHERE m.${key} = ? ORDER BY s.staff_no`)
      .all(id) as StoredStaff[]
  ).map(person);
}

export function getAreaLog(db: Db, session: Session, fy: number, area: string): AreaLog {
  const id = areaId(db, area);
  const members = team(db, fy, id);
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const open = yearOpenTo(session, fy);
  const canRemove = (writtenBy: number | null) => session.role === 'hr' || (open && writtenBy === session.accountId);
  const patrols = (
    db
      .prepare(
        'SELECT id, on_date, notes, findings, written_by, writer FROM area_patrols WHERE fy = ? AND area_id = ? ORDER BY on_date DESC, id DESC',
      )
      .all(fy, id) as {
      id: number;
      on_date: string;
      notes: string;
      findings: string;
      written_by: number | null;
      writer: string;
    }[]
  ).map((p): PatrolRow => ({
    id: p.id,
    onDate: p.on_date,
    pair: peopleOf(db, 'area_patrol_members', 'patrol_id', p.id),
    notes: p.notes,
    findings: p.findings,
    writtenBy: p.writer,
    canRemove: canRemove(p.written_by),
  }));
  const studies = (
    db
      .prepare(
        'SELECT id, on_date, topic, notes, written_by, writer FROM area_studies WHERE fy = ? AND area_id = ? ORDER BY on_date DESC, id DESC',
      )
      .all(fy, id) as {
      id: number;
      on_date: string;
      topic: string;
      notes: string;
      written_by: number | null;
      writer: string;
    }[]
  ).map((s): StudyRow => ({
    id: s.id,
    onDate: s.on_date,
    topic: s.topic,
    notes: s.notes,
    attendees: peopleOf(db, 'area_study_attendees', 'study_id', s.id),
    writtenBy: s.writer,
    canRemove: canRemove(s.written_by),
  }));
  return { fy, area, canWrite: open && mayWrite(db, session, members.ids), team: members.people, patrols, studies };
}

/** The date of an entry: a real date inside the fiscal year, and not in the future. */
function checkDate(fy: number, onDate: string): void {
  if (!isValidIsoDate(onDate) || onDate < `${fy}-04-01` || onDate > `${fy + 1}-03-31` || onDate > todayIso()) {
    throw new AppError(
      'VALIDATION',
      `日付は${fy}年度（${fy}/4/1〜${fy + 1}/3/31）のうち、今日までの日付にしてください。`,
      'onDate',
    );
  }
}

function staffIds(db: Db, staffNos: string[], field: string): number[] {
  const stmt = db.prepare('SELECT id FROM staff WHERE staff_no = ? AND active = 1');
  return [...new Set(staffNos)].map((no) => {
    const row = stmt.get(no) as { id: number } | undefined;
    if (!row) throw new AppError('VALIDATION', `職員番号 ${no} の在職中の職員が見つかりません。`, field);
    return row.id;
  });
}

function writable(db: Db, session: Session, fy: number, area: string): { id: number; members: Set<number> } {
  const id = areaId(db, area);
  const { ids } = team(db, fy, id);
  if (!mayWrite(db, session, ids))
    throw new AppError('FORBIDDEN', '地域カルテに記録できるのは、この地域の担当チームと人事担当です。');
  return { id, members: ids };
}

export function addPatrol(db: Db, session: Session, input: Parsed<'areaLog:addPatrol'>): AreaLog {
  db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'areaLog:addPatrol');
    const { id, members } = writable(db, session, input.fy, input.area);
    checkDate(input.fy, input.onDate);
    const pair = staffIds(db, input.pair, 'pair');
    if (pair.some((p) => !members.has(p))) {
      throw new AppError('VALIDATION', 'ペアは、この地域の担当チームの職員から選んでください。', 'pair');
    }
    const patrolId = Number(
      db
        .prepare(
          'INSERT INTO area_patrols (fy, area_id, on_date, notes, findings, written_by, writer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          input.fy,
          id,
          input.onDate,
          input.notes,
          input.findings,
          session.accountId,
          session.displayName,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    const add = db.prepare('INSERT INTO area_patrol_members (patrol_id, staff_id) VALUES (?, ?)');
    for (const p of pair) add.run(patrolId, p);
    appendAudit(db, session.actor, {
      action: 'areaLog.patrol.add',
      entity: 'area_patrol',
      entityId: patrolId,
      after: {
        fy: input.fy,
        area: input.area,
        onDate: input.onDate,
        pair: input.pair,
        notes: input.notes,
        findings: input.findings,
      },
    });
  })();
  return getAreaLog(db, session, input.fy, input.area);
}

export function addStudy(db: Db, session: Session, input: Parsed<'areaLog:addStudy'>): AreaLog {
  db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'areaLog:addStudy');
    const { id } = writable(db, session, input.fy, input.area);
    checkDate(input.fy, input.onDate);
    const attendees = staffIds(db, input.attendees, 'attendees');
    const studyId = Number(
      db
        .prepare(
          'INSERT INTO area_studies (fy, area_id, on_date, topic, notes, written_by, writer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          input.fy,
          id,
          input.onDate,
          input.topic,
          input.notes,
          session.accountId,
          session.displayName,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    const add = db.prepare('INSERT INTO area_study_attendees (study_id, staff_id) VALUES (?, ?)');
    for (const a of attendees) add.run(studyId, a);
    appendAudit(db, session.actor, {
      action: 'areaLog.study.add',
      entity: 'area_study',
      entityId: studyId,
      after: {
        fy: input.fy,
        area: input.area,
        onDate: input.onDate,
        topic: input.topic,
        notes: input.notes,
        attendees: input.attendees,
      },
    });
  })();
  return getAreaLog(db, session, input.fy, input.area);
}

export function removeEntry(db: Db, session: Session, input: Parsed<'areaLog:remove'>): AreaLog {
  db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'areaLog:remove');
    const id = areaId(db, input.area);
    const table = input.kind === 'patrol' ? 'area_patrols' : 'area_studies';
    const row = db
      .prepare(`SELECT * FROM ${table} WHERE id = ? AND fy = ? AND area_id = ?`)
      .get(input.id, input.fy, id) as (Record<string, unknown> & { written_by: number | null }) | undefined;
    if (!row) throw new AppError('NOT_FOUND', '指定の記録は見つかりません。');
    if (session.role !== 'hr' && row.written_by !== session.accountId) {
      throw new AppError('FORBIDDEN', '記録を削除できるのは、記録した人と人事担当です。');
    }
    db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(input.id);
    appendAudit(db, session.actor, {
      action: `areaLog.${input.kind}.remove`,
      entity: table,
      entityId: input.id,
      before: row,
    });
  })();
  return getAreaLog(db, session, input.fy, input.area);
}
