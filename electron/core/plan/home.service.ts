import type { HomeTask, HomeView, StuckRow, TurnItem } from '../../../shared/api/plan';
import type { PersonRef } from '../../../shared/api/common';
import { populationKeyOf, populationLabelOf } from '../../../shared/appraisal';
import { APPRAISAL_STATUSES } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import type { Kpi } from '../../../shared/kpi';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import { postingOpen } from '../../../shared/postings';
import { dueOf, isOverdue, phaseOn, stepStarted } from '../../../shared/schedule';
import type { ScheduleStep } from '../../../shared/schedule';
import { isClosedYear } from '../../../shared/closed-year';
import { yearOpenTo } from '../access/closed-year';
import { requireCycle } from '../access/evaluation-access';
import { cycleConfig } from '../appraisal/appraisal.repo';
import { confirmationsOf } from '../appraisal/ranking.repo';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import type { Session } from '../office/office.service';
import { activeApplicationCount, applicationsOfStaffInYear, postingsOfYear } from '../postings/postings.repo';
import { ownForms, personOf, placementFigures, stuckCounts, waitingFor } from './home.repo';
import type { PersonRow } from './home.repo';
import { headlineKpiOf, planYearOf } from './kpi.service';
import type { PlanYear } from './kpi.service';
import { appraisalStatusesOf } from './plan-figures.repo';
import type { AppraisalListPart } from './plan-figures.repo';
import { yearAppraisalParts, yearMboStatuses } from './year-cache';

/*
 * Each role's landing page (docs/home.md): what is the viewer's to do now and by when, the forms
 * waiting for an evaluator (あなたの番), HR's view of the year's progress and of who holds the most
 * waiting forms, the personnel office's placement figures, and the plan's targets the viewer may read.
 *
 * Scope: the own tasks read only the viewer's own forms (the account's staff record); an evaluator's
 * あなたの番 lists only people they evaluate or rate; progress, 滞留 and placement figures go to HR and
 * the personnel office only. Dues come from the year's default calendar (shared/schedule.ts).
 */

/** How many waiting forms the page lists by name (the counts cover them all). */
export const maxTurnItems = 50;
/** How many evaluators HR's 滞留 lists. */
export const maxStuckRows = 10;

function personRef(p: PersonRow): PersonRef {
  return { staffNo: p.staffNo, name: p.name, section: p.section, position: p.position };
}

/** "3月10日" for an ISO date, as the tasks' details word it. */
function monthDay(iso: string): string {
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

type TaskMaker = (
  id: string,
  target: HomeTask['target'],
  title: string,
  detail: string,
  due: string | null,
  count?: number,
) => HomeTask;

function taskMaker(today: string): TaskMaker {
  return (id, target, title, detail, due, count) => ({
    id,
    target,
    title,
    detail,
    due,
    overdue: isOverdue(due, today),
    ...(count === undefined ? {} : { count }),
  });
}

/** The viewer's own forms of the year, and the postings open to them (docs/home.md "Own tasks"). */
function ownTasks(db: Db, fy: number, staffId: number, position: string, today: string): HomeTask[] {
  const task = taskMaker(today);
  const due = (step: ScheduleStep) => dueOf(fy, step);
  const started = (step: ScheduleStep) => stepStarted(fy, step, today);
  const forms = ownForms(db, fy, staffId);
  const tasks: HomeTask[] = [];

  if (forms.selfReport === null || forms.selfReport === '未提出') {
    tasks.push(
      task(
        'self-report',
        'self-report',
        '自己申告を提出する',
        `今年度の自己申告書がまだ提出されていません。${monthDay(due('selfReport'))}までに提出してください。`,
        due('selfReport'),
      ),
    );
  }

  const mbo = forms.mbo ?? '未提出';
  if (mbo === '未提出') {
    tasks.push(
      task(
        'mbo-goals',
        'mbo',
        '目標管理シートの目標を設定して提出する',
        `今年度の目標を記入し、${monthDay(due('goals'))}までに1次評価者へ提出してください。`,
        due('goals'),
      ),
    );
  } else if (mbo === '差し戻し') {
    tasks.push(
      task(
        'mbo-sent-back',
        'mbo',
        '差し戻された目標を修正して再提出する',
        '1次評価者から目標管理シートが差し戻されました。コメントを確認して修正し、再提出してください。',
        due('goals'),
      ),
    );
  } else if (mbo === '承認済' && started('yearEnd')) {
    tasks.push(
      task(
        'mbo-year-end',
        'mbo',
        '目標の期末自己評価を提出する',
        `承認された目標ごとに達成度を自己評価し、${monthDay(due('yearEnd'))}までに提出してください。`,
        due('yearEnd'),
      ),
    );
  } else if (mbo === '承認済' && started('midterm') && forms.midRecorded === 0) {
    tasks.push(
      task(
        'mbo-midterm',
        'mbo',
        '目標の中間の進捗を記入する',
        `目標ごとの進捗率と取組状況を${monthDay(due('midterm'))}までに記入してください。`,
        due('midterm'),
      ),
    );
  }

  // The appraisal's 本人 stage: the 区長 is not appraised (the appraisal list leaves them out).
  if (position !== '区長' && (forms.appraisal ?? '未着手') === '未着手' && started('yearEnd')) {
    tasks.push(
      task(
        'appraisal-self',
        'appraisal',
        '人事考課の自己評価を提出する',
        `能力評価の各項目を自己評価し、${monthDay(due('yearEnd'))}までに提出してください。`,
        due('yearEnd'),
      ),
    );
  }

  // Open postings the person has not applied to (a withdrawn application may be made again).
  const applied = new Set(
    applicationsOfStaffInYear(db, staffId, fy)
      .filter((a) => a.status !== '辞退')
      .map((a) => a.postingId),
  );
  for (const p of postingsOfYear(db, fy)) {
    if (!postingOpen(p.status, p.deadline, today) || applied.has(p.id)) continue;
    tasks.push(
      task(
        `posting-${p.id}`,
        'postings',
        `${p.kind}「${p.title}」に応募できます`,
        `${monthDay(p.deadline)}まで募集しています。内容と応募条件を確認してください。`,
        p.deadline,
      ),
    );
  }
  return tasks;
}

/** The evaluator's あなたの番: counted by kind, the first ones listed, each with its stage's deadline. */
function turnOf(
  db: Db,
  fy: number,
  staffId: number | null,
  open: boolean,
  today: string,
): NonNullable<HomeView['turn']> {
  const rows = staffId === null || !open ? [] : waitingFor(db, fy, staffId, today);
  const stepOf: Record<string, ScheduleStep> = {
    '1次評価': 'first',
    '2次評価': 'second',
    調整: 'adjust',
    目標の承認: 'goals',
    // Cross-section ratings are given before the 1次 submits (appraisal/cross.service.ts).
    他所属評価: 'first',
  };
  const counts = { appraisal: 0, mbo: 0, cross: 0 };
  for (const r of rows) counts[r.kind] += 1;
  const items: TurnItem[] = rows.slice(0, maxTurnItems).map((r) => {
    const step = stepOf[r.stage];
    const due = step === undefined ? undefined : dueOf(fy, step);
    return {
      kind: r.kind,
      stage: r.stage,
      person: personRef(r),
      ...(due === undefined ? {} : { due, overdue: isOverdue(due, today) }),
    };
  });
  return { counts, items, total: rows.length };
}

/** The year's ranking populations (docs/ranking.md) in screen order, confirmed or not. */
function rankingsOf(
  db: Db,
  fy: number,
  parts: readonly AppraisalListPart[],
): { population: string; confirmed: boolean }[] {
  const units = cycleConfig(db, fy).rankingUnits;
  const confirmed = confirmationsOf(db, fy);
  const byGroup = new Map<GradeGroup, { key: string; label: string }[]>(gradeGroups.map((g) => [g, []]));
  for (const part of parts) {
    const g = part.gradeGroup as GradeGroup;
    const list = byGroup.get(g);
    if (!list) continue;
    const key = populationKeyOf(units[g], g, part.section);
    if (!list.some((p) => p.key === key)) {
      list.push({ key, label: populationLabelOf(units[g], g, part.section) });
    }
  }
  // A grade group ranked 区全体 keeps its population even when empty, as the ranking screen does.
  for (const g of gradeGroups) {
    const list = byGroup.get(g)!;
    if (units[g] === '区全体' && list.length === 0) list.push({ key: g, label: populationLabelOf('区全体', g, null) });
  }
  return gradeGroups.flatMap((g) =>
    byGroup.get(g)!.map((p) => ({ population: p.label, confirmed: confirmed.has(p.key) })),
  );
}

function sumOf(counts: Map<string, number>, statuses: readonly string[]): number {
  return statuses.reduce((n, s) => n + (counts.get(s) ?? 0), 0);
}

function total(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

/** HR's progress; `selfReports` is the board per status planYearOf has already counted. */
function progressOf(db: Db, fy: number, selfReports: Map<string, number>): NonNullable<HomeView['progress']> {
  const mbo = yearMboStatuses(db, fy);
  const parts = yearAppraisalParts(db, fy);
  const appraisals = appraisalStatusesOf(parts);
  return {
    selfReports: { submitted: sumOf(selfReports, ['提出済', '面談済']), total: total(selfReports) },
    mbo: { approved: sumOf(mbo, ['承認済', '自己評価済']), total: total(mbo) },
    appraisals: APPRAISAL_STATUSES.map((status) => ({ status, count: appraisals.get(status) ?? 0 })),
    rankings: rankingsOf(db, fy, parts),
  };
}

/** HR's own work of the year that the page can state honestly: populations left to confirm. */
function hrTasks(fy: number, progress: NonNullable<HomeView['progress']>, today: string): HomeTask[] {
  const task = taskMaker(today);
  const unconfirmed = progress.rankings.filter((r) => !r.confirmed).length;
  if (unconfirmed === 0 || !stepStarted(fy, 'adjust', today)) return [];
  const due = dueOf(fy, 'adjust');
  return [
    task(
      'rankings',
      'appraisal',
      '相対評価を確定する',
      `未確定の母集団が${unconfirmed}件あります。${monthDay(due)}までに調整者の決定を確認して確定してください。`,
      due,
      unconfirmed,
    ),
  ];
}

function personnelTasks(figures: NonNullable<HomeView['placement']>, today: string): HomeTask[] {
  const task = taskMaker(today);
  const tasks: HomeTask[] = [];
  if (figures.transferWishes > 0) {
    tasks.push(
      task(
        'placement-wishes',
        'placement',
        '異動希望者を確認する',
        `今年度の自己申告で異動を希望した職員が${figures.transferWishes}人います。人事配置の一覧で「異動希望」に絞り込めます。`,
        null,
        figures.transferWishes,
      ),
    );
  }
  if (figures.postingApplications > 0) {
    tasks.push(
      task(
        'placement-applications',
        'placement',
        '公募への応募者の経歴を確認する',
        `今年度の公募への応募が${figures.postingApplications}件あります。人事配置の一覧で応募者の経歴・評価を確認できます。`,
        null,
        figures.postingApplications,
      ),
    );
  }
  tasks.push(
    task(
      'placement-list',
      'placement',
      '人事配置の資料を作る',
      '職員ごとの経歴・評価・研修・公募応募を一覧で確認し、配置検討用の資料（Excel・PDF）を出力します。',
      null,
    ),
  );
  return tasks;
}

/**
 * The KPIs a role reads: HR and personnel every one (planYearOf, whose self-report counts HR's
 * progress reuses); the others only the plan's headline
 * share, built from the same count kpisOf builds it from, without computing every other KPI for
 * every staff member's landing page.
 */
function kpisFor(db: Db, session: Session, fy: number): PlanYear | Kpi[] {
  if (session.role === 'hr' || session.role === 'personnel') return planYearOf(db, fy);
  return [headlineKpiOf(db, fy)];
}

/** `home:view`: the viewer's landing page of a year (docs/home.md). A year without a cycle is refused. */
export function homeView(db: Db, session: Session, input: { fy: number }, now: Date = new Date()): HomeView {
  const { fy } = input;
  requireCycle(db, fy);
  const today = todayIso(now);
  // A closed year is nobody's to work on but HR's (docs/closed-years.md): no tasks, no turn.
  const open = yearOpenTo(session, fy, now);
  const staffId = linkedStaffId(db, session.accountId);
  const self = staffId === null ? undefined : personOf(db, staffId);

  const tasks: HomeTask[] = [];
  // One's own forms of a closed year are done with, HR's own included: HR keeps the year open to
  // mend others' data, not to be reminded of their own overdue self-report.
  if (self && !isClosedYear(fy, now)) tasks.push(...ownTasks(db, fy, self.staffId, self.position, today));

  const kpis = kpisFor(db, session, fy);
  const progress = session.role === 'hr' && !Array.isArray(kpis) ? progressOf(db, fy, kpis.selfReportStatuses) : null;
  if (progress && open) tasks.push(...hrTasks(fy, progress, today));
  const stuck: StuckRow[] | null =
    session.role === 'hr'
      ? stuckCounts(db, fy, today, maxStuckRows).map((r) => ({
          evaluator: personRef(r),
          stage: r.stage,
          waiting: r.waiting,
        }))
      : null;

  const placement =
    session.role === 'personnel'
      ? { ...placementFigures(db, fy), postingApplications: activeApplicationCount(db, fy) }
      : null;
  if (placement && open) tasks.push(...personnelTasks(placement, today));

  return {
    fy,
    today,
    role: session.role,
    phase: phaseOn(fy, today),
    person: self ? personRef(self) : null,
    tasks,
    turn: session.role === 'evaluator' ? turnOf(db, fy, self?.staffId ?? null, open, today) : null,
    progress,
    stuck,
    kpis: Array.isArray(kpis) ? kpis : kpis.kpis,
    placement,
  };
}
