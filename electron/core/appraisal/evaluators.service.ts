import { postTitle } from '../../../shared/appraisal';
import type { Parsed, WaitingEvaluator, WaitingEvaluators } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { searchKey } from '../../../shared/text';
import { AREA_GOAL_CATEGORY } from '../../../shared/mbo';
import { positions } from '../../../shared/org';
import type { Db } from '../db/connection';
import { evaluatorPeople, waitingSources } from './appraisal.repo';
import { forbidden } from './appraisal-view';
import { requireCycle } from '../access/evaluation-access';
import type { Session } from '../office/office.service';

/*
 * The evaluators of a year with the forms waiting for them (docs/workbooks.md, the evaluator's
 * workbook): HR picks one to export their 記入用ブック. A form waits for an evaluator by the rule the
 * workbook is built by — the 1次 of an appraisal at 自己評価済, the 2次 of one at 1次評価済, and whoever
 * rates a goal from outside (他所属評価: the person HR named, else for a 地域担当目標 the area's leader
 * unless that is the person or their 1次) while the appraisal is 未着手 or 自己評価済 — one form per
 * person, never the evaluator's own. Read for the whole year in four statements (a city has
 * thousands of evaluators). Every 1次 and 2次 in force is listed, those with nothing waiting last.
 */

type Role = 'first' | 'second' | 'cross';
const rank: Readonly<Record<Role, number>> = { first: 0, second: 1, cross: 2 };

export function waitingEvaluators(db: Db, session: Session, input: Parsed<'appraisal:evaluators'>): WaitingEvaluators {
  // The channel is HR's; the export it serves is HR's too (docs/access.md).
  if (session.role !== 'hr') throw forbidden('評価者ごとの記入待ちの件数は、人事担当だけが見られます。');
  requireCycle(db, input.fy);
  const src = waitingSources(db, input.fy, todayIso(), AREA_GOAL_CATEGORY);

  const inForce = new Map<number, { firstId: number | null; secondId: number | null }>();
  for (const a of src.assignments) if (!inForce.has(a.staffId)) inForce.set(a.staffId, a);
  const status = new Map(src.statuses.map((s) => [s.staffId, s.status]));
  const leader = new Map<number, number>();
  for (const l of src.leaders) if (!leader.has(l.staffId)) leader.set(l.staffId, l.leaderId);

  // evaluator → person → the role the workbook gives the evaluator for that person.
  const forms = new Map<number, Map<number, Role>>();
  const assigned = new Set<number>();
  const add = (evaluatorId: number | null, subjectId: number, role: Role) => {
    if (evaluatorId === null || evaluatorId === subjectId) return;
    let mine = forms.get(evaluatorId);
    if (!mine) forms.set(evaluatorId, (mine = new Map<number, Role>()));
    const had = mine.get(subjectId);
    if (had === undefined || rank[role] < rank[had]) mine.set(subjectId, role);
  };
  for (const [subjectId, ev] of inForce) {
    if (ev.firstId !== null) assigned.add(ev.firstId);
    if (ev.secondId !== null) assigned.add(ev.secondId);
    const st = status.get(subjectId) ?? '未着手';
    if (st === '自己評価済') add(ev.firstId, subjectId, 'first');
    if (st === '1次評価済') add(ev.secondId, subjectId, 'second');
  }
  for (const g of src.crossGoals) {
    const l = leader.get(g.staffId) ?? null;
    const owner =
      g.crossId ??
      (g.category === AREA_GOAL_CATEGORY &&
      l !== null &&
      l !== g.staffId &&
      l !== (inForce.get(g.staffId)?.firstId ?? null)
        ? l
        : null);
    add(owner, g.staffId, 'cross');
  }

  const ids = [...new Set([...assigned, ...forms.keys()])];
  const positionOrder = new Map<string, number>(positions.map((p, i) => [p, i]));
  const people = evaluatorPeople(db, ids);
  const rows = people.map((p) => {
    const counts = { first: 0, second: 0, cross: 0 };
    for (const role of forms.get(p.id)?.values() ?? []) counts[role] += 1;
    const row: WaitingEvaluator = {
      staffNo: p.staffNo,
      name: p.name,
      section: p.section,
      title: postTitle(p),
      waiting: counts.first + counts.second + counts.cross,
      ...counts,
    };
    return { row, sectionSort: p.sectionSort, position: positionOrder.get(p.position) ?? positions.length };
  });
  rows.sort(
    (x, y) =>
      Number(y.row.waiting > 0) - Number(x.row.waiting > 0) ||
      x.sectionSort - y.sectionSort ||
      (x.row.section ?? '').localeCompare(y.row.section ?? '', 'ja') ||
      x.position - y.position ||
      x.row.staffNo.localeCompare(y.row.staffNo),
  );
  const evaluators = rows.map((r) => r.row);
  const waitingForms = evaluators.reduce((n, e) => n + e.waiting, 0);
  if (input.limit === undefined) return { fy: input.fy, evaluators, waitingForms };
  // The picker's page: the evaluators matching what was typed, the first `limit` of them.
  const key = searchKey(input.query ?? '');
  const matching = key === '' ? evaluators : evaluators.filter((e) => searchKey(evaluatorText(e)).includes(key));
  return {
    fy: input.fy,
    evaluators: matching.slice(0, input.limit),
    waitingForms,
    matching: matching.length,
    withForms: evaluators.filter((e) => e.waiting > 0).length,
  };
}

/** What the picker's search looks in: 職員番号, 氏名, post and 所属. */
function evaluatorText(e: WaitingEvaluator): string {
  return `${e.staffNo} ${e.name} ${e.title} ${e.section ?? ''}`;
}
