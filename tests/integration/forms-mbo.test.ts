import fs from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { getSheet } from '../../electron/core/mbo/mbo.repo';
import { currentFy } from '../fixtures/workbooks';
import {
  busySection,
  cellBeside,
  commitForms,
  edited,
  exportForms,
  goal,
  previewForms,
  setMbo,
  sheetOf,
  textOf,
  unwrap,
} from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fy = currentFy();
let ctx: AppContext;
let db: Db;
let section: string;
let people: string[];

function sheetFor(staffNo: string) {
  const id = (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number }).id;
  return getSheet(db, fy, id);
}

beforeEach(async () => {
  ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  db = ctx.office!.db;
  // The demo's own MBO content is not this test's business: start from no sheets at all.
  db.prepare('DELETE FROM mbo_sheets WHERE fy = ?').run(fy);
  ({ section, staffNos: people } = busySection(db));
  expect(people.length).toBeGreaterThanOrEqual(6);
});

describe('MBO staff workbook round trip', () => {
  it('exports one locked, protected form per person with open goal cells and dropdowns', async () => {
    const [a, , c] = people as [string, string, string];
    setMbo(db, fy, a, [goal({ weight: 60 }), goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 })]);
    setMbo(db, fy, c, [goal({ weight: 50 }), goal({ category: '地域担当目標', weight: 50 })], '提出済');
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, section });
    const wb = await loadXlsx(file);
    const forms = wb.worksheets.filter((w) => w.name !== '_kaname');
    expect(forms).toHaveLength(people.length);
    expect(wb.getWorksheet('_kaname')?.state).toBe('veryHidden');
    const ws = sheetOf(wb, a);
    expect(ws.name.length).toBeLessThanOrEqual(31);
    expect(textOf(ws.getCell('A1'))).toMatch(/^令和\d+年度 目標管理シート$/u);
    expect(textOf(cellBeside(ws, '職員番号'))).toBe(a);
    const title = cellBeside(ws, '目標', '目標1');
    expect(textOf(title)).toBe('窓口の待ち時間を短縮する');
    expect(title.protection?.locked).toBe(false);
    expect(cellBeside(ws, '氏名').protection?.locked).not.toBe(false);
    expect(cellBeside(ws, '区分', '目標5').dataValidation).toMatchObject({ type: 'list' });
    expect(cellBeside(ws, 'ウェイト（%）', '目標2').dataValidation).toMatchObject({ type: 'whole' });
    expect(cellBeside(ws, 'ウェイト合計').value).toBe(100);
    expect(ws.headerFooter.oddFooter).toContain('取扱注意');
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    // A submitted sheet is shown, fully locked and marked.
    const closed = sheetOf(wb, c);
    expect(textOf(closed.getCell('A2'))).toContain('提出済のため編集できません');
    expect(cellBeside(closed, '目標', '目標1').protection?.locked).not.toBe(false);
    // Never a live formula anywhere.
    for (const w of forms) w.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeFalsy()));
  });

  it('imports the edits of valid forms and lists every rejected form with its reasons', async () => {
    const [a, b, c, d, e, f] = people as [string, string, string, string, string, string];
    setMbo(db, fy, a, [goal({ weight: 60 }), goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 })]);
    setMbo(db, fy, c, [goal({ weight: 50 }), goal({ category: '地域担当目標', weight: 50 })], '提出済');
    setMbo(db, fy, d, [goal({ weight: 70 }), goal({ category: '地域担当目標', weight: 30 })]);
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, section });
    const versionOfD = sheetFor(d)!.version;

    const changed = await edited(file, (wb) => {
      // a: edits goal 1 and adds goal 3 — valid.
      const wa = sheetOf(wb, a);
      cellBeside(wa, '目標', '目標1').value = '窓口の待ち時間を10分短縮する';
      cellBeside(wa, 'ウェイト（%）', '目標1').value = 50;
      cellBeside(wa, '区分', '目標3').value = '能力開発目標';
      cellBeside(wa, '目標', '目標3').value = '簿記3級を取る';
      cellBeside(wa, '内容', '目標3').value = '通信講座で学ぶ';
      cellBeside(wa, '達成基準', '目標3').value = '合格';
      cellBeside(wa, 'ウェイト（%）', '目標3').value = 10;
      cellBeside(wa, '難易度（A高・B標準・C低）', '目標3').value = 'C';
      cellBeside(wa, '種類', '目標3').value = '通常';
      // b: a new sheet whose weights total 90 — a draft, saved as the app's 保存 saves it.
      const wbb = sheetOf(wb, b);
      cellBeside(wbb, '区分', '目標1').value = '地域担当目標';
      cellBeside(wbb, '目標', '目標1').value = '地域の見守り';
      cellBeside(wbb, '内容', '目標1').value = '巡回する';
      cellBeside(wbb, '達成基準', '目標1').value = '月2回';
      cellBeside(wbb, 'ウェイト（%）', '目標1').value = 90;
      cellBeside(wbb, '難易度（A高・B標準・C低）', '目標1').value = 'B';
      cellBeside(wbb, '種類', '目標1').value = '通常';
      // c: submitted, its (locked) title typed over anyway.
      cellBeside(sheetOf(wb, c), '目標', '目標1').value = '書き換え';
      // e: no 地域担当目標 — a draft too: that rule, like the total, applies at 提出.
      const we = sheetOf(wb, e);
      cellBeside(we, '区分', '目標1').value = '業務目標';
      cellBeside(we, '目標', '目標1').value = '業務改善';
      cellBeside(we, '内容', '目標1').value = '手順書を作る';
      cellBeside(we, '達成基準', '目標1').value = '3件';
      cellBeside(we, 'ウェイト（%）', '目標1').value = 100;
      cellBeside(we, '難易度（A高・B標準・C低）', '目標1').value = 'B';
      cellBeside(we, '種類', '目標1').value = '通常';
      // f: the name (a locked cell) changed.
      cellBeside(sheetOf(wb, f), '氏名', undefined).value = '別人';
      // d: left as exported.
    });

    const preview = unwrap(await previewForms(ctx, 'mbo', changed));
    const byKey = new Map(preview.changes.map((ch) => [ch.key, ch]));
    expect(byKey.get(a)?.status).toBe('changed');
    expect(byKey.get(a)?.diffs).toEqual(
      expect.arrayContaining([
        { field: '目標数', before: '2', after: '3' },
        { field: '目標1 目標', before: '窓口の待ち時間を短縮する', after: '窓口の待ち時間を10分短縮する' },
        { field: '目標1 ウェイト（%）', before: '60', after: '50' },
      ]),
    );
    expect(byKey.get(d)?.status).toBe('unchanged');
    for (const x of [b, e]) expect(byKey.get(x)?.status, x).toBe('new');
    for (const x of [c, f]) expect(byKey.get(x)?.status, x).toBe('error');
    const at = (staffNo: string) => preview.problems.filter((p) => p.sheet.startsWith(`${staffNo} `));
    expect(at(b)).toEqual([]);
    expect(at(e)).toEqual([]);
    expect(
      at(c)
        .map((p) => p.message)
        .join(),
    ).toContain('ロックされたセル');
    expect(at(c)[0]).toMatchObject({ column: 'B', field: '目標1の目標' });
    expect(at(f)[0]).toMatchObject({ column: 'D', field: '氏名', row: 3 });
    // Every person's other cells were untouched: counted as unchanged.
    expect(preview.counts).toMatchObject({ updated: 1, inserted: 2, errors: 2, unchanged: people.length - 5 });
    // Nothing written by the preview.
    expect(sheetFor(a)!.goals).toHaveLength(2);

    const result = await commitForms(ctx, preview.token);
    expect(result).toMatchObject({ updated: 1, inserted: 2, errors: 2 });
    const sa = sheetFor(a)!;
    expect(sa.status).toBe('未提出');
    expect(sa.goals.map((g) => [g.title, g.weight, g.category])).toEqual([
      ['窓口の待ち時間を10分短縮する', 50, '業務目標'],
      ['地域を歩く', 40, '地域担当目標'],
      ['簿記3級を取る', 10, '能力開発目標'],
    ]);
    expect(sheetFor(b)!.status).toBe('未提出');
    expect(sheetFor(b)!.goals.map((g) => g.weight)).toEqual([90]);
    expect(sheetFor(e)!.goals.map((g) => g.category)).toEqual(['業務目標']);
    expect(sheetFor(c)!.goals[0]?.title).toBe('窓口の待ち時間を短縮する');
    expect(sheetFor(d)!.version).toBe(versionOfD);
    const log = db.prepare('SELECT kind, updated, errors FROM import_log ORDER BY id DESC LIMIT 1').get();
    expect(log).toEqual({ kind: 'mbo', updated: 1, errors: 2 });
    const audit = db.prepare("SELECT entity_id FROM audit_log WHERE action = 'mbo.import' ORDER BY entity_id").all();
    expect(audit).toEqual([a, b, e].sort().map((no) => ({ entity_id: `${fy}:${no}` })));

    // The same file again: a's form now holds exactly what the file holds (this import wrote it) →
    // unchanged, not stale; the rejected forms are rejected again for their own reasons.
    const again = unwrap(await previewForms(ctx, 'mbo', changed));
    expect(again.changes.find((ch) => ch.key === a)?.status).toBe('unchanged');
    expect(again.problems.filter((p) => p.sheet.startsWith(`${a} `))).toEqual([]);
    expect(again.counts).toMatchObject({ updated: 0, inserted: 0, errors: 2 });
  });

  it('rejects a form changed in Kaname since the export', async () => {
    const [a] = people as [string];
    setMbo(db, fy, a, [goal({ weight: 60 }), goal({ category: '地域担当目標', weight: 40 })]);
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: a });
    setMbo(db, fy, a, [goal({ weight: 30 }), goal({ category: '地域担当目標', weight: 70 })]);
    const changed = await edited(file, (wb) => {
      cellBeside(sheetOf(wb, a), '目標', '目標1').value = '新しい目標';
    });
    const preview = unwrap(await previewForms(ctx, 'mbo', changed));
    expect(preview.changes).toEqual([expect.objectContaining({ key: a, status: 'error' })]);
    expect(preview.problems[0]?.message).toContain('Kaname上で出力後に更新されています');
    const result = await commitForms(ctx, preview.token);
    expect(result).toMatchObject({ updated: 0, errors: 1 });
    expect(sheetFor(a)!.goals[0]?.weight).toBe(30);
    // Untouched, the same stale file is simply unchanged.
    const untouched = unwrap(await previewForms(ctx, 'mbo', file));
    expect(untouched.changes[0]?.status).toBe('unchanged');
  });

  it("rejects another person's form and a form that was not in the export", async () => {
    const [a, b] = people as [string, string];
    const other = (
      db
        .prepare(
          `SELECT s.staff_no AS n FROM staff s JOIN sections sec ON sec.id = s.section_id
           WHERE s.active = 1 AND sec.name <> ? ORDER BY s.staff_no LIMIT 1`,
        )
        .get(section) as { n: string }
    ).n;
    const mine = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: a });
    const changed = await edited(mine, (wb) => {
      // A sheet typed in for someone else, named like Kaname names them.
      const ws = wb.addWorksheet(`${other} 他人`);
      ws.getCell('B3').value = other;
      ws.getCell('B10').value = '他人の目標';
      // a's own sheet renamed as b's: its 職員番号 says a, the export knows no such sheet.
      sheetOf(wb, a).name = `${b} 別名`;
    });
    const preview = unwrap(await previewForms(ctx, 'mbo', changed));
    expect(preview.changes.map((ch) => ch.status)).toEqual(['error', 'error']);
    expect(preview.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('この様式は出力した対象者のものではありません'),
      expect.stringContaining('この様式は出力した対象者のものではありません'),
    ]);
    expect(preview.problems[0]).toMatchObject({ row: 3, column: 'B', field: '職員番号' });
  });

  it('refuses a workbook that Kaname did not export, from another office, or of the other kind', async () => {
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, section });
    const forged = await edited(file, (wb) => {
      wb.getWorksheet('_kaname')!.getCell('A2').value = '0'.repeat(32);
    });
    const r1 = await previewForms(ctx, 'mbo', forged);
    expect(!r1.ok && r1.error.message).toContain('この事業所で出力されたものではありません');
    const plain = await edited(file, (wb) => {
      wb.removeWorksheet(wb.getWorksheet('_kaname')!.id);
    });
    const r2 = await previewForms(ctx, 'mbo', plain);
    expect(!r2.ok && r2.error.message).toContain('記入用ブックではありません');
    const r3 = await previewForms(ctx, 'selfreports', file);
    expect(!r3.ok && r3.error.message).toContain('取り込むデータの種類を「目標管理シート」にしてください');
  });

  it('saves a draft changed in Excel as a draft (weights 30+30), and still refuses the same on a submitted sheet', async () => {
    const [a, c] = people as [string, string];
    setMbo(db, fy, a, [goal({ weight: 60 }), goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 })]);
    setMbo(
      db,
      fy,
      c,
      [goal({ weight: 60 }), goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 })],
      '提出済',
    );
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, section });
    const changed = await edited(file, (wb) => {
      for (const no of [a, c]) {
        const ws = sheetOf(wb, no);
        cellBeside(ws, 'ウェイト（%）', '目標1').value = 30;
        cellBeside(ws, 'ウェイト（%）', '目標2').value = 30;
      }
    });
    const preview = unwrap(await previewForms(ctx, 'mbo', changed));
    const byKey = new Map(preview.changes.map((ch) => [ch.key, ch]));
    expect(byKey.get(a)?.status).toBe('changed');
    expect(byKey.get(a)?.diffs).toEqual([
      { field: '目標1 ウェイト（%）', before: '60', after: '30' },
      { field: '目標2 ウェイト（%）', before: '40', after: '30' },
    ]);
    expect(preview.problems.filter((p) => p.sheet.startsWith(`${a} `))).toEqual([]);
    // The submitted sheet: refused, each changed cell at its sheet, row and column.
    expect(byKey.get(c)?.status).toBe('error');
    const refused = preview.problems.filter((p) => p.sheet.startsWith(`${c} `));
    const weightCell = cellBeside(sheetOf(await loadXlsx(file), c), 'ウェイト（%）', '目標1');
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: Number(weightCell.row),
          column: weightCell.address.replace(/\d+$/u, ''),
          message: expect.stringContaining('ロックされたセル') as unknown,
        }),
      ]),
    );

    expect(await commitForms(ctx, preview.token)).toMatchObject({ updated: 1, errors: 1 });
    // Saved, not submitted: the sheet screen shows it with the total still to fix before 提出.
    const view = unwrap(await callApi(ctx, 'mbo:get', { fy, staffNo: a }));
    expect(view.status).toBe('未提出');
    expect(view.goals.map((g) => g.weight)).toEqual([30, 30]);
    expect(view.issues.map((i) => i.message)).toContain('配分（ウェイト）の合計が100になっていません（現在 60）');
    expect(sheetFor(c)!.goals.map((g) => g.weight)).toEqual([60, 40]);
    expect(sheetFor(c)!.status).toBe('提出済');
  });

  it('checks the location of a bad choice and a title past what 保存 keeps', async () => {
    const [a] = people as [string];
    setMbo(db, fy, a, [goal({ weight: 60 }), goal({ category: '地域担当目標', weight: 40 })]);
    const file = await exportForms(ctx, { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: a });
    const changed = await edited(file, (wb) => {
      const ws = sheetOf(wb, a);
      // 101 characters is saved in a draft with the form's warning, as on the screen; 201 is not.
      cellBeside(ws, '目標', '目標1').value = 'あ'.repeat(201);
      cellBeside(ws, '難易度（A高・B標準・C低）', '目標2').value = 'Z';
    });
    const preview = unwrap(await previewForms(ctx, 'mbo', changed));
    const title = cellBeside(sheetOf(await loadXlsx(file), a), '目標', '目標1');
    expect(preview.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: Number(title.row),
          column: 'B',
          field: '目標1の目標',
          message: expect.stringContaining('100文字以内') as unknown,
        }),
        expect.objectContaining({
          column: 'D',
          field: '目標2の難易度',
          message: expect.stringContaining('難易度の値が正しくありません') as unknown,
        }),
      ]),
    );
  });
});
