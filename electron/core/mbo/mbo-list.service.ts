import type { MboCounts, MboList, MboListRow, Parsed } from '../../../shared/contract';
import { AREA_GOAL_CATEGORY, MBO_STATUSES } from '../../../shared/mbo';
import type { DifficultyCoefficients } from '../../../shared/mbo';
import { nfkc, searchKey } from '../../../shared/text';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import { cycleConfig } from '../appraisal/appraisal.repo';
import { evaluatorRelations, requireCycle } from '../access/evaluation-access';
import type { Relation } from '../access/evaluation-access';
import type { Session } from '../office/office.service';
import { visibleStaffIds } from '../staff/staff.service';
import { goalsOfSheets, goalsOfYear, listRecords } from './mbo.repo';
import type { MboGoalRecord, MboListRecord } from './mbo.repo';
import { boardCount, boardGroups, boardPage, boardStaffIds } from './mbo-list.repo';
import type { MboBoardFilter, MboBoardScope } from './mbo-list.repo';
import { scoreOf } from './mbo.service';

/*
 * The 進捗状況 board and the evaluator's list of sheets (mbo:list). Without `page` it answers as it
 * always did: every row, each scored. With `page` (docs/lists.md) the people are filtered, counted
 * and sorted in SQL (mbo-list.repo.ts), the figures are SQL aggregates, and only the page's rows have
 * their goals read and scored.
 */

const noSection = '（所属なし）';

type Input = Parsed<'mbo:list'>;

function zeroCounts(): MboCounts {
  const c = { total: 0 } as MboCounts;
  for (const s of MBO_STATUSES) c[s] = 0;
  return c;
}

/**
 * Who the caller may see on the board and how they stand to each row. An evaluator's list is the
 * people they evaluate (「担当職員のシート」) and never the caller: their own sheet is on
 * 「自分の目標管理シート」. HR's and personnel's list is the whole office's board (進捗状況), whose
 * figures count everyone, so their own staff member stays on it.
 */
type Scope = {
  /** Staff ids the caller may see (an evaluator's own sheet is not on it); null: everyone. */
  only: number[] | null;
  relationOf: (staffId: number) => Relation;
};

function scopeOf(db: Db, session: Session, fy: number): Scope {
  const visible = visibleStaffIds(db, session, fy);
  if (visible === 'all') {
    const relation: Relation = session.role === 'hr' ? 'hr' : 'personnel';
    return { only: null, relationOf: () => relation };
  }
  const viewerStaffId = linkedStaffId(db, session.accountId);
  // An evaluator's relation to each row, read once for the whole list.
  const relations = viewerStaffId !== null ? evaluatorRelations(db, fy, viewerStaffId) : new Map<number, Relation>();
  return {
    only: [...visible].filter((id) => id !== viewerStaffId),
    relationOf: (staffId) => relations.get(staffId) ?? 'first',
  };
}

function filterOf(input: Input): MboBoardFilter | null {
  const query = input.query ?? '';
  const filter: MboBoardFilter = {
    status: input.status ?? null,
    key: query === '' ? '' : searchKey(query),
    text: nfkc(query).replace(/\s+/gu, ''),
    withoutAreaGoal: input.withoutAreaGoal ?? false,
  };
  return filter.status === null && filter.key === '' && !filter.withoutAreaGoal ? null : filter;
}

const noFilter: MboBoardFilter = { status: null, key: '', text: '', withoutAreaGoal: false };

/** A row of the board: its goal figures and the self score, from the sheet's goals. */
function rowOf(
  r: MboListRecord,
  goals: readonly MboGoalRecord[],
  relation: Relation,
  coefficients: DifficultyCoefficients,
): MboListRow {
  return {
    person: { staffNo: r.staffNo, name: r.name, section: r.section, line: r.line, position: r.position },
    status: r.status,
    goals: goals.length,
    hasAreaGoal: goals.some((x) => x.category === AREA_GOAL_CATEGORY),
    weightTotal: goals.reduce((sum, x) => sum + (x.weight ?? 0), 0),
    selfScore: scoreOf(goals, (x) => x.self, coefficients).score,
    submittedAt: r.submittedAt,
    approvedAt: r.approvedAt,
    updatedAt: r.updatedAt,
    relation,
  };
}

/**
 * The sheets a caller may open, with HR's progress figures: counts per status and section, and
 * the written sheets without a 地域担当目標. An evaluator sees the people they evaluate; HR and
 * personnel everyone. No goal's wording is included.
 */
export function listSheets(db: Db, session: Session, input: Input): MboList {
  requireCycle(db, input.fy);
  return input.page ? pagedList(db, session, input, input.page) : wholeList(db, session, input);
}

/** Every row, each scored (the answer of the channel without `page`). */
function wholeList(db: Db, session: Session, input: Input): MboList {
  const section = input.section ?? null;
  const scope = scopeOf(db, session, input.fy);
  const goals = goalsOfYear(db, input.fy);
  const coefficients = cycleConfig(db, input.fy).difficultyCoefficients;
  const only = scope.only === null ? null : new Set(scope.only);
  const records = listRecords(db, input.fy, section).filter((r) => only === null || only.has(r.staffId));
  const totals = zeroCounts();
  const bySection = new Map<string, { counts: MboCounts; withoutAreaGoal: number }>();
  let withoutAreaGoal = 0;
  const rows: MboListRow[] = records.map((r) => {
    const row = rowOf(
      r,
      r.sheetId === null ? [] : (goals.get(r.sheetId) ?? []),
      scope.relationOf(r.staffId),
      coefficients,
    );
    const name = r.section ?? noSection;
    let entry = bySection.get(name);
    if (!entry) {
      entry = { counts: zeroCounts(), withoutAreaGoal: 0 };
      bySection.set(name, entry);
    }
    for (const c of [totals, entry.counts]) {
      c.total += 1;
      c[r.status] += 1;
    }
    if (row.goals > 0 && !row.hasAreaGoal) {
      entry.withoutAreaGoal += 1;
      withoutAreaGoal += 1;
    }
    return row;
  });
  const filter = filterOf(input);
  const narrowedIds = filter === null ? null : boardStaffIds(db, { fy: input.fy, section, only: scope.only }, filter);
  return {
    fy: input.fy,
    section,
    totals,
    sections: [...bySection].map(([name, e]) => ({ section: name, ...e })),
    rows: narrowedIds === null ? rows : rows.filter((_row, i) => narrowedIds.has(records[i]!.staffId)),
    withoutAreaGoal,
  };
}

/** One page of the board, its length and the figures, from SQL; only the page's sheets are scored. */
function pagedList(db: Db, session: Session, input: Input, page: NonNullable<Input['page']>): MboList {
  const scope = scopeOf(db, session, input.fy);
  const where: MboBoardScope = { fy: input.fy, section: input.section ?? null, only: scope.only };
  const filter = filterOf(input);
  const totals = zeroCounts();
  const bySection = new Map<string, { counts: MboCounts; withoutAreaGoal: number }>();
  let withoutAreaGoal = 0;
  for (const g of boardGroups(db, where)) {
    const name = g.section ?? noSection;
    let entry = bySection.get(name);
    if (!entry) {
      entry = { counts: zeroCounts(), withoutAreaGoal: 0 };
      bySection.set(name, entry);
    }
    for (const c of [totals, entry.counts]) {
      c.total += g.n;
      c[g.status] += g.n;
    }
    entry.withoutAreaGoal += g.withoutAreaGoal;
    withoutAreaGoal += g.withoutAreaGoal;
  }
  const records = boardPage(db, where, filter ?? noFilter, page);
  const goals = goalsOfSheets(
    db,
    records.flatMap((r) => (r.sheetId === null ? [] : [r.sheetId])),
  );
  const coefficients = cycleConfig(db, input.fy).difficultyCoefficients;
  return {
    fy: input.fy,
    section: where.section,
    totals,
    sections: [...bySection].map(([name, e]) => ({ section: name, ...e })),
    rows: records.map((r) =>
      rowOf(r, r.sheetId === null ? [] : (goals.get(r.sheetId) ?? []), scope.relationOf(r.staffId), coefficients),
    ),
    withoutAreaGoal,
    // Without filters the list is the board the figures count.
    total: filter === null ? totals.total : boardCount(db, where, filter),
  };
}
