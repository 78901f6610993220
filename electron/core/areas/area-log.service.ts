import type { AreaLog, Parsed, PatrolRow, PersonRef, StudyRow } from '../../../shared/contract';
import { isValidIsoDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import { linkedStaffId } from '../office/accounts.repo';
import { toPersonRef } from '../staff/org.repo';
import { staffByNo } from '../staff/staff.repo';
import {
  areaIdByName,
  areaTeam,
  deleteEntry,
  entryPeople,
  insertPatrol,
  insertStudy,
  logTable,
  patrolsOf,
  storedEntry,
  studiesOf,
} from './area-log.repo';
import { assertYearWritable, yearOpenTo } from '../access/closed-year';
import type { Session } from '../office/office.service';

/**
 * 地域カルテ (docs/organisation.md): each area team's patrols and study sessions, the evidence for the
 * area-duty goal. Everyone in the office may read an area's log; its team members and HR write it;
 * an entry is removed by whoever wrote it, or by HR.
 */

function areaId(db: Db, area: string): number {
  const id = areaIdByName(db, area);
  if (id === undefined) throw new AppError('NOT_FOUND', `地域「${area}」は見つかりません。`);
  return id;
}

function team(db: Db, fy: number, area: number): { ids: Set<number>; people: PersonRef[] } {
  const rows = areaTeam(db, fy, area);
  return { ids: new Set(rows.map((r) => r.id)), people: rows.map(toPersonRef) };
}

function mayWrite(db: Db, session: Session, members: Set<number>): boolean {
  if (session.role === 'hr') return true;
  const self = linkedStaffId(db, session.accountId);
  return self !== null && members.has(self);
}

export function getAreaLog(db: Db, session: Session, fy: number, area: string): AreaLog {
  const id = areaId(db, area);
  const members = team(db, fy, id);
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const open = yearOpenTo(session, fy);
  const canRemove = (writtenBy: number | null) => session.role === 'hr' || (open && writtenBy === session.accountId);
  const patrols = patrolsOf(db, fy, id).map((p): PatrolRow => ({
    id: p.id,
    onDate: p.onDate,
    pair: entryPeople(db, 'patrol', p.id).map(toPersonRef),
    notes: p.notes,
    findings: p.findings,
    writtenBy: p.writer,
    canRemove: canRemove(p.writtenBy),
  }));
  const studies = studiesOf(db, fy, id).map((s): StudyRow => ({
    id: s.id,
    onDate: s.onDate,
    topic: s.topic,
    notes: s.notes,
    attendees: entryPeople(db, 'study', s.id).map(toPersonRef),
    writtenBy: s.writer,
    canRemove: canRemove(s.writtenBy),
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
  return [...new Set(staffNos)].map((no) => {
    const s = staffByNo(db, no);
    if (!s?.active) throw new AppError('VALIDATION', `職員番号 ${no} の在職中の職員が見つかりません。`, field);
    return s.id;
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
    const patrolId = insertPatrol(
      db,
      {
        fy: input.fy,
        areaId: id,
        onDate: input.onDate,
        notes: input.notes,
        findings: input.findings,
        writtenBy: session.accountId,
        writer: session.displayName,
        createdAt: new Date().toISOString(),
      },
      pair,
    );
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
    const studyId = insertStudy(
      db,
      {
        fy: input.fy,
        areaId: id,
        onDate: input.onDate,
        topic: input.topic,
        notes: input.notes,
        writtenBy: session.accountId,
        writer: session.displayName,
        createdAt: new Date().toISOString(),
      },
      attendees,
    );
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
    const table = logTable(input.kind);
    const row = storedEntry(db, input.kind, input.id, input.fy, id);
    if (!row) throw new AppError('NOT_FOUND', '指定の記録は見つかりません。');
    if (session.role !== 'hr' && row.written_by !== session.accountId) {
      throw new AppError('FORBIDDEN', '記録を削除できるのは、記録した人と人事担当です。');
    }
    deleteEntry(db, input.kind, input.id);
    appendAudit(db, session.actor, {
      action: `areaLog.${input.kind}.remove`,
      entity: table,
      entityId: input.id,
      before: row,
    });
  })();
  return getAreaLog(db, session, input.fy, input.area);
}
