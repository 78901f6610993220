import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { emptyAppraisalState, insertAppraisal } from '../../electron/core/appraisal/appraisal.repo';
import type { Db } from '../../electron/core/db/connection';
import { historyWriter } from '../../electron/core/placement/history.repo';
import { staffWriter } from '../../electron/core/staff/org.repo';
import { gradeGroups, positions } from '../../shared/org';
import type { GradeGroup, Position } from '../../shared/org';
import type { PlacementRow, PlacementSortField } from '../../shared/api/placement';
import { maxSummariesPerPdf, placementSortFields } from '../../shared/api/placement';
import type { Input } from '../../shared/contract';
import type { RankClass } from '../../shared/ranking';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The placement list paged on the server (docs/lists.md, docs/placement.md): on the demo office
 * grown past 5,000 active staff (plain inserts: staff, imported results, 確定 appraisals that must
 * win over an imported row, applications), every page walk — unfiltered, per filter, per sort — gives
 * exactly the unpaged list; a sort the channel does not offer is refused; a page stays under 200 KB;
 * the access rule is the unpaged one; and a print chosen by condition prints exactly the list.
 */

const fy = 2026;
const dir = tempDir('kaname-placement-paging-');
const ctx = {} as Record<'admin' | 'jinji' | 'kacho' | 'shokuin', AppContext>;
let d: Db;
const added = 5200;

type Filters = Omit<Input<'placement:list'>, 'fy' | 'page'>;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const unpaged = async (c: AppContext, filters: Filters = {}) =>
  ok(await callApi(c, 'placement:list', { fy, ...filters }));

/** Every page of the list, `limit` rows at a time; each page's total checked against the first's. */
async function walk(
  filters: Filters,
  limit: number,
  sort?: { sort: PlacementSortField; desc?: boolean },
): Promise<{ rows: PlacementRow[]; total: number }> {
  const rows: PlacementRow[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const page = ok(await callApi(ctx.jinji, 'placement:list', { fy, ...filters, page: { offset, limit, ...sort } }));
    if (total < 0) total = page.total;
    expect(page.total).toBe(total);
    expect(page.rows.length).toBe(Math.min(limit, total - offset));
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  }
  return { rows, total };
}

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kacho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  const rnd = random(15);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sections = d.prepare('SELECT id FROM sections ORDER BY id').pluck().all() as number[];
  const postings = d.prepare('SELECT id FROM postings WHERE fy = ?').pluck().all(fy) as number[];
  expect(postings.length, 'the demo has postings in its year').toBeGreaterThan(0);
  const write = staffWriter(d);
  const history = historyWriter(d);
  const apply = d.prepare(
    `INSERT INTO posting_applications (posting_id, staff_id, applied_at, updated_at) VALUES (?, ?, ?, ?)`,
  );
  const grades: Record<Position, GradeGroup> = {
    区長: '課長級',
    副区長: '課長級',
    課長: '課長級',
    課長代理: '課長代理級',
    係長: '係長級',
    係員: '係員級',
  };
  const day = (y: number, m: number, dd: number) => `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  const now = new Date().toISOString();
  d.transaction(() => {
    for (let i = 0; i < added; i += 1) {
      const position = pick(positions.filter((p) => p !== '区長' && p !== '副区長'));
      const posted = rnd() < 0.05 ? null : day(fy - Math.floor(rnd() * 15), pick([3, 4, 4, 5, 10]), pick([1, 2, 28]));
      const id = write.insert({
        staffNo: `P${String(i).padStart(6, '0')}`,
        name: `配置　試験${i}`,
        kana: `ハイチ　シケン${String((i * 7919) % added).padStart(5, '0')}`,
        // About one in fifty without a 所属: it sorts last.
        sectionId: rnd() < 0.02 ? null : pick(sections),
        lineId: null,
        position,
        gradeGroup: grades[position],
        jobType: '一般事務',
        employment: '正規',
        hiredOn: rnd() < 0.03 ? null : day(fy - Math.floor(rnd() * 38), pick([4, 4, 10]), pick([1, 2])),
        postedOn: posted,
        qualifications: '',
        active: rnd() > 0.03,
      });
      for (const y of [fy - 2, fy - 1, fy]) {
        if (rnd() < 0.7) {
          history({ fy: y, staffId: id, score: null, rankClass: pick<RankClass>([1, 2, 3, 4, 5]), importedAt: now });
        }
      }
      // Kaname's 確定 result of the year wins over the imported one.
      if (i % 97 === 0) {
        insertAppraisal(d, fy - 1, id, { ...emptyAppraisalState(), status: '確定', rankClass: 1 }, now);
        history({ fy: fy - 1, staffId: id, score: null, rankClass: 5, importedAt: now });
      }
      if (rnd() < 0.02) apply.run(pick(postings), id, now, now);
    }
    // The 区長 is never appraised in Kaname: an imported row of the year counts even beside a 確定 appraisal.
    const kucho = d.prepare(`SELECT id FROM staff WHERE position = '区長' AND active = 1`).pluck().get() as number;
    insertAppraisal(d, fy - 2, kucho, { ...emptyAppraisalState(), status: '確定', rankClass: 1 }, now);
    history({ fy: fy - 2, staffId: kucho, score: null, rankClass: 4, importedAt: now });
  })();
}, 120_000);

describe('placement:list paged', () => {
  it('without page answers as before; paged walks give exactly the unpaged list, in its order', async () => {
    const all = await unpaged(ctx.jinji);
    expect(all.total).toBeGreaterThan(maxSummariesPerPdf);
    expect(all.rows.length).toBe(all.total);
    for (const limit of [200, 37]) {
      const paged = await walk({}, limit);
      expect(paged.total).toBe(all.total);
      expect(paged.rows).toEqual(all.rows);
    }
    // Past the end: no rows, the total still told.
    const beyond = ok(await callApi(ctx.jinji, 'placement:list', { fy, page: { offset: all.total + 10, limit: 50 } }));
    expect(beyond).toEqual({ rows: [], total: all.total });
  }, 120_000);

  it('each filter paged gives the unpaged filtered list', async () => {
    const all = await unpaged(ctx.jinji);
    const some = (f: (r: PlacementRow) => boolean) => all.rows.filter(f).length;
    const firstSection = all.rows[0]!.section!;
    const cases: Filters[] = [
      { section: firstSection },
      { gradeGroup: '係長級' },
      { minYearsInPost: 0 },
      { minYearsInPost: 1 },
      { minYearsInPost: 3 },
      { minYearsInPost: 10 },
      { wishesTransfer: true },
      { applied: true },
      ...[1, 2, 3, 4, 5].map((rankClass) => ({ rankClass })),
      { section: firstSection, gradeGroup: '係員級', minYearsInPost: 2, rankClass: 3 },
      { wishesTransfer: true, applied: false, rankClass: null, gradeGroup: null, section: null, minYearsInPost: null },
    ];
    for (const filters of cases) {
      const want = await unpaged(ctx.jinji, filters);
      const got = await walk(filters, 200);
      expect(got.total, JSON.stringify(filters)).toBe(want.total);
      expect(got.rows, JSON.stringify(filters)).toEqual(want.rows);
      // Each condition narrows the list but leaves someone in it: the comparison means something.
      expect(want.total, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(want.total, JSON.stringify(filters)).toBeLessThan(all.total);
    }
    expect(some((r) => r.wishesTransfer)).toBeGreaterThan(0);
    // Kaname's 確定 第1区分 beat the imported 第5区分 of that year, the 区長's imported row counted.
    const p0 = all.rows.find((r) => r.staffNo === 'P000000')!;
    expect(p0.results[1]).toMatchObject({ fy: fy - 1, rankClass: 1, source: 'kaname' });
    const kucho = all.rows.find((r) => r.position === '区長')!;
    expect(kucho.results[0]).toMatchObject({ rankClass: 4, source: 'imported' });
    const ones = await walk({ rankClass: 1 }, 200);
    expect(ones.rows.some((r) => r.staffNo === 'P000000')).toBe(true);
    const fours = await walk({ rankClass: 4 }, 200);
    expect(fours.rows.some((r) => r.position === '区長')).toBe(true);
  }, 240_000);

  it('sorts on the server by each offered field, either way, ties by 職員番号, empty values last', async () => {
    const all = await unpaged(ctx.jinji, { gradeGroup: '係員級' });
    const value: Record<PlacementSortField, (r: PlacementRow) => string | number | null> = {
      section: () => 0,
      staffNo: (r) => r.staffNo,
      name: (r) => r.kana,
      position: (r) => positions.indexOf(r.position),
      gradeGroup: (r) => gradeGroups.indexOf(r.gradeGroup),
      yearsOfService: (r) => r.yearsOfService,
      yearsInPost: (r) => r.yearsInPost,
      wishesTransfer: (r) => (r.wishesTransfer ? 1 : 0),
      applied: (r) => (r.applied ? 1 : 0),
    };
    const sorted = new Set(all.rows.map((r) => r.staffNo));
    for (const sort of placementSortFields.filter((f) => f !== 'section')) {
      for (const desc of [false, true]) {
        const got = await walk({ gradeGroup: '係員級' }, 200, { sort, desc });
        expect(got.rows.length).toBe(all.total);
        expect(new Set(got.rows.map((r) => r.staffNo))).toEqual(sorted);
        const v = value[sort];
        for (let i = 1; i < got.rows.length; i += 1) {
          const [a, b] = [got.rows[i - 1]!, got.rows[i]!];
          const [x, y] = [v(a), v(b)];
          const where = `${sort} ${desc ? 'desc' : 'asc'} at ${i}`;
          if (x === null) expect(y, where).toBeNull();
          if (x === null || y === null || x === y) {
            if (x === y) expect(desc ? a.staffNo > b.staffNo : a.staffNo < b.staffNo, where).toBe(true);
            continue;
          }
          expect(desc ? x > y : x < y, where).toBe(true);
        }
      }
    }
  }, 240_000);

  it('refuses a sort it does not offer, and a page over 200 rows; a page stays under 200 KB', async () => {
    for (const page of [
      { offset: 0, limit: 50, sort: 'qualifications' },
      { offset: 0, limit: 50, sort: 'staff_no; DROP TABLE staff' },
      { offset: 0, limit: 201 },
      { offset: -1, limit: 50 },
    ]) {
      fail(
        await callApi(ctx.jinji, 'placement:list', { fy, page } as unknown as Input<'placement:list'>),
        'VALIDATION',
      );
    }
    const page = ok(await callApi(ctx.jinji, 'placement:list', { fy, page: { offset: 0, limit: 200 } }));
    expect(page.rows.length).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(200 * 1024);
  });

  it('keeps the access rule: HR and the personnel office only', async () => {
    ok(await callApi(ctx.admin, 'placement:list', { fy, page: { offset: 0, limit: 25 } }));
    for (const c of [ctx.kacho, ctx.shokuin]) {
      fail(await callApi(c, 'placement:list', { fy, page: { offset: 0, limit: 25 } }), 'FORBIDDEN');
    }
  });
});

describe('placement:pdf by condition', () => {
  it('prints everyone the conditions match, in the list order, audited with their numbers', async () => {
    const filters = { wishesTransfer: true } as const;
    const want = (await unpaged(ctx.jinji, filters)).rows.map((r) => r.staffNo);
    const pdf = ok(await callApi(ctx.jinji, 'placement:pdf', { what: 'summaries', fy, filters }));
    expect(pdf.people).toBe(want.length);
    expect(pdf.pages).toBe(want.length);
    const audit = d
      .prepare(`SELECT after FROM audit_log WHERE action = 'placement.print' ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get() as string;
    expect(JSON.parse(audit)).toMatchObject({ what: 'summaries', fy, staffNos: want });
  }, 120_000);

  it('refuses both or neither of numbers and conditions, more than the maximum, and others than HR', async () => {
    const pdf = (input: unknown) => callApi(ctx.jinji, 'placement:pdf', input as Input<'placement:pdf'>);
    fail(await pdf({ what: 'summaries', fy }), 'VALIDATION');
    fail(await pdf({ what: 'summaries', fy, staffNos: ['P000001'], filters: { applied: true } }), 'VALIDATION');
    const tooMany = fail(await pdf({ what: 'summaries', fy, filters: {} }), 'VALIDATION');
    expect(tooMany.message).toContain('5,000人');
    fail(await pdf({ what: 'summaries', fy, filters: { section: '存在しない課' } }), 'VALIDATION');
    fail(await callApi(ctx.kacho, 'placement:pdf', { what: 'summaries', fy, filters: { applied: true } }), 'FORBIDDEN');
  });
});
