import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { streamSummaries } from '../../electron/cli/print-commands';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { PlacementRow } from '../../shared/api/placement';
import { runKaname } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * `kaname print placement` and `kaname print section-list` (docs/placement.md, "PDF") on a demo
 * office, in-process: the files read back, --json's {ok, pages, people, out}, the access rule
 * (personnel and HR only: exit 3 for others), the print audited once, usage errors exit 2.
 */

let dir: string;
let dbPath: string;
let rows: PlacementRow[];
let section: string;
let sectionRows: PlacementRow[];
const fy = fiscalYearOf(new Date());

beforeAll(async () => {
  dir = tempDir('kaname-cli-print-');
  dbPath = await demoCopy(dir);
  const ctx = await loggedIn(dbPath, 'jinji', demoPass);
  const r = await callApi(ctx, 'placement:list', { fy });
  ctx.end();
  if (!r.ok) throw new Error(r.error.message);
  rows = r.value.rows;
  const counts = new Map<string, number>();
  for (const x of rows) if (x.section) counts.set(x.section, (counts.get(x.section) ?? 0) + 1);
  section = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  sectionRows = rows.filter((x) => x.section === section);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const kaname = (args: string[], user = 'jinji') => runKaname(args, { KANAME_PASSWORD: demoPass, KANAME_USER: user });

/** Each page's size, its text items, and its text (the items joined as they stand on the page). */
async function pdfPages(file: string): Promise<{ width: number; height: number; items: string[]; text: string }[]> {
  const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(file)) }).promise;
  const out = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const page = await pdf.getPage(i);
    const [, , width, height] = page.view as [number, number, number, number];
    const c = await page.getTextContent();
    const items = c.items.map((it) => ('str' in it ? it.str : ''));
    out.push({ width, height, items, text: items.join('') });
  }
  await pdf.destroy();
  return out;
}

function auditOf(action: string): Promise<{ after: string }[]> {
  return loggedIn(dbPath, 'admin', demoPass).then((ctx: AppContext) => {
    const found = ctx.office!.db.prepare('SELECT after FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
      after: string;
    }[];
    ctx.end();
    return found;
  });
}

describe('kaname print placement', () => {
  it('writes the named people one page each and reports {ok, pages, people, out}', async () => {
    const out = path.join(dir, 'two.pdf');
    const nos = [rows[0]!.staffNo, rows[1]!.staffNo];
    const before = (await auditOf('placement.print')).length;
    const r = await kaname([
      'print',
      'placement',
      '--db',
      dbPath,
      '--fy',
      String(fy),
      '--staff',
      nos.join(','),
      '--out',
      out,
      '--json',
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, pages: 2, people: 2, out });
    const pages = await pdfPages(out);
    expect(pages).toHaveLength(2);
    pages.forEach((p, i) => {
      expect(p.width).toBeCloseTo(595.28, 1);
      expect(p.text).toContain('取扱注意');
      expect(p.items).toContain('1 / 1');
      expect(p.text).toContain(rows[i]!.staffNo);
      expect(p.text).toContain(rows[i]!.name.replace(/\u3000/gu, ' '));
    });
    const audit = await auditOf('placement.print');
    expect(audit).toHaveLength(before + 1);
    expect(JSON.parse(audit.at(-1)!.after)).toMatchObject({ what: 'summaries', staffNos: nos });
  });

  it('prints a whole section, numbered per person', async () => {
    const out = path.join(dir, 'section.pdf');
    const r = await kaname(['print', 'placement', '--db', dbPath, '--section', section, '--out', out, '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, pages: sectionRows.length, people: sectionRows.length });
    const pages = await pdfPages(out);
    expect(pages).toHaveLength(sectionRows.length);
    expect(pages.every((p) => p.items.includes('1 / 1'))).toBe(true);
    expect(pages.some((p) => p.text.includes(`${sectionRows.length} / `))).toBe(false);
  });

  it('prints everyone with --all, and says so in Japanese without --json', async () => {
    const out = path.join(dir, 'all.pdf');
    const r = await kaname(['print', 'placement', '--db', dbPath, '--all', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`人事配置資料を書き出しました: ${out}（${rows.length}人、${rows.length}ページ）`);
    expect((await pdfPages(out)).length).toBe(rows.length);
  }, 120_000);

  it('refuses other roles with exit 3 and writes no file', async () => {
    for (const user of ['kacho', 'shokuin']) {
      const out = path.join(dir, `refused-${user}.pdf`);
      const r = await kaname(
        ['print', 'placement', '--db', dbPath, '--staff', rows[0]!.staffNo, '--out', out, '--json'],
        user,
      );
      expect(r.status, r.stdout).toBe(3);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('exits 2 for a wrong selection or file type, and 1 for an unknown 職員番号', async () => {
    const out = path.join(dir, 'bad.pdf');
    const both = await kaname([
      'print',
      'placement',
      '--db',
      dbPath,
      '--staff',
      rows[0]!.staffNo,
      '--all',
      '--out',
      out,
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('どれか1つ');
    const none = await kaname(['print', 'placement', '--db', dbPath, '--out', out]);
    expect(none.status).toBe(2);
    const xlsx = await kaname(['print', 'placement', '--db', dbPath, '--all', '--out', path.join(dir, 'x.xlsx')]);
    expect(xlsx.status).toBe(2);
    const what = await kaname(['print', 'nothing', '--db', dbPath, '--out', out]);
    expect(what.status).toBe(2);
    const unknown = await kaname([
      'print',
      'placement',
      '--db',
      dbPath,
      '--staff',
      '999999999',
      '--out',
      out,
      '--json',
    ]);
    expect(unknown.status).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('kaname print section-list', () => {
  it('writes the A3 landscape PDF', async () => {
    const out = path.join(dir, 'list.pdf');
    const r = await kaname(['print', 'section-list', '--db', dbPath, '--section', section, '--out', out, '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const reported = JSON.parse(r.stdout) as { pages: number; people: number };
    expect(reported.people).toBe(sectionRows.length);
    const pages = await pdfPages(out);
    expect(pages).toHaveLength(reported.pages);
    pages.forEach((p, i) => {
      expect(p.width).toBeCloseTo(1190.55, 1);
      expect(p.height).toBeCloseTo(841.89, 1);
      expect(p.text).toContain('取扱注意');
      expect(p.items).toContain(`${i + 1} / ${pages.length}`);
    });
    for (const x of sectionRows) expect(pages.map((p) => p.text).join('\n')).toContain(x.staffNo);
  });

  it('writes the Excel workbook for .xlsx', async () => {
    const out = path.join(dir, 'list.xlsx');
    const r = await kaname(['print', 'section-list', '--db', dbPath, '--section', section, '--out', out, '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, pages: null, people: sectionRows.length, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.pageSetup.paperSize).toBe(8);
    expect(ws.rowCount).toBe(sectionRows.length + 1);
    expect(ws.getRow(2).getCell(1).value).toBe(sectionRows[0]!.staffNo);
  });

  it('refuses other roles (exit 3), an unknown section (exit 1) and --all (exit 2)', async () => {
    const out = path.join(dir, 'list2.pdf');
    expect(
      (await kaname(['print', 'section-list', '--db', dbPath, '--section', section, '--out', out], 'kakaricho')).status,
    ).toBe(3);
    expect((await kaname(['print', 'section-list', '--db', dbPath, '--section', 'ない課', '--out', out])).status).toBe(
      1,
    );
    expect((await kaname(['print', 'section-list', '--db', dbPath, '--all', '--out', out])).status).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('streaming a print larger than one channel call', () => {
  it('checks the role of placement:pdf, streams one page each and audits one entry', async () => {
    const nos = rows.slice(0, 30).map((x) => x.staffNo);
    const refused = await loggedIn(dbPath, 'kacho', demoPass);
    await expect(streamSummaries(refused, fy, nos, path.join(dir, 'no.pdf'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    refused.end();
    expect(fs.existsSync(path.join(dir, 'no.pdf'))).toBe(false);

    const before = (await auditOf('placement.print')).length;
    const ctx = await loggedIn(dbPath, 'jinji', demoPass);
    const out = path.join(dir, 'streamed.pdf');
    expect(await streamSummaries(ctx, fy, nos, out)).toBe(30);
    ctx.end();
    const pages = await pdfPages(out);
    expect(pages).toHaveLength(30);
    expect(pages[29]!.text).toContain(nos[29]);
    const audit = await auditOf('placement.print');
    expect(audit).toHaveLength(before + 1);
    expect(JSON.parse(audit.at(-1)!.after)).toMatchObject({ what: 'summaries', fy, staffNos: nos });
  });
});
