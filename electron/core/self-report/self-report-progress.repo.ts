import type { PageRequest } from '../../../shared/api/common';
import type { SelfReportProgressSort } from '../../../shared/api/self-report';
import { selfReportStatuses } from '../../../shared/self-report';
import type { SelfReportStatus } from '../../../shared/self-report';
import type { Db } from '../db/connection';
import { boardPageOrder, boardSearchParams, boardSearchSql, orderOfValues } from '../db/paging';
import type { SelfReportProgressRecord } from './self-report.repo';

/*
 * The 提出状況 board of a year at city scale (docs/lists.md): the people are filtered, counted and
 * sorted here, and only a page of them leaves the database; the counts and the 意義 KPI above the
 * board are SQL aggregates. The board is who progressRecords lists: every active staff member and
 * anyone with a report that year, optionally one section. 「担当職員の自己申告」's list
 * (selfReport:list) is the same board over a narrower scope: active staff only, optionally only the
 * people the caller may see, and never the caller.
 */

/** Who is on the board besides the section: HR's board is `everyone`. */
export type BoardScope = {
  /** Only active staff (else also anyone with a report that year). */
  activeOnly: boolean;
  /** The staff ids the caller may see; null: everyone. */
  only: readonly number[] | null;
  /** A staff id left off (the caller, on 「担当職員」's list: docs/self-report.md); null: nobody. */
  except?: number | null;
};

export const everyone: BoardScope = { activeOnly: false, only: null };

function scopeParams(scope: BoardScope): Record<string, unknown> {
  return {
    activeOnly: scope.activeOnly ? 1 : 0,
    only: scope.only === null ? null : JSON.stringify(scope.only),
    except: scope.except ?? null,
  };
}

export type ProgressFilter = {
  status: SelfReportStatus | null;
  /** The search key of the query (shared/text.ts searchKey), '' for none … */
  key: string;
  /** … and the query as typed (NFKC) without spaces, matched as it is against 氏名 and 所属. */
  text: string;
};

/**
 * Per section and status: how many people, and among the submitted reports (提出済, 面談済) how many
 * answered 「意義のある仕事」 and how many answered 4 or 5.
 */
export type ProgressGroup = {
  section: string | null;
  status: SelfReportStatus;
  n: number;
  answered: number;
  topTwo: number;
};

const board = `
  board AS (
    SELECT s.staff_no AS staffNo, s.name, s.kana, sec.name AS section, l.name AS line, s.position,
           coalesce(r.status, '未提出') AS status, r.meaningful, r.submitted_at AS submittedAt,
           r.interviewed_at AS interviewedAt, r.updated_at AS updatedAt,
           s.section_id AS sectionId, sec.sort AS sectionSort, l.sort AS lineSort
    FROM staff s
    LEFT JOIN self_reports r ON r.staff_id = s.id AND r.fy = @fy
    LEFT JOIN sections sec ON sec.id = s.section_id
    LEFT JOIN lines l ON l.id = s.line_id
    WHERE (s.active = 1 OR (@activeOnly = 0 AND r.id IS NOT NULL)) AND (@section IS NULL OR sec.name = @section)
      AND (@only IS NULL OR s.id IN (SELECT value FROM json_each(@only)))
      AND (@except IS NULL OR s.id <> @except)
  )`;

// Names and readings are stored with a full-width space between family and given name.
const narrowed = `
  narrowed AS (
    SELECT * FROM board
    WHERE (@status IS NULL OR status = @status)
      AND ${boardSearchSql}
  )`;

const statusOrder = orderOfValues('status', selfReportStatuses);

/**
 * Each sortable field but `org` as SQL over the board (written here, never taken from the caller).
 * A section sorts by its place in the organisation (its sort key, then its id).
 */
const sortColumns: Record<Exclude<SelfReportProgressSort, 'org'>, string> = {
  staffNo: 'staffNo',
  name: "coalesce(nullif(replace(kana, '　', ''), ''), name)",
  section: 'sectionSort * 4294967296 + sectionId',
  line: 'line',
  status: statusOrder,
  submittedAt: 'submittedAt',
  interviewedAt: 'interviewedAt',
  updatedAt: 'updatedAt',
};

function filterParams(f: ProgressFilter): Record<string, unknown> {
  return { status: f.status, ...boardSearchParams(f.key, f.text) };
}

/** The board's figures per section (in organisation order) and status. */
export function progressGroups(
  db: Db,
  fy: number,
  section: string | null,
  scope: BoardScope = everyone,
): ProgressGroup[] {
  return db
    .prepare(
      `WITH ${board}
       SELECT section, status, count(*) AS n,
              sum(status <> '未提出' AND meaningful IS NOT NULL) AS answered,
              sum(status <> '未提出' AND coalesce(meaningful, 0) >= 4) AS topTwo
       FROM board GROUP BY sectionId, status
       ORDER BY sectionSort, sectionId, ${statusOrder}`,
    )
    .all({ fy, section, ...scopeParams(scope) }) as ProgressGroup[];
}

/** How many people the narrowed board has. */
export function progressCount(
  db: Db,
  fy: number,
  section: string | null,
  filter: ProgressFilter,
  scope: BoardScope = everyone,
): number {
  const r = db
    .prepare(`WITH ${board}, ${narrowed} SELECT count(*) AS n FROM narrowed`)
    .get({ fy, section, ...scopeParams(scope), ...filterParams(filter) }) as { n: number };
  return r.n;
}

/** The 職員番号 of the narrowed board (the board asked for without a page, with filters). */
export function progressStaffNos(db: Db, fy: number, section: string | null, filter: ProgressFilter): Set<string> {
  const rows = db
    .prepare(`WITH ${board}, ${narrowed} SELECT staffNo FROM narrowed`)
    .all({ fy, section, ...scopeParams(everyone), ...filterParams(filter) }) as { staffNo: string }[];
  return new Set(rows.map((r) => r.staffNo));
}

/** One page of the narrowed board, sorted (docs/lists.md), ties by 職員番号. */
export function progressPage(
  db: Db,
  fy: number,
  section: string | null,
  filter: ProgressFilter,
  page: PageRequest<SelfReportProgressSort>,
  scope: BoardScope = everyone,
): SelfReportProgressRecord[] {
  const order = boardPageOrder(sortColumns, page);
  return db
    .prepare(
      `WITH ${board}, ${narrowed}
       SELECT staffNo, name, section, line, position, status, meaningful, submittedAt, interviewedAt, updatedAt
       FROM narrowed ${order.sql}`,
    )
    .all({
      fy,
      section,
      ...scopeParams(scope),
      ...filterParams(filter),
      ...order.params,
    }) as SelfReportProgressRecord[];
}

/**
 * Each listed person's 調整者 (staff id) on the evaluator assignment in force on `today` in a year —
 * the latest when more than one is, as evaluatorsInForceOn's first — or null (docs/self-report.md).
 * One query for a page of 「担当職員の自己申告」.
 */
export function adjusterIdsOf(
  db: Db,
  fy: number,
  staffNos: readonly string[],
  today: string,
): Map<string, number | null> {
  const rows = db
    .prepare(
      `SELECT s.staff_no AS staffNo,
              (SELECT ea.adjuster_id FROM evaluator_assignments ea
               WHERE ea.fy = @fy AND ea.staff_id = s.id AND (ea.effective_to IS NULL OR ea.effective_to >= @today)
               ORDER BY ea.effective_from DESC LIMIT 1) AS adjusterId
       FROM staff s WHERE s.staff_no IN (SELECT value FROM json_each(@nos))`,
    )
    .all({ fy, today, nos: JSON.stringify(staffNos) }) as { staffNo: string; adjusterId: number | null }[];
  return new Map(rows.map((r) => [r.staffNo, r.adjusterId]));
}
