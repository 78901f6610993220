import type { Parsed, SelfReportCounts, SelfReportProgress, SelfReportProgressRow } from '../../../shared/contract';
import { meaningfulKpi, meaningfulTarget, selfReportStatuses } from '../../../shared/self-report';
import type { MeaningfulKpi, SelfReportStatus } from '../../../shared/self-report';
import { nfkc, searchKey } from '../../../shared/text';
import type { Db } from '../db/connection';
import { requireCycle } from '../access/evaluation-access';
import { progressRecords } from './self-report.repo';
import type { SelfReportProgressRecord } from './self-report.repo';
import { progressCount, progressGroups, progressPage, progressStaffNos } from './self-report-progress.repo';
import type { ProgressFilter } from './self-report-progress.repo';

/*
 * HR's 提出状況 board (selfReport:progress). Without `page` it answers as it always did: everyone,
 * counted in JavaScript. With `page` (docs/lists.md) the people are filtered, counted and sorted in
 * SQL (self-report-progress.repo.ts), and the counts and the 意義 KPI are SQL aggregates.
 */

const noSection = '（所属なし）';

type Input = Parsed<'selfReport:progress'>;

function zeroCounts(): SelfReportCounts {
  const counts = { total: 0 } as SelfReportCounts;
  for (const s of selfReportStatuses) counts[s] = 0;
  return counts;
}

function count(c: SelfReportCounts, status: SelfReportStatus, n = 1): void {
  c.total += n;
  c[status] += n;
}

/** The KPI from its two counts: what meaningfulKpi (shared/self-report.ts) gives for the answers counted. */
export function kpiOfCounts(answered: number, topTwo: number): MeaningfulKpi {
  const share = answered === 0 ? null : topTwo / answered;
  return {
    answered,
    topTwo,
    share,
    target: meaningfulTarget,
    met: share === null ? null : share >= meaningfulTarget,
  };
}

function filterOf(input: Input): ProgressFilter | null {
  const query = input.query ?? '';
  const filter: ProgressFilter = {
    status: input.status ?? null,
    key: query === '' ? '' : searchKey(query),
    text: nfkc(query).replace(/\s+/gu, ''),
  };
  return filter.status === null && filter.key === '' ? null : filter;
}

export function rowOf(r: SelfReportProgressRecord): SelfReportProgressRow {
  return {
    person: { staffNo: r.staffNo, name: r.name, section: r.section, line: r.line, position: r.position },
    status: r.status,
    submittedAt: r.submittedAt,
    interviewedAt: r.interviewedAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * HR's board: per section how many are 未提出 / 提出済 / 面談済, everyone with their status, and the
 * plan's KPI — the share of submitted reports answering 4 or 5 to 「意義のある仕事」 (target 90%).
 * No section of any report's content is included.
 */
export function selfReportProgress(db: Db, input: Input): SelfReportProgress {
  requireCycle(db, input.fy);
  return input.page ? pagedProgress(db, input, input.page) : wholeProgress(db, input);
}

/** Everyone, counted in JavaScript (the answer of the channel without `page`). */
function wholeProgress(db: Db, input: Input): SelfReportProgress {
  const section = input.section ?? null;
  const rows = progressRecords(db, input.fy, section);
  const totals = zeroCounts();
  const bySection = new Map<string, { counts: SelfReportCounts; answers: (number | null)[] }>();
  const allAnswers: (number | null)[] = [];
  for (const r of rows) {
    const name = r.section ?? noSection;
    let entry = bySection.get(name);
    if (!entry) {
      entry = { counts: zeroCounts(), answers: [] };
      bySection.set(name, entry);
    }
    count(totals, r.status);
    count(entry.counts, r.status);
    if (r.status !== '未提出') {
      entry.answers.push(r.meaningful);
      allAnswers.push(r.meaningful);
    }
  }
  const filter = filterOf(input);
  const narrowed = filter === null ? null : progressStaffNos(db, input.fy, section, filter);
  return {
    fy: input.fy,
    section,
    totals,
    sections: [...bySection].map(([name, e]) => ({
      section: name,
      counts: e.counts,
      meaningful: meaningfulKpi(e.answers),
    })),
    people: (narrowed === null ? rows : rows.filter((r) => narrowed.has(r.staffNo))).map(rowOf),
    meaningful: meaningfulKpi(allAnswers),
  };
}

/** One page of the board, its length, the counts and the KPI, all from SQL. */
function pagedProgress(db: Db, input: Input, page: NonNullable<Input['page']>): SelfReportProgress {
  const section = input.section ?? null;
  const filter = filterOf(input);
  const totals = zeroCounts();
  const bySection = new Map<string, { counts: SelfReportCounts; answered: number; topTwo: number }>();
  let answered = 0;
  let topTwo = 0;
  for (const g of progressGroups(db, input.fy, section)) {
    const name = g.section ?? noSection;
    let entry = bySection.get(name);
    if (!entry) {
      entry = { counts: zeroCounts(), answered: 0, topTwo: 0 };
      bySection.set(name, entry);
    }
    count(totals, g.status, g.n);
    count(entry.counts, g.status, g.n);
    entry.answered += g.answered;
    entry.topTwo += g.topTwo;
    answered += g.answered;
    topTwo += g.topTwo;
  }
  return {
    fy: input.fy,
    section,
    totals,
    sections: [...bySection].map(([name, e]) => ({
      section: name,
      counts: e.counts,
      meaningful: kpiOfCounts(e.answered, e.topTwo),
    })),
    people: progressPage(db, input.fy, section, filter ?? { status: null, key: '', text: '' }, page).map(rowOf),
    meaningful: kpiOfCounts(answered, topTwo),
    // Without filters the list is the board the counts cover.
    total: filter === null ? totals.total : progressCount(db, input.fy, section, filter),
  };
}
