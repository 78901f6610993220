import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { APPRAISAL_LIST_SORTS, APPRAISAL_STATUSES } from '../../shared/contract';
import type { AppraisalListRow, AppraisalListSort } from '../../shared/contract';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { ok } from '../helpers/result';

/*
 * HR's and personnel's 考課一覧 page is filtered, counted, sorted and cut in SQL (list.service.ts
 * everyoneListPage, docs/lists.md) rather than from the whole year in memory. On the real demo
 * office: every sortable field in both directions and every filter gives the unpaged list sorted and
 * filtered by the rule written out here — nulls last, ties by 職員番号 in the same direction, 所属 in
 * organisation order (the unpaged list's own order).
 */

const fy = 2026;
const dir = tempDir('kaname-appraisal-list-everyone-');
const ctx = {} as Record<'admin' | 'jinji', AppContext>;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  ctx.admin = await loggedIn(dbPath, 'admin', demoPass);
  ctx.jinji = await loggedIn(dbPath, 'jinji', demoPass);
}, 120_000);

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The rule the paged list follows, applied to the unpaged list. */
function sortedAs(full: readonly AppraisalListRow[], sort: AppraisalListSort, desc: boolean): AppraisalListRow[] {
  const place = new Map<string, number>();
  for (const r of full) if (r.person.section && !place.has(r.person.section)) place.set(r.person.section, place.size);
  const value = (r: AppraisalListRow): string | number | null =>
    ({
      staffNo: r.person.staffNo,
      name: r.person.name,
      section: r.person.section === null ? null : place.get(r.person.section)!,
      gradeGroup: r.person.gradeGroup,
      status: APPRAISAL_STATUSES.indexOf(r.status),
      relation: 0,
      myTurn: r.myTurn ? 1 : 0,
      score: r.score,
      rankClass: r.rankClass,
    })[sort];
  const sign = desc ? -1 : 1;
  return [...full].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if ((x === null) !== (y === null)) return x === null ? 1 : -1;
    if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * sign;
    return (a.person.staffNo < b.person.staffNo ? -1 : 1) * sign;
  });
}

const page = { offset: 0, limit: 200 };

describe('考課一覧 for HR and personnel, paged in SQL', () => {
  it('sorts by every field in both directions as the unpaged list sorted by the rule', async () => {
    for (const login of ['admin', 'jinji'] as const) {
      const full = ok(await callApi(ctx[login], 'appraisal:list', { fy })).rows;
      expect(full.length).toBeGreaterThan(100);
      expect(full.length).toBeLessThanOrEqual(page.limit);
      for (const sort of APPRAISAL_LIST_SORTS) {
        for (const desc of [false, true]) {
          const got = ok(await callApi(ctx[login], 'appraisal:list', { fy, page: { ...page, sort, desc } }));
          expect(got.rows, `${login} ${sort} ${desc ? 'desc' : 'asc'}`).toEqual(sortedAs(full, sort, desc));
          expect(got.total).toBe(full.length);
        }
      }
      // A page in the middle is that slice of the whole order.
      const mid = ok(
        await callApi(ctx[login], 'appraisal:list', { fy, page: { offset: 37, limit: 11, sort: 'name' } }),
      );
      expect(mid.rows).toEqual(sortedAs(full, 'name', false).slice(37, 48));
    }
  });

  it('filters by 所属, status and a query (spaces ignored), counts everyone and lists nobody as HR’s turn', async () => {
    const full = ok(await callApi(ctx.admin, 'appraisal:list', { fy })).rows;
    const section = full.find((r) => r.person.section !== null)!.person.section!;
    const status = full.find((r) => r.status !== '未着手')!.status;
    const someone = full[10]!.person;
    const cases = [
      [{ section }, (r: AppraisalListRow) => r.person.section === section],
      [{ status }, (r: AppraisalListRow) => r.status === status],
      [{ section, status }, (r: AppraisalListRow) => r.person.section === section && r.status === status],
      [{ query: someone.name.replace(/\s/gu, ' ') }, (r: AppraisalListRow) => r.person.name === someone.name],
      [{ query: someone.staffNo }, (r: AppraisalListRow) => r.person.staffNo.includes(someone.staffNo)],
      [{ query: section }, (r: AppraisalListRow) => (r.person.section ?? '').includes(section)],
      [{ query: '該当なしの人' }, () => false],
    ] as const;
    for (const [filters, keep] of cases) {
      const got = ok(await callApi(ctx.admin, 'appraisal:list', { fy, ...filters, page }));
      expect(got.rows, JSON.stringify(filters)).toEqual(sortedAs(full, 'section', false).filter(keep));
      expect(got.total).toBe(full.filter(keep).length);
      expect(got.all).toBe(full.length);
      expect(got.turns).toBe(0);
      expect(got.sections).toEqual([
        ...new Set(full.map((r) => r.person.section).filter((s): s is string => s !== null)),
      ]);
    }
    const mine = ok(await callApi(ctx.admin, 'appraisal:list', { fy, mine: true, page }));
    expect([mine.rows, mine.total, mine.all]).toEqual([[], 0, full.length]);
  });
});
