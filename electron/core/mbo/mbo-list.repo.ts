import type { MboListSort } from '../../../shared/api/mbo';
import type { PageRequest } from '../../../shared/api/common';
import { AREA_GOAL_CATEGORY, MBO_STATUSES } from '../../../shared/mbo';
import type { MboStatus } from '../../../shared/mbo';
import type { Db } from '../db/connection';
import { boardPageOrder, boardSearchParams, boardSearchSql, orderOfValues } from '../db/paging';
import type { MboListRecord } from './mbo.repo';

/*
 * The 進捗状況 board of a year at city scale (docs/lists.md): the people are filtered, counted and
 * sorted here, and only a page of them leaves the database; the figures above the board are SQL
 * aggregates. The board is who listRecords lists: every active staff member and anyone with a sheet
 * that year, optionally one section, optionally only the people the caller may see.
 */

export type MboBoardScope = {
  fy: number;
  section: string | null;
  /** The staff ids the caller may see; null: everyone. */
  only: readonly number[] | null;
};

export type MboBoardFilter = {
  status: MboStatus | null;
  /** The search key of the query (shared/text.ts searchKey), '' for none … */
  key: string;
  /** … and the query as typed (NFKC) without spaces, matched as it is against 氏名 and 所属. */
  text: string;
  withoutAreaGoal: boolean;
};

export type MboBoardGroup = { section: string | null; status: MboStatus; n: number; withoutAreaGoal: number };

// Every person of the board with the columns the filters and the orders use. The goal figures are
// read per sheet through the (sheet_id, position) index, and only where a query uses them: the page's
// own rows are read by the service.
const board = `
  board AS (
    SELECT s.id AS staffId, s.staff_no AS staffNo, s.name, s.kana, sec.name AS section, l.name AS line, s.position,
           m.id AS sheetId, coalesce(m.status, '未提出') AS status, m.submitted_at AS submittedAt,
           m.approved_at AS approvedAt, m.updated_at AS updatedAt,
           (SELECT count(*) FROM mbo_goals g WHERE g.sheet_id = m.id) AS goals,
           (SELECT count(*) > 0 AND coalesce(max(g.category = '${AREA_GOAL_CATEGORY}'), 0) = 0
            FROM mbo_goals g WHERE g.sheet_id = m.id) AS noAreaGoal,
           s.section_id AS sectionId, sec.sort AS sectionSort, l.sort AS lineSort
    FROM staff s
    LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
    LEFT JOIN sections sec ON sec.id = s.section_id
    LEFT JOIN lines l ON l.id = s.line_id
    WHERE (s.active = 1 OR m.id IS NOT NULL) AND (@section IS NULL OR sec.name = @section)
      AND (@only IS NULL OR s.id IN (SELECT value FROM json_each(@only)))
  )`;

// Names and readings are stored with a full-width space between family and given name.
const narrowed = `
  narrowed AS (
    SELECT * FROM board
    WHERE (@status IS NULL OR status = @status)
      AND (@withoutAreaGoal = 0 OR noAreaGoal)
      AND ${boardSearchSql}
  )`;

const statusOrder = orderOfValues('status', MBO_STATUSES);

/**
 * Each sortable field but `org` as SQL over the board (written here, never taken from the caller).
 * A section sorts by its place in the organisation (its sort key, then its id).
 */
const sortColumns: Record<Exclude<MboListSort, 'org'>, string> = {
  staffNo: 'staffNo',
  name: "coalesce(nullif(replace(kana, '　', ''), ''), name)",
  section: 'sectionSort * 4294967296 + sectionId',
  line: 'line',
  status: statusOrder,
  goals: 'goals',
  submittedAt: 'submittedAt',
  approvedAt: 'approvedAt',
  updatedAt: 'updatedAt',
};

function scopeParams(scope: MboBoardScope): Record<string, unknown> {
  return {
    fy: scope.fy,
    section: scope.section,
    only: scope.only === null ? null : JSON.stringify(scope.only),
  };
}

function filterParams(f: MboBoardFilter): Record<string, unknown> {
  return {
    status: f.status,
    withoutAreaGoal: f.withoutAreaGoal ? 1 : 0,
    ...boardSearchParams(f.key, f.text),
  };
}

/** The board's figures: how many people per section and status, and the written sheets without a 地域担当目標. */
export function boardGroups(db: Db, scope: MboBoardScope): MboBoardGroup[] {
  return db
    .prepare(
      `WITH ${board}
       SELECT section, status, count(*) AS n, sum(noAreaGoal) AS withoutAreaGoal
       FROM board GROUP BY sectionId, status
       ORDER BY sectionSort, sectionId, ${statusOrder}`,
    )
    .all(scopeParams(scope)) as MboBoardGroup[];
}

/** How many people the narrowed board has. */
export function boardCount(db: Db, scope: MboBoardScope, filter: MboBoardFilter): number {
  const r = db
    .prepare(`WITH ${board}, ${narrowed} SELECT count(*) AS n FROM narrowed`)
    .get({ ...scopeParams(scope), ...filterParams(filter) }) as { n: number };
  return r.n;
}

/** The staff ids of the narrowed board (a list asked for without a page, with filters). */
export function boardStaffIds(db: Db, scope: MboBoardScope, filter: MboBoardFilter): Set<number> {
  const rows = db
    .prepare(`WITH ${board}, ${narrowed} SELECT staffId FROM narrowed`)
    .all({ ...scopeParams(scope), ...filterParams(filter) }) as { staffId: number }[];
  return new Set(rows.map((r) => r.staffId));
}

/**
 * One page of the narrowed board, sorted (docs/lists.md), ties by 職員番号. Only the columns of the
 * list's records: the page's goals are read by the service.
 */
export function boardPage(
  db: Db,
  scope: MboBoardScope,
  filter: MboBoardFilter,
  page: PageRequest<MboListSort>,
): MboListRecord[] {
  const order = boardPageOrder(sortColumns, page);
  return db
    .prepare(
      `WITH ${board}, ${narrowed}
       SELECT staffId, staffNo, name, section, line, position, sheetId, status, submittedAt, approvedAt, updatedAt
       FROM narrowed ${order.sql}`,
    )
    .all({ ...scopeParams(scope), ...filterParams(filter), ...order.params }) as MboListRecord[];
}
