import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { SelfReportProgressSort } from '../../shared/api/self-report';
import type { Input, MboListSort, SelfReportList } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { selfReportStatuses } from '../../shared/self-report';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';
import { walkPages } from '../helpers/walk-pages';

/**
 * The 担当職員 tabs page on the server (docs/lists.md). 「担当職員の自己申告」 lists through
 * selfReport:list: walking its pages gives the list without a page, its people are exactly those
 * staff:list gave the screen before (the active staff the caller may see, never the caller), and its counts match the
 * rows. 「担当職員のシート」 asks mbo:list for a page with the screen's filters (所属, 状態, query):
 * walking the pages gives the same rows as the filtered list without a page.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-others-paging-');
const logins = ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const;
const as = {} as Record<(typeof logins)[number], AppContext>;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const name of logins) as[name] = await loggedIn(dbPath, name, demoPass);
}, 120_000);

afterAll(() => {
  for (const name of logins) as[name]?.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type SrQuery = Omit<Input<'selfReport:list'>, 'fy' | 'page'>;

async function srWhole(c: AppContext, q: SrQuery = {}): Promise<SelfReportList> {
  return ok(await callApi(c, 'selfReport:list', { fy, ...q }));
}

/** Every page in turn (tests/helpers/walk-pages.ts); the figures are the same on every page. */
async function srWalk(c: AppContext, q: SrQuery, limit: number, sort?: SelfReportProgressSort, desc = false) {
  return walkPages(
    async (page) => ok(await callApi(c, 'selfReport:list', { fy, ...q, page })),
    (l) => l.rows,
    { limit, sort, desc, same: (page, first) => expect(page.totals).toEqual(first.totals) },
  );
}

/** The 職員番号 of the caller's own staff member (null: an account with none). */
function ownStaffNo(c: AppContext, login: string): string | null {
  const r = c
    .office!.db.prepare('SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?')
    .get(login) as { no: string } | undefined;
  return r?.no ?? null;
}

/** Who the screen listed before: staff:list's active staff the caller may see, less the caller (issue 16). */
async function staffListScope(c: AppContext, login: string): Promise<string[]> {
  const r = ok(await callApi(c, 'staff:list', { fy, active: 'active', limit: 50_000 }));
  expect(r.rows.length).toBe(r.total);
  const own = ownStaffNo(c, login);
  return r.rows
    .map((s) => s.staffNo)
    .filter((no) => no !== own)
    .sort();
}

const nos = (rows: { person: { staffNo: string } }[]) => rows.map((r) => r.person.staffNo);

describe('selfReport:list (担当職員の自己申告)', () => {
  it('lists exactly the people staff:list gave the screen, for HR, personnel and evaluators', async () => {
    for (const name of ['admin', 'jinji', 'kacho', 'kakaricho'] as const) {
      const whole = await srWhole(as[name]);
      expect([...nos(whole.rows)].sort(), name).toEqual(await staffListScope(as[name], name));
      const own = ownStaffNo(as[name], name);
      if (own !== null) expect(nos(whole.rows), name).not.toContain(own);
      expect(whole.total).toBe(whole.rows.length);
      expect(whole.totals.total).toBe(whole.rows.length);
    }
    // The demo's HR sees everyone (more than the 50 the old picker stopped at), an evaluator a few.
    expect((await srWhole(as.admin)).total).toBeGreaterThan(50);
    const kacho = await srWhole(as.kacho);
    expect(kacho.total).toBeGreaterThan(1);
    expect(kacho.total).toBeLessThan((await srWhole(as.admin)).total);
  });

  it('is refused to a staff member, whose screen has no such tab', async () => {
    fail(await callApi(as.shokuin, 'selfReport:list', { fy, page: { offset: 0, limit: 50 } }), 'FORBIDDEN');
  });

  it('walks page by page to the list without a page, in every order, for HR and an evaluator', async () => {
    for (const name of ['admin', 'kacho'] as const) {
      const whole = await srWhole(as[name]);
      const paged = await srWalk(as[name], {}, 7);
      expect(nos(paged.rows)).toEqual(nos(whole.rows));
      expect(paged.rows).toEqual(whole.rows);
      expect({ totals: paged.first.totals, sections: paged.first.sections }).toEqual({
        totals: whole.totals,
        sections: whole.sections,
      });
      const everyone = [...nos(whole.rows)].sort();
      for (const sort of ['staffNo', 'name', 'section', 'line', 'status', 'submittedAt', 'updatedAt'] as const) {
        for (const desc of [false, true]) {
          const walked = await srWalk(as[name], {}, 9, sort, desc);
          // Every person once, whatever the order.
          expect([...nos(walked.rows)].sort(), `${name} ${sort} ${desc}`).toEqual(everyone);
        }
      }
      const byNo = await srWalk(as[name], {}, 11, 'staffNo', true);
      expect(nos(byNo.rows)).toEqual([...everyone].reverse());
    }
  });

  it('filters by 所属, 状況 and a search on the server, and the counts match the rows', async () => {
    for (const name of ['admin', 'kacho'] as const) {
      const whole = await srWhole(as[name]);
      for (const status of selfReportStatuses) {
        const filtered = await srWalk(as[name], { status }, 5);
        expect(filtered.first.total).toBe(whole.totals[status]);
        expect(nos(filtered.rows)).toEqual(nos(whole.rows.filter((r) => r.status === status)));
        // The figures stay those of the whole list.
        expect(filtered.first.totals).toEqual(whole.totals);
      }
      const section = whole.rows.find((r) => r.person.section !== null)!.person.section!;
      const inSection = await srWalk(as[name], { section }, 6);
      expect(nos(inSection.rows)).toEqual(nos(whole.rows.filter((r) => r.person.section === section)));
      expect(inSection.first.sections.map((s) => s.section)).toEqual([section]);
      expect(inSection.first.totals).toEqual(whole.sections.find((s) => s.section === section)!.counts);
      const someone = whole.rows[whole.rows.length - 1]!;
      const found = await srWalk(as[name], { query: someone.person.staffNo }, 50);
      expect(nos(found.rows)).toContain(someone.person.staffNo);
    }
    // An evaluator's search never reaches beyond their people.
    const mine = new Set(nos((await srWhole(as.kacho)).rows));
    const everyone = (await srWhole(as.admin)).rows.find((r) => !mine.has(r.person.staffNo))!;
    expect((await srWalk(as.kacho, { query: everyone.person.staffNo }, 50)).rows).toEqual([]);
  });

  it('refuses a sort field the list does not have and a page over 200 rows', async () => {
    const bad = { fy, page: { offset: 0, limit: 50, sort: 'meaningful' } } as unknown as Input<'selfReport:list'>;
    fail(await callApi(as.admin, 'selfReport:list', bad), 'VALIDATION');
    fail(await callApi(as.admin, 'selfReport:list', { fy, page: { offset: 0, limit: 201 } }), 'VALIDATION');
    const badStatus = { fy, status: '承認済' } as unknown as Input<'selfReport:list'>;
    fail(await callApi(as.kacho, 'selfReport:list', badStatus), 'VALIDATION');
  });

  it('sends no section of any report: only the person, the status and the dates', async () => {
    const page = ok(await callApi(as.admin, 'selfReport:list', { fy, page: { offset: 0, limit: 200 } }));
    for (const r of page.rows) {
      expect(Object.keys(r).sort()).toEqual([
        'adjuster',
        'interviewedAt',
        'person',
        'status',
        'submittedAt',
        'updatedAt',
      ]);
    }
  });

  it('names each person’s 所属長 (their 調整者) as the opened report does, and null where none is set', async () => {
    const whole = await srWhole(as.admin);
    const withOne = whole.rows.filter((r) => r.adjuster);
    expect(withOne.length).toBeGreaterThan(0);
    const samples = [withOne[0]!, withOne[Math.floor(withOne.length / 2)]!, withOne[withOne.length - 1]!];
    for (const r of samples) {
      const view = ok(await callApi(as.admin, 'selfReport:get', { fy, staffNo: r.person.staffNo }));
      expect(view.adjuster).toBeTruthy();
      expect(r.adjuster, r.person.staffNo).toEqual(view.adjuster);
    }
    // A page says the same as the list without one, and an evaluator's list as HR's.
    const byNo = new Map(whole.rows.map((r) => [r.person.staffNo, r.adjuster]));
    const page = ok(await callApi(as.admin, 'selfReport:list', { fy, page: { offset: 20, limit: 30 } }));
    for (const r of page.rows) expect(r.adjuster).toEqual(byNo.get(r.person.staffNo));
    for (const r of (await srWhole(as.kacho)).rows) expect(r.adjuster).toEqual(byNo.get(r.person.staffNo));

    // Someone whose assignment names no 調整者: null on the list, as on the report.
    const db = as.admin.office!.db;
    const subject = samples[0]!.person.staffNo;
    const assignments = db
      .prepare(
        `SELECT ea.id, ea.adjuster_id AS adjusterId FROM evaluator_assignments ea JOIN staff s ON s.id = ea.staff_id
         WHERE ea.fy = ? AND s.staff_no = ?`,
      )
      .all(fy, subject) as { id: number; adjusterId: number | null }[];
    expect(assignments.length).toBeGreaterThan(0);
    const setAdjuster = db.prepare('UPDATE evaluator_assignments SET adjuster_id = ? WHERE id = ?');
    for (const a of assignments) setAdjuster.run(null, a.id);
    try {
      const found = ok(
        await callApi(as.admin, 'selfReport:list', { fy, query: subject, page: { offset: 0, limit: 50 } }),
      );
      const row = found.rows.find((r) => r.person.staffNo === subject)!;
      expect(row.adjuster).toBeNull();
      expect(ok(await callApi(as.admin, 'selfReport:get', { fy, staffNo: subject })).adjuster).toBeNull();
    } finally {
      for (const a of assignments) setAdjuster.run(a.adjusterId, a.id);
    }
    const again = ok(
      await callApi(as.admin, 'selfReport:list', { fy, query: subject, page: { offset: 0, limit: 50 } }),
    );
    expect(again.rows.find((r) => r.person.staffNo === subject)!.adjuster).toEqual(samples[0]!.adjuster);
  });
});

type MboQuery = Omit<Input<'mbo:list'>, 'fy' | 'page'>;

async function mboWalk(c: AppContext, q: MboQuery, limit: number, sort?: MboListSort, desc = false) {
  return walkPages(
    async (page) => ok(await callApi(c, 'mbo:list', { fy, ...q, page })),
    (l) => l.rows,
    { limit, sort, desc },
  );
}

describe('mbo:list as 「担当職員のシート」 asks for it', () => {
  it('walks the filtered pages to the filtered list without a page, for HR and an evaluator', async () => {
    for (const name of ['admin', 'kacho'] as const) {
      const whole = ok(await callApi(as[name], 'mbo:list', { fy }));
      const section = whole.rows.find((r) => r.person.section !== null)!.person.section!;
      const status = whole.rows[0]!.status;
      const query = whole.rows[whole.rows.length - 1]!.person.staffNo;
      const cases: MboQuery[] = [{}, { section }, { status }, { section, status }, { query }];
      for (const q of cases) {
        const unpaged = ok(await callApi(as[name], 'mbo:list', { fy, ...q }));
        const walked = await mboWalk(as[name], q, 7);
        expect(walked.rows, `${name} ${JSON.stringify(q)}`).toEqual(unpaged.rows);
        expect(walked.first.totals).toEqual(unpaged.totals);
      }
      const sorted = await mboWalk(as[name], { section }, 4, 'name', true);
      const inSection = ok(await callApi(as[name], 'mbo:list', { fy, section }));
      expect([...nos(sorted.rows)].sort()).toEqual([...nos(inSection.rows)].sort());
    }
    // The evaluator's list stays theirs: a narrower list than HR's.
    const hr = ok(await callApi(as.admin, 'mbo:list', { fy, page: { offset: 0, limit: 1 } }));
    const kacho = ok(await callApi(as.kacho, 'mbo:list', { fy, page: { offset: 0, limit: 1 } }));
    expect(kacho.total!).toBeLessThan(hr.total!);
  });

  it('refuses a sort field the list does not have', async () => {
    const bad = { fy, page: { offset: 0, limit: 50, sort: 'weightTotal' } } as unknown as Input<'mbo:list'>;
    fail(await callApi(as.kacho, 'mbo:list', bad), 'VALIDATION');
  });
});
