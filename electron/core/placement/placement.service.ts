import type { Page } from '../../../shared/api/common';
import { maxSummariesPerPdf } from '../../../shared/api/placement';
import type {
  LabelledText,
  PlacementPageRequest,
  placementConditions,
  PlacementPdf,
  PlacementRow,
  PlacementSummary,
  placementFilters,
  YearResult,
} from '../../../shared/api/placement';
import type { FileDownload, Parsed, SelfReportFields } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { fiscalYearShort } from '../../../shared/fiscal-year';
import { formatCount } from '../../../shared/numbers';
import { gradeGroups, yearsBetween } from '../../../shared/org';
import { AppError } from '../../../shared/result';
import { selfReportLabels } from '../../../shared/self-report';
import type { z } from 'zod';
import { isConfidentialSection } from '../access/confidentiality';
import { requireCycle } from '../access/evaluation-access';
import { getAppraisal } from '../appraisal/appraisal.repo';
import { awardsOfYear } from '../awards/awards.repo';
import type { AwardRecord } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import { inlineSink } from '../api/outbox';
import type { ExportSink } from '../api/outbox';
import type { Session } from '../office/office.service';
import { applicationsOfPosting, applicationsOfStaff, postingsOfYear } from '../postings/postings.repo';
import { getSelfReport } from '../self-report/self-report.repo';
import { sectionIds, sectionsWithLines } from '../staff/org.repo';
import type { StaffRecord } from '../staff/org.repo';
import { searchStaff, staffById, staffByNo, transfersOf } from '../staff/staff.repo';
import { appendAudit } from '../system/audit.repo';
import { attendanceOfStaff, attendanceOfYear, coursesOfYear } from '../training/training.repo';
import type { AttendanceRecord, CourseRecord } from '../training/training.repo';
import type { Writable } from 'node:stream';
import { renderSectionListPdf, writeSummariesPdf } from './pdf/render';
import { countPlacement, placementHits, placementStaffNos, staffOfIds, transferWishersOfYear } from './placement.repo';
import type { PlacementWhere } from './placement.repo';
import { resultsOfEveryone, resultsOfPerson, resultYears } from './results';
import { sectionListXlsx } from './section-xlsx';

/*
 * 人事配置 (docs/placement.md): the placement list with its filters, each person's one-page summary
 * (人事配置資料), the summaries and the section list (所属別一覧) as PDF, and the section list as Excel.
 * HR and the personnel office read; nobody writes. Every summary viewed, printed or saved is
 * audited with the 職員番号 it shows, never a name or a text.
 *
 * placementRows, summaryOf and summaryReader are the plain reads (no access check, no audit) shared
 * with the PDF benchmark and the CLI; the session-level functions below them are what the channels
 * call: listPlacement, viewSummary, placementPdf and sectionListWorkbook.
 */

export type PlacementFilterValues = Omit<z.infer<typeof placementFilters>, 'fy'> & { fy?: number };

/** Whole years from a date to the fiscal year's 1 April, null without the date (docs/placement.md#years-in-post-and-of-service). */
function yearsTo(fromIso: string | null, fy: number): number | null {
  return fromIso ? yearsBetween(fromIso, `${fy}-04-01`) : null;
}

function assertReader(session: Session): void {
  if (session.role !== 'hr' && session.role !== 'personnel') {
    throw new AppError('FORBIDDEN', '人事配置資料を見られるのは、人事担当と人事配置担当だけです。');
  }
}

function assertSection(db: Db, section: string, field: string): void {
  if (!sectionIds(db).has(section)) {
    throw new AppError('VALIDATION', `所属「${section}」は見つかりません。組織の所属名を指定してください。`, field);
  }
}

/** The staff who applied to a posting (any status, 辞退 included) of the year. */
function applicantsOfYear(db: Db, fy: number): Set<number> {
  const ids = new Set<number>();
  for (const p of postingsOfYear(db, fy)) for (const a of applicationsOfPosting(db, p.id)) ids.add(a.staffId);
  return ids;
}

/**
 * The placement list's rows: active staff matching the filters, by section order, then 職層
 * (課長級 first), then 職員番号. No access check and no audit: the caller's job.
 */
export function placementRows(db: Db, fy: number, filters: PlacementFilterValues = {}): PlacementRow[] {
  const { records } = searchStaff(db, {
    key: '',
    section: filters.section ?? null,
    gradeGroup: filters.gradeGroup ?? null,
    active: 'active',
    only: 'all',
    limit: null,
  });
  const wishers = transferWishersOfYear(db, fy);
  const applicants = applicantsOfYear(db, fy);
  const results = resultsOfEveryone(db, fy);
  const sectionOrder = new Map(sectionsWithLines(db).map((s, i) => [s.name, i]));
  const rows: PlacementRow[] = [];
  for (const s of records) {
    const row: PlacementRow = {
      staffNo: s.staffNo,
      name: s.name,
      kana: s.kana,
      section: s.section,
      line: s.line,
      position: s.position,
      gradeGroup: s.gradeGroup,
      yearsOfService: yearsTo(s.hiredOn, fy),
      yearsInPost: yearsTo(s.postedOn, fy),
      wishesTransfer: wishers.has(s.id),
      applied: applicants.has(s.id),
      qualifications: s.qualifications,
      results: results.of(s.id),
    };
    const min = filters.minYearsInPost ?? null;
    if (min !== null && (row.yearsInPost === null || row.yearsInPost < min)) continue;
    if (filters.wishesTransfer === true && !row.wishesTransfer) continue;
    if (filters.applied === true && !row.applied) continue;
    const rank = filters.rankClass ?? null;
    if (rank !== null && !row.results.some((r) => r.rankClass === rank)) continue;
    rows.push(row);
  }
  const sectionKey = (r: PlacementRow) =>
    r.section === null ? Number.MAX_SAFE_INTEGER : (sectionOrder.get(r.section) ?? Number.MAX_SAFE_INTEGER);
  return rows.sort(
    (a, b) =>
      sectionKey(a) - sectionKey(b) ||
      gradeGroups.indexOf(a.gradeGroup) - gradeGroups.indexOf(b.gradeGroup) ||
      (a.staffNo < b.staffNo ? -1 : a.staffNo > b.staffNo ? 1 : 0),
  );
}

/**
 * The self-report fields a summary prints, in form order: the transfer wish and what goes with it,
 * career wishes, what they want to take on. Only SelfReportFields — the non-confidential sections —
 * can be named here; health and family circumstances are not among them (docs/confidentiality.md).
 */
export const summaryWishFields = [
  'transferWish',
  'preferences',
  'transferReason',
  'transferTiming',
  'careerFuture',
  'careerSkills',
  'qualificationsWanted',
  'postingInterest',
  'postingNote',
] as const satisfies readonly (keyof SelfReportFields)[];

function wishesOf(fields: SelfReportFields): LabelledText[] {
  const out: LabelledText[] = [];
  for (const key of summaryWishFields) {
    // Belt and braces: the list above is typed to the non-confidential fields already.
    if (isConfidentialSection(key)) continue;
    const value = fields[key];
    const text = Array.isArray(value)
      ? value
          .map((v) => v.trim())
          .filter((v) => v !== '')
          .join('、')
      : (value ?? '').trim();
    if (text !== '') out.push({ label: selfReportLabels[key], text });
  }
  return out;
}

function personOf(db: Db, who: number | string): StaffRecord {
  const s = typeof who === 'number' ? staffById(db, who) : staffByNo(db, who);
  if (!s) {
    const what = typeof who === 'number' ? 'この' : `職員番号 ${who} の`;
    throw new AppError('NOT_FOUND', `${what}職員は見つかりません。`, 'staffNo');
  }
  return s;
}

type SummaryAward = PlacementSummary['awards'][number];
type SummaryTraining = PlacementSummary['training'][number];

/**
 * Where a summary's year-bound parts come from: read per person (one summary), or read once for the
 * whole year and looked up (many summaries). Both give the same answer; the tests compare them.
 */
type Sources = {
  results: (s: StaffRecord) => YearResult[];
  /** Decided awards of the three years, by year, then date. */
  awards: (staffId: number) => SummaryAward[];
  /** Training of the three years, newest first. */
  training: (staffId: number) => SummaryTraining[];
};

function decidedAwards(awards: readonly AwardRecord[]): SummaryAward[] {
  return awards
    .filter((a) => a.status === '決定')
    .map((a) => ({
      fy: a.fy,
      title: a.groupName ? `${a.title}（${a.groupName}）` : a.title,
      category: a.category,
      awardedOn: a.awardedOn,
    }));
}

const trainingOf = (a: AttendanceRecord, c: CourseRecord): SummaryTraining => ({
  fy: c.fy,
  title: c.title,
  category: c.category,
  attendedOn: a.attendedOn,
  hours: a.hours,
});

function personSources(db: Db, fy: number): Sources {
  const years = resultYears(fy);
  return {
    results: (s) => resultsOfPerson(db, fy, s),
    awards: (id) => years.flatMap((y) => decidedAwards(awardsOfYear(db, y, id))),
    training: (id) =>
      attendanceOfStaff(db, id)
        .filter((t) => t.course.fy >= years[0] && t.course.fy <= fy)
        .map((t) => trainingOf(t, t.course)),
  };
}

function yearSources(db: Db, fy: number): Sources {
  const years = resultYears(fy);
  const results = resultsOfEveryone(db, fy);
  const awards = new Map<number, AwardRecord[]>();
  for (const y of years) {
    for (const a of awardsOfYear(db, y)) for (const id of a.recipients) awards.set(id, [...(awards.get(id) ?? []), a]);
  }
  const training = new Map<number, { a: AttendanceRecord; c: CourseRecord }[]>();
  for (const y of years) {
    const courses = new Map(coursesOfYear(db, y).map((c) => [c.id, c]));
    for (const a of attendanceOfYear(db, y)) {
      const list = training.get(a.staffId) ?? [];
      list.push({ a, c: courses.get(a.courseId)! });
      training.set(a.staffId, list);
    }
  }
  return {
    results: (s) => results.of(s.id),
    awards: (id) => decidedAwards(awards.get(id) ?? []),
    training: (id) =>
      (training.get(id) ?? [])
        .sort((x, y) => (x.a.attendedOn < y.a.attendedOn ? 1 : x.a.attendedOn > y.a.attendedOn ? -1 : y.a.id - x.a.id))
        .map((t) => trainingOf(t.a, t.c)),
  };
}

function buildSummary(db: Db, fy: number, s: StaffRecord, src: Sources): PlacementSummary {
  // Only the report's status, non-confidential fields and the interview's opinion are read: its
  // `confidential` holds the sealed sections as stored (docs/sealed-data.md), and no summary, print
  // or CLI output of placement ever names them, opened or sealed (docs/confidentiality.md).
  const report = getSelfReport(db, fy, s.id);
  // A draft may still change: only a submitted report's wishes count (docs/placement.md).
  const submitted = report !== undefined && report.status !== '未提出';
  const era = fiscalYearShort(fy, 'era');
  const comments: LabelledText[] = [];
  if (report?.status === '面談済' && report.interview.opinion.trim() !== '') {
    comments.push({ label: `面談の所見（${era}）`, text: report.interview.opinion.trim() });
  }
  const appraisal = getAppraisal(db, fy, s.id);
  if ((appraisal?.status === '調整済' || appraisal?.status === '確定') && appraisal.adjusterComment.trim() !== '') {
    comments.push({ label: `人事考課 調整者所見（${era}）`, text: appraisal.adjusterComment.trim() });
  }
  return {
    fy,
    person: {
      staffNo: s.staffNo,
      name: s.name,
      kana: s.kana,
      section: s.section,
      line: s.line,
      position: s.position,
      gradeGroup: s.gradeGroup,
      jobType: s.jobType,
      employment: s.employment,
      hiredOn: s.hiredOn,
      yearsOfService: yearsTo(s.hiredOn, fy),
      postedOn: s.postedOn,
      yearsInPost: yearsTo(s.postedOn, fy),
      qualifications: s.qualifications,
    },
    transfers: transfersOf(db, s.id).map((t) => ({
      onDate: t.onDate,
      from: [t.fromSection, t.fromLine].filter(Boolean).join(' / ') || null,
      to: [t.toSection, t.toLine].filter(Boolean).join(' / ') || null,
    })),
    wishes: submitted ? wishesOf(report.fields) : [],
    results: src.results(s),
    awards: src.awards(s.id),
    training: src.training(s.id),
    applications: applicationsOfStaff(db, s.id).map((a) => ({
      fy: a.fy,
      kind: a.postingKind,
      title: a.postingTitle,
      status: a.status,
      appliedAt: a.appliedAt,
    })),
    comments,
  };
}

/**
 * One person's placement summary for the fiscal year, active or not. `who` is the staff row's id
 * (a number) or the 職員番号 (a string). NOT_FOUND when there is no such person. No access check
 * and no audit: the caller's job. Holds nothing of the self-report's confidential sections.
 */
export function summaryOf(db: Db, fy: number, who: number | string): PlacementSummary {
  return buildSummary(db, fy, personOf(db, who), personSources(db, fy));
}

/**
 * The same summaries as summaryOf, for many people of one year (a print, the CLI, the benchmark):
 * the year-wide parts — the three years' results, awards and training — are read once when the
 * reader is made, so each summary costs only its person's own reads.
 */
export function summaryReader(db: Db, fy: number): (who: number | string) => PlacementSummary {
  const src = yearSources(db, fy);
  return (who) => buildSummary(db, fy, personOf(db, who), src);
}

/** From this many people on, a print reads the year once rather than each person's years. */
const yearWideFrom = 50;

/** How a print of `count` people reads their summaries: per person for a few, year-wide for many. */
function readerFor(db: Db, fy: number, count: number): (who: number | string) => PlacementSummary {
  return count >= yearWideFrom ? summaryReader(db, fy) : (who) => summaryOf(db, fy, who);
}

// ---------- the channels ----------

/** The list's conditions as the repository takes them. */
function whereOf(db: Db, fy: number, f: Omit<PlacementFilterValues, 'fy'>): PlacementWhere {
  return {
    fy,
    applicants: [...applicantsOfYear(db, fy)],
    section: f.section ?? null,
    gradeGroup: f.gradeGroup ?? null,
    minYearsInPost: f.minYearsInPost ?? null,
    wishesTransfer: f.wishesTransfer === true,
    applied: f.applied === true,
    rankClass: f.rankClass ?? null,
  };
}

/**
 * One page of the placement list (docs/lists.md): filtered, counted and sorted in SQL; only the
 * page's people are read and only their three years' results scored. Row for row what
 * placementRows answers for the same conditions, in the same order without a sort.
 */
export function placementPage(
  db: Db,
  fy: number,
  filters: PlacementFilterValues,
  page: PlacementPageRequest,
): Page<PlacementRow> {
  const where = whereOf(db, fy, filters);
  const total = countPlacement(db, where);
  const hits = placementHits(db, where, page);
  if (hits.length === 0) return { rows: [], total };
  const ids = hits.map((h) => h.id);
  const people = new Map(staffOfIds(db, ids).map((s) => [s.id, s]));
  const results = resultsOfEveryone(db, fy, ids);
  const rows = hits.flatMap((h): PlacementRow[] => {
    const s = people.get(h.id);
    if (!s) return [];
    return [
      {
        staffNo: s.staffNo,
        name: s.name,
        kana: s.kana,
        section: s.section,
        line: s.line,
        position: s.position,
        gradeGroup: s.gradeGroup,
        yearsOfService: yearsTo(s.hiredOn, fy),
        yearsInPost: yearsTo(s.postedOn, fy),
        wishesTransfer: h.wishesTransfer,
        applied: h.applied,
        qualifications: s.qualifications,
        results: results.of(s.id),
      },
    ];
  });
  return { rows, total };
}

/** placement:list (HR and the personnel office): the whole filtered list, or one page of it with `page`. */
export function listPlacement(
  db: Db,
  session: Session,
  input: Parsed<'placement:list'>,
): { rows: PlacementRow[]; total: number } {
  assertReader(session);
  requireCycle(db, input.fy);
  if (input.section) assertSection(db, input.section, 'section');
  const { page, ...filters } = input;
  if (page) return placementPage(db, input.fy, filters, page);
  const rows = placementRows(db, input.fy, filters);
  return { rows, total: rows.length };
}

/** placement:summary: one person's summary on screen, audited as 'placement.view'. */
export function viewSummary(db: Db, session: Session, input: Parsed<'placement:summary'>): PlacementSummary {
  assertReader(session);
  return db.transaction(() => {
    requireCycle(db, input.fy);
    const summary = summaryOf(db, input.fy, input.staffNo);
    appendAudit(db, session.actor, {
      action: 'placement.view',
      entity: 'staff',
      entityId: summary.person.staffNo,
      after: { fy: input.fy, staffNo: summary.person.staffNo },
    });
    return summary;
  })();
}

const compactDate = (iso: string): string => iso.replace(/-/gu, '');

/** A section's name as part of a file name: the characters Windows refuses, spaces and controls become '_'. */
function filePart(section: string): string {
  return section.replace(/[\\/:*?"<>|\s\p{Cc}]+/gu, '_').slice(0, 60);
}

/** The people of a summaries print, in the order given (each once); every unknown 職員番号 named. */
function peopleToPrint(db: Db, staffNos: readonly string[]): StaffRecord[] {
  const unique = [...new Set(staffNos)];
  const found = unique.map((no) => ({ no, s: staffByNo(db, no) }));
  const missing = found.filter((f) => !f.s).map((f) => f.no);
  if (missing.length > 0) {
    const named = missing.slice(0, 10).join('、') + (missing.length > 10 ? ` ほか${missing.length - 10}人` : '');
    throw new AppError('VALIDATION', `職員番号 ${named} の職員は見つかりません。`, 'staffNos');
  }
  return found.map((f) => f.s!);
}

/**
 * Everyone the list's conditions match, in the list's order: a print chosen by condition
 * (「条件に合う全員を選択」). Refused past maxSummariesPerPdf, as a list of 職員番号 is.
 */
function staffNosMatching(db: Db, fy: number, filters: z.infer<typeof placementConditions>): string[] {
  if (filters.section) assertSection(db, filters.section, 'filters.section');
  const where = whereOf(db, fy, filters);
  const count = countPlacement(db, where);
  if (count === 0) throw new AppError('VALIDATION', '条件に合う職員はいません。', 'filters');
  if (count > maxSummariesPerPdf) {
    throw new AppError(
      'VALIDATION',
      `条件に合う職員は${formatCount(count)}です。一度に印刷できるのは${formatCount(maxSummariesPerPdf)}までです。条件を絞ってください。`,
      'filters',
    );
  }
  return placementStaffNos(db, where);
}

/** The print's one audit entry: what, the year, and whose pages (職員番号 only). */
function auditPrint(
  db: Db,
  session: Session,
  action: 'placement.print' | 'placement.export',
  what: 'summaries' | 'section-list',
  fy: number,
  section: string | null,
  staffNos: string[],
): void {
  db.transaction(() => {
    appendAudit(db, session.actor, {
      action,
      entity: 'placement',
      entityId: `${fy}:${what}`,
      after: { what, fy, ...(section === null ? {} : { section }), staffNos },
    });
  })();
}

/**
 * placement:pdf: the summaries of the people named (A4, one page each) or a section's list (A3
 * landscape). Audited as 'placement.print' once the PDF exists — one entry for the whole print.
 */
export async function placementPdf(
  db: Db,
  session: Session,
  input: Parsed<'placement:pdf'>,
  sink: ExportSink = inlineSink,
): Promise<PlacementPdf> {
  assertReader(session);
  requireCycle(db, input.fy);
  const printedOn = todayIso();
  if (input.what === 'summaries') {
    const people = peopleToPrint(
      db,
      input.filters ? staffNosMatching(db, input.fy, input.filters) : (input.staffNos ?? []),
    );
    const read = readerFor(db, input.fy, people.length);
    // Read one summary at a time as its page is drawn: the PDF streams to the sink (docs/exports.md).
    function* summaries(): Generator<PlacementSummary> {
      for (const s of people) yield read(s.id);
    }
    let pages = 0;
    const file = await sink.stream(`人事配置資料_${compactDate(printedOn)}.pdf`, async (out) => {
      ({ pages } = await writeSummariesPdf(summaries(), out, { printedOn }));
    });
    auditPrint(
      db,
      session,
      'placement.print',
      'summaries',
      input.fy,
      null,
      people.map((s) => s.staffNo),
    );
    return { ...file, pages, people: people.length };
  }
  assertSection(db, input.section, 'section');
  const rows = placementRows(db, input.fy, { section: input.section });
  const { data, pages } = await renderSectionListPdf(input.fy, input.section, rows, { printedOn });
  auditPrint(
    db,
    session,
    'placement.print',
    'section-list',
    input.fy,
    input.section,
    rows.map((r) => r.staffNo),
  );
  const file = await sink.bytes(`所属別一覧_${filePart(input.section)}_${compactDate(printedOn)}.pdf`, data);
  return { ...file, pages, people: rows.length };
}

/**
 * The summaries of more people than one 'placement:pdf' takes (`kaname print placement --all` in a
 * large office), written page by page to `out` as each is read: the same reader rule, unknown
 * 職員番号 check, cycle check and one 'placement.print' entry as placementPdf. Answers the pages.
 */
export async function streamPlacementPdf(
  db: Db,
  session: Session,
  fy: number,
  staffNos: readonly string[],
  out: Writable,
): Promise<number> {
  assertReader(session);
  requireCycle(db, fy);
  const people = peopleToPrint(db, staffNos);
  const read = readerFor(db, fy, people.length);
  function* summaries(): Generator<PlacementSummary> {
    for (const s of people) yield read(s.id);
  }
  const { pages } = await writeSummariesPdf(summaries(), out, { printedOn: todayIso() });
  auditPrint(
    db,
    session,
    'placement.print',
    'summaries',
    fy,
    null,
    people.map((s) => s.staffNo),
  );
  return pages;
}

/** placement:sectionXlsx: a section's list as a workbook, audited as 'placement.export'. */
export async function sectionListWorkbook(
  db: Db,
  session: Session,
  input: Parsed<'placement:sectionXlsx'>,
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  assertReader(session);
  requireCycle(db, input.fy);
  assertSection(db, input.section, 'section');
  const rows = placementRows(db, input.fy, { section: input.section });
  const data = await sectionListXlsx(input.fy, input.section, rows);
  auditPrint(
    db,
    session,
    'placement.export',
    'section-list',
    input.fy,
    input.section,
    rows.map((r) => r.staffNo),
  );
  return sink.bytes(`所属別一覧_${filePart(input.section)}_${compactDate(todayIso())}.xlsx`, data);
}
