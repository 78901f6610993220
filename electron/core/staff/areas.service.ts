import type {
  AreaPeoplePage,
  AreasOverview,
  AreaTeam,
  AreaTeamCounts,
  AreaTeamMember,
  AreaTeamMembers,
  Parsed,
} from '../../../shared/contract';
import type { PageRequest } from '../../../shared/api/common';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { pageOfRows } from '../db/paging';
import { linkedStaffId } from '../office/accounts.repo';
import type { Session } from '../office/office.service';
import {
  areaAssignmentsInOrder,
  areaCandidates,
  areaGoalLacking,
  areaGoalTotals,
  areaMembersInOrder,
  areasByName,
  ledAreaIds,
  personRefsByIds,
} from './assignments.repo';

/*
 * 地域担当 (docs/organisation.md): the year's area teams, coverage and who is missing. The teams are
 * the office's public organisation chart; who is missing from them or lacks a 地域担当目標 is named
 * only to HR, and to an area's leader for the members of that area — everyone else gets the counts
 * (docs/access.md). Everything is counted in SQL or in one pass over the year's assignments, so the
 * overview stays small and quick for a city of 120 teams (docs/lists.md).
 */

/** 区長 and 副区長 oversee the area system and are not assigned to a team. */
const notOnAreaTeams = ['区長', '副区長'] as const;

const allRows = { offset: 0, limit: -1 } as const;

/** Whose names the lists hold for this caller, and the areas a leader leads. */
function namesScope(db: Db, session: Session, fy: number): { namesOf: AreasOverview['namesOf']; led: number[] } {
  if (session.role === 'hr') return { namesOf: 'all', led: [] };
  const viewer = linkedStaffId(db, session.accountId);
  const led = viewer === null ? [] : ledAreaIds(db, fy, viewer);
  return { namesOf: led.length > 0 ? 'ledAreas' : 'none', led };
}

/**
 * A team's figures from its assignments in the overview's order, counted as the screen pairs them
 * (renderer/src/features/areas/pairs.ts): a pair once, a partner already paired not again, a member
 * with no partner unpaired unless they are the leader shown apart.
 */
function countTeam(rows: { staffId: number; role: string; partnerId: number | null }[]): AreaTeamCounts {
  const leaderId = rows.find((r) => r.role === 'リーダー')?.staffId ?? null;
  const seen = new Set<number>();
  let pairs = 0;
  let unpaired = 0;
  let leaders = 0;
  for (const r of rows) {
    if (r.role === 'リーダー') leaders += 1;
    if (seen.has(r.staffId)) continue;
    seen.add(r.staffId);
    if (r.partnerId !== null && !seen.has(r.partnerId)) {
      seen.add(r.partnerId);
      pairs += 1;
    } else if (r.partnerId === null && !(r.role === 'リーダー' && r.staffId === leaderId)) {
      unpaired += 1;
    }
  }
  return { members: rows.length, leaders, pairs, unpaired };
}

/** The teams with their members, grouped in one pass over the year's assignments. */
function teamsWithMembers(db: Db, fy: number): AreaTeam[] {
  const byArea = new Map<number, AreaTeamMember[]>();
  for (const { areaId, person, role, partner } of areaMembersInOrder(db, fy, null)) {
    const m = { person, role, partner };
    const list = byArea.get(areaId);
    if (list) list.push(m);
    else byArea.set(areaId, [m]);
  }
  return areasByName(db).map((a) => {
    const members = byArea.get(a.id) ?? [];
    return {
      name: a.name,
      note: a.note,
      leader: members.find((m) => m.role === 'リーダー')?.person ?? null,
      members,
    };
  });
}

/** The teams with their figures and leaders only: `members` is [] (areas:team names them). */
function teamsCounted(db: Db, fy: number): AreaTeam[] {
  type Row = ReturnType<typeof areaAssignmentsInOrder>[number];
  const byArea = new Map<number, Row[]>();
  for (const r of areaAssignmentsInOrder(db, fy)) {
    const list = byArea.get(r.areaId);
    if (list) list.push(r);
    else byArea.set(r.areaId, [r]);
  }
  const leaderOf = (areaId: number) => byArea.get(areaId)?.find((r) => r.role === 'リーダー')?.staffId ?? null;
  const areas = areasByName(db);
  const leaders = personRefsByIds(
    db,
    areas.flatMap((a) => leaderOf(a.id) ?? []),
  );
  return areas.map((a) => {
    const leaderId = leaderOf(a.id);
    return {
      name: a.name,
      note: a.note,
      leader: leaderId === null ? null : (leaders.get(leaderId) ?? null),
      members: [],
      counts: countTeam(byArea.get(a.id) ?? []),
    };
  });
}

/**
 * The area teams of a year, coverage, and who is still unassigned or lacks a 地域担当目標. Without
 * `members` / `namesLimit` it answers as it always did (every member, whole name lists); the screen
 * asks `members: false` (per-team counts; members come from areas:team) and a `namesLimit`.
 */
export function areasOverview(db: Db, session: Session, q: Parsed<'areas:overview'>): AreasOverview {
  const { fy } = q;
  const { namesOf, led } = namesScope(db, session, fy);
  const hr = namesOf === 'all';
  const names = q.namesLimit === undefined ? allRows : { offset: 0, limit: q.namesLimit };
  const teams = q.members === false ? teamsCounted(db, fy) : teamsWithMembers(db, fy);
  // The unassigned's names are HR's only: no one else's answer reads them.
  const candidates = areaCandidates(db, fy, notOnAreaTeams, hr ? names : { offset: 0, limit: 0 });
  const goals = areaGoalTotals(db, fy);
  // HR's list is everyone lacking the goal: its length is the count already made.
  const named = namesOf === 'none' ? null : areaGoalLacking(db, fy, hr ? null : led, names, !hr);
  return {
    fy,
    areas: teams,
    unassigned: hr ? candidates.names : null,
    unassignedCount: candidates.unassigned,
    coverage: { assigned: candidates.total - candidates.unassigned, total: candidates.total },
    mboCoverage: {
      written: goals.written,
      withoutAreaGoal: named ? named.rows : null,
      withoutAreaGoalCount: goals.lacking,
      ...(q.namesLimit === undefined ? {} : { withoutAreaGoalNamed: named ? (named.total ?? goals.lacking) : 0 }),
    },
    namesOf,
  };
}

function areaNamed(db: Db, name: string): { id: number; name: string; note: string } {
  const area = areasByName(db).find((a) => a.name === name);
  if (!area) throw new AppError('NOT_FOUND', `地域「${name}」は見つかりません。`);
  return area;
}

/**
 * One team's members, as the overview lists them (leaders first, then by 職員番号), or a page of
 * them; the teams are public like the overview's (docs/access.md).
 */
export function areaTeam(db: Db, q: Parsed<'areas:team'>): AreaTeamMembers {
  const area = areaNamed(db, q.area);
  const members: AreaTeamMember[] = areaMembersInOrder(db, q.fy, area.id).map(({ person, role, partner }) => ({
    person,
    role,
    partner,
  }));
  const leader = members.find((m) => m.role === 'リーダー')?.person ?? null;
  return {
    fy: q.fy,
    name: area.name,
    note: area.note,
    leader,
    members: q.page ? pageOfMembers(members, q.page) : members,
    total: members.length,
  };
}

type MemberSort = 'staffNo' | 'name' | 'section';

function pageOfMembers(members: AreaTeamMember[], page: PageRequest<MemberSort>): AreaTeamMember[] {
  // Without a sort the overview's order (leaders first) is kept.
  if (!page.sort) return members.slice(page.offset, page.offset + page.limit);
  return pageOfRows<AreaTeamMember, MemberSort>(
    members,
    page,
    { staffNo: (m) => m.person.staffNo, name: (m) => m.person.name, section: (m) => m.person.section },
    (m) => m.person.staffNo,
    'staffNo',
  ).rows;
}

/**
 * A page of the unassigned (HR only) or of those whose sheet lacks a 地域担当目標 (HR all of them, an
 * area's leader their own areas' members), by 職員番号. Anyone else is refused: the overview gives
 * them the counts (docs/access.md).
 */
export function areaPeople(db: Db, session: Session, q: Parsed<'areas:people'>): AreaPeoplePage {
  const { namesOf, led } = namesScope(db, session, q.fy);
  const { page } = q;
  if (q.list === 'unassigned') {
    if (namesOf !== 'all') throw new AppError('FORBIDDEN', '未割当の職員の氏名は人事担当だけが見られます。');
    const c = areaCandidates(db, q.fy, notOnAreaTeams, page);
    return { rows: c.names, total: c.unassigned };
  }
  if (namesOf === 'none') {
    throw new AppError(
      'FORBIDDEN',
      '地域担当目標のないシートの氏名は、人事担当と、その職員の地域のリーダーだけが見られます。',
    );
  }
  const lacking = areaGoalLacking(db, q.fy, namesOf === 'all' ? null : led, page);
  return { rows: lacking.rows, total: lacking.total ?? 0 };
}
