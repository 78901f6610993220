import type { Parsed } from '../../../shared/contract';
import { APPRAISAL_STATUSES } from '../../../shared/contract';
import type {
  AppraisalList,
  AppraisalListRow,
  AppraisalListSort,
  AppraisalRelation,
  AppraisalStatus,
} from '../../../shared/contract';
import type { PageRequest } from '../../../shared/api/common';
import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';
import { pageOfRows } from '../db/paging';
import { linkedStaffId } from '../office/accounts.repo';
import { yearOpenTo } from '../access/closed-year';
import { requireCycle } from '../access/evaluation-access';
import type { Session } from '../office/office.service';
import { everyonePage, yearPeople } from './appraisal.repo';
import { crossGoalCounts, evaluatorAssignmentsOn } from './ranking.repo';
import type { AssignmentIds } from './ranking.repo';
import { yearScores } from './scores.service';

/*
 * 考課一覧: the appraisals the caller takes part in (for HR and personnel, everyone's). Who sees whom
 * is decided here, in the core: an evaluator sees the people they rate at a stage in force today
 * and the people whose goals they rate from outside their section, nobody else.
 *
 * Asked for a page (docs/lists.md), the list is read without scores, filtered, counted and sorted,
 * and only the page's people are scored; sorting by the score is the one order that scores the whole
 * filtered list first.
 */

function relationTo(
  session: Session,
  viewer: number | null,
  staffId: number,
  a: AssignmentIds | undefined,
  crossPeople: ReadonlyMap<number, number>,
): AppraisalRelation | null {
  if (viewer !== null && viewer === staffId) return 'self';
  if (session.role === 'hr') return 'hr';
  if (session.role === 'personnel') return 'personnel';
  if (session.role !== 'evaluator' || viewer === null) return null;
  if (a?.adjusterId === viewer) return 'adjuster';
  if (a?.secondId === viewer) return 'second';
  if (a?.firstId === viewer) return 'first';
  return crossPeople.has(staffId) ? 'cross' : null;
}

const turnOf: Partial<Record<AppraisalRelation, string>> = {
  self: '未着手',
  first: '自己評価済',
  second: '1次評価済',
  adjuster: '2次評価済',
};

function isMyTurn(open: boolean, relation: AppraisalRelation, status: AppraisalStatus): boolean {
  return (
    open && (turnOf[relation] === status || (relation === 'cross' && (status === '未着手' || status === '自己評価済')))
  );
}

/** Who the caller is, the assignments in force, and the people they rate from outside their section. */
function scopeOf(db: Db, session: Session, fy: number) {
  const viewer = linkedStaffId(db, session.accountId);
  return {
    viewer,
    // Who is whose evaluator decides only an evaluator's list (relationTo): HR and personnel see everyone.
    assignments:
      session.role === 'evaluator' ? evaluatorAssignmentsOn(db, fy, todayIso()) : new Map<number, AssignmentIds>(),
    cross: viewer === null ? new Map<number, number>() : crossGoalCounts(db, fy, viewer),
    // Nobody's turn in a closed year, except HR's (docs/closed-years.md).
    open: yearOpenTo(session, fy),
  };
}

export function listAppraisals(db: Db, session: Session, input: Parsed<'appraisal:list'>): AppraisalList {
  requireCycle(db, input.fy);
  if (input.page) return listPage(db, session, input, input.page);
  const { viewer, assignments, cross, open } = scopeOf(db, session, input.fy);
  const { people } = yearScores(db, input.fy);
  const rows: AppraisalListRow[] = [];
  for (const p of people) {
    const relation = relationTo(session, viewer, p.staffId, assignments.get(p.staffId), cross);
    if (relation === null || relation === 'self') continue;
    rows.push({
      person: listedPerson(p),
      status: p.status,
      relation,
      myTurn: isMyTurn(open, relation, p.status),
      score: relation === 'cross' ? null : p.score,
      rankClass: relation === 'cross' ? null : (p.appraisal?.rankClass ?? null),
      crossGoals: cross.get(p.staffId) ?? 0,
    });
  }
  return { fy: input.fy, rows };
}

type Candidate = { staffId: number; sectionKey: number | null; row: AppraisalListRow };

/** A listed person as the row shows them, from either the SQL page or the year's people. */
function listedPerson(p: AppraisalListRow['person']): AppraisalListRow['person'] {
  const { staffNo, name, section, line, position, gradeGroup } = p;
  return { staffNo, name, section, line, position, gradeGroup };
}

const statusOrder = new Map(APPRAISAL_STATUSES.map((s, i) => [s, i]));
const relationOrder: Readonly<Record<AppraisalRelation, number>> = {
  self: 0,
  first: 1,
  second: 2,
  adjuster: 3,
  cross: 4,
  hr: 5,
  personnel: 6,
};

/** What each sortable field sorts by; 所属 in organisation order, as the unpaged list comes. */
const sortValues: Record<AppraisalListSort, (c: Candidate) => string | number | null> = {
  staffNo: (c) => c.row.person.staffNo,
  name: (c) => c.row.person.name,
  section: (c) => c.sectionKey,
  gradeGroup: (c) => c.row.person.gradeGroup,
  status: (c) => statusOrder.get(c.row.status) ?? 0,
  relation: (c) => relationOrder[c.row.relation],
  myTurn: (c) => (c.row.myTurn ? 1 : 0),
  score: (c) => c.row.score,
  rankClass: (c) => c.row.rankClass,
};

/** The scores of a list's people (cross-section rows carry none). */
function fillScoresOf(db: Db, fy: number, list: readonly Candidate[]): void {
  const ids = list.filter((c) => c.row.relation !== 'cross').map((c) => c.staffId);
  if (ids.length === 0) return;
  // A long list is scored as the whole year is (one pass); naming thousands of ids costs more.
  const only = ids.length > 2000 ? undefined : ids;
  const scores = new Map(yearScores(db, fy, only).people.map((p) => [p.staffId, p.score]));
  for (const c of list) if (c.row.relation !== 'cross') c.row.score = scores.get(c.staffId) ?? null;
}

/**
 * HR's and personnel's page, who see everyone but themselves with the same relation and never their
 * turn: filtered, counted, sorted and cut in SQL (appraisal.repo.ts everyonePage), only the page's
 * people scored — the same answer as the in-memory page below, without reading the whole year.
 */
function everyoneListPage(
  db: Db,
  role: 'hr' | 'personnel',
  viewer: number | null,
  cross: ReadonlyMap<number, number>,
  input: Parsed<'appraisal:list'>,
  page: PageRequest<Exclude<AppraisalListSort, 'score'>>,
): AppraisalList {
  const filter = {
    self: viewer,
    section: input.section === undefined || input.section === '' ? null : input.section,
    status: input.status ?? null,
    query: (input.query ?? '').replace(/\s/gu, ''),
  };
  // Nobody's appraisal waits for HR or personnel (isMyTurn): 「あなたの番だけ」 lists no one.
  const found = everyonePage(db, input.fy, filter, input.mine ? { ...page, limit: 0 } : page);
  const rows: Candidate[] = found.rows.map((p) => {
    const status = p.status ?? '未着手';
    return {
      staffId: p.staffId,
      sectionKey: null,
      row: {
        person: listedPerson(p),
        status,
        relation: role,
        myTurn: false,
        score: null,
        rankClass: p.rankClass,
        crossGoals: cross.get(p.staffId) ?? 0,
      },
    };
  });
  fillScoresOf(db, input.fy, rows);
  return {
    fy: input.fy,
    rows: rows.map((c) => c.row),
    total: input.mine ? 0 : found.total,
    all: found.all,
    turns: 0,
    sections: found.sections,
  };
}

function listPage(
  db: Db,
  session: Session,
  input: Parsed<'appraisal:list'>,
  page: PageRequest<AppraisalListSort>,
): AppraisalList {
  const { viewer, assignments, cross, open } = scopeOf(db, session, input.fy);
  if ((session.role === 'hr' || session.role === 'personnel') && page.sort !== 'score') {
    return everyoneListPage(db, session.role, viewer, cross, input, { ...page, sort: page.sort });
  }
  const scope: Candidate[] = [];
  // People come in organisation order: a section's place is where it first appears.
  const sectionPlace = new Map<number, number>();
  for (const p of yearPeople(db, input.fy)) {
    if (p.sectionId !== null && !sectionPlace.has(p.sectionId)) sectionPlace.set(p.sectionId, sectionPlace.size);
    const relation = relationTo(session, viewer, p.staffId, assignments.get(p.staffId), cross);
    if (relation === null || relation === 'self') continue;
    const status = p.status ?? '未着手';
    scope.push({
      staffId: p.staffId,
      // No section sorts last, as in the unpaged list.
      sectionKey: p.sectionId === null ? null : sectionPlace.get(p.sectionId)!,
      row: {
        person: listedPerson(p),
        status,
        relation,
        myTurn: isMyTurn(open, relation, status),
        score: null,
        rankClass: relation === 'cross' ? null : p.rankClass,
        crossGoals: cross.get(p.staffId) ?? 0,
      },
    });
  }
  const sections = [...new Set(scope.map((c) => c.row.person.section).filter((s): s is string => !!s))];
  const q = (input.query ?? '').replace(/\s/gu, '');
  const filtered = scope.filter(
    ({ row: r }) =>
      (input.section === undefined || input.section === '' || r.person.section === input.section) &&
      (input.status === undefined || r.status === input.status) &&
      (!input.mine || r.myTurn) &&
      (q === '' ||
        r.person.staffNo.includes(q) ||
        r.person.name.replace(/\s/gu, '').includes(q) ||
        (r.person.section ?? '').includes(q)),
  );
  const fillScores = (list: readonly Candidate[]) => fillScoresOf(db, input.fy, list);
  // Only the score needs scoring before the page is cut; otherwise the page's people alone are scored.
  if (page.sort === 'score') fillScores(filtered);
  const { rows, total } = pageOfRows(filtered, page, sortValues, (c) => c.row.person.staffNo, 'section');
  if (page.sort !== 'score') fillScores(rows);
  return {
    fy: input.fy,
    rows: rows.map((c) => c.row),
    total,
    all: scope.length,
    turns: scope.filter((c) => c.row.myTurn).length,
    sections,
  };
}
