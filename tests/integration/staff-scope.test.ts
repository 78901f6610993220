import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { toHiragana } from '../../shared/text';
import type { StaffDbRow } from '../fixtures/workbooks';
import { accountStaff, count, currentFy, db, failure, ok, staffByNo, staffRows } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * Who sees whom in 職員 and 地域担当, on one demo office: HR and the personnel office everyone,
 * an evaluator the staff assigned to them in the year and themself, a staff member only themself.
 */

const fy = currentFy();
let dir: string;
const ctx: Record<'admin' | 'jinji' | 'kakaricho' | 'kacho' | 'shokuin', AppContext> = {} as never;
let d: Db;

beforeAll(async () => {
  dir = tempDir('kaname-scope-');
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kakaricho', 'kacho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = db(ctx.admin);
});
afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const notFound = (staffNo: string) => `職員番号 ${staffNo} の職員は見つかりません（または閲覧する権限がありません）。`;

async function list(c: AppContext, q: Parameters<typeof callApi<'staff:list'>>[2] = {}): Promise<string[]> {
  const r = ok(await callApi(c, 'staff:list', q));
  expect(r.total).toBe(r.rows.length);
  return r.rows.map((s) => s.staffNo).sort();
}

/** Whom an account evaluates in a year (as 1次, 2次 or 調整者), from the assignments table, and themself. */
function expectedScope(login: string, year: number): StaffDbRow[] {
  const self = accountStaff(d, login);
  const ids = (
    d
      .prepare(
        `SELECT DISTINCT staff_id AS id FROM evaluator_assignments
         WHERE fy = ? AND (first_id = ? OR second_id = ? OR adjuster_id = ?)`,
      )
      .all(year, self.id, self.id, self.id) as { id: number }[]
  ).map((r) => r.id);
  return staffRows(d, `s.id IN (${[self.id, ...ids].join(',')})`);
}

const nos = (rows: StaffDbRow[]) => rows.map((r) => r.staffNo).sort();

describe('staff:list by role', () => {
  it('HR and the personnel office see everyone', async () => {
    const all = nos(staffRows(d));
    expect(all.length).toBeGreaterThanOrEqual(190);
    expect(await list(ctx.admin, { active: 'all' })).toEqual(all);
    expect(await list(ctx.jinji, { active: 'all' })).toEqual(all);
    const active = nos(staffRows(d, 's.active = 1'));
    expect(active.length).toBe(all.length - 2);
    expect(await list(ctx.admin)).toEqual(active);
    expect(await list(ctx.jinji)).toEqual(active);
  });

  it('an evaluator sees the staff assigned to them this year, and themself', async () => {
    const self = accountStaff(d, 'kakaricho');
    const scope = expectedScope('kakaricho', fy);
    expect(scope.length).toBeGreaterThan(1);
    expect(await list(ctx.kakaricho, { active: 'all' })).toEqual(nos(scope));
    expect(await list(ctx.kakaricho)).toEqual(nos(scope.filter((s) => s.active === 1)));
    // Their own line's 係員, not their superiors.
    for (const s of scope) {
      if (s.staffNo !== self.staffNo) expect([s.section, s.position]).toEqual([self.section, '係員']);
    }
    // A 課長 evaluates more people (as 2次評価者), still only in their section.
    const kachoScope = expectedScope('kacho', fy);
    expect(kachoScope.length).toBeGreaterThan(scope.length);
    expect(await list(ctx.kacho, { active: 'all' })).toEqual(nos(kachoScope));
    // In a year without assignments: only themself.
    expect(await list(ctx.kakaricho, { active: 'all', fy: fy - 1 })).toEqual([self.staffNo]);
  });

  it('a staff member sees only themself, whatever they ask', async () => {
    const self = accountStaff(d, 'shokuin');
    expect(await list(ctx.shokuin)).toEqual([self.staffNo]);
    expect(await list(ctx.shokuin, { active: 'all' })).toEqual([self.staffNo]);
    expect(await list(ctx.shokuin, { query: self.kana.slice(0, 2) })).toEqual([self.staffNo]);
    const boss = accountStaff(d, 'kakaricho');
    expect(await list(ctx.shokuin, { query: boss.staffNo })).toEqual([]);
    expect(await list(ctx.shokuin, { active: 'retired' })).toEqual([]);
  });
});

describe('staff:detail by role', () => {
  it('is NOT_FOUND outside the scope, with the same message as for a 職員番号 that does not exist', async () => {
    const shokuin = accountStaff(d, 'shokuin');
    const kakaricho = accountStaff(d, 'kakaricho');
    const kacho = accountStaff(d, 'kacho');
    const missing = '000000';
    expect(staffByNo(d, missing)).toBeUndefined();

    // Nobody finds a number that does not exist.
    for (const c of Object.values(ctx)) {
      expect(failure(await callApi(c, 'staff:detail', { staffNo: missing, fy }), 'NOT_FOUND')).toBe(notFound(missing));
    }
    // A staff member: themself only, not even their own evaluator.
    expect(ok(await callApi(ctx.shokuin, 'staff:detail', { staffNo: shokuin.staffNo, fy })).staff.staffNo).toBe(
      shokuin.staffNo,
    );
    expect(failure(await callApi(ctx.shokuin, 'staff:detail', { staffNo: kakaricho.staffNo, fy }), 'NOT_FOUND')).toBe(
      notFound(kakaricho.staffNo),
    );
    // An evaluator: the people they evaluate, not their own 課長, nor anyone in a year they evaluate nobody.
    const evaluated = expectedScope('kakaricho', fy).find((s) => s.staffNo !== kakaricho.staffNo)!;
    const detail = ok(await callApi(ctx.kakaricho, 'staff:detail', { staffNo: evaluated.staffNo, fy }));
    expect(detail.evaluators[0]?.first?.staffNo).toBe(kakaricho.staffNo);
    expect(failure(await callApi(ctx.kakaricho, 'staff:detail', { staffNo: kacho.staffNo, fy }), 'NOT_FOUND')).toBe(
      notFound(kacho.staffNo),
    );
    expect(
      failure(await callApi(ctx.kakaricho, 'staff:detail', { staffNo: evaluated.staffNo, fy: fy - 1 }), 'NOT_FOUND'),
    ).toBe(notFound(evaluated.staffNo));
    // HR and personnel: anyone, retired too.
    const retired = staffRows(d, 's.active = 0')[0]!;
    for (const c of [ctx.admin, ctx.jinji]) {
      expect(ok(await callApi(c, 'staff:detail', { staffNo: retired.staffNo, fy })).staff.active).toBe(false);
    }
  });
});

describe('search and filters', () => {
  it('finds people by ふりがな in hiragana or katakana, by name, and by 職員番号', async () => {
    const person = staffRows(d, "s.active = 1 AND s.position = '係員'")[5]!;
    const family = person.kana.split('　')[0]!;
    const katakana = family.replace(/[\u3041-\u3096]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    expect(toHiragana(katakana)).toBe(family);

    const byHiragana = await list(ctx.admin, { query: family });
    expect(byHiragana).toContain(person.staffNo);
    const expected = nos(staffRows(d, "s.active = 1 AND replace(s.kana, '　', '') LIKE ?", `%${family}%`));
    expect(byHiragana).toEqual(expect.arrayContaining(expected));
    expect(await list(ctx.admin, { query: katakana })).toEqual(byHiragana);
    // A space typed in the middle of the reading, or a name without its space, is found too.
    const fullReading = person.kana.replace('　', ' ');
    expect(await list(ctx.admin, { query: fullReading })).toContain(person.staffNo);
    expect(await list(ctx.admin, { query: person.name.replace('　', '') })).toContain(person.staffNo);
    expect(await list(ctx.admin, { query: person.staffNo })).toEqual([person.staffNo]);
    const fullWidthNo = person.staffNo.replace(/[0-9]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await list(ctx.admin, { query: fullWidthNo })).toEqual([person.staffNo]);
    // LIKE wildcards typed by a user are plain characters.
    expect(await list(ctx.admin, { query: '%' })).toEqual([]);
    expect(await list(ctx.admin, { query: '_' })).toEqual([]);
  });

  it('filters by section, 職層 and 在職, alone and together, within the scope', async () => {
    const section = '窓口サービス課';
    expect(await list(ctx.admin, { section })).toEqual(nos(staffRows(d, 's.active = 1 AND sec.name = ?', section)));
    expect(await list(ctx.admin, { gradeGroup: '係長級' })).toEqual(
      nos(staffRows(d, "s.active = 1 AND s.grade_group = '係長級'")),
    );
    const retired = nos(staffRows(d, 's.active = 0'));
    expect(retired).toHaveLength(2);
    expect(await list(ctx.admin, { active: 'retired' })).toEqual(retired);
    expect(await list(ctx.admin, { section, gradeGroup: '係員級', active: 'all' })).toEqual(
      nos(staffRows(d, "sec.name = ? AND s.grade_group = '係員級'", section)),
    );
    expect(await list(ctx.admin, { section: '存在しない課' })).toEqual([]);
    // The same filter as an evaluator only narrows their own scope.
    const self = accountStaff(d, 'kakaricho');
    expect(await list(ctx.kakaricho, { gradeGroup: '係長級' })).toEqual([self.staffNo]);
    expect(await list(ctx.kakaricho, { section: '総務課' })).toEqual(self.section === '総務課' ? [self.staffNo] : []);
  });
});

describe('areas:overview', () => {
  it('coverage, teams and the unassigned match the database', async () => {
    const candidates = staffRows(d, "s.active = 1 AND s.position NOT IN ('区長', '副区長')");
    const assigned = new Set(
      (d.prepare('SELECT staff_id AS id FROM area_assignments WHERE fy = ?').all(fy) as { id: number }[]).map(
        (r) => r.id,
      ),
    );
    const unassigned = candidates.filter((c) => !assigned.has(c.id));
    const o = ok(await callApi(ctx.admin, 'areas:overview', { fy }));
    expect(o.fy).toBe(fy);
    expect(o.coverage).toEqual({ assigned: candidates.length - unassigned.length, total: candidates.length });
    expect(o.unassigned!.map((p) => p.staffNo)).toEqual(nos(unassigned));
    expect(o.areas.map((a) => a.name)).toEqual(
      (d.prepare('SELECT name FROM areas ORDER BY name').all() as { name: string }[]).map((r) => r.name),
    );
    expect(o.areas.reduce((n, a) => n + a.members.length, 0)).toBe(count(d, 'area_assignments', 'fy = ?', fy));
    for (const area of o.areas) {
      const leaders = area.members.filter((m) => m.role === 'リーダー');
      expect(area.leader).toEqual(leaders[0]?.person ?? null);
      for (const m of area.members) {
        // The demo pairs people within their area.
        if (m.partner) expect(area.members.map((x) => x.person.staffNo)).toContain(m.partner.staffNo);
      }
    }

    // The coverage figure is the same whoever asks.
    for (const c of [ctx.jinji, ctx.kakaricho, ctx.shokuin]) {
      expect(ok(await callApi(c, 'areas:overview', { fy })).coverage).toEqual(o.coverage);
    }
    // A year with no teams yet: nobody assigned.
    const next = ok(await callApi(ctx.admin, 'areas:overview', { fy: fy + 1 }));
    expect(next.coverage).toEqual({ assigned: 0, total: candidates.length });
    expect(next.areas.every((a) => a.members.length === 0 && a.leader === null)).toBe(true);
  });
});
