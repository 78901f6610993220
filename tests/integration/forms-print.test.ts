import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { maxPrintForms } from '../../shared/contract';
import { callApi } from '../helpers/office';
import { currentFy } from '../fixtures/workbooks';
import { busySection, cellBeside, exportForms, goal, setMbo, setSelfReport, sheetOf, textOf } from '../helpers/forms';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fy = currentFy();
const health = '腰痛で通院中';
let ctx: AppContext;
let db: Db;
let section: string;
let people: string[];

beforeAll(async () => {
  ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  db = ctx.office!.db;
  ({ section, staffNos: people } = busySection(db));
  db.prepare('DELETE FROM mbo_sheets WHERE fy = ?').run(fy);
  setMbo(
    db,
    fy,
    people[0]!,
    [goal({ weight: 60 }), goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 })],
    '承認済',
  );
  db.prepare(
    "UPDATE mbo_sheets SET approved_at = '2026-05-20T01:00:00.000Z', approved_by = '承認 花子' WHERE fy = ?",
  ).run(fy);
  setSelfReport(db, fy, people[0]!, { fields: { duties: '窓口業務。'.repeat(60) }, health, family: '' });
});

async function xmlOf(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  return (await Promise.all(Object.values(zip.files).map((f) => f.async('string')))).join('\n');
}

describe('print-ready form exports', () => {
  it('a section of MBO sheets: A4 portrait, one page wide, 取扱注意, borders, everything locked', async () => {
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'print', fy, section });
    const wb = await loadXlsx(file);
    expect(wb.worksheets).toHaveLength(people.length);
    expect(wb.getWorksheet('_kaname')).toBeUndefined();
    const ws = sheetOf(wb, people[0]!);
    // Two goals fit one page; each person's pages are numbered on their own (docs/workbooks.md, "Printing").
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      firstPageNumber: 1,
    });
    expect(ws.headerFooter.oddFooter).toBe('&L取扱注意&R&P / 1');
    expect(ws.headerFooter.oddHeader).toContain('令和');
    const title = cellBeside(ws, '目標', '目標2');
    expect(textOf(title)).toBe('地域を歩く');
    expect(title.border?.left?.style).toBe('thin');
    expect(title.alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(textOf(cellBeside(ws, '自己評価', '業績評価点'))).toContain('業績評価点は未確定です');
    expect(textOf(cellBeside(ws, '承認日'))).toBe('2026年5月20日');
    expect(textOf(cellBeside(ws, '承認者'))).toBe('承認 花子');
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.protection?.locked).not.toBe(false);
        expect(cell.dataValidation).toBeFalsy();
      }),
    );
    // No staff workbook was recorded for a print.
    expect(db.prepare('SELECT count(*) AS n FROM form_exports').get()).toEqual({ n: 0 });
  });

  it('self-reports: the confidential sections only in one person’s print, and that print is audited', async () => {
    const sectionFile = await exportForms(ctx, { kind: 'selfreports', purpose: 'print', fy, section });
    expect(await xmlOf(sectionFile)).not.toContain(health);
    const ws = sheetOf(await loadXlsx(sectionFile), people[0]!);
    expect(textOf(cellBeside(ws, '健康状態'))).toBe('（非公開項目のため省略）');
    // A long answer gets a row tall enough to be read when printed.
    const duties = cellBeside(ws, '現在の担当業務');
    expect(ws.getRow(Number(duties.row)).height).toBeGreaterThan(40);

    const before = (
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'selfReport.exportConfidential'").get() as {
        n: number;
      }
    ).n;
    const one = await exportForms(ctx, { kind: 'selfreports', purpose: 'print', fy, staffNo: people[0]! });
    expect(textOf(cellBeside(sheetOf(await loadXlsx(one), people[0]!), '健康状態'))).toBe(health);
    const after = (
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'selfReport.exportConfidential'").get() as {
        n: number;
      }
    ).n;
    expect(after).toBe(before + 1);
  });

  it('everyone is refused above the limit with a message asking for a section; a staff workbook needs a scope', async () => {
    const insert = db.prepare(
      "INSERT INTO staff (staff_no, name, position, grade_group) VALUES (?, 'テスト 職員', '係員', '係員級')",
    );
    db.transaction(() => {
      for (let i = 0; i <= maxPrintForms; i++) insert.run(`T${String(i).padStart(6, '0')}`);
    })();
    const r = await callApi(ctx, 'forms:export', { kind: 'mbo', purpose: 'print', fy });
    expect(!r.ok && r.error).toMatchObject({ code: 'VALIDATION' });
    expect(!r.ok && r.error.message).toContain('所属（課）を選んで出力してください');
    const r2 = await callApi(ctx, 'forms:export', { kind: 'mbo', purpose: 'roundtrip', fy });
    expect(!r2.ok && r2.error.message).toContain('記入用ブックは所属（課）または職員を選んで出力してください');
    const r3 = await callApi(ctx, 'forms:export', { kind: 'mbo', purpose: 'print', fy, section: '存在しない課' });
    expect(!r3.ok && r3.error.code).toBe('NOT_FOUND');
  });
});
