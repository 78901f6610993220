import type { Parsed, SelfReportCounts, SelfReportList, SelfReportProgressRow } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { selfReportStatuses } from '../../../shared/self-report';
import { nfkc, searchKey } from '../../../shared/text';
import type { Db } from '../db/connection';
import { requireCycle } from '../access/evaluation-access';
import type { Session } from '../office/office.service';
import { linkedStaffId } from '../office/accounts.repo';
import { visibleStaffIds } from '../staff/staff.service';
import { personRefsByIds } from '../staff/assignments.repo';
import { adjusterIdsOf, progressCount, progressGroups, progressPage } from './self-report-progress.repo';
import type { BoardScope, ProgressFilter } from './self-report-progress.repo';
import { rowOf } from './self-report-progress.service';

/*
 * 「担当職員の自己申告」's list (selfReport:list): whose report the caller may open, with its status,
 * filtered, counted and paged in SQL (self-report-progress.repo.ts, docs/lists.md). The scope is
 * staff:list's active staff less the caller: HR and personnel everyone else, an evaluator the people
 * they evaluate. Each row names the person's 所属長 (their 調整者, as the report does). Opening a
 * report is still checked by selfReport:get.
 */

const noSection = '（所属なし）';

type Input = Parsed<'selfReport:list'>;

function zeroCounts(): SelfReportCounts {
  const counts = { total: 0 } as SelfReportCounts;
  for (const s of selfReportStatuses) counts[s] = 0;
  return counts;
}

const noFilter: ProgressFilter = { status: null, key: '', text: '' };

function filterOf(input: Input): ProgressFilter {
  const query = input.query ?? '';
  return {
    status: input.status ?? null,
    key: query === '' ? '' : searchKey(query),
    text: nfkc(query).replace(/\s+/gu, ''),
  };
}

/**
 * Whom the list holds: the people the caller may see, but never the caller — their own report is
 * under 「自分の自己申告書」 — whatever their role. HR's whole-office board (selfReport:progress) still
 * counts everyone, HR's own report included (docs/self-report.md).
 */
function scopeOf(db: Db, session: Session, fy: number): BoardScope {
  const visible = visibleStaffIds(db, session, fy);
  return {
    activeOnly: true,
    only: visible === 'all' ? null : [...visible],
    except: linkedStaffId(db, session.accountId),
  };
}

/**
 * The rows with each person's 所属長: the 調整者 of the assignment in force today, as selfReport:get's
 * `adjuster` (docs/self-report.md), looked up for these rows only.
 */
function withAdjusters(db: Db, fy: number, rows: SelfReportProgressRow[]): SelfReportProgressRow[] {
  const ids = adjusterIdsOf(
    db,
    fy,
    rows.map((r) => r.person.staffNo),
    todayIso(),
  );
  const refs = personRefsByIds(db, [...new Set([...ids.values()].filter((id) => id !== null))]);
  return rows.map((r) => {
    const id = ids.get(r.person.staffNo) ?? null;
    return { ...r, adjuster: id === null ? null : (refs.get(id) ?? null) };
  });
}

/** The list of the year: the figures per section and status, and the rows (a page, or all of them). */
export function selfReportList(db: Db, session: Session, input: Input): SelfReportList {
  requireCycle(db, input.fy);
  const section = input.section ?? null;
  const scope = scopeOf(db, session, input.fy);
  const totals = zeroCounts();
  const bySection = new Map<string, SelfReportCounts>();
  for (const g of progressGroups(db, input.fy, section, scope)) {
    const name = g.section ?? noSection;
    let counts = bySection.get(name);
    if (!counts) {
      counts = zeroCounts();
      bySection.set(name, counts);
    }
    for (const c of [totals, counts]) {
      c.total += g.n;
      c[g.status] += g.n;
    }
  }
  const filter = filterOf(input);
  const narrowed = filter.status !== null || filter.key !== '';
  const total = narrowed ? progressCount(db, input.fy, section, filter, scope) : totals.total;
  // Without a page every row, in organisation order.
  const page = input.page ?? { offset: 0, limit: Math.max(total, 1) };
  return {
    fy: input.fy,
    section,
    totals,
    sections: [...bySection].map(([name, counts]) => ({ section: name, counts })),
    rows: withAdjusters(
      db,
      input.fy,
      progressPage(db, input.fy, section, narrowed ? filter : noFilter, page, scope).map(rowOf),
    ),
    total,
  };
}
