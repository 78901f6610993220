import type {
  AreaMembership,
  CycleRow,
  EvaluatorAssignmentRow,
  Parsed,
  PersonRef,
  SectionRow,
  StaffDetail,
  StaffOption,
  StaffRow,
  TransferRow,
} from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { yearsBetween } from '../../../shared/org';
import { AppError } from '../../../shared/result';
import { searchKey } from '../../../shared/text';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import { areaAssignmentOf, areaLeaderId, assignmentsOfEvaluator, evaluatorHistory } from './assignments.repo';
import { sectionsWithLines, toPersonRef, toStaffRow } from './org.repo';
import type { StaffRecord } from './org.repo';
import { listCycles, searchStaff, staffById, staffByNo, staffOptions, staffPage, transfersOf } from './staff.repo';
import type { Session } from '../office/office.service';

/**
 * Who a session may see: HR and the personnel office everyone; an evaluator the staff assigned to
 * them in the year (as 1次, 2次 or 調整者, while the assignment lasts) and themself; a staff member
 * only themself.
 */
export function visibleStaffIds(db: Db, session: Session, fy: number): Set<number> | 'all' {
  if (session.role === 'hr' || session.role === 'personnel') return 'all';
  const selfId = linkedStaffId(db, session.accountId);
  const ids = new Set<number>();
  if (selfId === null) return ids;
  ids.add(selfId);
  if (session.role === 'evaluator') {
    for (const r of assignmentsOfEvaluator(db, fy, selfId, todayIso())) ids.add(r.staffId);
  }
  return ids;
}

/**
 * 職員一覧: the people the session may see, filtered. With `page`, one page sorted on the server and
 * the filtered list's total, with no cap (docs/lists.md); without it, as before: organisation order,
 * at most `limit` rows.
 */
export function listStaff(db: Db, session: Session, q: Parsed<'staff:list'>): { rows: StaffRow[]; total: number } {
  const fy = q.fy ?? fiscalYearOf(new Date());
  const filter = {
    key: q.query ? searchKey(q.query) : '',
    section: q.section ?? null,
    gradeGroup: q.gradeGroup ?? null,
    active: q.active ?? 'active',
    only: visibleStaffIds(db, session, fy),
  };
  const { records, total } = q.page
    ? staffPage(db, filter, q.page)
    : searchStaff(db, { ...filter, limit: q.limit ?? null });
  return { rows: records.map(toStaffRow), total };
}

function person(r: StaffRecord | undefined): PersonRef | null {
  return r ? toPersonRef(r) : null;
}

/** Looks people up by id, each once. */
function staffCache(db: Db): (id: number | null) => StaffRecord | undefined {
  const cache = new Map<number, StaffRecord | undefined>();
  return (id) => {
    if (id === null) return undefined;
    if (!cache.has(id)) cache.set(id, staffById(db, id));
    return cache.get(id);
  };
}

export function staffDetail(db: Db, session: Session, staffNo: string, fy: number): StaffDetail {
  const rec = staffByNo(db, staffNo);
  const visible = rec ? visibleStaffIds(db, session, fy) : 'all';
  if (!rec || (visible !== 'all' && !visible.has(rec.id))) {
    // The same answer for "no such person" and "not yours to see".
    throw new AppError('NOT_FOUND', `職員番号 ${staffNo} の職員は見つかりません（または閲覧する権限がありません）。`);
  }
  const byId = staffCache(db);
  const label = (section: string | null, line: string | null) =>
    [section, line].filter(Boolean).join(' / ') || '（なし）';
  const transfers = transfersOf(db, rec.id).map((t): TransferRow => ({
    onDate: t.onDate,
    from: label(t.fromSection, t.fromLine),
    to: label(t.toSection, t.toLine),
  }));
  const evaluators = evaluatorHistory(db, fy, rec.id).map((e): EvaluatorAssignmentRow => ({
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo,
    first: person(byId(e.firstId)),
    second: person(byId(e.secondId)),
    adjuster: person(byId(e.adjusterId)),
  }));
  const a = areaAssignmentOf(db, fy, rec.id);
  const area: AreaMembership | null = a
    ? {
        area: a.area,
        role: a.role,
        partner: person(byId(a.partnerId)),
        leader: person(byId(areaLeaderId(db, fy, a.areaId))),
      }
    : null;
  return {
    staff: toStaffRow(rec),
    yearsInPost: rec.postedOn ? yearsBetween(rec.postedOn, todayIso()) : null,
    transfers,
    evaluators,
    area,
  };
}

export function listSections(db: Db): SectionRow[] {
  return sectionsWithLines(db).map((s) => ({ name: s.name, lines: s.lines, staffCount: s.activeStaff }));
}

/** Staff to pick from when linking an account (設定 → アカウント): by 職員番号, name or reading. */
export function staffChoices(db: Db, query: string): StaffOption[] {
  return staffOptions(db, query);
}

/** The fiscal years on record, newest first; the current one (or else the newest) marked, closed years flagged. */
export function cycleList(db: Db, today: Date = new Date()): CycleRow[] {
  return listCycles(db, fiscalYearOf(today));
}
