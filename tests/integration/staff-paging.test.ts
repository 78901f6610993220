import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Input, StaffRow, StaffSortField } from '../../shared/contract';
import { staffSortFields } from '../../shared/contract';
import { employments, gradeGroupOf, gradeGroups, positions } from '../../shared/org';
import { accountStaff, currentFy, db, failure, japanese, ok } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * 職員 pages on the server (docs/lists.md): the demo ward grown by a few thousand people with plain
 * inserts, then every sort, the scope of each role and the refusals, through the dispatcher on the
 * real encrypted database.
 */

const fy = currentFy();
const added = 3200;
let dir: string;
const ctx: Record<'admin' | 'jinji' | 'kakaricho' | 'shokuin', AppContext> = {} as never;
let d: Db;

/** A deterministic sequence, so that a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const familyNames = [
  ['佐藤', 'さとう'],
  ['鈴木', 'すずき'],
  ['高橋', 'たかはし'],
  ['田中', 'たなか'],
  ['渡辺', 'わたなべ'],
] as const;
const givenNames = [
  ['一郎', 'いちろう'],
  ['花子', 'はなこ'],
  ['健', 'けん'],
] as const;
const jobTypes = ['事務', '福祉', '土木', ''] as const;

/** Z + five digits: after the demo's all-digit numbers, so the added people end the 職員番号 order. */
const addedNo = (i: number) => `Z${String(i).padStart(5, '0')}`;

function grow(database: Db): void {
  const next = seeded(15);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  // Two sections whose order is not their id's: one before everything, one tied on sort with the first.
  const firstSort = (database.prepare('SELECT min(sort) AS s FROM sections').get() as { s: number }).s;
  const insSection = database.prepare('INSERT INTO sections (name, sort) VALUES (?, ?)');
  insSection.run('区政監理室', firstSort - 5);
  insSection.run('特命担当課', firstSort);
  const early = database.prepare("SELECT id FROM sections WHERE name = '区政監理室'").get() as { id: number };
  const insLine = database.prepare('INSERT INTO lines (section_id, name, sort) VALUES (?, ?, ?)');
  insLine.run(early.id, '監理担当', 20);
  insLine.run(early.id, '調整担当', 10);
  const sections = database.prepare('SELECT id FROM sections').all() as { id: number }[];
  const lines = database.prepare('SELECT id, section_id AS sectionId FROM lines').all() as {
    id: number;
    sectionId: number;
  }[];
  const ins = database.prepare(
    `INSERT INTO staff (staff_no, name, kana, section_id, line_id, position, grade_group, job_type, employment,
       hired_on, posted_on, qualifications, active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
  );
  database.transaction(() => {
    for (let i = 0; i < added; i += 1) {
      const [family, familyKana] = pick(familyNames);
      const [given, givenKana] = pick(givenNames);
      const section = next() < 0.05 ? null : pick(sections).id;
      const ofSection = lines.filter((l) => l.sectionId === section);
      const line = section !== null && ofSection.length > 0 && next() < 0.8 ? pick(ofSection).id : null;
      const position = pick(positions);
      const date = (from: number) =>
        next() < 0.1 ? null : `${from + Math.floor(next() * 30)}-0${1 + Math.floor(next() * 9)}-01`;
      ins.run(
        addedNo(i),
        `${family}　${given}`,
        `${familyKana}　${givenKana}`,
        section,
        line,
        position,
        gradeGroupOf(position),
        pick(jobTypes),
        pick(employments),
        date(1985),
        date(1995),
        next() < 0.1 ? 0 : 1,
      );
    }
  })();
}

/**
 * kakaricho evaluates 240 of the added people too (as 1次評価者), and had 30 more whose assignment
 * ended last year: enough for several pages of an evaluator's list.
 */
function assignToKakaricho(database: Db): void {
  const self = accountStaff(database, 'kakaricho');
  const ins = database.prepare(
    `INSERT INTO evaluator_assignments (fy, staff_id, first_id, effective_from, effective_to)
     SELECT ?, id, ?, ?, ? FROM staff WHERE staff_no = ?`,
  );
  for (let i = 0; i < 270; i += 1) {
    const ended = i >= 240;
    ins.run(fy, self.id, `${fy}-04-01`, ended ? `${fy - 1}-12-31` : null, addedNo(i * 11));
  }
}

beforeAll(async () => {
  dir = tempDir('kaname-staff-paging-');
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = db(ctx.admin);
  grow(d);
  assignToKakaricho(d);
});
afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Query = Omit<Input<'staff:list'>, 'page'>;
type Sort = { sort?: StaffSortField; desc?: boolean };

async function page(c: AppContext, q: Query, offset: number, limit: number, s: Sort = {}) {
  return ok(await callApi(c, 'staff:list', { fy, ...q, page: { offset, limit, ...s } }));
}

/** Every page in turn, as the grid's next-page button walks them; each page's total is the same. */
async function walk(c: AppContext, q: Query, limit: number, s: Sort = {}): Promise<StaffRow[]> {
  const rows: StaffRow[] = [];
  let total: number | null = null;
  for (let offset = 0; ; offset += limit) {
    const p = await page(c, q, offset, limit, s);
    total ??= p.total;
    expect(p.total).toBe(total);
    expect(p.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...p.rows);
    if (p.rows.length < limit) break;
  }
  expect(rows.length).toBe(total);
  return rows;
}

async function unpaged(c: AppContext, q: Query): Promise<{ rows: StaffRow[]; total: number }> {
  return ok(await callApi(c, 'staff:list', { fy, ...q }));
}

const nos = (rows: StaffRow[]) => rows.map((r) => r.staffNo);

/** The office's order of sections and lines, as HR set it (sort, then id), from the tables. */
function orgRanks(): { section: Map<string, number>; line: Map<string, number> } {
  const sections = d.prepare('SELECT id, name FROM sections ORDER BY sort, id').all() as { id: number; name: string }[];
  const lines = d
    .prepare(
      'SELECT l.name, s.name AS section FROM lines l JOIN sections s ON s.id = l.section_id ORDER BY l.sort, l.id',
    )
    .all() as { name: string; section: string }[];
  return {
    section: new Map(sections.map((s, i) => [s.name, i + 1])),
    line: new Map(lines.map((l, i) => [`${l.section}\t${l.name}`, i + 1])),
  };
}

type Value = string | number | null;

/** What each field sorts by, worked out here independently of the repository's SQL. */
function sortValue(field: StaffSortField, ranks: ReturnType<typeof orgRanks>): (r: StaffRow) => Value {
  const sectionRank = (r: StaffRow) => (r.section === null ? null : (ranks.section.get(r.section) ?? null));
  switch (field) {
    case 'section':
      return sectionRank;
    case 'line':
      return (r) => {
        const s = sectionRank(r);
        if (s === null) return null;
        const line = s * 1_000_000 + (r.line === null ? 0 : ranks.line.get(`${r.section}\t${r.line}`)!);
        // Within a 担当, the higher post first (区長, 副区長, 課長, 課長代理 …).
        const post = positions.indexOf(r.position);
        return line * 10 + (post < 0 ? 9 : post);
      };
    case 'position':
      return (r) => positions.indexOf(r.position);
    case 'gradeGroup':
      return (r) => gradeGroups.indexOf(r.gradeGroup);
    case 'employment':
      return (r) => employments.indexOf(r.employment);
    case 'jobType':
      return (r) => r.jobType || null;
    case 'active':
      return (r) => (r.active ? 0 : 1);
    default:
      return (r) => r[field];
  }
}

/** Empty values last in either direction, ties by 職員番号 in the same direction (docs/lists.md). */
function expectedOrder(rows: StaffRow[], value: (r: StaffRow) => Value, desc: boolean): string[] {
  const sign = desc ? -1 : 1;
  const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  return [...rows]
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      const byValue = x === null || y === null ? 0 : cmp(x, y);
      return (byValue || cmp(a.staffNo, b.staffNo)) * sign;
    })
    .map((r) => r.staffNo);
}

describe('staff:list with a page', () => {
  it('holds the whole office: far more than a page, every person reachable by paging', async () => {
    const all = await unpaged(ctx.admin, { active: 'all' });
    expect(all.total).toBeGreaterThan(added);
    const first = await page(ctx.admin, { active: 'all' }, 0, 100);
    expect(first.total).toBe(all.total);
    expect(first.rows).toHaveLength(100);
    const last = await page(ctx.admin, { active: 'all' }, all.total - 1, 100, { sort: 'staffNo' });
    expect(nos(last.rows)).toEqual([addedNo(added - 1)]);
    // Search reaches the same person directly.
    const found = await page(ctx.admin, { active: 'all', query: addedNo(added - 1) }, 0, 50);
    expect([found.total, nos(found.rows)]).toEqual([1, [addedNo(added - 1)]]);
  });

  it('without a sort pages in organisation order, as the unpaged list (empty 所属 last)', async () => {
    const before = await unpaged(ctx.admin, {});
    const paged = await walk(ctx.admin, {}, 200);
    expect(paged.length).toBe(before.total);
    const withSection = (rows: StaffRow[]) => nos(rows.filter((r) => r.section !== null));
    expect(withSection(paged)).toEqual(withSection(before.rows));
    const noSection = paged.filter((r) => r.section === null);
    expect(noSection.length).toBeGreaterThan(0);
    expect(paged.slice(paged.length - noSection.length)).toEqual(noSection);
    // The section sorted before all others by HR comes first, its lines in their own order (調整 before 監理).
    expect(paged[0]!.section).toBe('区政監理室');
    const lines = [...new Set(paged.filter((r) => r.section === '区政監理室').map((r) => r.line))];
    expect(lines).toEqual([null, '調整担当', '監理担当'].filter((l) => lines.includes(l)));
  });

  it('sorts by every sortable field both ways: empty values last, ties by 職員番号', async () => {
    const everyone = (await unpaged(ctx.admin, { active: 'all', limit: 50_000 })).rows;
    const ranks = orgRanks();
    for (const field of staffSortFields) {
      for (const desc of [false, true]) {
        const paged = await walk(ctx.admin, { active: 'all' }, 200, { sort: field, desc });
        expect(nos(paged), `${field} ${desc ? 'desc' : 'asc'}`).toEqual(
          expectedOrder(everyone, sortValue(field, ranks), desc),
        );
      }
    }
    // Spot checks the expected order relies on: there are ties and empty values to place.
    for (const desc of [false, true]) {
      const tied = (await page(ctx.admin, { active: 'all', query: '佐藤一郎' }, 0, 200, { sort: 'name', desc })).rows;
      const same = nos(tied.filter((r) => r.name === '佐藤　一郎'));
      expect(same.length).toBeGreaterThan(10);
      const ascending = [...same].sort();
      expect(same).toEqual(desc ? ascending.reverse() : ascending);
    }
    const { total } = await unpaged(ctx.admin, { active: 'all' });
    for (const desc of [false, true]) {
      const tail = await page(ctx.admin, { active: 'all' }, total - 3, 3, { sort: 'hiredOn', desc });
      expect(tail.rows.map((r) => r.hiredOn)).toEqual([null, null, null]);
      const head = await page(ctx.admin, { active: 'all' }, 0, 3, { sort: 'hiredOn', desc });
      for (const r of head.rows) expect(r.hiredOn).not.toBeNull();
    }
    const byPosition = await page(ctx.admin, { active: 'all' }, 0, 1, { sort: 'position' });
    expect(byPosition.rows[0]!.position).toBe('区長');
    const byActive = await page(ctx.admin, { active: 'all' }, 0, 1, { sort: 'active', desc: true });
    expect(byActive.rows[0]!.active).toBe(false);
  });

  it('filters as without a page: search, 所属, 職層, 在職', async () => {
    const section = (d.prepare('SELECT name FROM sections ORDER BY id LIMIT 1').get() as { name: string }).name;
    const queries: Query[] = [
      { query: 'たなか' },
      { query: 'タナカ ケン' },
      { query: 'Z001' },
      { section },
      { gradeGroup: '係長級' },
      { active: 'retired' },
      { active: 'all', gradeGroup: '係員級', query: '佐藤' },
    ];
    for (const q of queries) {
      const before = await unpaged(ctx.admin, { ...q, limit: 50_000 });
      expect(before.total, JSON.stringify(q)).toBeGreaterThan(0);
      const paged = await walk(ctx.admin, q, 200, { sort: 'staffNo' });
      expect(nos(paged), JSON.stringify(q)).toEqual([...nos(before.rows)].sort());
    }
  });

  it('answers an empty page past the end, with the total', async () => {
    const all = await unpaged(ctx.admin, {});
    const past = await page(ctx.admin, {}, all.total, 50);
    expect(past).toEqual({ rows: [], total: all.total });
    expect(await page(ctx.admin, {}, 10_000_000, 200)).toEqual({ rows: [], total: all.total });
    const lastFew = await page(ctx.admin, {}, all.total - 7, 50, { sort: 'kana' });
    expect(lastFew.rows).toHaveLength(7);
  });

  it('refuses a sort field that is not the list own, or a page too large, in Japanese', async () => {
    const bad = [
      { offset: 0, limit: 50, sort: 'qualifications' },
      { offset: 0, limit: 50, sort: 's.name; DROP TABLE staff' },
      { offset: 0, limit: 201 },
      { offset: -1, limit: 50 },
    ];
    for (const p of bad) {
      const r = await callApi(ctx.admin, 'staff:list', { page: p } as never);
      const message = failure(r, 'VALIDATION');
      expect(message, JSON.stringify(p)).toMatch(japanese);
      expect(message).not.toMatch(/Invalid|expected/u);
      if (!r.ok) expect(r.error.field).toMatch(/^page\./u);
    }
    expect((await unpaged(ctx.admin, { active: 'all' })).total).toBeGreaterThan(added);
  });

  it('keeps a page of 100 people well under 200 KB', async () => {
    const p = await page(ctx.admin, { active: 'all' }, 0, 100, { sort: 'kana' });
    expect(p.rows).toHaveLength(100);
    const bytes = Buffer.byteLength(JSON.stringify({ ok: true, value: p }), 'utf8');
    expect(bytes).toBeLessThan(60_000);
  });
});

describe('staff:list pages within the scope', () => {
  it('an evaluator paging through sees exactly the people they saw before, in pages that never overlap', async () => {
    for (const active of ['active', 'all'] as const) {
      const before = await unpaged(ctx.kakaricho, { active });
      expect(before.total).toBe(before.rows.length);
      expect(before.total).toBeGreaterThan(200);
      for (const s of [{}, { sort: 'name' as const }, { sort: 'hiredOn' as const, desc: true }]) {
        const paged = await walk(ctx.kakaricho, { active }, 25, s);
        expect(paged.length).toBe(before.total);
        expect(new Set(nos(paged)).size).toBe(paged.length);
        expect([...nos(paged)].sort()).toEqual([...nos(before.rows)].sort());
      }
    }
    // Page 2 continues page 1: together they are the first 50.
    const one = await page(ctx.kakaricho, {}, 0, 25, { sort: 'kana' });
    const two = await page(ctx.kakaricho, {}, 25, 25, { sort: 'kana' });
    const fifty = await page(ctx.kakaricho, {}, 0, 50, { sort: 'kana' });
    expect(nos(one.rows).filter((n) => nos(two.rows).includes(n))).toEqual([]);
    expect([...nos(one.rows), ...nos(two.rows)]).toEqual(nos(fifty.rows));
    // An ended assignment does not count, whichever page or search.
    for (let i = 240; i < 270; i += 1) {
      const found = await page(ctx.kakaricho, { active: 'all', query: addedNo(i * 11) }, 0, 25);
      expect(found).toEqual({ rows: [], total: 0 });
    }
    const still = await page(ctx.kakaricho, { active: 'all', query: addedNo(11) }, 0, 25);
    expect(nos(still.rows)).toEqual([addedNo(11)]);
  });

  it('a staff member pages only themself; the personnel office everyone', async () => {
    const self = accountStaff(d, 'shokuin');
    const own = await page(ctx.shokuin, { active: 'all' }, 0, 200, { sort: 'name' });
    expect([own.total, nos(own.rows)]).toEqual([1, [self.staffNo]]);
    expect(await page(ctx.shokuin, { active: 'all' }, 1, 200)).toEqual({ rows: [], total: 1 });
    const hr = await page(ctx.admin, { active: 'all' }, 0, 1);
    const jinji = await page(ctx.jinji, { active: 'all' }, 0, 1);
    expect(jinji.total).toBe(hr.total);
  });
});
