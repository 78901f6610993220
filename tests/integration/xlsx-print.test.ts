import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { importKinds } from '../../shared/contract';
import type { ChannelName } from '../../shared/channels';
import type { FileDownload, Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { busySection, previewForms, textOf, unwrap } from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/**
 * Every workbook Kaname exports, from the demo office, checked as the print shop would: a named
 * Japanese font in every style, page setup, repeated headers, fixed decimals, wrapped long text
 * and the protected structure (docs/workbooks.md "Printing"). KANAME_XLSX_DIR keeps the files.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-xlsx-print-');
let admin: AppContext;
let db: Db;

type Export = { name: string; file: Buffer; persons?: number };
const files: Export[] = [];

async function download<K extends ChannelName>(channel: K, req: Input<K>): Promise<Buffer> {
  const r = unwrap(await callApi(admin, channel, req)) as unknown as FileDownload;
  return Buffer.from(r.data, 'base64');
}

const one = <T>(sql: string, ...args: unknown[]): T => db.prepare(sql).get(...args) as T;

beforeAll(async () => {
  admin = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  db = admin.office!.db;
  const { section, staffNos } = busySection(db);
  const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;
  for (const kind of importKinds) {
    files.push({ name: `template-${kind}`, file: await download('excel:template', { kind }) });
    files.push({
      name: `export-${kind}`,
      file: await download('excel:export', { kind, fy: kind === 'staff' ? null : fy }),
    });
  }
  for (const kind of ['mbo', 'selfreports'] as const) {
    for (const purpose of ['print', 'roundtrip'] as const) {
      files.push({
        name: `forms-${kind}-${purpose}`,
        file: await download('forms:export', { kind, purpose, fy, section }),
        persons: staffNos.length,
      });
    }
  }
  files.push({ name: 'appraisal-forms', file: await download('appraisal:export', { fy, what: 'forms' }) });
  // The demo has no 確定 appraisal yet: the busy section's are taken as confirmed for the 開示 sheets.
  db.prepare(
    `UPDATE appraisals SET status = '確定' WHERE fy = ? AND staff_id IN
     (SELECT s.id FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE sec.name = ?)`,
  ).run(fy, section);
  const confirmed = count("SELECT count(*) AS n FROM appraisals WHERE fy = ? AND status = '確定'", fy);
  files.push({
    name: 'appraisal-disclosure',
    file: await download('appraisal:export', { fy, what: 'disclosure' }),
    persons: confirmed,
  });
  files.push({
    name: 'appraisal-forms-section',
    file: await download('appraisal:export', { fy, what: 'forms', section }),
    persons: confirmed,
  });
  for (const what of ['status', 'ranking', 'distribution'] as const) {
    files.push({ name: `appraisal-${what}`, file: await download('appraisal:export', { fy, what }) });
  }
  const evaluatorNo = one<{ no: string }>(
    `SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'`,
  ).no;
  files.push({
    name: 'appraisal-evaluator',
    file: await download('appraisal:export', { fy, what: 'evaluator', evaluatorNo }),
  });
  files.push({ name: 'placement-section', file: await download('placement:sectionXlsx', { fy, section }) });
  const keep = process.env.KANAME_XLSX_DIR;
  if (keep) {
    fs.mkdirSync(keep, { recursive: true });
    for (const f of files) fs.writeFileSync(path.join(keep, `${f.name}.xlsx`), f.file);
    fs.writeFileSync(
      path.join(keep, 'persons.json'),
      JSON.stringify(Object.fromEntries(files.map((f) => [f.name, f.persons ?? null]))),
    );
  }
}, 600_000);

afterAll(() => {
  admin?.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function partsOf(file: Buffer, pattern: RegExp): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(file);
  const out = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (pattern.test(name)) out.set(name, await entry.async('string'));
  }
  return out;
}

const fileOf = (name: string): Buffer => {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no export ${name}`);
  return f.file;
};

const perPerson = [
  'forms-mbo-print',
  'forms-mbo-roundtrip',
  'forms-selfreports-print',
  'forms-selfreports-roundtrip',
  'appraisal-forms',
  'appraisal-forms-section',
  'appraisal-disclosure',
  'appraisal-evaluator',
];

/** The forms that fit one page in the demo (docs/workbooks.md, "Printing"). */
const onePage = [
  'forms-selfreports-print',
  'forms-selfreports-roundtrip',
  'appraisal-forms',
  'appraisal-forms-section',
  'appraisal-disclosure',
  'appraisal-evaluator',
];

const visible = (wb: ExcelJS.Workbook): ExcelJS.Worksheet[] => wb.worksheets.filter((w) => w.state === 'visible');
/** The manual row breaks of each sheet, read from its XML (exceljs does not read them back). */
const sheetBreaks = new Map<ExcelJS.Worksheet, number[]>();
async function load(name: string): Promise<ExcelJS.Workbook> {
  const wb = await loadXlsx(fileOf(name));
  const parts = await partsOf(fileOf(name), /^xl\/worksheets\/sheet\d+\.xml$/u);
  wb.worksheets.forEach((ws, i) => {
    const xml = parts.get(`xl/worksheets/sheet${i + 1}.xml`) ?? '';
    sheetBreaks.set(
      ws,
      [...xml.matchAll(/<brk id="(\d+)"/gu)].map((m) => Number(m[1])),
    );
  });
  return wb;
}
const breaksOf = (ws: ExcelJS.Worksheet): number[] => sheetBreaks.get(ws) ?? [];
/** The planned pages of a sheet, as its footer prints them (「&P / 2」). */
const plannedPages = (ws: ExcelJS.Worksheet): number =>
  Number(/&P \/ (\d+)$/u.exec(ws.headerFooter.oddFooter ?? '')?.[1]);

describe('every exported workbook', () => {
  it('names a font in every <font> of its styles', async () => {
    expect(files.length).toBeGreaterThan(25);
    for (const f of files) {
      const styles = (await partsOf(f.file, /^xl\/styles\.xml$/u)).get('xl/styles.xml') ?? '';
      const fonts = [...styles.matchAll(/<font>[\s\S]*?<\/font>|<font\/>/gu)].map((m) => m[0]);
      expect(fonts.length, f.name).toBeGreaterThan(1);
      for (const font of fonts) expect(font, f.name).toMatch(/<name val="[^"]+"\/>/u);
      // Everything Kaname styles itself is set in the one font (the first is exceljs's Normal style).
      for (const font of fonts.slice(1)) expect(font, f.name).toContain('<name val="游ゴシック"/>');
    }
  });
});

describe('per-person forms', () => {
  it('are numbered per person, one page where the form fits one, cut only at block boundaries', async () => {
    for (const name of perPerson) {
      const wb = await load(name);
      for (const ws of visible(wb)) {
        const where = `${name} ${ws.name}`;
        expect(ws.pageSetup, where).toMatchObject({ paperSize: 9, firstPageNumber: 1 });
        const pages = plannedPages(ws);
        expect(ws.headerFooter.oddFooter, where).toMatch(/^&L取扱注意&R&P \/ \d+$/u);
        expect(ws.pageSetup, where).toMatchObject({ fitToPage: true, fitToWidth: 1 });
        if (ws.pageSetup.fitToHeight === 1) {
          expect(pages, where).toBe(1);
          expect(breaksOf(ws), where).toEqual([]);
        } else {
          // One page wide, as tall as the planned breaks make it.
          expect(ws.pageSetup.fitToHeight, where).toBe(0);
          expect(breaksOf(ws), where).toHaveLength(pages - 1);
          // A page begins at a section heading (目標2, 能力評価…), never inside a block.
          for (const row of breaksOf(ws)) {
            const next = ws.getCell(row + 1, 1);
            expect(next.fill?.type, `${where} row ${row + 1}`).toBe('pattern');
            expect(next.font?.bold, `${where} row ${row + 1} ${textOf(next)}`).toBe(true);
          }
        }
        if (onePage.includes(name)) expect(pages, where).toBe(1);
      }
    }
  });

  it('print scores with two decimals', async () => {
    const wb = await loadXlsx(fileOf('appraisal-forms'));
    let scores = 0;
    for (const ws of visible(wb)) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const label = textOf(cell);
          if (!/^(絶対評価点|能力評価点（[12]次）|業績評価点（[12]次）|.*× \d+%)$/u.test(label)) return;
          const value = textOf(ws.getCell(Number(cell.row), Number(cell.col) + 1));
          if (value === '' || value.startsWith('未確定')) return;
          // A weighted line prints the score and what it adds (3.60 → 1.44, or 1.665 where exact).
          const pattern = label.includes('×') ? /^\d+\.\d\d → \d+\.\d\d\d?$/u : /^\d+\.\d\d(（|$)/u;
          expect(value, `${ws.name} ${label}`).toMatch(pattern);
          scores += 1;
        }),
      );
    }
    expect(scores).toBeGreaterThan(200);
  });

  it('lock the structure of a workbook with a hidden sheet, and still import', async () => {
    for (const name of ['forms-mbo-roundtrip', 'forms-selfreports-roundtrip', 'appraisal-evaluator']) {
      const book = (await partsOf(fileOf(name), /^xl\/workbook\.xml$/u)).get('xl/workbook.xml') ?? '';
      expect(book, name).toMatch(/<workbookPr [^>]*\/><workbookProtection [^>]*lockStructure="1"\/>/u);
      expect(book, name).toMatch(/workbookAlgorithmName="SHA-512" workbookHashValue="[^"]+"/u);
      expect(book, name).toContain('state="veryHidden"');
    }
    for (const name of ['forms-mbo-print', 'export-staff']) {
      const book = (await partsOf(fileOf(name), /^xl\/workbook\.xml$/u)).get('xl/workbook.xml') ?? '';
      expect(book, name).not.toContain('workbookProtection');
    }
    // The importer still finds its hidden sheet: an untouched workbook previews as unchanged.
    const preview = unwrap(await previewForms(admin, 'selfreports', fileOf('forms-selfreports-roundtrip')));
    expect(preview.problems).toEqual([]);
    expect(preview.counts.unchanged).toBeGreaterThan(0);
    // Streamed to a file (delivery 'file') the lock is there too.
    const r = unwrap(
      await callApi(admin, 'forms:export', {
        kind: 'mbo',
        purpose: 'roundtrip',
        fy,
        section: busySection(db).section,
        delivery: 'file',
      }),
    );
    expect(r.file).toBeDefined();
  });
});

describe('tables', () => {
  it('status and distribution: every page starts with a table heading and its header, no row alone', async () => {
    for (const name of ['appraisal-status', 'appraisal-distribution']) {
      const ws = (await load(name)).worksheets[0]!;
      expect(ws.pageSetup, name).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      const breaks = breaksOf(ws);
      if (name === 'appraisal-distribution') expect(breaks.length).toBeGreaterThan(0);
      const heads = new Set(['所属', '区分', '職層']);
      for (const row of breaks) {
        expect(ws.getCell(row + 1, 1).font?.bold, `${name} row ${row + 1}`).toBe(true);
        expect(heads.has(textOf(ws.getCell(row + 2, 1))), `${name} row ${row + 2}`).toBe(true);
        // At least two rows of a table end the page before the break: no row is left alone.
        for (const r of [row, row - 1]) {
          expect(heads.has(textOf(ws.getCell(r, 1))), `${name} row ${r}`).toBe(false);
          expect(ws.getCell(r, 1).font?.bold, `${name} row ${r}`).not.toBe(true);
        }
      }
      ws.eachRow((row) => expect(row.height, `${name} row ${row.number}`).toBeGreaterThan(0));
    }
    const status = (await loadXlsx(fileOf('appraisal-status'))).worksheets[0]!;
    let averages = 0;
    let inAverages = true;
    status.eachRow((row) => {
      if (textOf(row.getCell(1)) === '確定した区分の分布') inAverages = false;
      const cell = row.getCell(4);
      if (inAverages && typeof cell.value === 'number') {
        expect(cell.numFmt).toBe('0.00');
        averages += 1;
      }
    });
    expect(averages).toBeGreaterThan(5);
  });

  it('ranking: the long table’s header repeats on every page and its scores have two decimals', async () => {
    const wb = await loadXlsx(fileOf('appraisal-ranking'));
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.printTitlesRow, ws.name).toMatch(/^\d+:\d+$/u);
      const head = Number(ws.pageSetup.printTitlesRow!.split(':')[0]);
      expect(textOf(ws.getCell(head, 1))).toBe('順位');
      for (let r = head + 1; r <= ws.rowCount; r++) {
        const cell = ws.getCell(r, 6);
        if (typeof cell.value === 'number') expect(cell.numFmt, `${ws.name} F${r}`).toBe('0.00');
      }
    }
  });
});

describe('data sheets', () => {
  it('wrap 資格 and 担当 with rows tall enough, and keep 絶対評価点 at two decimals', async () => {
    const ws = (await loadXlsx(fileOf('export-staff'))).worksheets[0]!;
    const col = (header: string) => {
      for (let c = 1; c <= ws.columnCount; c++) if (textOf(ws.getCell(1, c)) === header) return c;
      throw new Error(header);
    };
    let tall = 0;
    for (const header of ['資格', '担当']) {
      const c = col(header);
      for (let r = 2; r <= ws.rowCount; r++) {
        const cell = ws.getCell(r, c);
        expect(cell.alignment?.wrapText, `${header} row ${r}`).toBe(true);
        const width = ws.getColumn(c).width ?? 10;
        if (textOf(cell).length * 2 > width + 2) {
          expect(ws.getRow(r).height ?? 0, `${header} row ${r}`).toBeGreaterThan(20);
          tall += 1;
        }
      }
    }
    expect(tall).toBeGreaterThan(0);
    const results = (await loadXlsx(fileOf('export-results'))).worksheets[0]!;
    let scores = 0;
    results.eachRow((row, r) => {
      if (r > 1 && typeof row.getCell(3).value === 'number') {
        expect(row.getCell(3).numFmt).toBe('0.00');
        scores += 1;
      }
    });
    expect(scores).toBeGreaterThan(0);
  });
});

/**
 * What LibreOffice Calc prints: the per-person forms' PDFs have one page per person (or the pages
 * each footer planned). Needs soffice and pdfinfo (not installed in CI; skipped without them).
 */
function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const calc = has('soffice') && has('pdfinfo');
if (!calc) console.warn('xlsx-print: soffice or pdfinfo is not installed; the LibreOffice page counts are skipped.');

describe.skipIf(!calc)('printed by LibreOffice Calc', () => {
  it('one page per person for the one-page forms, the planned pages for the others', async () => {
    const out = tempDir('kaname-xlsx-pdf-');
    try {
      const names = ['forms-mbo-print', 'appraisal-forms-section', 'appraisal-disclosure'];
      const expected = new Map<string, number>();
      for (const name of names) {
        fs.writeFileSync(path.join(out, `${name}.xlsx`), fileOf(name));
        const sheets = visible(await loadXlsx(fileOf(name)));
        expected.set(
          name,
          sheets.reduce((n, ws) => n + plannedPages(ws), 0),
        );
        if (onePage.includes(name)) expect(expected.get(name), name).toBe(sheets.length);
      }
      execFileSync(
        'soffice',
        ['--headless', '--convert-to', 'pdf', '--outdir', out, ...names.map((n) => path.join(out, `${n}.xlsx`))],
        { stdio: 'ignore', timeout: 540_000 },
      );
      for (const name of names) {
        const info = execFileSync('pdfinfo', [path.join(out, `${name}.pdf`)]).toString();
        const pages = Number(/Pages:\s+(\d+)/u.exec(info)?.[1]);
        expect(pages, name).toBe(expected.get(name));
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});
