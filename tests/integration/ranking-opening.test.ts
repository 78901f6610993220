import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { RankingView } from '../../shared/contract';
import { emptyReasonText } from '../../shared/ranking';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { ok } from '../helpers/result';

/*
 * Where the 相対評価 screen opens (docs/ranking.md "Opening the screen"): appraisal:ranking asked without
 * a population suggests the first that needs the caller (a tie to decide, or ready to confirm), else
 * the first with anyone 調整済; each population carries its 調整済 and excluded counts from SQL, and an
 * empty population says why it is empty. The demo office: 課長代理級 all 調整済 with boundary ties,
 * 課長級 nobody 調整済 yet.
 */

const fy = 2026;
const dir = tempDir('kaname-ranking-opening-');
const ctx = {} as Record<'admin' | 'jinji' | 'kucho' | 'kacho', AppContext>;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kucho', 'kacho'] as const)
    ctx[login] = await loggedIn(dbPath, login, demoPass);
}, 120_000);

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const view = async (c: AppContext, population?: string): Promise<RankingView> =>
  ok(await callApi(c, 'appraisal:ranking', { fy, ...(population ? { population } : {}) }));

/** The rule, worked out from each population's own view: what the suggestion must be. */
async function expected(c: AppContext, first: RankingView): Promise<string> {
  for (const p of first.populations) {
    const r = (await view(c, p.key)).result!;
    if (r.confirmed === null && r.canDecide && (r.undecided > 0 || (r.waiting.length === 0 && r.size > 0))) {
      return p.key;
    }
  }
  return (first.populations.find((p) => (p.adjusted ?? 0) > 0) ?? first.populations[0]!).key;
}

describe('the population the ranking screen opens on', () => {
  it('is the first that needs the 調整者 or HR, not the first in the list', async () => {
    const first = await view(ctx.admin);
    // The answer's own population is still the first (HR's scripts and the CLI read it so).
    expect(first.population).toBe(first.populations[0]!.key);
    expect(first.populations[0]!.key).toBe('課長級');
    expect(first.suggested).toBe('課長代理級');
    expect(first.suggested).toBe(await expected(ctx.admin, first));
    // The 調整者 of the 課長代理級 (the 副区長) is sent there too; an evaluator who adjusts nobody has nothing.
    const kucho = await view(ctx.kucho);
    expect(kucho.suggested).toBe('課長代理級');
    expect(kucho.suggested).toBe(await expected(ctx.kucho, kucho));
    const kacho = await view(ctx.kacho);
    expect(kacho.populations).toEqual([]);
    expect(kacho.suggested).toBeUndefined();
    // Asked for a population, there is no suggestion.
    expect((await view(ctx.admin, '係長級')).suggested).toBeUndefined();
  });

  it('for the personnel office, who decides nothing, is the first with anyone 調整済', async () => {
    const first = await view(ctx.jinji);
    expect(first.suggested).toBe(first.populations.find((p) => (p.adjusted ?? 0) > 0)!.key);
    expect(first.suggested).toBe(await expected(ctx.jinji, first));
  });

  it('counts each population by the same people its own view ranks, waits for and excludes', async () => {
    const first = await view(ctx.admin);
    for (const p of first.populations) {
      const r = (await view(ctx.admin, p.key)).result!;
      expect(p.adjusted, p.key).toBe(r.size);
      expect(p.excluded, p.key).toBe(r.excluded.length);
      expect(p.size - (p.adjusted ?? 0) - (p.excluded ?? 0), p.key).toBe(r.waiting.length);
      expect(r.emptyReason, p.key).toBe(r.size === 0 ? 'noneAdjusted' : undefined);
    }
  });

  it('moves on once the ties are decided and the population confirmed', async () => {
    let v = await view(ctx.admin, '課長代理級');
    for (const tie of v.result!.ties) {
      let k = 0;
      for (const [i, cls] of tie.classes.entries()) {
        for (let n = 0; n < tie.seats[i]!; n += 1) {
          v = ok(
            await callApi(ctx.admin, 'appraisal:decideTie', {
              fy,
              population: '課長代理級',
              staffNo: tie.ids[k]!,
              rankClass: cls,
            }),
          );
          k += 1;
        }
      }
    }
    expect(v.result!.undecided).toBe(0);
    // Ready to confirm: still the one that needs HR.
    expect((await view(ctx.admin)).suggested).toBe('課長代理級');
    ok(await callApi(ctx.admin, 'appraisal:confirmRanking', { fy, population: '課長代理級' }));
    const after = await view(ctx.admin);
    expect(after.suggested).toBe(await expected(ctx.admin, after));
    expect(after.populations.find((p) => p.key === '課長代理級')!.confirmed).toBe(true);
  });

  it('says why a population is empty: nobody 調整済 yet, or everyone taken out of the ranking', async () => {
    const before = (await view(ctx.admin, '課長級')).result!;
    expect(before.emptyReason).toBe('noneAdjusted');
    expect(emptyReasonText('noneAdjusted', '課長級', before.waiting.length)).toBe(
      `まだ調整済になった人事考課がありません（${before.waiting.length}人が評価・調整の途中です）。調整者の調整が済んだ人から順位に入ります。`,
    );
    for (const w of before.waiting) {
      ok(await callApi(ctx.admin, 'appraisal:exclude', { fy, staffNo: w.staffNo, reason: '長期休業（テスト）' }));
    }
    const all = await view(ctx.admin, '課長級');
    expect(all.result!.emptyReason).toBe('allExcluded');
    expect(all.populations.find((p) => p.key === '課長級')).toMatchObject({
      adjusted: 0,
      excluded: before.waiting.length,
    });
    expect(emptyReasonText('allExcluded', '課長級', 0)).toContain('全員が相対評価の対象外です');
  });
});
