import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { runKaname, spawnKaname } from '../helpers/cli';
import { demoCopy, demoPass, tempDir } from '../helpers/office';

/*
 * `kaname export kpi-report` (docs/kpi-report.md, docs/cli.md) on a demo office: both formats from
 * the real bin (bin/kaname.cjs, as the README runs it), --json's {ok, kind, fy, format, file}, the
 * access rule through dispatch (exit 3 for staff and evaluators), and usage errors (exit 2, nothing
 * written) for an extension that is neither .xlsx nor .pdf and for an option the report does not take.
 */

let dir: string;
let dbPath: string;
const fy = fiscalYearOf(new Date());
const env = (user: string) => ({ KANAME_PASSWORD: demoPass, KANAME_USER: user });

beforeAll(async () => {
  dir = tempDir('kaname-cli-kpi-report-');
  dbPath = await demoCopy(dir);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaname export kpi-report (the bin)', () => {
  it('writes the workbook, its format from .xlsx', async () => {
    const out = path.join(dir, 'report.xlsx');
    const r = await spawnKaname(
      ['export', 'kpi-report', '--db', dbPath, '--fy', String(fy), '--out', out, '--json'],
      env('admin'),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The fields HR's scripts read, and the audit chain's signed head the export carried (extended in issue 17).
    const printed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(printed['signedHead']).toHaveProperty('head');
    expect({ ...printed, signedHead: undefined }).toEqual({
      ok: true,
      kind: 'kpi-report',
      fy,
      format: 'xlsx',
      file: out,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('目標一覧')).toBeDefined();
    expect(wb.getWorksheet('取組み')).toBeDefined();
  }, 120_000);

  it('writes the PDF, its format from .pdf, and says so in Japanese without --json', async () => {
    const out = path.join(dir, 'sub', 'report.PDF');
    const r = await spawnKaname(
      ['export', 'kpi-report', '--db', dbPath, '--fy', String(fy), '--out', out],
      env('jinji'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('KPI報告書を出力しました');
    const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(out)) }).promise;
    const page = await pdf.getPage(1);
    const text = (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    expect(pdf.numPages).toBeGreaterThanOrEqual(4);
    await pdf.destroy();
    expect(text).toContain(`${fy}年度`);
  }, 120_000);
});

describe('kaname export kpi-report (refusals)', () => {
  it('refuses another extension with exit 2 and writes nothing', async () => {
    for (const name of ['report.csv', 'report']) {
      const out = path.join(dir, name);
      const r = await runKaname(['export', 'kpi-report', '--db', dbPath, '--out', out], env('admin'));
      expect(r.status, name).toBe(2);
      expect(r.stderr).toContain('.xlsx か .pdf');
      expect(fs.existsSync(out)).toBe(false);
    }
    const json = await runKaname(
      ['export', 'kpi-report', '--db', dbPath, '--out', path.join(dir, 'x.docx'), '--json'],
      env('admin'),
    );
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  it('refuses an option of another export', async () => {
    const r = await runKaname(
      ['export', 'kpi-report', '--db', dbPath, '--out', path.join(dir, 'y.xlsx'), '--section', '総務課'],
      env('admin'),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--section');
  });

  it('refuses staff and evaluators with exit 3, naming who may', async () => {
    for (const user of ['shokuin', 'kacho']) {
      const out = path.join(dir, `${user}.pdf`);
      const r = await runKaname(['export', 'kpi-report', '--db', dbPath, '--out', out], env(user));
      expect(r.status, user).toBe(3);
      expect(r.stderr).toContain('人事担当');
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('refuses a year without a cycle with exit 1', async () => {
    const r = await runKaname(
      ['export', 'kpi-report', '--db', dbPath, '--fy', String(fy + 5), '--out', path.join(dir, 'z.pdf')],
      env('admin'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${fy + 5}年度`);
  });

  it('leaves the other exports as they were', async () => {
    const out = path.join(dir, 'staff.xlsx');
    const r = await runKaname(['export', 'staff', '--db', dbPath, '--out', out, '--json'], env('admin'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, kind: 'staff' });
  });
});
