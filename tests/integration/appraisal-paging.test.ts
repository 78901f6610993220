import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { emptyAppraisalState, insertAppraisal, writeRatings } from '../../electron/core/appraisal/appraisal.repo';
import type { Ratings } from '../../electron/core/appraisal/appraisal.repo';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../../electron/core/mbo/mbo.repo';
import { ensureCycle } from '../../electron/core/staff/staff.repo';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import type { AppraisalList, AppraisalListRow, AppraisalListSort, RankingRow } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Level } from '../../shared/mbo';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 考課一覧 and the ranked rows of 相対評価 page on the server (docs/lists.md) on a real encrypted demo
 * office: the demo year as each role sees it, and the next year with 480 more 係員 (a section of
 * their own, all 調整済, scores with many ties) written with the repos. Walking the pages gives the
 * unpaged answer exactly, whoever asks; sorting is one of the channel's fields or refused.
 */

const fy = fiscalYearOf(new Date());
const big = fy + 1;
const extra = 480;
const dir = tempDir('kaname-appraisal-paging-');
let d: Db;
const ctx = {} as Record<'admin' | 'jinji' | 'kacho' | 'kakaricho' | 'shokuin', AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** 480 係員 in a section of their own, 調整済 in the next year, levels and ratings from a fixed stream. */
function addPeople(db: Db): void {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const levels: readonly Level[] = ['S', 'A', 'B', 'C', 'D'];
  const now = new Date().toISOString();
  db.transaction(() => {
    ensureCycle(db, big);
    const section = Number(
      db.prepare(`INSERT INTO sections (name, sort) VALUES ('ページ試験課', 999)`).run().lastInsertRowid,
    );
    const addStaff = db.prepare(
      `INSERT INTO staff (staff_no, name, kana, section_id, position, grade_group, job_type)
       VALUES (?, ?, ?, ?, '係員', '係員級', '行政')`,
    );
    for (let i = 0; i < extra; i += 1) {
      const id = Number(
        addStaff.run(`P${String(i).padStart(4, '0')}`, `試験　${i}`, `しけん ${i}`, section).lastInsertRowid,
      );
      const sheet = insertSheet(db, big, id, { ...emptySheetState(), status: '自己評価済' }, now);
      const level = levels[Math.floor(rnd() * 5)]!;
      replaceGoals(db, sheet, [
        {
          ...goalStateOf({
            category: '業務目標',
            title: '窓口の改善',
            content: '',
            standard: '待ち時間を減らす',
            priority: null,
            weight: 100,
            difficulty: 'B',
            schedule: '',
            type: '通常',
          }),
          self: { level, comment: '', reason: '' },
          first: { level, comment: '', reason: '' },
          second: { level, comment: '', reason: '' },
        },
      ]);
      const appraisal = insertAppraisal(db, big, id, { ...emptyAppraisalState(), status: '調整済' }, now);
      const ratings: Ratings = new Map();
      for (const item of DEFAULT_APPRAISAL_CONFIG.competencyItems['係員級']) {
        const v = 2 + Math.floor(rnd() * 3);
        ratings.set(item, { self: v, first: v, second: v });
      }
      writeRatings(db, appraisal, ratings);
    }
  })();
}

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  addPeople(d);
}, 120_000);

type ListFilters = { section?: string; status?: AppraisalListRow['status']; mine?: boolean; query?: string };

/** Every page of the list, in order, and the answer of the last page asked. */
async function walk(
  c: AppContext,
  year: number,
  limit: number,
  filters: ListFilters = {},
  sort: { sort?: AppraisalListSort; desc?: boolean } = {},
): Promise<{ rows: AppraisalListRow[]; last: AppraisalList; pages: number }> {
  const rows: AppraisalListRow[] = [];
  let last: AppraisalList;
  let pages = 0;
  for (let offset = 0; ; offset += limit) {
    last = ok(await callApi(c, 'appraisal:list', { fy: year, ...filters, page: { offset, limit, ...sort } }));
    pages += 1;
    expect(last.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...last.rows);
    if (offset + limit >= last.total!) break;
  }
  return { rows, last: last!, pages };
}

const unpaged = async (c: AppContext, year: number) => ok(await callApi(c, 'appraisal:list', { fy: year }));

describe('考課一覧 pages', () => {
  it('without a page the answer is as before: every row, no total', async () => {
    const list = await unpaged(ctx.admin, fy);
    expect(Object.keys(list).sort()).toEqual(['fy', 'rows']);
    expect(list.rows.length).toBeGreaterThan(20);
  });

  it('walking the pages gives the unpaged list, row for row, for HR, personnel and the evaluators', async () => {
    for (const login of ['admin', 'jinji', 'kacho', 'kakaricho'] as const) {
      const full = await unpaged(ctx[login], fy);
      expect(full.rows.length, login).toBeGreaterThan(0);
      const { rows, last, pages } = await walk(ctx[login], fy, 7);
      expect(rows, login).toEqual(full.rows);
      expect(pages).toBe(Math.max(1, Math.ceil(full.rows.length / 7)));
      expect(last.total).toBe(full.rows.length);
      expect(last.all).toBe(full.rows.length);
      expect(last.turns).toBe(full.rows.filter((r) => r.myTurn).length);
      expect(last.sections).toEqual([
        ...new Set(full.rows.map((r) => r.person.section).filter((s): s is string => s !== null)),
      ]);
    }
  });

  it('an evaluator sees only their people, whatever the filter asks; staff are refused', async () => {
    const mine = (await unpaged(ctx.kakaricho, fy)).rows.map((r) => r.person.staffNo);
    const everyone = (await unpaged(ctx.admin, fy)).rows;
    const stranger = everyone.find((r) => !mine.includes(r.person.staffNo))!;
    const asked = ok(
      await callApi(ctx.kakaricho, 'appraisal:list', {
        fy,
        query: stranger.person.staffNo,
        page: { offset: 0, limit: 50 },
      }),
    );
    expect(asked.rows).toEqual([]);
    expect(asked.total).toBe(0);
    fail(await callApi(ctx.shokuin, 'appraisal:list', { fy, page: { offset: 0, limit: 50 } }), 'FORBIDDEN');
  });

  it('filters by section, status, the caller’s turn and a query, counted before the page is cut', async () => {
    const full = (await unpaged(ctx.admin, fy)).rows;
    const section = full.find((r) => r.person.section !== null)!.person.section!;
    const bySection = await walk(ctx.admin, fy, 5, { section });
    expect(bySection.rows).toEqual(full.filter((r) => r.person.section === section));
    const status = full[0]!.status;
    const byStatus = await walk(ctx.admin, fy, 50, { status });
    expect(byStatus.rows).toEqual(full.filter((r) => r.status === status));
    expect(byStatus.last.all).toBe(full.length);

    const kakaricho = (await unpaged(ctx.kakaricho, fy)).rows;
    expect(kakaricho.some((r) => r.myTurn)).toBe(true);
    const turns = await walk(ctx.kakaricho, fy, 50, { mine: true });
    expect(turns.rows).toEqual(kakaricho.filter((r) => r.myTurn));

    const someone = full[3]!.person;
    const byName = await walk(ctx.admin, fy, 50, { query: someone.name.replace(/\s/gu, '') });
    expect(byName.rows.map((r) => r.person.staffNo)).toContain(someone.staffNo);
    expect(byName.rows.every((r) => r.person.name.replace(/\s/gu, '').includes(someone.name.replace(/\s/gu, '')))).toBe(
      true,
    );
  });

  it('sorts the whole list by score, highest first, empty scores last, ties by 職員番号', async () => {
    const full = (await unpaged(ctx.admin, big)).rows;
    expect(full.length).toBeGreaterThan(extra);
    const { rows } = await walk(ctx.admin, big, 200, {}, { sort: 'score', desc: true });
    const expected = [...full].sort((a, b) => {
      if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
      if (a.score !== b.score) return (b.score ?? 0) - (a.score ?? 0);
      return a.person.staffNo < b.person.staffNo ? 1 : -1;
    });
    expect(rows).toEqual(expected);
    expect(rows[0]!.score).not.toBeNull();
    // By name, ascending: the page's people are scored as in the full list.
    const byName = await walk(ctx.admin, big, 200, {}, { sort: 'name' });
    const scoreOf = new Map(full.map((r) => [r.person.staffNo, r.score]));
    expect(byName.rows.map((r) => r.score)).toEqual(byName.rows.map((r) => scoreOf.get(r.person.staffNo)));
    expect(byName.rows.length).toBe(full.length);
  });

  it('refuses a field it cannot sort by and a page over 200', async () => {
    const bad = { fy, page: { offset: 0, limit: 50, sort: 'kana' } };
    fail(await callApi(ctx.admin, 'appraisal:list', bad as never), 'VALIDATION');
    fail(await callApi(ctx.admin, 'appraisal:list', { fy, page: { offset: 0, limit: 201 } }), 'VALIDATION');
  });
});

describe('相対評価 ranked rows page', () => {
  const population = async () => {
    const view = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: big }));
    return [...view.populations].sort((a, b) => b.size - a.size)[0]!.key;
  };

  it('without rowsPage the ranking is as before; with it, the pages concatenate to the full ranking in rank order', async () => {
    const key = await population();
    const full = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key })).result!;
    expect(full.rowsTotal).toBeUndefined();
    expect(full.tieRows).toBeUndefined();
    expect(full.rows.length).toBeGreaterThanOrEqual(extra);
    expect(full.ties.length).toBeGreaterThan(0);
    const rows: RankingRow[] = [];
    for (let offset = 0; offset < full.rows.length; offset += 100) {
      const page = ok(
        await callApi(ctx.admin, 'appraisal:ranking', {
          fy: big,
          population: key,
          rowsPage: { offset, limit: 100 },
        }),
      ).result!;
      expect(page.rowsTotal).toBe(full.rows.length);
      expect(page.rows.length).toBeLessThanOrEqual(100);
      // Everything but the rows is the full answer's; the waiting and excluded names are its first 100.
      const rest = { rows: [], rowsTotal: undefined, tieRows: undefined, waiting: [], excluded: [] };
      expect({ ...page, ...rest, waitingTotal: undefined, excludedTotal: undefined }).toEqual({ ...full, ...rest });
      expect(page.waiting).toEqual(full.waiting.slice(0, 100));
      expect(page.excluded).toEqual(full.excluded.slice(0, 100));
      expect([page.waitingTotal, page.excludedTotal]).toEqual([full.waiting.length, full.excluded.length]);
      expect(page.tieRows).toEqual(full.rows.filter((r) => r.tie));
      rows.push(...page.rows);
    }
    expect(rows).toEqual(full.rows);
    const positions = rows.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('sends the first namesShown of the waiting names with their total, whatever the page (docs/lists.md)', async () => {
    const key = await population();
    const full = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key })).result!;
    expect(full.waiting.length, 'the population has people still waiting').toBeGreaterThan(1);
    const rowsPage = { offset: 0, limit: 10 };
    const one = ok(
      await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key, rowsPage, namesShown: 1 }),
    );
    expect(one.result!.waiting).toEqual(full.waiting.slice(0, 1));
    expect(one.result!.waitingTotal).toBe(full.waiting.length);
    // Nobody can confirm while people wait, whether or not their names were all sent.
    expect(one.result!.canConfirm).toBe(false);
    const all = ok(
      await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key, rowsPage, namesShown: 100_000 }),
    );
    expect(all.result!.waiting).toEqual(full.waiting);
    fail(
      await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key, rowsPage, namesShown: 0 }),
      'VALIDATION',
    );
  });

  it('sorts the ranked rows by score, highest first, and refuses a field it cannot sort by', async () => {
    const key = await population();
    const full = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key })).result!.rows;
    const first = ok(
      await callApi(ctx.admin, 'appraisal:ranking', {
        fy: big,
        population: key,
        rowsPage: { offset: 0, limit: 50, sort: 'score', desc: true },
      }),
    ).result!.rows;
    const expected = [...full].sort((a, b) => b.score - a.score || (a.staffNo < b.staffNo ? 1 : -1)).slice(0, 50);
    expect(first).toEqual(expected);
    const bad = { fy: big, population: key, rowsPage: { offset: 0, limit: 50, sort: 'status' } };
    fail(await callApi(ctx.admin, 'appraisal:ranking', bad as never), 'VALIDATION');
    fail(
      await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key, rowsPage: { offset: 0, limit: 500 } }),
      'VALIDATION',
    );
  });

  it('keeps who may read a ranking: personnel reads it, an evaluator who is nobody’s 調整者 has none, staff are refused', async () => {
    const key = await population();
    const page = { offset: 0, limit: 25 };
    const jinji = ok(await callApi(ctx.jinji, 'appraisal:ranking', { fy: big, population: key, rowsPage: page }));
    expect(jinji.result!.rows.length).toBe(25);
    expect(ok(await callApi(ctx.kakaricho, 'appraisal:ranking', { fy, rowsPage: page })).populations).toEqual([]);
    const none = ok(await callApi(ctx.kakaricho, 'appraisal:ranking', { fy: big, population: key, rowsPage: page }));
    expect(none.result).toBeNull();
    fail(await callApi(ctx.shokuin, 'appraisal:ranking', { fy, rowsPage: page }), 'FORBIDDEN');
  });

  it('a tie decided with rowsPage answers that page', async () => {
    const key = await population();
    const full = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: big, population: key })).result!;
    const tie = full.ties[0]!;
    const view = ok(
      await callApi(ctx.admin, 'appraisal:decideTie', {
        fy: big,
        population: key,
        staffNo: tie.ids[0]!,
        rankClass: tie.classes[0]!,
        rowsPage: { offset: 0, limit: 10 },
      }),
    ).result!;
    expect(view.rows).toHaveLength(10);
    expect(view.rowsTotal).toBe(full.rows.length);
    expect(view.tieRows!.find((r) => r.staffNo === tie.ids[0])).toMatchObject({
      decided: true,
      rankClass: tie.classes[0],
    });
  });
});
