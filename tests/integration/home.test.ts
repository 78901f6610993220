import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { homeView } from '../../electron/core/plan/home.service';
import type { HomeView } from '../../shared/api/plan';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { dueOf } from '../../shared/schedule';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * Each role's home page (docs/home.md) on a real encrypted demo copy: the staff member's own tasks
 * and links, an evaluator's あなたの番 cross-checked against the appraisal and MBO lists, HR's
 * progress and 滞留 cross-checked against HR's own boards, the personnel office's figures — and
 * that a staff account never sees anyone else.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-home-');
const logins = ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const;
type Login = (typeof logins)[number];

const contexts: AppContext[] = [];
let ctx: Record<Login, AppContext>;
let db: Db;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  ctx = {} as Record<Login, AppContext>;
  for (const login of logins) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
    contexts.push(ctx[login]);
  }
  db = ctx.admin.office!.db;
}, 120_000);

afterAll(() => {
  for (const c of contexts) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const home = async (login: Login, year = fy): Promise<HomeView> =>
  ok(await callApi(ctx[login], 'home:view', { fy: year }));

const staffNoOf = (login: Login): string => ctx[login].session!.staffNo!;

function staffIdOf(login: Login): number {
  return (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNoOf(login)) as { id: number }).id;
}

/** Every staff number anywhere in a value (PersonRefs, however deep). */
function staffNosIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) staffNosIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'staffNo' && typeof v === 'string') out.add(v);
      else staffNosIn(v, out);
    }
  }
  return out;
}

const sections = new Set(['self-report', 'mbo', 'appraisal', 'postings', 'placement']);

describe('staff (shokuin)', () => {
  it('sees their own tasks, each a link with a due date, and only their own person', async () => {
    const view = await home('shokuin');
    expect(view.role).toBe('staff');
    expect(view.person?.staffNo).toBe(staffNoOf('shokuin'));
    expect(view.turn).toBeNull();
    expect(view.progress).toBeNull();
    expect(view.stuck).toBeNull();
    expect(view.placement).toBeNull();
    expect([...staffNosIn(view)]).toEqual([staffNoOf('shokuin')]);
    // Only the office-wide headline share, naming nobody.
    expect(view.kpis.map((k) => k.id)).toEqual(['meaningful_work']);
    for (const t of view.tasks) {
      expect(sections.has(t.target), t.id).toBe(true);
      expect(t.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect(t.detail).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect(t.overdue).toBe(t.due !== null && view.today > t.due);
    }

    // The tasks follow the person's own forms as their screens show them.
    const report = ok(await callApi(ctx.shokuin, 'selfReport:get', { fy }));
    const sheet = ok(await callApi(ctx.shokuin, 'mbo:get', { fy }));
    const ids = view.tasks.map((t) => t.id);
    expect(ids.includes('self-report')).toBe(report.status === '未提出');
    expect(ids.includes('mbo-goals')).toBe(sheet.status === '未提出');
    expect(ids.includes('mbo-sent-back')).toBe(sheet.status === '差し戻し');
    const mboTask = view.tasks.find((t) => t.id === 'mbo-goals');
    if (mboTask) expect(mboTask).toMatchObject({ target: 'mbo', due: dueOf(fy, 'goals') });
  });

  it('is offered an open posting only while they have not applied to it', async () => {
    const postings = ok(await callApi(ctx.shokuin, 'postings:list', { fy })).postings;
    const applied = postings.find((p) => p.open && p.mine !== null);
    expect(applied, 'the demo shokuin has applied to an open posting').toBeDefined();
    const expected = postings.filter((p) => p.open && (p.mine === null || p.mine.status === '辞退'));
    const before = await home('shokuin');
    const offered = before.tasks.filter((t) => t.target === 'postings').map((t) => t.id);
    expect(offered).toEqual(expected.map((p) => `posting-${p.id}`));
    expect(offered).not.toContain(`posting-${applied!.id}`);
    // Another person who has not applied is offered it.
    expect((await home('kacho')).tasks.map((t) => t.id)).toContain(`posting-${applied!.id}`);

    // Withdrawn, the posting is offered again.
    ok(await callApi(ctx.shokuin, 'postings:withdraw', { fy, applicationId: applied!.mine!.id }));
    const after = await home('shokuin');
    expect(after.tasks.find((t) => t.id === `posting-${applied!.id}`)).toMatchObject({
      target: 'postings',
      due: applied!.deadline,
      overdue: false,
    });
  });

  it('is asked for the mid-term, then the year-end evaluation, as the calendar turns', () => {
    const id = staffIdOf('shokuin');
    db.prepare(
      "INSERT OR IGNORE INTO mbo_sheets (fy, staff_id, created_at, updated_at) VALUES (?, ?, '2026-04-01', '2026-04-01')",
    ).run(fy, id);
    db.prepare("UPDATE mbo_sheets SET status = '承認済', self_mid_comment = '' WHERE fy = ? AND staff_id = ?").run(
      fy,
      id,
    );
    db.prepare(
      "UPDATE mbo_goals SET progress = NULL, mid_note = '' WHERE sheet_id = (SELECT id FROM mbo_sheets WHERE fy = ? AND staff_id = ?)",
    ).run(fy, id);
    db.prepare("UPDATE appraisals SET status = '未着手' WHERE fy = ? AND staff_id = ?").run(fy, id);
    const session = ctx.shokuin.session!;
    const on = (iso: string) => homeView(db, session, { fy }, new Date(`${iso}T09:00:00`));
    const ids = (v: HomeView) =>
      v.tasks.map((t) => t.id).filter((t) => t.startsWith('mbo') || t.startsWith('appraisal'));

    expect(ids(on(`${fy}-07-01`))).toEqual([]);
    const mid = on(`${fy}-10-15`);
    expect(mid.phase?.name).toBe('中間');
    expect(mid.tasks.find((t) => t.id === 'mbo-midterm')).toMatchObject({ due: `${fy}-10-31`, overdue: false });
    expect(on(`${fy}-11-15`).tasks.find((t) => t.id === 'mbo-midterm')?.overdue).toBe(true);

    const yearEnd = on(`${fy + 1}-01-10`);
    expect(yearEnd.phase?.name).toBe('期末');
    expect(ids(yearEnd)).toEqual(['mbo-year-end', 'appraisal-self']);
    expect(yearEnd.tasks.find((t) => t.id === 'appraisal-self')).toMatchObject({
      target: 'appraisal',
      due: dueOf(fy, 'yearEnd'),
    });

    // Recorded, the mid-term is no longer asked for.
    db.prepare("UPDATE mbo_sheets SET self_mid_comment = '順調です' WHERE fy = ? AND staff_id = ?").run(fy, id);
    expect(ids(on(`${fy}-10-15`))).toEqual([]);
  });

  it('has nothing to do in a closed year, and a year without a cycle is refused', async () => {
    const past = await home('shokuin', fy - 1);
    expect(past.tasks).toEqual([]);
    expect(past.phase).toBeNull();
    fail(await callApi(ctx.shokuin, 'home:view', { fy: fy + 5 }), 'NOT_FOUND');
    fail(await callApi(ctx.admin, 'home:view', { fy: fy + 5 }), 'NOT_FOUND');
  });
});

describe('evaluators (あなたの番)', () => {
  for (const login of ['kakaricho', 'kacho'] as const) {
    it(`${login}: the counts match the appraisal and MBO lists, and name only people they evaluate`, async () => {
      const view = await home(login);
      expect(view.role).toBe('evaluator');
      expect(view.progress).toBeNull();
      expect(view.placement).toBeNull();
      const turn = view.turn!;
      const appraisals = ok(await callApi(ctx[login], 'appraisal:list', { fy })).rows;
      const sheets = ok(await callApi(ctx[login], 'mbo:list', { fy })).rows;

      const myAppraisals = appraisals.filter((r) => r.myTurn && r.relation !== 'cross');
      expect(turn.counts.appraisal).toBe(myAppraisals.length);
      expect(turn.counts.mbo).toBe(sheets.filter((r) => r.status === '提出済' && r.relation === 'first').length);
      expect(turn.total).toBe(turn.counts.appraisal + turn.counts.mbo + turn.counts.cross);
      expect(turn.items.length).toBe(Math.min(turn.total, 50));

      const stageOf = { first: '1次評価', second: '2次評価', adjuster: '調整' } as const;
      const listed = turn.items.filter((i) => i.kind === 'appraisal');
      expect(new Set(listed.map((i) => `${i.person.staffNo}:${i.stage}`))).toEqual(
        new Set(myAppraisals.map((r) => `${r.person.staffNo}:${stageOf[r.relation as keyof typeof stageOf]}`)),
      );
      for (const i of turn.items) {
        expect(i.due).toBeDefined();
        const list = i.kind === 'mbo' ? sheets.map((r) => r.person.staffNo) : appraisals.map((r) => r.person.staffNo);
        expect(list).toContain(i.person.staffNo);
      }
      // Nobody else's forms: only the viewer and the people on their lists.
      const theirs = new Set([
        staffNoOf(login),
        ...appraisals.map((r) => r.person.staffNo),
        ...sheets.map((r) => r.person.staffNo),
      ]);
      for (const no of staffNosIn(view)) expect(theirs.has(no), no).toBe(true);
      expect(view.kpis.map((k) => k.id)).toEqual(['meaningful_work']);
    });
  }

  it('kakaricho has forms waiting in the demo, and one approved leaves the count', async () => {
    const before = (await home('kakaricho')).turn!;
    expect(before.counts.appraisal + before.counts.mbo).toBeGreaterThan(0);
    const sheet = before.items.find((i) => i.kind === 'mbo');
    expect(sheet, 'the demo has an MBO sheet waiting for kakaricho').toBeDefined();
    expect(sheet).toMatchObject({ stage: '目標の承認', due: dueOf(fy, 'goals') });
    db.prepare(
      "UPDATE mbo_sheets SET status = '承認済' WHERE fy = ? AND staff_id = (SELECT id FROM staff WHERE staff_no = ?)",
    ).run(fy, sheet!.person.staffNo);
    const after = (await home('kakaricho')).turn!;
    expect(after.counts.mbo).toBe(before.counts.mbo - 1);
    expect(after.items.some((i) => i.kind === 'mbo' && i.person.staffNo === sheet!.person.staffNo)).toBe(false);
  });

  it('an area leader is asked for the cross-section ratings not yet given', async () => {
    // kakaricho leads an area with a member whose 地域担当目標 nobody has rated yet.
    const leader = staffIdOf('kakaricho');
    const member = db
      .prepare(
        `SELECT s.id, s.staff_no AS staffNo FROM staff s JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
         LEFT JOIN appraisals a ON a.staff_id = s.id AND a.fy = @fy
         WHERE s.id <> @leader AND s.active = 1 AND s.position <> '区長'
           AND s.id NOT IN (SELECT staff_id FROM evaluator_assignments WHERE fy = @fy
                              AND (first_id = @leader OR second_id = @leader OR adjuster_id = @leader))
         ORDER BY s.id LIMIT 1`,
      )
      .get({ fy, leader }) as { id: number; staffNo: string };
    const area = Number(db.prepare("INSERT INTO areas (name) VALUES ('テスト地区')").run().lastInsertRowid);
    db.prepare('DELETE FROM area_assignments WHERE fy = ? AND staff_id IN (?, ?)').run(fy, leader, member.id);
    db.prepare("INSERT INTO area_assignments (fy, staff_id, area_id, role) VALUES (?, ?, ?, 'リーダー')").run(
      fy,
      leader,
      area,
    );
    db.prepare("INSERT INTO area_assignments (fy, staff_id, area_id, role) VALUES (?, ?, ?, 'メンバー')").run(
      fy,
      member.id,
      area,
    );
    const sheetId = (
      db.prepare('SELECT id FROM mbo_sheets WHERE fy = ? AND staff_id = ?').get(fy, member.id) as { id: number }
    ).id;
    db.prepare('DELETE FROM mbo_goals WHERE sheet_id = ?').run(sheetId);
    db.prepare(
      "INSERT INTO mbo_goals (sheet_id, position, category, title) VALUES (?, 0, '地域担当目標', '地域の見守り')",
    ).run(sheetId);
    db.prepare("UPDATE appraisals SET status = '自己評価済' WHERE fy = ? AND staff_id = ?").run(fy, member.id);

    const turn = (await home('kakaricho')).turn!;
    expect(turn.items.filter((i) => i.kind === 'cross').map((i) => i.person.staffNo)).toEqual([member.staffNo]);
    expect(turn.counts.cross).toBe(1);
    const row = ok(await callApi(ctx.kakaricho, 'appraisal:list', { fy })).rows.find(
      (r) => r.person.staffNo === member.staffNo,
    );
    expect(row).toMatchObject({ relation: 'cross', myTurn: true });

    // Rated, it is no longer waiting.
    const goalId = (db.prepare('SELECT id FROM mbo_goals WHERE sheet_id = ?').get(sheetId) as { id: number }).id;
    db.prepare("INSERT INTO cross_ratings (goal_id, evaluator_id, role, level) VALUES (?, ?, '地域リーダー', 'A')").run(
      goalId,
      leader,
    );
    expect((await home('kakaricho')).turn!.counts.cross).toBe(0);
  });
});

describe('HR and the personnel office', () => {
  it('HR sees the progress matching its own boards, and who holds the waiting forms', async () => {
    const view = await home('admin');
    expect(view.role).toBe('hr');
    expect(view.turn).toBeNull();
    const progress = view.progress!;
    const reports = ok(await callApi(ctx.admin, 'selfReport:progress', { fy })).totals;
    expect(progress.selfReports).toEqual({ submitted: reports.提出済 + reports.面談済, total: reports.total });
    const mbo = ok(await callApi(ctx.admin, 'mbo:list', { fy })).totals;
    expect(progress.mbo).toEqual({ approved: mbo.承認済 + mbo.自己評価済, total: mbo.total });
    const rows = ok(await callApi(ctx.admin, 'appraisal:list', { fy })).rows;
    const self = rows.length; // HR's own appraisal is not on HR's list
    const own = db
      .prepare("SELECT count(*) AS n FROM staff WHERE staff_no = ? AND active = 1 AND position <> '区長'")
      .get(staffNoOf('admin')) as { n: number };
    expect(progress.appraisals.reduce((a, s) => a + s.count, 0)).toBe(self + own.n);
    for (const s of progress.appraisals) {
      const listed = rows.filter((r) => r.status === s.status).length;
      expect(s.count - listed, s.status).toBeLessThanOrEqual(own.n);
      expect(s.count).toBeGreaterThanOrEqual(listed);
    }
    const ranking = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy })).populations;
    expect(progress.rankings).toEqual(ranking.map((p) => ({ population: p.label, confirmed: p.confirmed })));

    // 滞留: most first, at most 10, and kakaricho's rows are exactly their あなたの番 (appraisals and MBO).
    const stuck = view.stuck!;
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.length).toBeLessThanOrEqual(10);
    expect([...stuck].sort((a, b) => b.waiting - a.waiting)).toEqual(stuck);
    // Every sheet of kakaricho's people submitted: kakaricho now holds the most sheets to approve.
    const leader = staffIdOf('kakaricho');
    const people = db
      .prepare(
        'SELECT staff_id AS id FROM evaluator_assignments WHERE fy = ? AND first_id = ? AND effective_to IS NULL',
      )
      .all(fy, leader) as { id: number }[];
    expect(people.length).toBeGreaterThan(2);
    for (const p of people) {
      db.prepare(
        "INSERT OR IGNORE INTO mbo_sheets (fy, staff_id, created_at, updated_at) VALUES (?, ?, '2026-04-01', '2026-04-01')",
      ).run(fy, p.id);
      db.prepare("UPDATE mbo_sheets SET status = '提出済' WHERE fy = ? AND staff_id = ?").run(fy, p.id);
    }
    const turn = (await home('kakaricho')).turn!;
    expect(turn.counts.mbo).toBe(people.length);
    const after = (await home('admin')).stuck!;
    const kakaricho = after.filter((r) => r.evaluator.staffNo === staffNoOf('kakaricho'));
    const byStage = (stage: string) => kakaricho.find((r) => r.stage === stage)?.waiting ?? 0;
    expect(byStage('目標の承認')).toBe(turn.counts.mbo);
    // Their appraisals waiting: listed with the same count, or too few to make the top 10.
    for (const stage of ['1次評価', '2次評価', '調整']) {
      const waiting = turn.items.filter((i) => i.kind === 'appraisal' && i.stage === stage).length;
      if (byStage(stage) > 0) expect(byStage(stage)).toBe(waiting);
      else if (waiting > 0) expect(after[after.length - 1]!.waiting).toBeGreaterThanOrEqual(waiting);
    }
    expect(view.kpis.length).toBeGreaterThan(1);
    expect(view.placement).toBeNull();
  });

  it('the personnel office sees the placement figures and its links', async () => {
    const view = await home('jinji');
    expect(view.role).toBe('personnel');
    expect(view.progress).toBeNull();
    expect(view.stuck).toBeNull();
    expect(view.turn).toBeNull();
    const figures = view.placement!;
    const active = db.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number };
    expect(figures.staff).toBe(active.n);
    expect(figures.sections).toBeGreaterThan(0);
    const wishes = ok(await callApi(ctx.jinji, 'placement:list', { fy, wishesTransfer: true }));
    expect(figures.transferWishes).toBe(wishes.total);
    expect(figures.transferWishes).toBeGreaterThan(0);
    expect(figures.postingApplications).toBeGreaterThan(0);
    expect(view.tasks.filter((t) => t.target === 'placement').length).toBeGreaterThan(0);
    expect(view.tasks.find((t) => t.id === 'placement-wishes')?.count).toBe(figures.transferWishes);
    expect(view.kpis.length).toBeGreaterThan(1);

    // A year of confirmed rankings has its 区分 counted.
    const past = (await home('jinji', fy - 1)).placement!;
    expect(past.confirmedClasses).toBeGreaterThan(0);
  });
});
