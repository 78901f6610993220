import fs from 'node:fs';
import { PLAN_KPI_IDS } from '../../shared/plan-kpi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOffice } from '../../electron/core/office/office.service';
import { saveAward } from '../../electron/core/awards/awards.repo';
import { emptySelfReportState, insertSelfReport } from '../../electron/core/self-report/self-report.repo';
import { staffByNo } from '../../electron/core/staff/staff.repo';
import { saveCourse, upsertAttendance } from '../../electron/core/training/training.repo';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Kpi } from '../../shared/kpi';
import type { TrainingCategory } from '../../shared/training';
import { book, db, importFile, ok } from '../fixtures/workbooks';
import { runKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import { callApi, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';
import { staffHeader } from '../helpers/xlsx';

/** `kaname kpi` (its run(), in this process) on a small real encrypted office: docs/cli.md, docs/plan.md. */

const dir = tempDir('kaname-cli-kpi-');
const fy = fiscalYearOf(new Date());
let dbPath = '';
let expected: Kpi[] = [];

function kaname(args: string[], password = hrPassword): Promise<CliRun> {
  return runKaname(args, { KANAME_PASSWORD: password, KANAME_USER: 'hr' });
}

beforeAll(async () => {
  const created = await newOffice(dir);
  dbPath = created.dbPath;
  closeOffice(created.office);
  const ctx = await loggedIn(dbPath, 'hr', hrPassword);
  try {
    const row = (no: string, active: string) => [
      no,
      `試験　${no}`,
      null,
      '総務課',
      '総務担当',
      '係員',
      null,
      '行政',
      '正規',
      '2020/4/1',
      '2022/4/1',
      null,
      active,
    ];
    await importFile(
      ctx,
      'staff',
      await book({
        name: '職員名簿',
        rows: [staffHeader, row('200001', '在職'), row('200002', '在職'), row('200003', '在職'), row('200009', '退職')],
      }),
    );
    const d = db(ctx);
    const course = (title: string, category: TrainingCategory, useful: boolean, attendees: string[]) => {
      const id = saveCourse(
        d,
        { id: null, fy, title, category, provider: '', audience: '任意', usefulForWard: useful, lineId: null },
        new Date().toISOString(),
      );
      for (const no of attendees) {
        const staffId = staffByNo(d, no)!.id;
        upsertAttendance(d, id, { staffId, attendedOn: `${fy}-07-01`, hours: 2, completed: true, shared: false });
      }
    };
    // 接遇研修: one of three active staff (the retired attendee does not count) → 33.3%.
    course('接遇研修', '接遇研修', false, ['200001', '200009']);
    // One useful 区外研修, attended → 100% met; 2 external attendees of the 5 targeted.
    course('区外研修', '区外研修', true, ['200002', '200003']);
    // Self-reports: two submitted (意義 5 and 3), one draft that answered 5 → 1 of 2 answers, 2 of 3 submitted.
    const report = (no: string, status: '未提出' | '提出済', meaningful: number) => {
      const state = emptySelfReportState();
      state.status = status;
      state.fields.meaningful = meaningful;
      if (status === '提出済') state.submittedAt = `${fy}-06-01T09:00:00.000Z`;
      insertSelfReport(d, fy, staffByNo(d, no)!.id, state, new Date().toISOString());
    };
    report('200001', '提出済', 5);
    report('200002', '提出済', 3);
    report('200003', '未提出', 5);
    // One decided 職場内表彰; a nominated internal one does not count.
    const award = (title: string, status: '推薦中' | '決定') =>
      saveAward(
        d,
        {
          id: null,
          fy,
          title,
          category: '風通しのよい職場づくり',
          awardedOn: `${fy}-10-01`,
          groupName: '',
          nominator: '',
          status,
          decidedOn: status === '決定' ? `${fy}-10-01` : null,
          revokeReason: null,
          recipients: [staffByNo(d, '200001')!.id],
        },
        new Date().toISOString(),
      );
    award('あいさつ運動', '決定');
    award('朝の清掃', '推薦中');
    expected = ok(await callApi(ctx, 'kpi:list', { fy })).kpis;
  } finally {
    ctx.end();
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaname kpi', () => {
  it('--json prints {ok, fy, kpis} on one line: the channel’s answer as is', async () => {
    const r = await kaname(['kpi', '--db', dbPath, '--fy', String(fy), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; fy: number; kpis: Kpi[] };
    expect(Object.keys(out)).toEqual(['ok', 'fy', 'kpis']);
    expect(out.ok).toBe(true);
    expect(out.fy).toBe(fy);
    expect(out.kpis).toEqual(expected);
    const hospitality = out.kpis.find((k) => k.id === 'training_hospitality');
    expect(hospitality).toEqual({
      id: 'training_hospitality',
      label: '接遇研修の受講率',
      value: 33.3,
      target: 100,
      unit: '%',
      met: false,
      numerator: 1,
      denominator: 3,
    });
    // Shares carry numerator and denominator; counts do not.
    for (const k of out.kpis) {
      expect(Object.keys(k).slice(0, 6)).toEqual(['id', 'label', 'value', 'target', 'unit', 'met']);
      expect('numerator' in k, k.id).toBe(k.unit === '%');
    }
  });

  it('--json lists every target of the plan (docs/plan.md), with the office’s figures', async () => {
    const r = await kaname(['kpi', '--db', dbPath, '--fy', String(fy), '--json']);
    const kpis = (JSON.parse(r.stdout) as { kpis: Kpi[] }).kpis;
    // The ids and their order: PLAN_KPI_IDS, which tests/integration/plan-dashboard.test.ts writes out.
    expect(kpis.map((k) => k.id)).toEqual(PLAN_KPI_IDS);
    const by = (id: string) => kpis.find((k) => k.id === id);
    expect(by('meaningful_work')).toEqual({
      id: 'meaningful_work',
      label: '仕事に意義を感じる職員の割合',
      value: 50,
      target: 90,
      unit: '%',
      met: false,
      numerator: 1,
      denominator: 2,
    });
    expect(by('selfreport_submitted')).toMatchObject({ value: 66.7, met: false, numerator: 2, denominator: 3 });
    // Three active 係員 to be assigned, no area team: nothing else of the area system to measure.
    expect(by('area_assignment')).toMatchObject({ value: 0, met: false, numerator: 0, denominator: 3 });
    for (const id of ['area_goal', 'area_patrol', 'area_study'])
      expect(by(id)).toMatchObject({ value: null, met: null, numerator: 0, denominator: 0 });
    expect(by('awards_internal')).toEqual({
      id: 'awards_internal',
      label: '職場内表彰の件数',
      value: 1,
      target: 1,
      unit: '件',
      met: true,
    });
    expect(by('awards_external')).toMatchObject({ value: 0, target: 1, met: false });
    expect(by('postings_held')).toMatchObject({ value: 0, target: 1, met: false });
    expect(by('measures_met')).toMatchObject({ unit: '%', target: 100 });
    expect(by('measures_met')!.denominator).toBeGreaterThan(0);
  });

  it('defaults --fy to the current fiscal year', async () => {
    const r = await kaname(['kpi', '--db', dbPath, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { fy: number }).fy).toBe(fy);
  });

  it('prints a readable table: label, figure, target, 達成 / 未達 / —', async () => {
    const r = await kaname(['kpi', '--db', dbPath, '--fy', String(fy)]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fy}年度 プランの指標`);
    expect(lines[1]).toMatch(/^指標 +実績 +目標 +判定$/u);
    const line = (label: string) => {
      const found = lines.find((l) => l.startsWith(`${label} `));
      if (!found) throw new Error(`no line for ${label}:\n${r.stdout}`);
      return found.split(/ {2,}/u);
    };
    expect(line('接遇研修の受講率')).toEqual(['接遇研修の受講率', '33.3%（1/3）', '100%', '未達']);
    expect(line('区外研修の受講者数')).toEqual(['区外研修の受講者数', '2人', '5人以上', '未達']);
    expect(line('区政に活かせる区外研修への参加')).toEqual([
      '区政に活かせる区外研修への参加',
      '100.0%（1/1）',
      '100%',
      '達成',
    ]);
    expect(line('ファシリテーション研修の受講者数')).toEqual(['ファシリテーション研修の受講者数', '0人', '—', '—']);
    // No area team: nothing to measure.
    expect(line('地域担当職員のファシリテーション研修受講率（累計）')).toEqual([
      '地域担当職員のファシリテーション研修受講率（累計）',
      '—',
      '100%',
      '—',
    ]);
    expect(line('担当内勉強会の開催数')).toEqual(['担当内勉強会の開催数', '0件', '—', '—']);
    expect(line('仕事に意義を感じる職員の割合')).toEqual([
      '仕事に意義を感じる職員の割合',
      '50.0%（1/2）',
      '90%',
      '未達',
    ]);
    expect(line('職場内表彰の件数')).toEqual(['職場内表彰の件数', '1件', '1件以上', '達成']);
    // The columns line up (full-width characters take two columns): the second column starts at one place.
    const width = (t: string) => [...t].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1), 0);
    const starts = lines.slice(1).map((l) => width(/^.*? {2,}/u.exec(l)![0]));
    expect(new Set(starts).size).toBe(1);
  });

  it('an unknown fiscal year is refused as input (exit 1), in JSON and in text', async () => {
    const unknown = fy + 5;
    const json = await kaname(['kpi', '--db', dbPath, '--fy', String(unknown), '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `${unknown}年度の評価期間はまだ作成されていません。` },
    });
    const text = await kaname(['kpi', '--db', dbPath, '--fy', String(unknown)]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe(`エラー: ${unknown}年度の評価期間はまだ作成されていません。\n`);
  });

  it('a wrong password is refused (exit 3); bad usage is exit 2', async () => {
    const bad = await kaname(['kpi', '--db', dbPath, '--json'], 'wrong-password-1');
    expect(bad.status).toBe(3);
    expect((JSON.parse(bad.stdout) as { ok: boolean; error: { code: string } }).error.code).toBe('AUTH_FAILED');

    const fyText = await kaname(['kpi', '--db', dbPath, '--fy', '令和7']);
    expect(fyText.status).toBe(2);
    expect(fyText.stderr).toContain('--fy には 2025 のような西暦の年度を指定してください。');
    const noDb = await kaname(['kpi', '--json']);
    expect(noDb.status).toBe(2);
    expect(JSON.parse(noDb.stdout)).toEqual({
      ok: false,
      error: { code: 'USAGE', message: '--db を指定してください。' },
    });
    const extra = await kaname(['kpi', 'training', '--db', dbPath]);
    expect(extra.status).toBe(2);
    const noPassword = await runKaname(['kpi', '--db', dbPath], { KANAME_USER: 'hr' });
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toContain('KANAME_PASSWORD');
  });

  it('is listed in the usage text', async () => {
    const help = await runKaname(['help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^ {2}kpi +--db FILE \[--fy 2025\] \[--json\]/mu);
  });
});
