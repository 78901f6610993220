import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { generateDemoWard, walkSectionOf } from '../../electron/core/demo/demo-ward';
import type { AppraisalView } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { quotas } from '../../shared/ranking';
import { walkPlan } from '../e2e/pages/appraisal-year-plan';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { ok } from '../helpers/result';

/**
 * The demo office's walk section (demo-ward.ts walkSectionOf), the one tests/e2e/appraisal-year.spec.ts
 * takes through a year: its 係員級 population and the stages the demo leaves it at, then the walk
 * itself through the services with the walk's values (appraisal-year-plan.ts), up to a ranking
 * whose boundary tie the 調整者 decides before confirming.
 */

const fy = fiscalYearOf(new Date());
const walk = walkSectionOf(generateDemoWard(fy));
const population = `係員級・${walk.section}`;
const dir = tempDir('kaname-demo-walk-');
let dbPath = '';
let d: Db;
let admin: AppContext;
const contexts: AppContext[] = [];

type Member = { id: number; staffNo: string; name: string; line: string; status: string | null; mbo: string | null };
let members: Member[] = [];

afterAll(() => {
  for (const c of [admin, ...contexts]) c?.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const all = <T>(sql: string, ...args: unknown[]) => d.prepare(sql).all(...args) as T[];

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  admin = await loggedIn(dbPath, 'admin', demoPass);
  d = admin.office!.db;
  members = all<Member>(
    `SELECT s.id, s.staff_no AS staffNo, s.name, l.name AS line, a.status, m.status AS mbo
     FROM staff s JOIN sections sec ON sec.id = s.section_id JOIN lines l ON l.id = s.line_id
     LEFT JOIN appraisals a ON a.staff_id = s.id AND a.fy = @fy LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
     WHERE s.active = 1 AND s.grade_group = '係員級' AND sec.name = @section ORDER BY s.staff_no`,
    { fy, section: walk.section },
  );
});

/** An account for a staff member, logged in with its password changed (as the app requires). */
async function accountFor(login: string, staffNo: string, role: 'staff' | 'evaluator'): Promise<AppContext> {
  ok(await callApi(admin, 'accounts:create', { login, displayName: login, role, staffNo, password: 'temporary-1' }));
  const c = await loggedIn(dbPath, login, 'temporary-1');
  ok(await callApi(c, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
  contexts.push(c);
  return c;
}

const get = async (c: AppContext, staffNo: string): Promise<AppraisalView> =>
  ok(await callApi(c, 'appraisal:get', { fy, staffNo }));

describe('the demo walk section', () => {
  it('holds none of the logins, and every 係員 has a self-evaluated MBO sheet with a 地域担当目標', () => {
    const logins = all<{ section: string }>(
      'SELECT sec.name AS section FROM accounts a JOIN staff s ON s.id = a.staff_id JOIN sections sec ON sec.id = s.section_id',
    );
    expect(logins.map((l) => l.section)).not.toContain(walk.section);
    expect(members.length).toBeGreaterThanOrEqual(5);
    expect(members.every((m) => m.mbo === '自己評価済')).toBe(true);
    const withArea = all<{ staffId: number }>(
      `SELECT DISTINCT m.staff_id AS staffId FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id
       WHERE m.fy = ? AND g.category = '地域担当目標'`,
      fy,
    ).map((r) => r.staffId);
    expect(members.filter((m) => !withArea.includes(m.id))).toEqual([]);
  });

  it('leaves the 本人 未着手, the rest of the line waiting for the 1次, the others further on; no award', () => {
    const line = members.filter((m) => m.line === walk.line);
    expect(line.filter((m) => m.status === null)).toHaveLength(1);
    expect(line.filter((m) => m.status !== null).every((m) => m.status === '自己評価済')).toBe(true);
    const others = members.filter((m) => m.line !== walk.line);
    expect(others.slice(0, 6).map((m) => m.status)).toEqual([
      '2次評価済',
      '2次評価済',
      '1次評価済',
      '1次評価済',
      '2次評価済',
      '2次評価済',
    ]);
    expect(others.slice(6).every((m) => m.status === '調整済')).toBe(true);
    const awarded = all<{ id: number }>(
      'SELECT r.staff_id AS id FROM award_recipients r JOIN awards a ON a.id = r.award_id WHERE a.fy = ?',
      fy,
    ).map((r) => r.id);
    expect(members.filter((m) => awarded.includes(m.id))).toEqual([]);
  });

  it('ranks the 係員級 per 課: the section is a population of its own, everyone still waiting to be 調整済 listed', async () => {
    const view = ok(await callApi(admin, 'appraisal:ranking', { fy, population }));
    expect(view.populations.find((p) => p.key === population)).toMatchObject({
      label: `係員級（${walk.section}）`,
      size: members.length,
      confirmed: false,
    });
    expect(view.populations.some((p) => p.key === '課長代理級')).toBe(true);
    expect(view.result?.waiting.map((w) => w.staffNo).sort()).toEqual(
      members.filter((m) => m.status !== '調整済').map((m) => m.staffNo),
    );
    expect(view.result?.canConfirm).toBe(false);
  });

  it('walked with the walk’s values, everyone reaches 調整済 and the two strongest tie across a boundary', async () => {
    const self = members.find((m) => m.line === walk.line && m.status === null)!;
    const start = await get(admin, self.staffNo);
    const staffNoOf = (name: string | null) =>
      all<{ no: string }>('SELECT staff_no AS no FROM staff WHERE name = ? AND active = 1', name)[0]!.no;
    const areaGoal = start.goals.find((g) => g.category === '地域担当目標')!;
    const leaderNo = areaGoal.cross?.evaluator?.staffNo;
    expect(leaderNo).toBeDefined();
    expect(areaGoal.cross?.level).toBeNull();

    const honnin = await accountFor('honnin', self.staffNo, 'staff');
    const leader = await accountFor('leader', leaderNo!, 'evaluator');
    const first = await accountFor('kakaricho2', staffNoOf(start.evaluators.first), 'evaluator');
    const second = await accountFor('kacho2', staffNoOf(start.evaluators.second), 'evaluator');
    const adjuster = await accountFor('fukukucho', staffNoOf(start.evaluators.adjuster), 'evaluator');

    // 本人.
    let v = await get(honnin, self.staffNo);
    const items = v.ratings.map((r) => r.item);
    v = ok(
      await callApi(honnin, 'appraisal:save', {
        fy,
        version: v.version,
        ratings: Object.fromEntries(items.map((i) => [i, walkPlan.selfRating])),
        comment: walkPlan.selfComment,
      }),
    );
    expect(ok(await callApi(honnin, 'appraisal:submit', { fy, version: v.version })).status).toBe('自己評価済');

    // The area leader, and the award (decided).
    ok(
      await callApi(leader, 'appraisal:cross', {
        fy,
        goalId: areaGoal.id,
        level: walkPlan.crossLevel,
        comment: walkPlan.crossComment,
      }),
    );
    const saved = ok(
      await callApi(admin, 'awards:save', {
        fy,
        id: null,
        title: walkPlan.award.title,
        category: walkPlan.award.category,
        awardedOn: `${fy}-11-05`,
        groupName: '',
        nominator: walkPlan.award.nominator,
        recipients: [self.staffNo],
      }),
    );
    const award = saved.find((a) => a.title === walkPlan.award.title)!;
    ok(await callApi(admin, 'awards:decide', { fy, id: award.id, decidedOn: `${fy}-11-20` }));
    expect((await get(admin, self.staffNo)).scores.bonus.total).toBe(walkPlan.award.bonus);

    // 1次: the 本人 departs from the cross-section level on the area goal; the others keep each default.
    for (const m of members.filter((x) => x.line === walk.line)) {
      const w = await get(first, m.staffNo);
      expect(w.status).toBe('自己評価済');
      const goals = w.goals.map((g) =>
        m === self && g.id === areaGoal.id
          ? { goalId: g.id, level: walkPlan.departLevel, reason: walkPlan.departReason }
          : { goalId: g.id, level: g.firstDefault?.level ?? walkPlan.firstLevel },
      );
      const s = ok(
        await callApi(first, 'appraisal:save', {
          fy,
          staffNo: m.staffNo,
          version: w.version,
          ratings: Object.fromEntries(items.map((i) => [i, walkPlan.firstRating])),
          goals,
          comment: walkPlan.firstComment,
        }),
      );
      expect(s.problems).toEqual([]);
      expect(ok(await callApi(first, 'appraisal:submit', { fy, staffNo: m.staffNo, version: s.version })).status).toBe(
        '1次評価済',
      );
    }

    // 2次 for everyone at 1次評価済, then the 調整者 for everyone at 2次評価済 (one adjustment, on the 本人).
    for (const m of members) {
      let w = await get(second, m.staffNo);
      if (w.status === '1次評価済') {
        w = ok(
          await callApi(second, 'appraisal:save', {
            fy,
            staffNo: m.staffNo,
            version: w.version,
            ratings: Object.fromEntries(items.map((i) => [i, walkPlan.secondRating])),
            goals: w.goals.map((g) => ({ goalId: g.id, level: walkPlan.secondLevel })),
            comment: walkPlan.secondComment,
          }),
        );
        ok(await callApi(second, 'appraisal:submit', { fy, staffNo: m.staffNo, version: w.version }));
      }
    }
    for (const m of members) {
      let w = await get(adjuster, m.staffNo);
      if (w.status !== '2次評価済') {
        expect(w.status).toBe('調整済');
        continue;
      }
      if (m === self) {
        w = ok(
          await callApi(adjuster, 'appraisal:save', {
            fy,
            staffNo: m.staffNo,
            version: w.version,
            adjustment: walkPlan.adjustment,
            adjustmentReason: walkPlan.adjustmentReason,
            comment: walkPlan.adjusterComment,
          }),
        );
      }
      expect(
        ok(await callApi(adjuster, 'appraisal:submit', { fy, staffNo: m.staffNo, version: w.version })).status,
      ).toBe('調整済');
    }

    // The 本人's score: the base, the award and the adjustment, still below the tied pair.
    const done = await get(admin, self.staffNo);
    expect(done.scores.absolute.lines.map((l) => l.label)).toEqual(
      expect.arrayContaining(['表彰による加点', '調整者による調整']),
    );
    expect(done.scores.absolute.score!).toBeLessThan(4);

    // The ranking: everyone scored, the quotas by largest remainder, a tie of the two strongest across 第1/第2区分.
    let view = ok(await callApi(adjuster, 'appraisal:ranking', { fy, population }));
    expect(view.populations.map((p) => p.key)).toContain(population);
    const r = view.result!;
    expect(r.waiting).toEqual([]);
    expect(r.size).toBe(members.length);
    expect(r.figures.map((f) => f.quota)).toEqual(quotas(members.length));
    const strong = members.filter((m) => m.line !== walk.line).slice(0, 2);
    const tie = r.ties.find((t) => t.ids.includes(strong[0]!.staffNo))!;
    expect(tie).toMatchObject({ score: 4, classes: [1, 2], resolved: false });
    expect([...tie.ids].sort()).toEqual(strong.map((m) => m.staffNo).sort());
    expect(r.canConfirm).toBe(false);

    // The 調整者 decides every tie (the walk's own one first), then confirms: everyone 確定.
    for (const t of r.ties) {
      let k = 0;
      for (const [i, cls] of t.classes.entries()) {
        for (let n = 0; n < t.seats[i]!; n += 1) {
          view = ok(
            await callApi(adjuster, 'appraisal:decideTie', { fy, population, staffNo: t.ids[k]!, rankClass: cls }),
          );
          k += 1;
        }
      }
    }
    expect(view.result?.canConfirm).toBe(true);
    view = ok(await callApi(adjuster, 'appraisal:confirmRanking', { fy, population }));
    expect(view.result?.confirmed).not.toBeNull();
    const finals = all<{ status: string; cls: number | null }>(
      `SELECT a.status, a.rank_class AS cls FROM appraisals a JOIN staff s ON s.id = a.staff_id
       JOIN sections sec ON sec.id = s.section_id WHERE a.fy = ? AND sec.name = ? AND s.grade_group = '係員級'`,
      fy,
      walk.section,
    );
    expect(finals).toHaveLength(members.length);
    expect(finals.every((f) => f.status === '確定' && f.cls !== null)).toBe(true);
    // The 本人 now sees the evaluators' entries (開示).
    const disclosed = await get(honnin, self.staffNo);
    expect(disclosed.status).toBe('確定');
    expect(disclosed.comments.first).toBe(walkPlan.firstComment);
  });
});
