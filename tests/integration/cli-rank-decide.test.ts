import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { runKaname, spawnKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/**
 * `kaname rank decide` and `kaname rank confirm` (docs/cli.md) on a real encrypted demo office: the
 * demo's 課長代理級 (12 people, all 調整済, the 区長 their 調整者) has one boundary tie at 4.00 between
 * 第1区分 and 第2区分. The last test takes it to a 開示 sheet with the real bin, as the README does.
 */

const dir = tempDir('kaname-cli-rank-decide-');
const fy = fiscalYearOf(new Date());
const population = '課長代理級';
let dbPath = '';

function kaname(args: string[], user: string): Promise<CliRun> {
  return runKaname(args, { KANAME_PASSWORD: demoPass, KANAME_USER: user });
}

type Tie = { score: number; ids: string[]; classes: number[]; seats: number[]; resolved: boolean };

/** The tie and each member's class, as HR's 相対評価 screen reads them (the app's own channel). */
async function ranking(db: string): Promise<{ ties: Tie[]; classOf: Map<string, number | null>; confirmed: boolean }> {
  const ctx = await loggedIn(db, 'admin', demoPass);
  const r = await callApi(ctx, 'appraisal:ranking', { fy, population });
  ctx.end();
  if (!r.ok || !r.value.result) throw new Error('no ranking');
  const res = r.value.result;
  return {
    ties: res.ties,
    classOf: new Map(res.rows.map((row) => [row.staffNo, row.decided || !row.tie ? row.rankClass : null])),
    confirmed: res.confirmed !== null,
  };
}

beforeAll(async () => {
  dbPath = await demoCopy(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaname rank decide / confirm', () => {
  it('refuses to confirm while the tie is undecided, naming it and saying what to run (exit 1)', async () => {
    const { ties } = await ranking(dbPath);
    expect(ties).toHaveLength(1);
    const r = await kaname(['rank', 'confirm', '--db', dbPath, '--population', population, '--json'], 'kucho');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('CONFLICT');
    expect(out.error.message).toContain('区分の境界で同点の職員 2 人の区分が決まっていないため、確定できません。');
    expect(out.error.message).toContain('kaname rank decide');
    for (const no of ties[0]!.ids) expect(out.error.message).toContain(no);
    const text = await kaname(['rank', 'confirm', '--db', dbPath, '--population', population], 'kucho');
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/^エラー: 区分の境界で同点の職員 2 人/u);
    expect((await ranking(dbPath)).confirmed).toBe(false);
  });

  it('rejects bad arguments (exit 2), a wrong tie (exit 1) and anyone who is not the 調整者 (exit 3)', async () => {
    const { ties } = await ranking(dbPath);
    const [a, b] = ties[0]!.ids as [string, string];
    const base = ['rank', 'decide', '--db', dbPath, '--population', population];

    const neither = await kaname(base, 'kucho');
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain('--order 職員番号,職員番号');
    const both = await kaname([...base, '--order', `${a},${b}`, '--staff', a, '--class', '1'], 'kucho');
    expect(both.status).toBe(2);
    const badClass = await kaname([...base, '--staff', a, '--class', '6'], 'kucho');
    expect(badClass.status).toBe(2);
    expect(badClass.stderr).toContain('--class には 1〜5');
    const twice = await kaname([...base, '--order', `${a},${a}`], 'kucho');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain(`職員番号 ${a} が2回`);
    const noPopulation = await kaname(['rank', 'decide', '--db', dbPath, '--order', `${a},${b}`], 'kucho');
    expect(noPopulation.status).toBe(2);
    expect(noPopulation.stderr).toContain('--population を指定してください');

    const half = await kaname([...base, '--order', a], 'kucho');
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('同点の職員全員（2人）');
    expect(half.stderr).toContain(`足りない職員: ${b}`);
    const stranger = await kaname([...base, '--order', '000000'], 'kucho');
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toContain('区分の境界で同点になっている職員ではありません');
    const outside = await kaname([...base, '--staff', a, '--class', '3'], 'kucho');
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('第1区分・第2区分 から選んでください');
    const noSuch = await kaname(
      ['rank', 'decide', '--db', dbPath, '--population', '課長代理級・存在しない課', '--order', a],
      'kucho',
    );
    expect(noSuch.status).toBe(1);

    // kacho is a 2次評価者 and nobody's 調整者; shokuin and jinji may not decide at all.
    const kacho = await kaname([...base, '--order', `${a},${b}`], 'kacho');
    expect(kacho.status).toBe(3);
    expect(kacho.stderr).toContain('調整者として相対評価を行う母集団はありません');
    const staff = await kaname([...base, '--order', `${a},${b}`], 'shokuin');
    expect(staff.status).toBe(3);
    const personnel = await kaname([...base, '--order', `${a},${b}`], 'jinji');
    expect(personnel.status).toBe(3);
    expect(personnel.stderr).toContain('人事担当・評価者のアカウントだけ');
    const personnelConfirm = await kaname(['rank', 'confirm', '--db', dbPath, '--population', population], 'jinji');
    expect(personnelConfirm.status).toBe(3);

    // Nothing of the above was written.
    const after = await ranking(dbPath);
    expect(after.ties[0]!.resolved).toBe(false);
    expect(after.classOf.get(a)).toBeNull();
    expect(after.classOf.get(b)).toBeNull();
  });

  it('places one member and takes it back with --staff/--class, as the screen’s buttons do', async () => {
    const { ties } = await ranking(dbPath);
    const [a] = ties[0]!.ids as [string];
    const base = ['rank', 'decide', '--db', dbPath, '--population', population, '--staff', a];
    const one = await kaname([...base, '--class', '第2区分', '--json'], 'kucho');
    expect(one.status, one.stderr).toBe(0);
    const out = JSON.parse(one.stdout) as { decisions: { staffNo: string; class: number | null }[]; undecided: number };
    expect(out.decisions).toEqual([expect.objectContaining({ staffNo: a, class: 2 })]);
    expect(out.undecided).toBe(1);
    expect((await ranking(dbPath)).classOf.get(a)).toBe(2);

    const back = await kaname([...base, '--class', '未定'], 'kucho');
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain(`${a} `);
    expect(back.stdout).toContain('区分が決まっていない同点の職員が 2 人います。');
    expect((await ranking(dbPath)).classOf.get(a)).toBeNull();
  });

  it('decides the tie with --order and confirms; `kaname rank` then shows it confirmed', async () => {
    const db = await demoCopy(dir);
    const { ties } = await ranking(db);
    const tie = ties[0]!;
    // Best first: the second member takes the tie's 第1区分 seat, the first the 第2区分 one.
    const order = [tie.ids[1]!, tie.ids[0]!];
    const decided = await kaname(
      ['rank', 'decide', '--db', db, '--population', population, '--order', order.join(','), '--json'],
      'kucho',
    );
    expect(decided.status, decided.stderr).toBe(0);
    const d = JSON.parse(decided.stdout) as {
      ok: boolean;
      decisions: { staffNo: string; class: number }[];
      ties: { resolved: boolean; members: { staffNo: string; class: number | null }[] }[];
      undecided: number;
      canConfirm: boolean;
    };
    expect(d.ok).toBe(true);
    expect(d.decisions.map((x) => [x.staffNo, x.class])).toEqual([
      [order[0], 1],
      [order[1], 2],
    ]);
    expect(d.ties[0]!.resolved).toBe(true);
    expect(d.undecided).toBe(0);
    expect(d.canConfirm).toBe(true);
    const seen = await ranking(db);
    expect(seen.classOf.get(order[0]!)).toBe(1);
    expect(seen.classOf.get(order[1]!)).toBe(2);

    const confirmed = await kaname(['rank', 'confirm', '--db', db, '--population', population], 'kucho');
    expect(confirmed.status, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain(`${fy}年度 課長代理級（区全体）: 相対評価を確定しました（12人）。`);
    expect(confirmed.stdout).toContain('第1区分 1人、第2区分 2人、第3区分 7人、第4区分 1人、第5区分 1人');
    expect((await ranking(db)).confirmed).toBe(true);

    const again = await kaname(['rank', 'confirm', '--db', db, '--population', population], 'kucho');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('すでに確定しています');
    const listed = await kaname(['rank', '--db', db, '--population', population], 'kucho');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/順位づけ 12人 \/ 全 12人（確定 \d{4}-\d{2}-\d{2}）/u);
    expect(listed.stdout).toContain('— 決定済み');
  });

  it('takes a population from its tie to a 開示 sheet with the real bin, as the README shows', async () => {
    const db = await demoCopy(dir);
    const env = (user: string) => ({ KANAME_PASSWORD: demoPass, KANAME_USER: user });
    const listed = await spawnKaname(['rank', '--db', db, '--population', population, '--json'], env('kucho'));
    expect(listed.status, listed.stderr).toBe(0);
    const tie = (JSON.parse(listed.stdout) as { populations: { ties: Tie[] }[] }).populations[0]!.ties[0]!;

    const decided = await spawnKaname(
      ['rank', 'decide', '--db', db, '--population', population, '--order', tie.ids.join(',')],
      env('kucho'),
    );
    expect(decided.status, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('同点はすべて決まりました。');
    const confirmed = await spawnKaname(
      ['rank', 'confirm', '--db', db, '--population', population, '--json'],
      env('kucho'),
    );
    expect(confirmed.status, confirmed.stderr).toBe(0);
    const c = JSON.parse(confirmed.stdout) as {
      ok: boolean;
      size: number;
      classes: { class: number; count: number }[];
    };
    expect(c.size).toBe(12);
    expect(c.classes.map((x) => x.count)).toEqual([1, 2, 7, 1, 1]);

    const file = path.join(dir, '開示.xlsx');
    const exported = await spawnKaname(
      ['export', 'disclosure', '--db', db, '--staff', tie.ids[0]!, '--out', file, '--json'],
      env('admin'),
    );
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ ok: true, kind: 'disclosure', fy, file });
    const wb = await loadXlsx(fs.readFileSync(file));
    const sheets = wb.worksheets.filter((s) => s.state === 'visible');
    expect(sheets).toHaveLength(1);
    const cells: string[] = [];
    sheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))));
    expect(cells.join('\n')).toContain(tie.ids[0]!);
    expect(cells.join('\n')).toContain('第1区分');
  });
});
