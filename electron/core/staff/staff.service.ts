import type {
  AreaMembership,
  AreasOverview,
  AreaTeam,
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
import {
  areaAssignmentOf,
  areaAssignmentsInOrder,
  areaGoalCoverage,
  areaLeaderId,
  areasByName,
  assignmentsOfEvaluator,
  evaluatorHistory,
} from './assignments.repo';
import { sectionsWithLines, toPersonRef, toStaffRow } from './org.repo';
import type { StaffRecord } from './org.repo';
import {
  activeStaffExcept,
  listCycles,
  searchStaff,
  staffById,
  staffByNo,
  staffOptions,
  transfersOf,
} from './staff.repo';
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

export function listStaff(db: Db, session: Session, q: Parsed<'staff:list'>): { rows: StaffRow[]; total: number } {
  const fy = q.fy ?? fiscalYearOf(new Date());
  const { records, total } = searchStaff(db, {
    key: q.query ? searchKey(q.query) : '',
    section: q.section ?? null,
    gradeGroup: q.gradeGroup ?? null,
    active: q.active ?? 'active',
    only: visibleStaffIds(db, session, fy),
    limit: q.limit ?? null,
  });
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

/** 区長 and 副区長 oversee the area system and are not assigned to a team. */
const notOnAreaTeams = ['区長', '副区長'] as const;

/**
 * The area teams of a year, with pairs, and everyone not yet on a team. 区長 and 副区長 oversee the
 * area system and are not counted among those to be assigned. The teams are the office's public
 * organisation chart; who is missing from them or lacks a 地域担当目標 is named only to HR, and to
 * an area's leader for the members of that area — everyone else gets the counts (docs/access.md).
 */
export function areasOverview(db: Db, session: Session, fy: number): AreasOverview {
  const byId = staffCache(db);
  const areas = areasByName(db);
  const assignments = areaAssignmentsInOrder(db, fy);
  const teams: AreaTeam[] = areas.map((a) => {
    const rows = assignments.filter((x) => x.areaId === a.id);
    const leaderRow = rows.find((x) => x.role === 'リーダー');
    return {
      name: a.name,
      note: a.note,
      leader: person(byId(leaderRow?.staffId ?? null)),
      members: rows.flatMap((x) => {
        const p = person(byId(x.staffId));
        return p ? [{ person: p, role: x.role, partner: person(byId(x.partnerId)) }] : [];
      }),
    };
  });
  const assigned = new Set(assignments.map((x) => x.staffId));
  const candidates = activeStaffExcept(db, notOnAreaTeams);
  const unassigned = candidates.filter((c) => !assigned.has(c.id)).flatMap((c) => person(c) ?? []);
  const hr = session.role === 'hr';
  const viewer = hr ? null : linkedStaffId(db, session.accountId);
  const ledAreas = new Set(
    assignments.filter((x) => viewer !== null && x.staffId === viewer && x.role === 'リーダー').map((x) => x.areaId),
  );
  const inLedAreas = new Set(assignments.filter((x) => ledAreas.has(x.areaId)).map((x) => x.staffId));
  const sheets = areaGoalCoverage(db, fy);
  const lacking = sheets.filter((x) => !x.hasAreaGoal);
  const named = (ids: typeof lacking) => ids.flatMap((x) => person(byId(x.staffId)) ?? []);
  return {
    fy,
    areas: teams,
    unassigned: hr ? unassigned : null,
    unassignedCount: unassigned.length,
    coverage: { assigned: candidates.length - unassigned.length, total: candidates.length },
    mboCoverage: {
      written: sheets.length,
      withoutAreaGoal: hr
        ? named(lacking)
        : ledAreas.size > 0
          ? named(lacking.filter((x) => inLedAreas.has(x.staffId)))
          : null,
      withoutAreaGoalCount: lacking.length,
    },
    namesOf: hr ? 'all' : ledAreas.size > 0 ? 'ledAreas' : 'none',
  };
}

/** Staff to pick from when linking an account (設定 → アカウント): by 職員番号, name or reading. */
export function staffChoices(db: Db, query: string): StaffOption[] {
  return staffOptions(db, query);
}

/** The fiscal years on record, newest first; the current one (or else the newest) marked, closed years flagged. */
export function cycleList(db: Db, today: Date = new Date()): CycleRow[] {
  return listCycles(db, fiscalYearOf(today));
}
