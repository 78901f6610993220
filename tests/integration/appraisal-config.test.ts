import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { cycleConfig } from '../../electron/core/appraisal/appraisal.repo';
import { ensureCycle } from '../../electron/core/staff/staff.repo';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The cycle's appraisal configuration (設定 → 人事考課の設定) on one real encrypted demo office:
 * the defaults, HR saving and resetting a new year's configuration (audited), the validator's
 * messages through the channel, the lock once the year's appraisals have started, and who may
 * change it. Tests run in order and share the office.
 */

type ConfigInput = Input<'appraisal:saveConfig'>['config'];

const fy = fiscalYearOf(new Date());
const next = fy + 1;
const dir = tempDir('kaname-appraisal-config-');
let d: Db;
const ctx = {} as Record<'admin' | 'jinji' | 'kakaricho' | 'shokuin', AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  // The next year's cycle, as the app opens one (an import for that year, or the office opening in it).
  ensureCycle(d, next);
});

/** An editable copy of the defaults (JSON: the defaults share one items array between two groups). */
function defaults(): ConfigInput {
  return JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as ConfigInput;
}

const changed = (): ConfigInput => {
  const c = JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as {
    competencyItems: Record<string, string[]>;
    weights: Record<string, { performance: number; competency: number }>;
    award: { internal: number; external: number; yearlyCap: number; eligible: string[] };
    distribution: number[];
  };
  c.competencyItems['係員級'] = ['知識・技能', '実行力', ' 区民志向 ', 'デジタル活用'];
  c.weights['係員級'] = { performance: 70, competency: 30 };
  c.award = { internal: 0.25, external: 0.4, yearlyCap: 0.6, eligible: ['係員級'] };
  c.distribution = [10, 20, 40, 20, 10];
  return c as unknown as ConfigInput;
};

const auditCount = () =>
  (d.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appraisal.config'`).get() as { n: number }).n;

describe('appraisal configuration', () => {
  it('reads the defaults of a year nothing was configured for, for any session', async () => {
    for (const c of [ctx.admin, ctx.shokuin, ctx.kakaricho, ctx.jinji]) {
      const view = ok(await callApi(c, 'appraisal:config', { fy: next }));
      expect(view).toMatchObject({ fy: next, isDefault: true, locked: false, lockedReason: null });
      expect(view.config).toEqual(DEFAULT_APPRAISAL_CONFIG);
    }
  });

  it('locks the demo year, whose appraisals have started, and says why', async () => {
    const view = ok(await callApi(ctx.admin, 'appraisal:config', { fy }));
    expect(view.locked).toBe(true);
    expect(view.lockedReason).toMatch(
      /^この年度はすでに人事考課が始まっているため（.*\d+件.*）、設定は変更できません。$/u,
    );
    const started = (
      d.prepare(`SELECT COUNT(*) AS n FROM appraisals WHERE fy = ? AND status <> '未着手'`).get(fy) as { n: number }
    ).n;
    expect(started).toBeGreaterThan(0);

    const before = auditCount();
    const saved = fail(await callApi(ctx.admin, 'appraisal:saveConfig', { fy, config: changed() }), 'CONFLICT');
    expect(saved.message).toBe(view.lockedReason);
    fail(await callApi(ctx.admin, 'appraisal:resetConfig', { fy }), 'CONFLICT');
    expect(auditCount()).toBe(before);
    // Whatever the demo configured for its year, it is unchanged.
    expect(cycleConfig(d, fy)).toEqual(view.config);
  });

  it('HR saves a new year’s configuration, reads it back, and the change is audited', async () => {
    const demoYear = ok(await callApi(ctx.admin, 'appraisal:config', { fy })).config;
    const before = auditCount();
    const saved = ok(await callApi(ctx.admin, 'appraisal:saveConfig', { fy: next, config: changed() }));
    expect(saved).toMatchObject({ fy: next, isDefault: false, locked: false });
    expect(saved.config.competencyItems['係員級']).toEqual(['知識・技能', '実行力', '区民志向', 'デジタル活用']);

    const read = ok(await callApi(ctx.shokuin, 'appraisal:config', { fy: next }));
    expect(read.config).toEqual(saved.config);
    expect(read.config.award).toEqual({ internal: 0.25, external: 0.4, yearlyCap: 0.6, eligible: ['係員級'] });
    expect(read.config.distribution).toEqual([10, 20, 40, 20, 10]);
    // The other years keep theirs.
    expect(ok(await callApi(ctx.admin, 'appraisal:config', { fy })).config).toEqual(demoYear);

    expect(auditCount()).toBe(before + 1);
    const row = d
      .prepare(
        `SELECT entity, entity_id AS id, before, after FROM audit_log WHERE action = 'appraisal.config' ORDER BY id DESC`,
      )
      .get() as { entity: string; id: string; before: string; after: string };
    expect(row).toMatchObject({ entity: 'cycle', id: String(next) });
    expect(JSON.parse(row.before)).toMatchObject({
      isDefault: true,
      config: { weights: { 係員級: { performance: 40 } } },
    });
    expect(JSON.parse(row.after)).toMatchObject({
      isDefault: false,
      config: { weights: { 係員級: { performance: 70 } } },
    });

    // Saving the same configuration again changes nothing and writes no audit row.
    ok(await callApi(ctx.admin, 'appraisal:saveConfig', { fy: next, config: changed() }));
    expect(auditCount()).toBe(before + 1);
  });

  it('the saved configuration is the one the appraisal uses', async () => {
    expect(cycleConfig(d, next).weights['係員級']).toEqual({ performance: 70, competency: 30 });
    const staffNo = (
      d.prepare(`SELECT staff_no AS no FROM staff WHERE grade_group = '係員級' ORDER BY staff_no LIMIT 1`).get() as {
        no: string;
      }
    ).no;
    const view = ok(await callApi(ctx.admin, 'appraisal:get', { fy: next, staffNo }));
    expect(view.person.gradeGroup).toBe('係員級');
    expect(view.scores.absolute.lines.map((l) => l.label).slice(0, 2)).toEqual([
      '業績評価点 × 70%',
      '能力評価点 × 30%',
    ]);
    expect(view.ratings.map((r) => r.item)).toEqual(['知識・技能', '実行力', '区民志向', 'デジタル活用']);
  });

  it('HR sets the difficulty coefficients (audited); the year’s MBO sheets and appraisals score with them', async () => {
    const current = ok(await callApi(ctx.admin, 'appraisal:config', { fy: next })).config;
    expect(current.difficultyCoefficients).toEqual({ A: 1.2, B: 1.0, C: 0.8 });
    const before = auditCount();
    const saved = ok(
      await callApi(ctx.admin, 'appraisal:saveConfig', {
        fy: next,
        config: { ...current, difficultyCoefficients: { A: 1.5, B: 1.0, C: 0.5 } },
      }),
    );
    expect(saved.config.difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
    expect(cycleConfig(d, next).difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
    expect(auditCount()).toBe(before + 1);
    const row = d
      .prepare(`SELECT before, after FROM audit_log WHERE action = 'appraisal.config' ORDER BY id DESC`)
      .get() as { before: string; after: string };
    expect(JSON.parse(row.before)).toMatchObject({ config: { difficultyCoefficients: { A: 1.2, B: 1.0, C: 0.8 } } });
    expect(JSON.parse(row.after)).toMatchObject({ config: { difficultyCoefficients: { A: 1.5, B: 1.0, C: 0.5 } } });

    // The year's sheet and appraisal carry them, for the live score and the difficulty labels.
    const staffNo = (
      d.prepare(`SELECT staff_no AS no FROM staff WHERE grade_group = '係員級' ORDER BY staff_no LIMIT 1`).get() as {
        no: string;
      }
    ).no;
    const sheet = ok(await callApi(ctx.admin, 'mbo:get', { fy: next, staffNo }));
    expect(sheet.difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
    const appraisal = ok(await callApi(ctx.admin, 'appraisal:get', { fy: next, staffNo }));
    expect(appraisal.difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
    // The other years keep theirs.
    expect(ok(await callApi(ctx.admin, 'mbo:get', { fy, staffNo })).difficultyCoefficients).toEqual(
      cycleConfig(d, fy).difficultyCoefficients,
    );
  });

  it('reads a configuration stored before the coefficients were configurable with the defaults', async () => {
    const json = (d.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(next) as { c: string }).c;
    const { difficultyCoefficients: _none, ...old } = JSON.parse(json) as ConfigInput & {
      difficultyCoefficients: unknown;
    };
    d.prepare('UPDATE cycles SET appraisal_config = ? WHERE fy = ?').run(JSON.stringify(old), next);
    const view = ok(await callApi(ctx.admin, 'appraisal:config', { fy: next }));
    expect(view.isDefault).toBe(false);
    expect(view.config.difficultyCoefficients).toEqual(DEFAULT_APPRAISAL_CONFIG.difficultyCoefficients);
    expect(view.config.weights['係員級']).toEqual({ performance: 70, competency: 30 });
    // A caller from before the field existed saves without it and gets the defaults stored.
    ok(await callApi(ctx.admin, 'appraisal:saveConfig', { fy: next, config: old }));
    const stored = JSON.parse(
      (d.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(next) as { c: string }).c,
    ) as { difficultyCoefficients: unknown };
    expect(stored.difficultyCoefficients).toEqual({ A: 1.2, B: 1.0, C: 0.8 });
  });

  it('refuses invalid configurations with a message naming the field', async () => {
    const cases: [(c: ConfigInput) => ConfigInput, string, string][] = [
      [
        (c) => ({ ...c, weights: { ...c.weights, 係員級: { performance: 40, competency: 50 } } }),
        'config.weights.係員級',
        '係員級の配分（業績＋能力）の合計が100になっていません（現在 90）',
      ],
      [
        (c) => ({ ...c, competencyItems: { ...c.competencyItems, 係長級: [] } }),
        'config.competencyItems.係長級',
        '係長級の能力評価の項目は1〜10個にしてください（現在 0個）',
      ],
      [
        (c) => ({ ...c, competencyItems: { ...c.competencyItems, 課長級: ['判断力', '判断力'] } }),
        'config.competencyItems.課長級.1',
        '課長級の能力評価の項目「判断力」が重複しています',
      ],
      [
        (c) => ({ ...c, award: { ...c.award, internal: 0.22 } }),
        'config.award.internal',
        '職場内表彰の加点は0〜1.0の範囲で0.05刻みで入力してください',
      ],
      [
        (c) => ({ ...c, award: { ...c.award, eligible: ['部長級'] } }),
        'config.award.eligible',
        '表彰による加点の対象に存在しない職層があります（部長級）',
      ],
      [
        (c) => ({ ...c, distribution: [5, 20, 60, 10, 10] }),
        'config.distribution',
        '相対評価の分布の合計が100になっていません（現在 105）',
      ],
      [
        (c) => ({ ...c, difficultyCoefficients: { A: 1.2, B: 1.0, C: 1.1 } }),
        'config.difficultyCoefficients.C',
        '難易度係数のC（低） 1.1 がB（標準） 1.0 を上回っています。難しい目標ほど係数を大きく（A ≥ B ≥ C）してください',
      ],
      [
        (c) => ({ ...c, difficultyCoefficients: { A: 1.23, B: 1.0, C: 0.8 } }),
        'config.difficultyCoefficients.A',
        '難易度係数のA（高）は0.1〜3.0の範囲で0.05刻みで入力してください',
      ],
    ];
    const before = ok(await callApi(ctx.admin, 'appraisal:config', { fy: next })).config;
    for (const [change, field, message] of cases) {
      const e = fail(
        await callApi(ctx.admin, 'appraisal:saveConfig', { fy: next, config: change(defaults()) }),
        'VALIDATION',
      );
      expect(e).toMatchObject({ field, message });
    }
    expect(ok(await callApi(ctx.admin, 'appraisal:config', { fy: next })).config).toEqual(before);
  });

  it('refuses a year without a cycle', async () => {
    fail(await callApi(ctx.admin, 'appraisal:saveConfig', { fy: next + 5, config: defaults() }), 'NOT_FOUND');
  });

  it('only HR changes it: evaluators, staff and the personnel office are refused', async () => {
    const before = auditCount();
    for (const c of [ctx.kakaricho, ctx.shokuin, ctx.jinji]) {
      fail(await callApi(c, 'appraisal:saveConfig', { fy: next, config: defaults() }), 'FORBIDDEN');
      fail(await callApi(c, 'appraisal:resetConfig', { fy: next }), 'FORBIDDEN');
    }
    expect(auditCount()).toBe(before);
    expect(ok(await callApi(ctx.admin, 'appraisal:config', { fy: next })).isDefault).toBe(false);
  });

  it('HR resets the year to the defaults (audited)', async () => {
    const before = auditCount();
    const view = ok(await callApi(ctx.admin, 'appraisal:resetConfig', { fy: next }));
    expect(view).toMatchObject({ isDefault: true, locked: false });
    expect(view.config).toEqual(DEFAULT_APPRAISAL_CONFIG);
    expect(auditCount()).toBe(before + 1);
    const stored = d.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(next) as { c: string | null };
    expect(stored.c).toBeNull();
  });
});
