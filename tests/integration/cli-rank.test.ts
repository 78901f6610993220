import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { runKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/** `kaname rank` (its run(), in this process) on a real encrypted demo office. */

const dir = tempDir('kaname-cli-rank-');
const fy = fiscalYearOf(new Date());
let dbPath = '';

function kaname(args: string[], user: string): Promise<CliRun> {
  return runKaname(args, { KANAME_PASSWORD: demoPass, KANAME_USER: user });
}

beforeAll(async () => {
  dbPath = await demoCopy(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaname rank', () => {
  it('shows the demo 課長代理級: quotas, the boundary tie and the distribution, as text and as JSON', async () => {
    const text = await kaname(['rank', '--db', dbPath, '--fy', String(fy), '--population', '課長代理級'], 'kucho');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${fy}年度 課長代理級（区全体）: 順位づけ 12人 / 全 12人`);
    expect(text.stdout).toMatch(/第1区分 {2}枠 +1（計算上 0\.60）/u);
    expect(text.stdout).toContain('同点 4.00: 2人が 第1区分・第2区分 の境界（枠 1・1人） — 調整者の決定待ち');

    const r = await kaname(['rank', '--db', dbPath, '--json'], 'admin');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      populations: { population: string; size: number; quotas: { quota: number; placed: number }[]; ties: unknown[] }[];
    };
    expect(out.ok).toBe(true);
    // Each grade group ranked 区全体 is one population named by the grade group; ranked per 課, one per section.
    const keys = out.populations.map((p) => p.population);
    for (const g of ['課長級', '課長代理級', '係長級', '係員級']) {
      expect(
        keys.some((k) => k === g || k.startsWith(`${g}・`)),
        g,
      ).toBe(true);
    }
    expect(keys).toContain('課長代理級');
    const deputies = out.populations.find((p) => p.population === '課長代理級')!;
    expect(deputies.quotas.map((q) => q.quota)).toEqual([1, 2, 7, 1, 1]);
    expect(deputies.quotas.map((q) => q.placed)).toEqual([0, 1, 7, 1, 1]);
    expect(deputies.ties).toHaveLength(1);
  });

  it('refuses a staff account (exit 3) and a wrong population (exit 1) with Japanese messages', async () => {
    const staff = await kaname(['rank', '--db', dbPath], 'shokuin');
    expect(staff.status).toBe(3);
    expect(staff.stderr).toContain('人事担当・人事配置担当・評価者のアカウントだけ');
    const wrong = await kaname(['rank', '--db', dbPath, '--population', '部長級'], 'admin');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--population は 課長級・課長代理級・係長級・係員級 のいずれか');
    const noSuch = await kaname(['rank', '--db', dbPath, '--population', '係員級・存在しない課'], 'admin');
    expect(noSuch.status).toBe(1);
    expect(noSuch.stderr).toContain('母集団「係員級・存在しない課」はありません');
  });

  it('ranks per section where the year says so: --population 係員級・<課>', async () => {
    // An earlier year of the demo, not started, whose 係員級 HR sets to be ranked per 課.
    const earlier = fy - 1;
    const admin = await loggedIn(dbPath, 'admin', demoPass);
    const view = await callApi(admin, 'appraisal:config', { fy: earlier });
    if (!view.ok) throw new Error(view.error.message);
    // An earlier year is closed: HR changes it only with the confirmation (docs/closed-years.md).
    const saved = await callApi(admin, 'appraisal:saveConfig', {
      fy: earlier,
      config: { ...view.value.config, rankingUnits: { ...view.value.config.rankingUnits, 係員級: '課' } },
      confirmClosedYear: true,
    });
    expect(saved.ok).toBe(true);
    const section = admin
      .office!.db.prepare(
        `SELECT sec.name, count(*) AS n FROM staff s JOIN sections sec ON sec.id = s.section_id
           WHERE s.grade_group = '係員級' AND s.active = 1 GROUP BY sec.id ORDER BY sec.sort LIMIT 1`,
      )
      .get() as { name: string; n: number };
    admin.office!.db.close();

    const key = `係員級・${section.name}`;
    const text = await kaname(['rank', '--db', dbPath, '--fy', String(earlier), '--population', key], 'admin');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${earlier}年度 係員級（${section.name}）: 順位づけ 0人 / 全 ${section.n}人`);
    expect(text.stdout).toContain(`調整済になっていない職員: ${section.n}人`);

    const json = await kaname(['rank', '--db', dbPath, '--fy', String(earlier), '--json'], 'admin');
    expect(json.status, json.stderr).toBe(0);
    const keys = (JSON.parse(json.stdout) as { populations: { population: string }[] }).populations.map(
      (p) => p.population,
    );
    expect(keys.slice(0, 3)).toEqual(['課長級', '課長代理級', '係長級']);
    expect(keys).toContain(key);
    expect(keys.filter((k) => k.startsWith('係員級・')).length).toBeGreaterThan(1);
    expect(keys).not.toContain('係員級');
  });
});
