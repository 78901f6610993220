import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { MBO_LIST_SORTS } from '../../shared/api/mbo';
import type { MboListSort } from '../../shared/api/mbo';
import type { Input, MboList, MboListRow } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { MBO_STATUSES } from '../../shared/mbo';
import { boardOffice, boardPassword } from '../helpers/board-office';
import { callApi, demoCopy, demoPass, hrPassword, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';
import { walkPages } from '../helpers/walk-pages';

/**
 * mbo:list with a `page` (docs/lists.md) against the same channel without one, on the demo office
 * and on a bigger office built with plain inserts: walking every page gives the same people with
 * the same rows in the same order, the figures are the same, filters and sorts cover every row once,
 * and an evaluator still sees only their people.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-mbo-paging-');
const contexts: AppContext[] = [];
const demo = {} as Record<'admin' | 'jinji' | 'kacho' | 'kakaricho' | 'shokuin', AppContext>;
const big = {} as Record<'hr' | 'hyoka', AppContext>;
let evaluatorStaffNo = '';

async function login(dbPath: string, name: string, password: string): Promise<AppContext> {
  const c = await loggedIn(dbPath, name, password);
  contexts.push(c);
  return c;
}

beforeAll(async () => {
  const demoPath = await demoCopy(dir);
  for (const name of ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const) {
    demo[name] = await login(demoPath, name, demoPass);
  }
  const b = await boardOffice(dir, fy, 3000);
  evaluatorStaffNo = b.evaluatorStaffNo;
  big.hr = await login(b.dbPath, 'hr', hrPassword);
  big.hyoka = await login(b.dbPath, 'hyoka', boardPassword);
}, 120_000);

afterAll(() => {
  for (const c of contexts) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Query = Omit<Input<'mbo:list'>, 'fy' | 'page'>;

const list = async (c: AppContext, q: Query = {}): Promise<MboList> => ok(await callApi(c, 'mbo:list', { fy, ...q }));

/** Every page in turn, `limit` rows each (tests/helpers/walk-pages.ts). */
async function walk(
  c: AppContext,
  q: Query,
  limit: number,
  sort?: MboListSort,
  desc?: boolean,
): Promise<{ rows: MboListRow[]; first: MboList }> {
  return walkPages(
    async (page) => ok(await callApi(c, 'mbo:list', { fy, ...q, page })),
    (l) => l.rows,
    { limit, sort, desc },
  );
}

/** The figures of a list, without its rows. */
function figures(l: MboList) {
  return { fy: l.fy, section: l.section, totals: l.totals, sections: l.sections, withoutAreaGoal: l.withoutAreaGoal };
}

async function samePagedAsWhole(c: AppContext, limit: number, q: Query = {}): Promise<MboList> {
  const whole = await list(c, q);
  expect(whole.total).toBeUndefined();
  const { rows, first } = await walk(c, q, limit);
  expect(rows).toEqual(whole.rows);
  expect(figures(first)).toEqual(figures(whole));
  return whole;
}

describe('the demo office', () => {
  it('walks page by page to the whole list, with the same figures, for HR and personnel', async () => {
    const hr = await samePagedAsWhole(demo.admin, 7);
    expect(hr.rows.length).toBeGreaterThan(50);
    expect(new Set(hr.rows.map((r) => r.status))).toEqual(new Set(MBO_STATUSES));
    const personnel = await samePagedAsWhole(demo.jinji, 50);
    expect(personnel.rows.map((r) => r.person.staffNo)).toEqual(hr.rows.map((r) => r.person.staffNo));
    expect(new Set(personnel.rows.map((r) => r.relation))).toEqual(new Set(['personnel']));
  });

  it('walks page by page to the same people for each evaluator, and to nothing for a staff account', async () => {
    for (const c of [demo.kacho, demo.kakaricho]) {
      const whole = await samePagedAsWhole(c, 3);
      expect(whole.rows.length).toBeGreaterThan(0);
      const own = ok(await callApi(c, 'mbo:get', { fy })).person.staffNo;
      expect(whole.rows.map((r) => r.person.staffNo)).not.toContain(own);
    }
    fail(await callApi(demo.shokuin, 'mbo:list', { fy, page: { offset: 0, limit: 50 } }), 'FORBIDDEN');
  });

  it('narrows by section with the figures of that section', async () => {
    const whole = await list(demo.admin);
    const section = whole.sections[1]!.section;
    const one = await samePagedAsWhole(demo.admin, 5, { section });
    expect(one.totals).toEqual(whole.sections[1]!.counts);
    expect(one.rows.every((r) => r.person.section === section)).toBe(true);
  });

  it('refuses a sort field the list does not have and a page over 200 rows', async () => {
    const bad = { fy, page: { offset: 0, limit: 50, sort: 'selfScore' } } as unknown as Input<'mbo:list'>;
    fail(await callApi(demo.admin, 'mbo:list', bad), 'VALIDATION');
    fail(await callApi(demo.admin, 'mbo:list', { fy, page: { offset: 0, limit: 201 } }), 'VALIDATION');
  });
});

describe('a bigger office (3,000 staff, plain inserts)', () => {
  it('walks page by page to the whole list for HR', async () => {
    const whole = await samePagedAsWhole(big.hr, 200);
    // Everyone active and those who left with a sheet; people without a section first, as unpaged.
    expect(whole.totals.total).toBeGreaterThan(2900);
    expect(whole.sections[0]!.section).toBe('（所属なし）');
    expect(whole.withoutAreaGoal).toBeGreaterThan(0);
  });

  it('walks page by page to the same people for the evaluator, never their own sheet', async () => {
    const whole = await samePagedAsWhole(big.hyoka, 25);
    expect(whole.rows.length).toBeGreaterThan(100);
    expect(whole.rows.length).toBeLessThan(400);
    expect(whole.rows.map((r) => r.person.staffNo)).not.toContain(evaluatorStaffNo);
    expect(new Set(whole.rows.map((r) => r.relation))).toEqual(new Set(['first', 'second', 'adjuster']));
    // Every filter and sort stays within the evaluator's people.
    const mine = new Set(whole.rows.map((r) => r.person.staffNo));
    const sorted = await walk(big.hyoka, {}, 40, 'updatedAt', true);
    expect(new Set(sorted.rows.map((r) => r.person.staffNo))).toEqual(mine);
    const found = await walk(big.hyoka, { query: '職員' }, 200);
    expect(new Set(found.rows.map((r) => r.person.staffNo))).toEqual(mine);
  });

  it('sorts by every field, both ways, each person exactly once, ties by 職員番号', async () => {
    const whole = await list(big.hr);
    const org = new Map(whole.rows.map((r, i) => [r.person.staffNo, i]));
    const sectionRank = new Map<string, number>();
    for (const r of whole.rows) {
      if (r.person.section !== null && !sectionRank.has(r.person.section)) {
        sectionRank.set(r.person.section, sectionRank.size);
      }
    }
    const db = big.hr.office!.db;
    const kana = new Map(
      (
        db.prepare('SELECT staff_no AS no, kana, name FROM staff').all() as { no: string; kana: string; name: string }[]
      ).map((r) => [r.no, r.kana === '' ? r.name : r.kana.replace(/　/gu, '')]),
    );
    const value: Record<MboListSort, (r: MboListRow) => string | number | null> = {
      org: (r) => org.get(r.person.staffNo)!,
      staffNo: (r) => r.person.staffNo,
      name: (r) => kana.get(r.person.staffNo)!,
      section: (r) => (r.person.section === null ? null : sectionRank.get(r.person.section)!),
      line: (r) => r.person.line,
      status: (r) => MBO_STATUSES.indexOf(r.status),
      goals: (r) => r.goals,
      submittedAt: (r) => r.submittedAt,
      approvedAt: (r) => r.approvedAt,
      updatedAt: (r) => r.updatedAt,
    };
    const everyone = [...org.keys()].sort();
    for (const sort of MBO_LIST_SORTS) {
      for (const desc of [false, true]) {
        const { rows } = await walk(big.hr, {}, 200, sort, desc);
        expect(rows.map((r) => r.person.staffNo).sort(), `${sort} ${desc}`).toEqual(everyone);
        const sign = desc ? -1 : 1;
        for (let i = 1; i < rows.length; i += 1) {
          const [a, b] = [rows[i - 1]!, rows[i]!];
          const [x, y] = [value[sort](a), value[sort](b)];
          if (x === null || y === null) {
            // Empty values last, either way.
            expect(x === null && y !== null, `${sort} ${desc} at ${i}`).toBe(false);
            if (x !== null || y !== null) continue;
          } else if (x !== y) {
            expect((x < y ? -1 : 1) * sign, `${sort} ${desc} at ${i}: ${x} / ${y}`).toBe(-1);
            continue;
          }
          expect((a.person.staffNo < b.person.staffNo ? -1 : 1) * sign, `${sort} ${desc} tie at ${i}`).toBe(-1);
        }
      }
    }
  }, 120_000);

  it('filters by status, query and missing area goal, on pages and without them, leaving the figures alone', async () => {
    const whole = await list(big.hr);
    const someone = whole.rows[1234]!;
    const cases: { q: Query; keep: (r: MboListRow) => boolean }[] = [
      { q: { status: '差し戻し' }, keep: (r) => r.status === '差し戻し' },
      { q: { withoutAreaGoal: true }, keep: (r) => r.goals > 0 && !r.hasAreaGoal },
      { q: { query: someone.person.staffNo }, keep: (r) => r.person.staffNo.includes(someone.person.staffNo) },
      // Spaces in the query and in the name are ignored; katakana matches as written.
      { q: { query: ' テスト 12' }, keep: (r) => r.person.name.replace(/\s/gu, '').includes('テスト12') },
      { q: { query: '課税' }, keep: (r) => (r.person.section ?? '').includes('課税') },
      {
        q: { query: '課税', status: '提出済', withoutAreaGoal: true },
        keep: (r) =>
          (r.person.section ?? '').includes('課税') && r.status === '提出済' && r.goals > 0 && !r.hasAreaGoal,
      },
      { q: { query: '100%_' }, keep: () => false },
    ];
    for (const { q, keep } of cases) {
      const expected = whole.rows.filter(keep);
      const { rows, first } = await walk(big.hr, q, 100);
      expect(rows, JSON.stringify(q)).toEqual(expected);
      expect(figures(first)).toEqual(figures(whole));
      const unpaged = await list(big.hr, q);
      expect(unpaged.rows).toEqual(expected);
      expect(figures(unpaged)).toEqual(figures(whole));
    }
    expect((await list(big.hr, { query: someone.person.staffNo })).rows.map((r) => r.person.staffNo)).toContain(
      someone.person.staffNo,
    );
  });

  it('answers a page of 100 rows in well under 200 KB', async () => {
    const page = ok(await callApi(big.hr, 'mbo:list', { fy, page: { offset: 1000, limit: 100 } }));
    expect(page.rows).toHaveLength(100);
    const bytes = Buffer.byteLength(JSON.stringify(page));
    expect(bytes).toBeLessThan(100_000);
    expect(Buffer.byteLength(JSON.stringify(await list(big.hr)))).toBeGreaterThan(bytes * 10);
  });
});
