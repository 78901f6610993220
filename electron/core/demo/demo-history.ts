import { quotas, RANK_CLASSES } from '../../../shared/ranking';
import type { RankClass } from '../../../shared/ranking';
import type { Db } from '../db/connection';
import { historyWriter } from '../placement/history.repo';
import { getSelfReport, updateSelfReport } from '../self-report/self-report.repo';
import { allStaff, lineIds, lineKey, sectionIds, sectionsWithLines, insertTransfer } from '../staff/org.repo';
import type { StaffRecord } from '../staff/org.repo';
import { transfersOf } from '../staff/staff.repo';
import { mulberry32 } from './demo-ward';
import type { DemoAccountSpec } from './demo-ward';

/*
 * What the personnel office's placement summaries (docs/placement.md) need from the demo beyond the
 * year's own forms:
 *
 * - Imported results (人事考課結果, table appraisal_history) for fy-3 … fy-1 for nearly every active
 *   staff member hired by the year's start, as an office that starts with Kaname would import them.
 *   Scores are on Kaname's own scale (docs/scores.md: about 2–5), so that they sit beside the
 *   years Kaname confirms; the classes follow the scores within each 職層 with the default shares
 *   (5/20/60/10/5, docs/ranking.md). A person keeps a level from year to year, with some drift.
 * - Transfer histories that end at the 現所属配属日: everyone posted after they were hired came
 *   from another section on that date, and some moved once before.
 * - A few people five or more years in post wish to move (異動希望) in their submitted self-report,
 *   at most two per section; every 異動希望's reason states the person's real years in post.
 *
 * Deterministic for a fiscal year and seed; it only adds to what demo-ward.ts and
 * demo-self-reports.ts wrote.
 */

type Rng = () => number;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** A standard normal draw (Box–Muller). */
function normal(r: Rng): number {
  const u = Math.max(r(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Whole years from an ISO date to the fiscal year's first day (0 when after it). */
export function yearsInPostAt(postedOn: string, fy: number): number {
  const [y, m, d] = postedOn.split('-').map(Number) as [number, number, number];
  const years = fy - y - (m > 4 || (m === 4 && d > 1) ? 1 : 0);
  return Math.max(0, years);
}

/** Past years' results: one row per year and person, classes by rank within each 職層 and year. */
function insertResults(db: Db, r: Rng, fy: number, people: StaffRecord[], keep: ReadonlySet<string>): void {
  const write = historyWriter(db);
  const importedAt = new Date().toISOString();
  const level = new Map(people.map((p) => [p.id, normal(r)]));
  for (let year = fy - 3; year <= fy - 1; year += 1) {
    const start = `${year}-04-01`;
    const byGroup = new Map<string, { person: StaffRecord; score: number }[]>();
    for (const p of people) {
      if (p.hiredOn === null || p.hiredOn > start) continue;
      // A few have no result for a year (leave, secondment); never the demo logins' people.
      if (!keep.has(p.staffNo) && r() < 0.04) continue;
      const score = round2(Math.min(5, Math.max(1.5, 3.3 + 0.45 * (level.get(p.id) ?? 0) + 0.25 * normal(r))));
      const group = byGroup.get(p.gradeGroup) ?? [];
      group.push({ person: p, score });
      byGroup.set(p.gradeGroup, group);
    }
    for (const group of byGroup.values()) {
      group.sort((a, b) => b.score - a.score || a.person.staffNo.localeCompare(b.person.staffNo));
      const seats = quotas(group.length);
      let i = 0;
      RANK_CLASSES.forEach((c: RankClass, k) => {
        for (let n = 0; n < (seats[k] ?? 0); n += 1, i += 1) {
          const g = group[i];
          if (g) write({ fy: year, staffId: g.person.id, score: g.score, rankClass: c, importedAt });
        }
      });
    }
  }
}

/** Transfers on the 現所属配属日 from another section, and for some one move before it. */
function insertTransfers(db: Db, r: Rng, people: StaffRecord[]): void {
  const sections = sectionsWithLines(db).filter((s) => s.lines.length > 0);
  const sectionId = sectionIds(db);
  const lineId = lineIds(db);
  const lineOf = (section: string, line: string | null): number | null => {
    const sid = sectionId.get(section);
    return sid === undefined || line === null ? null : (lineId.get(lineKey(sid, line)) ?? null);
  };
  const move = (p: StaffRecord, onDate: string, from: (typeof sections)[number], to: string, toLine: string | null) => {
    // Who holds no 担当 (課長, 課長代理, 区長, 副区長) moves between sections as a whole.
    const sectionLevel = p.line === null;
    const fromLine = sectionLevel ? null : pick(r, from.lines);
    insertTransfer(db, {
      staffId: p.id,
      onDate,
      fromSectionId: sectionId.get(from.name) ?? null,
      fromLineId: lineOf(from.name, fromLine),
      toSectionId: sectionId.get(to) ?? null,
      toLineId: lineOf(to, toLine),
    });
    return fromLine;
  };
  for (const p of people) {
    if (p.section === null || p.hiredOn === null || p.postedOn === null || p.postedOn <= p.hiredOn) continue;
    if (p.employment === '会計年度任用') continue;
    const own = transfersOf(db, p.id);
    // Everyone posted after they were hired came from somewhere on that day: a 現所属配属日 with
    // no transfer to it would contradict the 異動履歴 (the 区長 and 副区長 too, from another 課).
    if (own.some((t) => t.onDate === p.postedOn)) continue;
    const from = pick(
      r,
      sections.filter((s) => s.name !== p.section),
    );
    if (!from) continue;
    const fromLine = move(p, p.postedOn, from, p.section, p.line);
    // One move before, three to six years earlier, when the person was already hired then.
    const earlierYear = Number(p.postedOn.slice(0, 4)) - 3 - Math.floor(r() * 4);
    const earlier = `${earlierYear}-04-01`;
    if (r() < 0.5 && earlier > p.hiredOn) {
      const before = pick(
        r,
        sections.filter((s) => s.name !== from.name),
      );
      if (before) move(p, earlier, before, from.name, p.line === null ? null : fromLine);
    }
  }
}

/** The reason a 異動希望 gives, from the person's real years in post. */
function transferReason(years: number): string {
  if (years < 2) return '現所属での経験は短いものの、以前の所属で培った経験をより生かせる分野で働きたいため。';
  return `現所属で${years + 1}年目となり、新しい分野で経験を積みたいため。`;
}

/**
 * Five or more years in post and wishing to move: at most two such people per section, among the
 * submitted self-reports of people who hold no demo login; and every 異動希望's reason made true.
 */
function insertWishes(db: Db, r: Rng, fy: number, people: StaffRecord[], logins: ReadonlySet<string>): void {
  const now = new Date().toISOString();
  const sectionNames = sectionsWithLines(db).map((s) => s.name);
  const submitted = people.flatMap((p) => {
    const report = p.postedOn === null || p.section === null ? undefined : getSelfReport(db, fy, p.id);
    return report && report.status !== '未提出' && p.postedOn !== null && p.section !== null
      ? [{ person: p, section: p.section, years: yearsInPostAt(p.postedOn, fy), report }]
      : [];
  });
  const wishing = new Map<string, number>();
  for (const s of submitted) {
    if (s.years >= 5 && s.report.fields.transferWish === '異動希望')
      wishing.set(s.section, (wishing.get(s.section) ?? 0) + 1);
  }
  for (const { person, section, years, report } of submitted) {
    const fields = { ...report.fields };
    const count = wishing.get(section) ?? 0;
    if (years >= 5 && count < 2 && fields.transferWish !== '異動希望' && !logins.has(person.staffNo)) {
      wishing.set(section, count + 1);
      const others = sectionNames.filter((n) => n !== section);
      const first = pick(r, others);
      const second = pick(
        r,
        others.filter((n) => n !== first),
      );
      fields.transferWish = '異動希望';
      fields.preferences = [first, second].filter((n) => n !== undefined);
      fields.transferTiming = '次年度';
    } else if (fields.transferWish !== '異動希望') continue;
    fields.transferReason = transferReason(years);
    // The confidential sections are written back exactly as stored, to the same report: a sealed
    // value stays bound to this person, year and field (docs/sealed-data.md), and is never opened here.
    const { status, confidential, interview, submittedAt, interviewedAt, reopenReason, reopenedAt } = report;
    const state = { status, fields, confidential, interview, submittedAt, interviewedAt, reopenReason, reopenedAt };
    updateSelfReport(db, report.id, report.version, state, now);
  }
}

/**
 * The demo's history for the placement summaries (see above). `accounts`: the demo logins, whose
 * people always get a full history and a transfer on their 現所属配属日.
 */
export function insertDemoHistory(db: Db, fy: number, accounts: readonly DemoAccountSpec[], seed = 20230401): void {
  const r = mulberry32(seed + fy);
  const logins = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
  const staff = allStaff(db);
  const people = staff.filter((p) => p.active && p.position !== '区長');
  insertResults(db, r, fy, people, logins);
  // Transfers for everyone, those who left during the year included: their 異動履歴 is shown too.
  insertTransfers(db, r, staff);
  insertWishes(db, r, fy, people, logins);
}
