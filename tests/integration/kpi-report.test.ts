import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { kpisOf } from '../../electron/core/plan/kpi.service';
import { fiscalYearOf, fiscalYearShort } from '../../shared/fiscal-year';
import type { Kpi } from '../../shared/kpi';
import { withheldLabel } from '../../shared/access';
import type { PlanDashboard } from '../../shared/api/plan';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * The KPI report (docs/kpi-report.md) on a demo office through plan:report, as the app calls it:
 * the workbook's sheets, the headline row's three years equal to kpisOf, a Japanese font in every
 * style and no formula; the PDF's searchable text, year and page count; the audit entry; and the
 * access rule (HR and personnel only).
 */

let dir: string;
let dbPath: string;
const fy = fiscalYearOf(new Date());
const headline = '仕事に意義を感じる職員の割合';

beforeAll(async () => {
  dir = tempDir('kaname-kpi-report-');
  dbPath = await demoCopy(dir);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function report(login: string, format: 'xlsx' | 'pdf') {
  const ctx = await loggedIn(dbPath, login, demoPass);
  try {
    return await callApi(ctx, 'plan:report', { fy, format });
  } finally {
    ctx.end();
  }
}

function withDb<T>(work: (ctx: AppContext) => T): Promise<T> {
  return loggedIn(dbPath, 'admin', demoPass).then((ctx) => {
    try {
      return work(ctx);
    } finally {
      ctx.end();
    }
  });
}

async function pdfText(data: Buffer): Promise<{ pages: number; texts: string[]; sizes: number[][] }> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  const texts: string[] = [];
  const sizes: number[][] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const page = await pdf.getPage(i);
    const [, , w, h] = page.view as [number, number, number, number];
    sizes.push([Math.round(w), Math.round(h)]);
    const c = await page.getTextContent();
    texts.push(c.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, texts, sizes };
}

describe('plan:report xlsx', () => {
  let wb: ExcelJS.Workbook;
  let years: { fy: number; kpis: Kpi[] }[];

  beforeAll(async () => {
    const r = await report('admin', 'xlsx');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toBe(`KPI報告書_${fy}年度.xlsx`);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.value.data, 'base64') as unknown as ArrayBuffer);
    years = await withDb((ctx) => [fy - 2, fy - 1, fy].map((y) => ({ fy: y, kpis: kpisOf(ctx.office!.db, y) })));
  }, 120_000);

  it('has the report sheets, on A4 fit to one page wide', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['目標一覧', '課別（意義）', '取組み', '表彰・区分・進捗']);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.headerFooter.oddFooter).toContain('印刷日');
    }
    expect(wb.getWorksheet('目標一覧')!.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/u);
    expect(wb.getWorksheet('課別（意義）')!.headerFooter.oddHeader).toContain('取扱注意');
    expect(wb.getWorksheet('目標一覧')!.headerFooter.oddHeader).not.toContain('取扱注意');
  });

  it('gives the headline KPI of each of the three years, as kpisOf computes it', () => {
    const ws = wb.getWorksheet('目標一覧')!;
    let headRow: ExcelJS.Row | undefined;
    let found: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(1).value === '指標') headRow = row;
      if (row.getCell(1).value === headline) found = row;
    });
    expect(headRow).toBeDefined();
    expect(found).toBeDefined();
    const heads = (headRow!.values as unknown[]).slice(1);
    expect(heads).toEqual(expect.arrayContaining([fy - 2, fy - 1, fy].map((y) => fiscalYearShort(y, 'era'))));
    const expected = years.map((y) => y.kpis.find((k) => k.id === 'meaningful_work'));
    expect(expected.every((k) => k !== undefined)).toBe(true);
    expect(found!.getCell(2).value).toBe('%');
    expect(found!.getCell(3).value).toBe(expected[2]!.target);
    expect([4, 5, 6].map((c) => found!.getCell(c).value)).toEqual(expected.map((k) => k!.value ?? '—'));
    expect(found!.getCell(7).value).toBe(expected[2]!.met === null ? '—' : expected[2]!.met ? '達成' : '未達');
    expect(found!.getCell(8).value).toBe('meaningful_work');
  });

  it('names a Japanese font in every style and holds no formula, link or object value', () => {
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          cells += 1;
          expect(cell.font?.name, `${ws.name}!${cell.address}`).toBe('游ゴシック');
          const v = cell.value;
          expect(v === null || typeof v === 'string' || typeof v === 'number', `${ws.name}!${cell.address}`).toBe(true);
        });
      });
    }
    expect(cells).toBeGreaterThan(50);
  });

  it('lists every measure of the plan under its heading', () => {
    const ws = wb.getWorksheet('取組み')!;
    const codes: string[] = [];
    ws.eachRow((row) => {
      const v = row.getCell(1).value;
      const verdict = row.getCell(6).value;
      if (typeof v === 'string' && /^\d+-\(\d+\)/u.test(v)) {
        codes.push(v);
        expect(['達成', '未達', '対象外', '—']).toContain(verdict);
      }
    });
    expect(codes.length).toBeGreaterThanOrEqual(22);
  });

  it('audits each report made, with no personal data', async () => {
    const rows = await withDb(
      (ctx) =>
        ctx.office!.db.prepare("SELECT entity_id, after FROM audit_log WHERE action = 'plan.report'").all() as {
          entity_id: string;
          after: string;
        }[],
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.entity_id).toBe(`${fy}:xlsx`);
    expect(JSON.parse(rows[0]!.after)).toEqual({ fy, format: 'xlsx' });
  });
});

describe('plan:report pdf', () => {
  it('is A4, holds the headline and the year as searchable text, and numbers its pages', async () => {
    const r = await report('jinji', 'pdf');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toBe(`KPI報告書_${fy}年度.pdf`);
    const { pages, texts, sizes } = await pdfText(Buffer.from(r.value.data, 'base64'));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(12);
    for (const s of sizes) expect(s).toEqual([595, 842]);
    const all = texts.join('\n');
    expect(texts[0]).toContain(`${fy}年度`);
    expect(texts[0]).toContain('KPI報告書');
    expect(all).toContain(headline);
    expect(all).toContain('取組みの実施状況');
    texts.forEach((t, i) => {
      expect(t).toContain(`${i + 1} / ${pages}`);
      expect(t).toContain('印刷日');
    });
    // The per-課 page carries 取扱注意; the title page does not.
    expect(texts.some((t) => t.includes('課別') && t.includes('取扱注意'))).toBe(true);
    expect(texts[0]).not.toContain('取扱注意');
  }, 60_000);
});

describe('plan:report for personnel', () => {
  it('gives the per-課 shares as the dashboard gives them to the same viewer (withheld alike)', async () => {
    const ctx = await loggedIn(dbPath, 'jinji', demoPass);
    let dashboard: PlanDashboard;
    let file: string;
    try {
      const d = await callApi(ctx, 'plan:dashboard', { fy });
      const r = await callApi(ctx, 'plan:report', { fy, format: 'xlsx' });
      if (!d.ok || !r.ok) throw new Error('dashboard or report refused');
      dashboard = d.value;
      file = r.value.data;
    } finally {
      ctx.end();
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('課別（意義）')!;
    const rows: unknown[][] = [];
    let seenHead = false;
    ws.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1, 6);
      if (seenHead) rows.push(values.map((v) => v ?? null));
      if (values[0] === '課') seenHead = true;
    });
    expect(dashboard.meaningfulBySection.length).toBeGreaterThan(0);
    expect(rows).toEqual(
      dashboard.meaningfulBySection.map((r) =>
        r.withheld
          ? [r.label, withheldLabel, withheldLabel, withheldLabel, '—']
          : [r.label, r.denominator, r.numerator, r.value, r.met === null ? '—' : r.met ? '達成' : '未達'],
      ),
    );
  });
});

describe('plan:report access', () => {
  it('refuses staff and evaluators', async () => {
    for (const login of ['shokuin', 'kacho', 'kakaricho']) {
      const r = await report(login, 'pdf');
      expect(r.ok, login).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a year without a cycle and an unknown format', async () => {
    const ctx = await loggedIn(dbPath, 'admin', demoPass);
    try {
      const none = await callApi(ctx, 'plan:report', { fy: fy + 5, format: 'xlsx' });
      expect(none.ok).toBe(false);
      if (!none.ok) expect(none.error.code).toBe('NOT_FOUND');
      const bad = await callApi(ctx, 'plan:report', { fy, format: 'docx' as 'pdf' });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).toBe('VALIDATION');
    } finally {
      ctx.end();
    }
  });
});
