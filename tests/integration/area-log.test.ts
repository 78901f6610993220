import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { todayIso } from '../../shared/dates';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

const dir = tempDir('kaname-area-log-');
const contexts: AppContext[] = [];
afterAll(() => {
  for (const c of contexts) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fy = fiscalYearOf(new Date());

async function as(dbPath: string, login: string): Promise<AppContext> {
  const ctx = await loggedIn(dbPath, login, demoPass);
  contexts.push(ctx);
  return ctx;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The area of the demo's 係員 (shokuin), their partner, and an area they are not on. */
function areasOf(ctx: AppContext): { own: string; partner: string; other: string; outsider: string } {
  const db = ctx.office!.db;
  const row = db
    .prepare(
      `SELECT a.name AS area, p.staff_no AS partner FROM area_assignments aa JOIN areas a ON a.id = aa.area_id
       JOIN accounts acc ON acc.staff_id = aa.staff_id LEFT JOIN staff p ON p.id = aa.partner_id
       WHERE acc.login = 'shokuin' AND aa.fy = ?`,
    )
    .get(fy) as { area: string; partner: string | null };
  const other = (
    db.prepare('SELECT name FROM areas WHERE name <> ? ORDER BY id LIMIT 1').get(row.area) as { name: string }
  ).name;
  const outsider = (
    db
      .prepare(
        `SELECT s.staff_no FROM area_assignments aa JOIN areas a ON a.id = aa.area_id JOIN staff s ON s.id = aa.staff_id
         WHERE aa.fy = ? AND a.name = ? LIMIT 1`,
      )
      .get(fy, other) as { staff_no: string }
  ).staff_no;
  // An odd one out on a team has no partner: then they walk with the team's leader.
  const partner =
    row.partner ??
    (
      db
        .prepare(
          `SELECT s.staff_no FROM area_assignments aa JOIN areas a ON a.id = aa.area_id JOIN staff s ON s.id = aa.staff_id
           WHERE aa.fy = ? AND a.name = ? AND aa.role = 'リーダー'`,
        )
        .get(fy, row.area) as { staff_no: string }
    ).staff_no;
  return { own: row.area, partner, other, outsider };
}

describe('地域カルテ', () => {
  it('the demo office has patrols and study sessions for every area this year', async () => {
    const ctx = await as(await demoCopy(dir), 'admin');
    const areas = ctx.office!.db.prepare('SELECT name FROM areas').all() as { name: string }[];
    for (const { name } of areas) {
      const log = ok(await callApi(ctx, 'areaLog:get', { fy, area: name }));
      expect(log.team.length).toBeGreaterThan(2);
      if (todayIso() > `${fy}-04-20`) {
        expect(log.patrols.length).toBeGreaterThan(0);
        expect(log.studies.length).toBeGreaterThan(0);
        expect(log.patrols[0]!.pair).toHaveLength(2);
      }
    }
  });

  it('a team member records a patrol with their pair and a study session; others read but cannot write', async () => {
    const dbPath = await demoCopy(dir);
    const staff = await as(dbPath, 'shokuin');
    const { own, partner, other, outsider } = areasOf(staff);
    const myNo = staff.session!.staffNo!;
    const before = ok(await callApi(staff, 'areaLog:get', { fy, area: own }));
    expect(before.canWrite).toBe(true);

    const after = ok(
      await callApi(staff, 'areaLog:addPatrol', {
        fy,
        area: own,
        onDate: todayIso(),
        pair: [myNo, partner],
        notes: '通学路を巡回した',
        findings: '防犯灯の球切れ',
      }),
    );
    expect(after.patrols).toHaveLength(before.patrols.length + 1);
    const mine = after.patrols.find((p) => p.notes === '通学路を巡回した')!;
    expect(mine.pair.map((p) => p.staffNo).sort()).toEqual([myNo, partner].sort());
    expect(mine.canRemove).toBe(true);
    expect(mine.writtenBy).toBe(staff.session!.displayName);

    const study = ok(
      await callApi(staff, 'areaLog:addStudy', {
        fy,
        area: own,
        onDate: todayIso(),
        topic: '防災の課題',
        notes: '',
        attendees: [myNo, partner],
      }),
    );
    expect(study.studies.some((s) => s.topic === '防災の課題' && s.attendees.length === 2)).toBe(true);

    // Not on that team: read yes, write no.
    const elsewhere = ok(await callApi(staff, 'areaLog:get', { fy, area: other }));
    expect(elsewhere.canWrite).toBe(false);
    const refused = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: other,
      onDate: todayIso(),
      pair: [outsider],
      notes: 'x',
      findings: '',
    });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');

    // Someone else's entry cannot be removed by them; HR can; the writer can remove their own.
    const hr = await as(dbPath, 'admin');
    const demoEntry = before.patrols[0];
    if (demoEntry) {
      expect(demoEntry.canRemove).toBe(false);
      const no = await callApi(staff, 'areaLog:remove', { fy, area: own, kind: 'patrol', id: demoEntry.id });
      expect(!no.ok && no.error.code).toBe('FORBIDDEN');
      const yes = ok(await callApi(hr, 'areaLog:remove', { fy, area: own, kind: 'patrol', id: demoEntry.id }));
      expect(yes.patrols.some((p) => p.id === demoEntry.id)).toBe(false);
    }
    const removed = ok(await callApi(staff, 'areaLog:remove', { fy, area: own, kind: 'patrol', id: mine.id }));
    expect(removed.patrols.some((p) => p.id === mine.id)).toBe(false);

    const audit = hr
      .office!.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'areaLog.%' ORDER BY id")
      .all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(
      demoEntry
        ? ['areaLog.patrol.add', 'areaLog.study.add', 'areaLog.patrol.remove', 'areaLog.patrol.remove']
        : ['areaLog.patrol.add', 'areaLog.study.add', 'areaLog.patrol.remove'],
    );
  });

  it('refuses a pair from another team, a date outside the year or in the future, and an unknown area', async () => {
    const dbPath = await demoCopy(dir);
    const staff = await as(dbPath, 'shokuin');
    const { own, outsider } = areasOf(staff);
    const myNo = staff.session!.staffNo!;
    const count = () => (staff.office!.db.prepare('SELECT count(*) AS n FROM area_patrols').get() as { n: number }).n;
    const n = count();
    const pair = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: own,
      onDate: todayIso(),
      pair: [myNo, outsider],
      notes: 'x',
      findings: '',
    });
    expect(!pair.ok && pair.error).toMatchObject({ code: 'VALIDATION', field: 'pair' });
    const early = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: own,
      onDate: `${fy}-03-31`,
      pair: [myNo],
      notes: 'x',
      findings: '',
    });
    expect(!early.ok && early.error).toMatchObject({ code: 'VALIDATION', field: 'onDate' });
    const future = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: own,
      onDate: `${fy + 1}-03-31`,
      pair: [myNo],
      notes: 'x',
      findings: '',
    });
    if (todayIso() < `${fy + 1}-03-31`)
      expect(!future.ok && future.error).toMatchObject({ code: 'VALIDATION', field: 'onDate' });
    const bad = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: own,
      onDate: '2026-02-30',
      pair: [myNo],
      notes: 'x',
      findings: '',
    });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    const noNotes = await callApi(staff, 'areaLog:addPatrol', {
      fy,
      area: own,
      onDate: todayIso(),
      pair: [myNo],
      notes: '  ',
      findings: '',
    });
    expect(!noNotes.ok && noNotes.error).toMatchObject({
      code: 'VALIDATION',
      field: 'notes',
      message: '巡回の内容を入力してください',
    });
    const unknown = await callApi(staff, 'areaLog:get', { fy, area: '存在しない地域' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    expect(count()).toBe(n);
  });
});
