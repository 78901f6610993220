import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import type { RankingView } from '../../shared/contract';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/*
 * At city scale the ranking and the 状況一覧 read a scored year remembered until the office changes
 * (docs/ranking.md "Scored once until the office changes"), and the tie cards ask for a few members
 * of each tie at a time.
 * On the real encrypted demo office (課長代理級: all 調整済, with boundary ties): whatever is
 * remembered, every answer is the one a fresh connection computes, after writes by this connection,
 * by another one, and after a write that was rolled back.
 */

const fy = 2026;
const population = '課長代理級';
const dir = tempDir('kaname-ranking-remembered-');
let dbPath: string;
const ctx = {} as Record<'admin' | 'kucho', AppContext>;
const opened: AppContext[] = [];

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  ctx.admin = await loggedIn(dbPath, 'admin', demoPass);
  ctx.kucho = await loggedIn(dbPath, 'kucho', demoPass);
  opened.push(ctx.admin, ctx.kucho);
}, 120_000);

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A new connection of its own: nothing remembered yet. */
async function fresh(login = 'admin'): Promise<AppContext> {
  const c = await loggedIn(dbPath, login, demoPass);
  opened.push(c);
  return c;
}

const rankingOf = async (c: AppContext, key = population): Promise<RankingView> =>
  ok(await callApi(c, 'appraisal:ranking', { fy, population: key }));

describe('tie members sent a few at a time (tieShown)', () => {
  it('sends the first tieShown members of each tie, every member without it; the ties stay whole', async () => {
    const rowsPage = { offset: 0, limit: 10 };
    const all = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy, population, rowsPage })).result!;
    expect(all.ties.length, 'the demo 課長代理級 has boundary ties').toBeGreaterThan(0);
    expect(all.ties.some((t) => t.ids.length > 1)).toBe(true);
    const one = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy, population, rowsPage, tieShown: 1 })).result!;
    expect(one.ties).toEqual(all.ties);
    expect(one.tieRows!.map((r) => r.staffNo).sort()).toEqual(one.ties.map((t) => t.ids[0]!).sort());
    expect(all.tieRows!.map((r) => r.staffNo).sort()).toEqual(all.ties.flatMap((t) => t.ids).sort());
    for (const r of one.tieRows!) expect(r).toEqual(all.tieRows!.find((x) => x.staffNo === r.staffNo));
    fail(await callApi(ctx.admin, 'appraisal:ranking', { fy, population, rowsPage, tieShown: 0 }), 'VALIDATION');
  });
});

describe('remembered rankings follow every write', () => {
  it('a year remembered whole gives each population, page and list what a fresh connection computes', async () => {
    const warm = await fresh();
    ok(await callApi(warm, 'appraisal:status', { fy }));
    // The whole scored year remembered, as the export leaves it (the status table alone reads less).
    yearScores(warm.office!.db, fy);
    const cold = await fresh();
    const { populations } = await rankingOf(cold);
    for (const p of populations) {
      expect(await rankingOf(warm, p.key), p.key).toEqual(await rankingOf(cold, p.key));
      const rowsPage = { offset: 5, limit: 7, sort: 'score' as const, desc: true };
      expect(
        ok(await callApi(warm, 'appraisal:ranking', { fy, population: p.key, rowsPage, tieShown: 2 })),
        p.key,
      ).toEqual(ok(await callApi(cold, 'appraisal:ranking', { fy, population: p.key, rowsPage, tieShown: 2 })));
    }
    const page = { offset: 0, limit: 40, sort: 'score' as const, desc: true };
    expect(ok(await callApi(warm, 'appraisal:list', { fy, page }))).toEqual(
      ok(await callApi(cold, 'appraisal:list', { fy, page })),
    );
    expect(ok(await callApi(warm, 'appraisal:status', { fy }))).toEqual(
      ok(await callApi(cold, 'appraisal:status', { fy })),
    );
  });

  it('sees a tie decided on another connection and on its own', async () => {
    const before = (await rankingOf(ctx.admin)).result!;
    const tie = before.ties.find((t) => t.ids.length > 1)!;
    // The 副区長 decides on a connection of their own: HR's remembered ranking must not answer.
    ok(
      await callApi(ctx.kucho, 'appraisal:decideTie', {
        fy,
        population,
        staffNo: tie.ids[0]!,
        rankClass: tie.classes[0]!,
      }),
    );
    const seen = (await rankingOf(ctx.admin)).result!;
    expect(seen.rows.find((r) => r.staffNo === tie.ids[0])).toMatchObject({ decided: true, rankClass: tie.classes[0] });
    expect(seen.undecided).toBe(before.undecided - 1);
    // HR decides the next on its own connection.
    ok(
      await callApi(ctx.admin, 'appraisal:decideTie', {
        fy,
        population,
        staffNo: tie.ids[1]!,
        rankClass: tie.classes[tie.classes.length - 1]!,
      }),
    );
    const own = await rankingOf(ctx.admin);
    expect(own.result!.rows.find((r) => r.staffNo === tie.ids[1])).toMatchObject({ decided: true });
    expect(own).toEqual(await rankingOf(await fresh()));
  });

  it('answers as before after a refused decision, whose transaction was rolled back', async () => {
    const before = await rankingOf(ctx.admin);
    const tie = before.result!.ties[0]!;
    const outside = [1, 2, 3, 4, 5].find((c) => !tie.classes.includes(c as never))!;
    fail(
      await callApi(ctx.admin, 'appraisal:decideTie', { fy, population, staffNo: tie.ids[0]!, rankClass: outside }),
      'VALIDATION',
    );
    expect(await rankingOf(ctx.admin)).toEqual(before);
  });

  it('scores again when a score changes underneath (an adjustment written on this connection)', async () => {
    const before = (await rankingOf(ctx.admin)).result!;
    ok(await callApi(ctx.admin, 'appraisal:status', { fy }));
    const last = before.rows[before.rows.length - 1]!;
    // Written straight to the table, as an import or a later save would: the remembered year must go.
    ctx.admin
      .office!.db.prepare(
        `UPDATE appraisals SET adjustment = 50 WHERE fy = ? AND staff_id = (SELECT id FROM staff WHERE staff_no = ?)`,
      )
      .run(fy, last.staffNo);
    const after = (await rankingOf(ctx.admin)).result!;
    const moved = after.rows.find((r) => r.staffNo === last.staffNo)!;
    expect(moved.score).toBeGreaterThan(last.score);
    expect(await rankingOf(ctx.admin)).toEqual(await rankingOf(await fresh()));
    expect(ok(await callApi(ctx.admin, 'appraisal:status', { fy }))).toEqual(
      ok(await callApi(await fresh(), 'appraisal:status', { fy })),
    );
  });
});
