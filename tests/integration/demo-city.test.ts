import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { AppContext } from '../../electron/core/api/context';
import { cityStaffCount } from '../../electron/core/demo/demo-city';
import { spawnKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import { callApi, loggedIn, tempDir } from '../helpers/office';

/**
 * The city-scale demo (docs/city-scale.md): `kaname demo --db F --city` through the real CLI bin
 * builds a 35,000-staff office with a full year, its data passes the app's own screens' services,
 * and the ward demo's logins work on it. One build (about 30 s on a quiet 2-core machine; much more
 * when the machine is busy), shared by the checks.
 */

const root = path.resolve(__dirname, '../..');
const password = 'city-demo-pass-1';
const fy = fiscalYearOf(new Date());
let dir: string;
let dbPath: string;
let cli: CliRun;
let ctx: AppContext;

const count = (table: string, where = ''): number =>
  (ctx.office!.db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.cjs')], { cwd: root, stdio: 'pipe' });
  if (build.status !== 0) throw new Error(`build-cli failed: ${build.stderr.toString()}`);
  dir = tempDir('kaname-city-');
  dbPath = path.join(dir, 'city.db');
  cli = await spawnKaname(['demo', '--db', dbPath, '--city', '--json'], { KANAME_PASSWORD: password });
  if (cli.status === 0) ctx = await loggedIn(dbPath, 'admin', password);
}, 900_000);

afterAll(() => {
  ctx?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kaname demo --city', () => {
  it('builds the city through the CLI and says what it made', () => {
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const out = JSON.parse(cli.stdout) as { db: string; staff: number; logins: string[] };
    expect(out.db).toBe(dbPath);
    expect(out.staff).toBe(cityStaffCount);
    expect(out.logins).toEqual(['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin']);
    expect(fs.existsSync(`${dbPath}.keys`)).toBe(true);
  });

  it('holds a city and a full year', () => {
    expect(count('staff')).toBe(35_000);
    expect(count('sections')).toBeGreaterThanOrEqual(100);
    expect(count('areas')).toBe(120);
    const active = count('staff', 'WHERE active = 1');
    expect(count('area_assignments', `WHERE fy = ${fy}`)).toBeGreaterThan(active * 0.99);
    expect(count('evaluator_assignments', `WHERE fy = ${fy}`)).toBe(active - 1); // all but the 区長
    expect(count('self_reports', `WHERE fy = ${fy} AND status != '未提出'`)).toBeGreaterThan(active * 0.6);
    expect(count('mbo_sheets', `WHERE fy = ${fy}`)).toBeGreaterThan(active * 0.95);
    const goals = count('mbo_goals g JOIN mbo_sheets s ON s.id = g.sheet_id', `WHERE s.fy = ${fy}`);
    expect(goals).toBeGreaterThan(active * 1.9);
    expect(
      count('mbo_goals g JOIN mbo_sheets s ON s.id = g.sheet_id', `WHERE s.fy = ${fy} AND g.category = '地域担当目標'`),
    ).toBeGreaterThan(active * 0.95);
    expect(count('appraisals', `WHERE fy = ${fy} AND status = '調整済'`)).toBeGreaterThan(active * 0.5);
    expect(count('appraisals', `WHERE fy = ${fy} AND status != '調整済'`)).toBeGreaterThan(1000);
    expect(count('awards', `WHERE fy = ${fy}`)).toBeGreaterThan(0);
    expect(count('training_courses', `WHERE fy = ${fy}`)).toBeGreaterThan(0);
    expect(count('self_reports', `WHERE fy = ${fy - 1}`)).toBeGreaterThan(active * 0.5);
  });

  it("passes the app's own screens' services as admin", async () => {
    const ok = async <T>(p: Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>) => {
      const r = await p;
      if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
      return r.value as T;
    };
    const staff = await ok<{ total: number }>(callApi(ctx, 'staff:list', { active: 'all', limit: 50 }));
    expect(staff.total).toBe(35_000);
    const areas = await ok<{ areas: unknown[]; coverage: { assigned: number; total: number } }>(
      callApi(ctx, 'areas:overview', { fy }),
    );
    expect(areas.areas).toHaveLength(120);
    expect(areas.coverage.assigned).toBeGreaterThan(areas.coverage.total * 0.99);
    const progress = await ok<{ totals: { total: number; 提出済: number; 面談済: number } }>(
      callApi(ctx, 'selfReport:progress', { fy }),
    );
    expect(progress.totals.提出済 + progress.totals.面談済).toBeGreaterThan(progress.totals.total * 0.6);
    const mbo = await ok<{ totals: Record<string, number> }>(callApi(ctx, 'mbo:list', { fy }));
    expect(mbo.totals['自己評価済']).toBeGreaterThan(20_000);
    const ranking = await ok<{ populations: { key: string; label: string; size: number }[] }>(
      callApi(ctx, 'appraisal:ranking', { fy }),
    );
    const clerks = ranking.populations.find((p) => p.label.startsWith('係員級'));
    expect(clerks?.size).toBeGreaterThan(15_000);
    const ranked = await ok<{ result: { size: number } | null }>(
      callApi(ctx, 'appraisal:ranking', { fy, population: clerks!.key }),
    );
    expect(ranked.result?.size).toBeGreaterThan(15_000);
    await ok(callApi(ctx, 'appraisal:list', { fy }));
    await ok(callApi(ctx, 'appraisal:status', { fy }));
    await ok(callApi(ctx, 'home:view', { fy }));
    await ok(callApi(ctx, 'plan:dashboard', { fy }));
    await ok(callApi(ctx, 'awards:list', { fy }));
    await ok(callApi(ctx, 'training:list', { fy }));
    await ok(callApi(ctx, 'postings:list', { fy }));
  }, 300_000);

  it('lets every demo login in with the one password', async () => {
    for (const login of ['jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin']) {
      const other = await loggedIn(dbPath, login, password);
      const home = await callApi(other, 'home:view', { fy });
      expect(home.ok, login).toBe(true);
      other.end();
    }
  }, 300_000);
});
