import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { closeOffice } from '../../electron/core/office/office.service';
import { areaUnits } from '../../renderer/src/features/areas/pairs';
import type { AreasOverview, AreaTeam, AreaTeamCounts } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';

/*
 * 地域担当 at city scale (docs/organisation.md): `areas:overview` with `members: false` gives each
 * team's figures instead of its members and, with `namesLimit`, the first names of who is missing
 * with exact counts; `areas:team` names one team's members; `areas:people` pages the name lists
 * under the same rule as the overview (docs/access.md). Checked against the overview as it answers
 * without the new inputs, on the demo and on an office of 120 teams.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-areas-scale-');
const contexts: AppContext[] = [];

afterAll(() => {
  for (const c of contexts) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function login(dbPath: string, name: string, password: string): Promise<AppContext> {
  const c = await loggedIn(dbPath, name, password);
  contexts.push(c);
  return c;
}

/** An account linked to a staff member, logged in with its password changed. */
async function linkedLogin(hr: AppContext, dbPath: string, name: string, staffNo: string): Promise<AppContext> {
  ok(
    await callApi(hr, 'accounts:create', {
      login: name,
      displayName: name,
      role: 'staff',
      staffNo,
      password: 'temporary-1',
    }),
  );
  const c = await login(dbPath, name, 'temporary-1');
  ok(await callApi(c, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
  return c;
}

/** A team's figures as the screen would count them from its members (pairs.ts). */
function countedFromMembers(team: AreaTeam): AreaTeamCounts {
  const units = areaUnits(team);
  return {
    members: team.members.length,
    leaders: team.members.filter((m) => m.role === 'リーダー').length,
    pairs: units.filter((u) => u.kind === 'pair').length,
    unpaired: units.filter((u) => u.kind === 'single').length,
  };
}

/** The overview without members agrees with the full one: same teams, leaders, figures and lists. */
function expectSameFigures(full: AreasOverview, lean: AreasOverview): void {
  expect(lean.areas.map((a) => [a.name, a.note, a.leader])).toEqual(full.areas.map((a) => [a.name, a.note, a.leader]));
  for (const [i, team] of full.areas.entries()) {
    expect(lean.areas[i]!.members).toEqual([]);
    expect(lean.areas[i]!.counts, team.name).toEqual(countedFromMembers(team));
  }
  const { areas: _a, ...fullRest } = full;
  const { areas: _b, ...leanRest } = lean;
  expect(leanRest).toEqual(fullRest);
}

/** Every page of a name list through areas:people. */
async function allPages(
  c: AppContext,
  list: 'unassigned' | 'withoutAreaGoal',
  limit: number,
): Promise<{ names: string[]; total: number }> {
  const names: string[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const page = ok(await callApi(c, 'areas:people', { fy, list, page: { offset, limit } }));
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    total = page.total;
    names.push(...page.rows.map((p) => p.staffNo));
    if (page.rows.length === 0) break;
  }
  return { names, total };
}

describe('地域担当 on the demo office', () => {
  const ctx = {} as Record<'admin' | 'jinji' | 'shokuin' | 'leader', AppContext>;
  let full: AreasOverview;
  let leaderArea: AreaTeam;

  beforeAll(async () => {
    const dbPath = await demoCopy(dir);
    for (const name of ['admin', 'jinji', 'shokuin'] as const) ctx[name] = await login(dbPath, name, demoPass);
    full = ok(await callApi(ctx.admin, 'areas:overview', { fy }));
    const lacking = new Set(full.mboCoverage.withoutAreaGoal!.map((p) => p.staffNo));
    // The team with the most members lacking a 地域担当目標 gets its leader an account.
    leaderArea = [...full.areas]
      .filter((a) => a.leader !== null)
      .sort(
        (a, b) =>
          b.members.filter((m) => lacking.has(m.person.staffNo)).length -
          a.members.filter((m) => lacking.has(m.person.staffNo)).length,
      )[0]!;
    ctx.leader = await linkedLogin(ctx.admin, dbPath, 'leader', leaderArea.leader!.staffNo);
  });

  it('without members: the same figures, leaders and lists as the full overview, for every caller', async () => {
    expect(full.areas.some((a) => a.members.some((m) => m.partner))).toBe(true);
    for (const c of Object.values(ctx)) {
      const whole = ok(await callApi(c, 'areas:overview', { fy }));
      const lean = ok(await callApi(c, 'areas:overview', { fy, members: false }));
      expect(whole.areas).toEqual(full.areas);
      expectSameFigures(whole, lean);
    }
  });

  it('areas:team names each team’s members exactly as the overview does, to any caller', async () => {
    for (const c of [ctx.admin, ctx.leader, ctx.shokuin]) {
      for (const team of full.areas) {
        const t = ok(await callApi(c, 'areas:team', { fy, area: team.name }));
        expect(t).toEqual({
          fy,
          name: team.name,
          note: team.note,
          leader: team.leader,
          members: team.members,
          total: team.members.length,
        });
      }
    }
    // Pages in the overview's order, or sorted.
    const team = [...full.areas].sort((a, b) => b.members.length - a.members.length)[0]!;
    const page = ok(await callApi(ctx.admin, 'areas:team', { fy, area: team.name, page: { offset: 2, limit: 3 } }));
    expect(page.members).toEqual(team.members.slice(2, 5));
    expect(page.total).toBe(team.members.length);
    const byName = ok(
      await callApi(ctx.admin, 'areas:team', {
        fy,
        area: team.name,
        page: { offset: 0, limit: 200, sort: 'staffNo', desc: true },
      }),
    );
    expect(byName.members.map((m) => m.person.staffNo)).toEqual(
      team.members.map((m) => m.person.staffNo).sort((a, b) => (a < b ? 1 : -1)),
    );
    const missing = await callApi(ctx.admin, 'areas:team', { fy, area: 'ない地域' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('namesLimit caps the name lists and keeps the counts exact; areas:people pages the rest', async () => {
    expect(full.unassigned!.length).toBeGreaterThan(1);
    const capped = ok(await callApi(ctx.admin, 'areas:overview', { fy, members: false, namesLimit: 1 }));
    expect(capped.unassigned).toEqual(full.unassigned!.slice(0, 1));
    expect(capped.unassignedCount).toBe(full.unassignedCount);
    expect(capped.mboCoverage.withoutAreaGoal).toEqual(full.mboCoverage.withoutAreaGoal!.slice(0, 1));
    expect(capped.mboCoverage.withoutAreaGoalCount).toBe(full.mboCoverage.withoutAreaGoalCount);
    expect(capped.mboCoverage.withoutAreaGoalNamed).toBe(full.mboCoverage.withoutAreaGoal!.length);
    expect(capped.coverage).toEqual(full.coverage);
    // Without namesLimit the field is not there (the answer is as it always was).
    expect('withoutAreaGoalNamed' in full.mboCoverage).toBe(false);

    const unassigned = await allPages(ctx.admin, 'unassigned', 1);
    expect(unassigned).toEqual({ names: full.unassigned!.map((p) => p.staffNo), total: full.unassignedCount });
    const lacking = await allPages(ctx.admin, 'withoutAreaGoal', 3);
    expect(lacking.names).toEqual(full.mboCoverage.withoutAreaGoal!.map((p) => p.staffNo));
  });

  it('a leader gets their own area’s names; anyone else no names, only counts', async () => {
    const mine = new Set(leaderArea.members.map((m) => m.person.staffNo));
    const expected = full.mboCoverage.withoutAreaGoal!.filter((p) => mine.has(p.staffNo));
    expect(expected.length).toBeGreaterThan(0);
    const lead = ok(await callApi(ctx.leader, 'areas:overview', { fy, members: false, namesLimit: 1 }));
    expect(lead.namesOf).toBe('ledAreas');
    expect(lead.unassigned).toBeNull();
    expect(lead.mboCoverage.withoutAreaGoal).toEqual(expected.slice(0, 1));
    expect(lead.mboCoverage.withoutAreaGoalNamed).toBe(expected.length);
    expect((await allPages(ctx.leader, 'withoutAreaGoal', 1)).names).toEqual(expected.map((p) => p.staffNo));
    const refused = await callApi(ctx.leader, 'areas:people', {
      fy,
      list: 'unassigned',
      page: { offset: 0, limit: 50 },
    });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

    const named = [...full.unassigned!, ...full.mboCoverage.withoutAreaGoal!].map((p) => p.staffNo);
    for (const c of [ctx.jinji, ctx.shokuin]) {
      const o = ok(await callApi(c, 'areas:overview', { fy, members: false, namesLimit: 50 }));
      expect([o.namesOf, o.unassigned, o.mboCoverage.withoutAreaGoal]).toEqual(['none', null, null]);
      expect(o.mboCoverage.withoutAreaGoalNamed).toBe(0);
      expect([o.unassignedCount, o.mboCoverage.withoutAreaGoalCount]).toEqual([
        full.unassignedCount,
        full.mboCoverage.withoutAreaGoalCount,
      ]);
      const json = JSON.stringify(o);
      for (const no of named) expect(json).not.toContain(no);
      for (const list of ['unassigned', 'withoutAreaGoal'] as const) {
        const r = await callApi(c, 'areas:people', { fy, list, page: { offset: 0, limit: 50 } });
        expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
      }
    }
  });
});

/**
 * An office of `staff` people on 120 area teams, written with plain inserts: one in 50 unassigned,
 * 区長 and 副区長 on no team, pairs of neighbours, a leader per team but the last, a partner on
 * another team and a chain of partners (A→B, B→C) for the counting's corners, and MBO sheets with and
 * without a 地域担当目標.
 */
function buildCity(db: Db, staff: number): { leaderNo: string; memberNo: string } {
  const now = new Date().toISOString();
  db.prepare('INSERT OR IGNORE INTO cycles (fy, phase, created_at) VALUES (?, ?, ?)').run(fy, '目標設定', now);
  const sections = Array.from({ length: 40 }, (_, i) =>
    Number(db.prepare('INSERT INTO sections (name, sort) VALUES (?, ?)').run(`第${i + 1}課`, i).lastInsertRowid),
  );
  const insertStaff = db.prepare(
    'INSERT INTO staff (staff_no, name, kana, section_id, position, grade_group, active) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const areas = Array.from({ length: 120 }, (_, i) =>
    Number(
      db
        .prepare('INSERT INTO areas (name, note) VALUES (?, ?)')
        .run(`地域${String(i + 1).padStart(3, '0')}`, `${i + 1}丁目`).lastInsertRowid,
    ),
  );
  const assign = db.prepare(
    'INSERT INTO area_assignments (fy, area_id, staff_id, role, partner_id) VALUES (?, ?, ?, ?, ?)',
  );
  const sheet = db.prepare('INSERT INTO mbo_sheets (fy, staff_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const goal = db.prepare('INSERT INTO mbo_goals (sheet_id, position, category, title) VALUES (?, ?, ?, ?)');
  let leaderNo = '';
  let memberNo = '';
  db.transaction(() => {
    const ids: number[] = [];
    for (let i = 0; i < staff; i += 1) {
      const position = i === 0 ? '区長' : i === 1 ? '副区長' : i % 40 === 7 ? '係長' : i % 400 === 9 ? '課長' : '係員';
      const grade = { 区長: '課長級', 副区長: '課長級', 課長: '課長級', 係長: '係長級', 係員: '係員級' }[position];
      ids.push(
        Number(
          insertStaff.run(
            `C${String(i).padStart(6, '0')}`,
            `市民 ${i}`,
            `しみん ${i}`,
            sections[i % 40],
            position,
            grade,
            i % 97 === 5 ? 0 : 1,
          ).lastInsertRowid,
        ),
      );
    }
    // Members per area in 職員番号 order; pairs of neighbours, the first a leader.
    const byArea = new Map<number, number[]>();
    for (let i = 2; i < staff; i += 1) {
      if (i % 50 === 3) continue;
      const area = areas[i % 120]!;
      byArea.set(area, [...(byArea.get(area) ?? []), i]);
    }
    for (const [area, members] of byArea) {
      const last = area === areas[119];
      for (let k = 0; k < members.length; k += 1) {
        const i = members[k]!;
        let partner: number | null =
          k % 2 === 1 ? ids[members[k - 1]!]! : members[k + 1] !== undefined ? ids[members[k + 1]!]! : null;
        if (area === areas[0] && k === 5) partner = ids[members[0]!]!; // names the leader, already paired
        if (area === areas[1] && k === 2) partner = ids[2]!; // a partner on another team
        if (k % 7 === 6) partner = null;
        assign.run(fy, area, ids[i]!, k === 0 && !last ? 'リーダー' : 'メンバー', partner);
        if (area === areas[10] && k === 0) leaderNo = `C${String(i).padStart(6, '0')}`;
        if (area === areas[10] && k === 4) memberNo = `C${String(i).padStart(6, '0')}`;
      }
    }
    for (let i = 0; i < staff; i += 1) {
      if (i % 10 === 9) continue;
      const sheetId = Number(sheet.run(fy, ids[i]!, now, now).lastInsertRowid);
      if (i % 31 === 4) continue; // a sheet with no goal is not written
      goal.run(sheetId, 0, '業務目標', '窓口');
      if (i % 13 !== 2) goal.run(sheetId, 1, '地域担当目標', '巡回');
    }
  })();
  return { leaderNo, memberNo };
}

describe('地域担当 for an office of 120 teams', () => {
  const ctx = {} as Record<'hr' | 'leader' | 'member', AppContext>;
  const staff = 12_000;

  beforeAll(async () => {
    const { dbPath, office } = await newOffice(dir, 'city.db');
    const { leaderNo, memberNo } = buildCity(office.db, staff);
    closeOffice(office);
    ctx.hr = await login(dbPath, 'hr', hrPassword);
    ctx.leader = await linkedLogin(ctx.hr, dbPath, 'leader', leaderNo);
    ctx.member = await linkedLogin(ctx.hr, dbPath, 'member', memberNo);
  }, 120_000);

  it('the counts equal the full overview’s; areas:team its members; only a few KB without members', async () => {
    const full = ok(await callApi(ctx.hr, 'areas:overview', { fy }));
    expect(full.areas).toHaveLength(120);
    expect(full.coverage.total).toBeGreaterThan(staff * 0.9);
    expect(full.areas.at(-1)!.leader).toBeNull();
    const lean = ok(await callApi(ctx.hr, 'areas:overview', { fy, members: false }));
    expectSameFigures(full, lean);
    // The corners counted as the screen pairs them: a chain is not a second pair, nor an outside partner missed.
    expect(full.areas[0]!.members.length).toBeGreaterThan(10);
    expect(areaUnits(full.areas[1]!).some((u) => u.kind === 'pair' && u.outside)).toBe(true);

    for (const c of [ctx.hr, ctx.leader, ctx.member]) {
      for (const i of [0, 1, 10, 119]) {
        const team = full.areas[i]!;
        const t = ok(await callApi(c, 'areas:team', { fy, area: team.name }));
        expect(t.members).toEqual(team.members);
        expect([t.leader, t.total]).toEqual([team.leader, team.members.length]);
      }
    }

    const fullBytes = Buffer.byteLength(JSON.stringify(full));
    const screen = ok(await callApi(ctx.hr, 'areas:overview', { fy, members: false, namesLimit: 50 }));
    const leanBytes = Buffer.byteLength(JSON.stringify(screen));
    expect(fullBytes).toBeGreaterThan(1_000_000);
    expect(leanBytes).toBeLessThan(60_000);
    expect(screen.unassigned).toHaveLength(50);
    expect(screen.unassignedCount).toBe(full.unassignedCount);
    expect(screen.mboCoverage.withoutAreaGoalCount).toBe(full.mboCoverage.withoutAreaGoalCount);
    expect(screen.mboCoverage.withoutAreaGoalNamed).toBe(full.mboCoverage.withoutAreaGoal!.length);
  });

  it('a leader gets their own team’s names, a member none', async () => {
    const full = ok(await callApi(ctx.hr, 'areas:overview', { fy }));
    const team = full.areas[10]!;
    const mine = new Set(team.members.map((m) => m.person.staffNo));
    const expected = full.mboCoverage.withoutAreaGoal!.filter((p) => mine.has(p.staffNo));
    expect(expected.length).toBeGreaterThan(0);
    const lead = ok(await callApi(ctx.leader, 'areas:overview', { fy, members: false, namesLimit: 50 }));
    expect(lead.namesOf).toBe('ledAreas');
    expect(lead.mboCoverage.withoutAreaGoal).toEqual(expected.slice(0, 50));
    expect(lead.mboCoverage.withoutAreaGoalNamed).toBe(expected.length);
    const member = ok(await callApi(ctx.member, 'areas:overview', { fy, members: false, namesLimit: 50 }));
    expect([member.namesOf, member.unassigned, member.mboCoverage.withoutAreaGoal]).toEqual(['none', null, null]);
    expect(member.unassignedCount).toBe(full.unassignedCount);
    const r = await callApi(ctx.member, 'areas:people', {
      fy,
      list: 'withoutAreaGoal',
      page: { offset: 0, limit: 50 },
    });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});
