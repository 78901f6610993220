import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { SELF_REPORT_PROGRESS_SORTS } from '../../shared/api/self-report';
import type { SelfReportProgressSort } from '../../shared/api/self-report';
import type { Input, SelfReportProgress, SelfReportProgressRow } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { meaningfulKpi, selfReportStatuses } from '../../shared/self-report';
import { boardOffice } from '../helpers/board-office';
import { callApi, demoCopy, demoPass, hrPassword, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';
import { walkPages } from '../helpers/walk-pages';

/**
 * selfReport:progress with a `page` (docs/lists.md) against the same channel without one, on the
 * demo office and on a bigger office built with plain inserts: walking every page gives the same
 * people in the same order, the counts and the 意義 KPI are exactly what meaningfulKpi gives over the
 * answers, filters and sorts cover every person once, and only HR may ask.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-sr-paging-');
const contexts: AppContext[] = [];
const demo = {} as Record<'admin' | 'jinji' | 'kacho', AppContext>;
let big: AppContext;

async function login(dbPath: string, name: string, password: string): Promise<AppContext> {
  const c = await loggedIn(dbPath, name, password);
  contexts.push(c);
  return c;
}

beforeAll(async () => {
  const demoPath = await demoCopy(dir);
  for (const name of ['admin', 'jinji', 'kacho'] as const) demo[name] = await login(demoPath, name, demoPass);
  const b = await boardOffice(dir, fy, 3000);
  big = await login(b.dbPath, 'hr', hrPassword);
}, 120_000);

afterAll(() => {
  for (const c of contexts) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Query = Omit<Input<'selfReport:progress'>, 'fy' | 'page'>;

const whole = async (c: AppContext, q: Query = {}): Promise<SelfReportProgress> =>
  ok(await callApi(c, 'selfReport:progress', { fy, ...q }));

/** Every page in turn, `limit` people each (tests/helpers/walk-pages.ts). */
async function walk(c: AppContext, q: Query, limit: number, sort?: SelfReportProgressSort, desc = false) {
  const { rows, first } = await walkPages(
    async (page) => ok(await callApi(c, 'selfReport:progress', { fy, ...q, page })),
    (p) => p.people,
    { limit, sort, desc },
  );
  return { people: rows, first };
}

function figures(p: SelfReportProgress) {
  return { fy: p.fy, section: p.section, totals: p.totals, sections: p.sections, meaningful: p.meaningful };
}

/** The KPI as meaningfulKpi computes it from the stored answers of submitted reports. */
function kpiFromDb(c: AppContext, section: string | null): ReturnType<typeof meaningfulKpi> {
  const answers = c
    .office!.db.prepare(
      `SELECT r.meaningful AS m FROM self_reports r JOIN staff s ON s.id = r.staff_id LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE r.fy = ? AND r.status <> '未提出' AND (? IS NULL OR sec.name = ?)`,
    )
    .all(fy, section, section) as { m: number | null }[];
  return meaningfulKpi(answers.map((a) => a.m));
}

async function samePagedAsWhole(c: AppContext, limit: number, q: Query = {}): Promise<SelfReportProgress> {
  const all = await whole(c, q);
  expect(all.total).toBeUndefined();
  const { people, first } = await walk(c, q, limit);
  expect(people).toEqual(all.people);
  expect(figures(first)).toEqual(figures(all));
  return all;
}

describe('the demo office', () => {
  it('walks page by page to everyone, with the same counts and KPI', async () => {
    const all = await samePagedAsWhole(demo.admin, 9);
    expect(all.people.length).toBeGreaterThan(50);
    expect(all.meaningful.answered).toBeGreaterThan(0);
    expect(all.meaningful).toEqual(kpiFromDb(demo.admin, null));
    const section = all.sections[2]!.section;
    const one = await samePagedAsWhole(demo.admin, 4, { section });
    expect(one.meaningful).toEqual(all.sections[2]!.meaningful);
  });

  it('is HR only, with a page as without', async () => {
    fail(await callApi(demo.jinji, 'selfReport:progress', { fy, page: { offset: 0, limit: 50 } }), 'FORBIDDEN');
    fail(await callApi(demo.kacho, 'selfReport:progress', { fy, page: { offset: 0, limit: 50 } }), 'FORBIDDEN');
  });
});

describe('a bigger office (3,000 staff, plain inserts)', () => {
  it('walks page by page to everyone; the KPI is exactly meaningfulKpi over the answers, per section too', async () => {
    const all = await samePagedAsWhole(big, 200);
    expect(all.meaningful).toEqual(kpiFromDb(big, null));
    for (const s of all.sections.slice(0, 5)) {
      if (s.section !== '（所属なし）') expect(s.meaningful).toEqual(kpiFromDb(big, s.section));
    }
    expect(all.sections[0]!.section).toBe('（所属なし）');
  });

  it('sorts by every field, both ways, each person exactly once', async () => {
    const all = await whole(big);
    const everyone = all.people.map((p) => p.person.staffNo).sort();
    for (const sort of SELF_REPORT_PROGRESS_SORTS) {
      for (const desc of [false, true]) {
        const { people } = await walk(big, {}, 200, sort, desc);
        expect(people.map((p) => p.person.staffNo).sort(), `${sort} ${desc}`).toEqual(everyone);
        if (sort === 'status') {
          const idx = people.map((p) => selfReportStatuses.indexOf(p.status));
          expect(idx).toEqual([...idx].sort((a, b) => (desc ? b - a : a - b)));
        }
        if (sort === 'submittedAt') {
          const dates = people.map((p) => p.submittedAt).filter((d) => d !== null);
          expect(people.slice(dates.length).every((p) => p.submittedAt === null)).toBe(true);
          expect(dates).toEqual([...dates].sort((a, b) => (desc ? (a < b ? 1 : -1) : a < b ? -1 : 1)));
        }
      }
    }
  }, 120_000);

  it('filters by status and query, on pages and without them, leaving the counts alone', async () => {
    const all = await whole(big);
    const cases: { q: Query; keep: (p: SelfReportProgressRow) => boolean }[] = [
      { q: { status: '面談済' }, keep: (p) => p.status === '面談済' },
      { q: { query: '保育' }, keep: (p) => (p.person.section ?? '').includes('保育') },
      {
        q: { query: 'テスト 3', status: '未提出' },
        keep: (p) => p.person.name.replace(/\s/gu, '').includes('テスト3') && p.status === '未提出',
      },
    ];
    for (const { q, keep } of cases) {
      const expected = all.people.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      const { people, first } = await walk(big, q, 150);
      expect(people).toEqual(expected);
      expect(figures(first)).toEqual(figures(all));
      expect((await whole(big, q)).people).toEqual(expected);
    }
  });

  it('answers a page of 100 people in well under 200 KB', async () => {
    const page = ok(await callApi(big, 'selfReport:progress', { fy, page: { offset: 500, limit: 100 } }));
    expect(page.people).toHaveLength(100);
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(100_000);
  });
});
