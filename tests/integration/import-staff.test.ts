import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Cell } from '../fixtures/workbooks';
import {
  auditSince,
  book,
  commit,
  count,
  currentFy,
  db,
  dbState,
  excelDate,
  expectLocated,
  expectRefusedFile,
  expectRejected,
  exportFile,
  failure,
  findRow,
  importFile,
  maxId,
  noteText,
  ok,
  patchEntry,
  previewOk,
  serialOf,
  setRow,
  sha256,
  sheetValues,
  staffByNo,
  staffRows,
  templateBook,
  today,
  zipText,
} from '../fixtures/workbooks';
import {
  csvFile,
  deflatedStream,
  exceljsWorkbook,
  minimalXlsx,
  ole2File,
  paddedSheetChunks,
  rowSheetChunks,
} from '../fixtures/bad-files';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, staffHeader, toBuffer } from '../helpers/xlsx';

/**
 * The 職員名簿 import through the same dispatcher as the app: real .xlsx files built with exceljs as
 * a user would fill them, a real encrypted demo office, and for every refusal a proof that nothing
 * was written.
 */

let dir: string;
const contexts: AppContext[] = [];

beforeAll(() => {
  dir = tempDir('kaname-import-staff-');
});
afterAll(() => {
  for (const c of contexts) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the demo office, logged in as HR. */
async function freshAdmin(): Promise<AppContext> {
  const ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  contexts.push(ctx);
  return ctx;
}

/** A second session on the same office (another HR officer at another desk). */
async function secondSession(ctx: AppContext): Promise<AppContext> {
  const other = await loggedIn(ctx.dbPath, 'admin', demoPass);
  contexts.push(other);
  return other;
}

/** A roster row in the template's column order, from a few values (the rest blank). */
function rosterRow(v: {
  no: Cell;
  name?: Cell;
  kana?: Cell;
  section?: Cell;
  line?: Cell;
  position?: Cell;
  grade?: Cell;
  job?: Cell;
  employment?: Cell;
  hired?: Cell;
  posted?: Cell;
  quals?: Cell;
  active?: Cell;
}): Cell[] {
  const or = (value: Cell | undefined, fallback: Cell): Cell => (value === undefined ? fallback : value);
  return [
    v.no,
    or(v.name, '試験　太郎'),
    or(v.kana, 'しけん　たろう'),
    or(v.section, '総務課'),
    or(v.line, '総務担当'),
    or(v.position, '係員'),
    or(v.grade, null),
    or(v.job, '行政'),
    or(v.employment, '正規'),
    or(v.hired, '2020/4/1'),
    or(v.posted, '2022/4/1'),
    or(v.quals, null),
    or(v.active, '在職'),
  ];
}

function roster(rows: Cell[][], header: string[] = staffHeader): Promise<Buffer> {
  return book({ name: '職員名簿', rows: [header, ...rows] });
}

describe('as a new user: template, five rows by hand, preview, commit, find, re-import', () => {
  it('imports five hand-filled rows and re-imports them (and the export) as unchanged', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);

    // The template: the header row, nothing under it, and dropdown lists on a hidden sheet.
    const wb = await templateBook(ctx, 'staff');
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['職員名簿', 'visible'],
      ['_リスト', 'veryHidden'],
    ]);
    const ws = wb.getWorksheet('職員名簿')!;
    expect(sheetValues(ws)).toEqual([staffHeader]);
    // Coded columns: the allowed values in the header's comment and a dropdown from the hidden list.
    expect(noteText(ws.getCell('F1'))).toContain('選択肢: 区長 / 副区長 / 課長 / 課長代理 / 係長 / 係員');
    expect(noteText(ws.getCell('A1'))).toContain('必須');
    expect(ws.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ["'_リスト'!$A$1:$A$6"] });
    expect(sheetValues(wb.getWorksheet('_リスト')!).map((r) => r[0])).toEqual([
      '区長',
      '副区長',
      '課長',
      '課長代理',
      '係長',
      '係員',
    ]);
    expect(ws.headerFooter.oddFooter).not.toContain('取扱注意');

    const rows: Cell[][] = [
      // Full-width digits, katakana reading, a real Excel date and a 和暦 text date, ○ for 在職,
      // blank 職層, and a section and line that do not exist yet.
      [
        '０００１２３',
        '山田 花子',
        'ヤマダ　ハナコ',
        '未来創造課',
        '新規事業担当',
        '係員',
        null,
        '行政',
        '正規',
        excelDate('2015-04-01'),
        '令和6年4月1日',
        null,
        '○',
      ],
      // R5.4.1 and a bare serial number (General format) as dates.
      [
        '000124',
        '川口　次郎',
        'カワグチ　ジロウ',
        '未来創造課',
        '新規事業担当',
        '係長',
        null,
        '技術',
        '再任用',
        'R5.4.1',
        serialOf('2024-04-01'),
        '一級建築士',
        '在職',
      ],
      [
        '000125',
        '大野　真理',
        'おおの　まり',
        '未来創造課',
        null,
        '課長',
        null,
        '行政',
        '正規',
        '2001/4/1',
        '2025-04-01',
      ],
      // Retired (×), an explicit 職層, 会計年度任用.
      [
        '000126',
        '森　一郎',
        'もり　いちろう',
        '総務課',
        '総務担当',
        '係員',
        '係員級',
        '事務',
        '会計年度任用',
        excelDate('2025-04-01'),
        excelDate('2025-04-01'),
        null,
        '×',
      ],
      // Half-width katakana, an old-era date, a new line in an existing section, blank 雇用区分.
      [
        '000127',
        '林 さくら',
        'ﾊﾔｼ ｻｸﾗ',
        '総務課',
        '新設担当',
        '課長代理',
        null,
        '行政',
        null,
        'H30.4.1',
        null,
        '保育士',
      ],
    ];
    rows.forEach((r, i) => setRow(ws, i + 2, r));
    const serialCell = ws.getRow(3).getCell(11);
    serialCell.numFmt = 'General'; // typed as a number, not as a date
    const file = await toBuffer(wb);

    const p = await previewOk(ctx, 'staff', file, '職員名簿_4月採用.xlsx');
    expect(p.sheet).toBe('職員名簿');
    expect(p.problems).toEqual([]);
    expect(p.counts).toEqual({ total: 5, inserted: 5, updated: 0, unchanged: 0, errors: 0 });
    expect(p.changes.map((c) => [c.row, c.key, c.status])).toEqual([
      [2, '000123', 'new'],
      [3, '000124', 'new'],
      [4, '000125', 'new'],
      [5, '000126', 'new'],
      [6, '000127', 'new'],
    ]);
    expect(p.fileHash).toBe(sha256(file));

    const auditBefore = maxId(d, 'audit_log');
    const result = ok(await commit(ctx, p.token));
    expect(result).toMatchObject({ kind: 'staff', total: 5, inserted: 5, updated: 0, unchanged: 0, errors: 0 });

    expect(staffRows(d, "s.staff_no IN ('000123', '000124', '000125', '000126', '000127')")).toEqual([
      {
        id: expect.any(Number) as number,
        staffNo: '000123',
        name: '山田　花子',
        kana: 'やまだ　はなこ',
        section: '未来創造課',
        line: '新規事業担当',
        position: '係員',
        gradeGroup: '係員級',
        employment: '正規',
        hiredOn: '2015-04-01',
        postedOn: '2024-04-01',
        qualifications: '',
        active: 1,
      },
      {
        id: expect.any(Number) as number,
        staffNo: '000124',
        name: '川口　次郎',
        kana: 'かわぐち　じろう',
        section: '未来創造課',
        line: '新規事業担当',
        position: '係長',
        gradeGroup: '係長級',
        employment: '再任用',
        hiredOn: '2023-04-01',
        postedOn: '2024-04-01',
        qualifications: '一級建築士',
        active: 1,
      },
      {
        id: expect.any(Number) as number,
        staffNo: '000125',
        name: '大野　真理',
        kana: 'おおの　まり',
        section: '未来創造課',
        line: null,
        position: '課長',
        gradeGroup: '課長級',
        employment: '正規',
        hiredOn: '2001-04-01',
        postedOn: '2025-04-01',
        qualifications: '',
        active: 1,
      },
      {
        id: expect.any(Number) as number,
        staffNo: '000126',
        name: '森　一郎',
        kana: 'もり　いちろう',
        section: '総務課',
        line: '総務担当',
        position: '係員',
        gradeGroup: '係員級',
        employment: '会計年度任用',
        hiredOn: '2025-04-01',
        postedOn: '2025-04-01',
        qualifications: '',
        active: 0,
      },
      {
        id: expect.any(Number) as number,
        staffNo: '000127',
        name: '林　さくら',
        kana: 'はやし　さくら',
        section: '総務課',
        line: '新設担当',
        position: '課長代理',
        gradeGroup: '課長代理級',
        employment: '正規',
        hiredOn: '2018-04-01',
        postedOn: null,
        qualifications: '保育士',
        active: 1,
      },
    ]);
    // One new section and two new lines, each audited; the new staff in one batch entry (every field
    // of every record, up to 500 a batch); then the commit.
    expect(auditSince(d, auditBefore).map((a) => a.action)).toEqual([
      'section.create',
      'line.create',
      'line.create',
      'staff.create',
      'import.commit',
    ]);
    const batch = d
      .prepare("SELECT entity_id, after FROM audit_log WHERE action = 'staff.create' ORDER BY id DESC LIMIT 1")
      .get() as {
      entity_id: string;
      after: string;
    };
    expect(batch.entity_id).toBe('5件');
    const created = JSON.parse(batch.after) as { fields: string[]; rows: unknown[][] };
    expect(created.fields).toEqual([
      'staffNo',
      'name',
      'kana',
      'section',
      'line',
      'position',
      'gradeGroup',
      'jobType',
      'employment',
      'hiredOn',
      'postedOn',
      'qualifications',
      'active',
    ]);
    expect(created.rows.map((r) => r[0])).toContain('000123');
    const sections = ok(await callApi(ctx, 'org:sections', {}));
    expect(sections.find((s) => s.name === '未来創造課')).toEqual({
      name: '未来創造課',
      lines: ['新規事業担当'],
      staffCount: 3,
    });
    expect(sections.find((s) => s.name === '総務課')?.lines).toContain('新設担当');

    // 職員 finds them: by a katakana reading, by 職員番号 with its zeros, and the retired one with 'all'.
    const byKana = ok(await callApi(ctx, 'staff:list', { query: 'ヤマダ　ハナ' }));
    expect(byKana.rows.map((r) => r.staffNo)).toContain('000123');
    expect(byKana.rows.find((r) => r.staffNo === '000123')).toMatchObject({
      name: '山田　花子',
      kana: 'やまだ　はなこ',
    });
    const byNo = ok(await callApi(ctx, 'staff:list', { query: '000124' }));
    expect(byNo.rows.map((r) => r.staffNo)).toEqual(['000124']);
    const byFullWidthNo = ok(await callApi(ctx, 'staff:list', { query: '０００１２７' }));
    expect(byFullWidthNo.rows.map((r) => r.staffNo)).toEqual(['000127']);
    expect(ok(await callApi(ctx, 'staff:list', { query: '000126' })).rows).toEqual([]);
    expect(ok(await callApi(ctx, 'staff:list', { query: '000126', active: 'all' })).rows).toMatchObject([
      { staffNo: '000126', active: false },
    ]);

    // Re-importing the same file: every row unchanged; the commit writes only its log and audit entry.
    const again = await previewOk(ctx, 'staff', file, '職員名簿_4月採用.xlsx');
    expect(again.counts).toEqual({ total: 5, inserted: 0, updated: 0, unchanged: 5, errors: 0 });
    expect(again.changes).toEqual([]);
    const state = dbState(d);
    const auditMark = maxId(d, 'audit_log');
    const second = ok(await commit(ctx, again.token));
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    const after = dbState(d);
    for (const t of ['staff', 'sections', 'lines', 'transfers', 'cycles', 'evaluator_assignments', 'areas']) {
      expect(after[t], t).toBe(state[t]);
    }
    expect(count(d, 'import_log')).toBe(2);
    expect(auditSince(d, auditMark)).toEqual([
      { action: 'import.commit', entity: 'import', entity_id: String(second.logId) },
    ]);

    // The export of everyone (marked 取扱注意 when printed) re-imports as unchanged.
    const exported = await exportFile(ctx, 'staff');
    expect((await loadXlsx(exported)).getWorksheet('職員名簿')!.headerFooter.oddFooter).toContain('取扱注意');
    const total = count(d, 'staff');
    const round = await previewOk(ctx, 'staff', exported, '職員名簿.xlsx');
    expect(round.problems).toEqual([]);
    expect(round.changes).toEqual([]);
    expect(round.counts).toEqual({ total, inserted: 0, updated: 0, unchanged: total, errors: 0 });
  });
});

describe('templates', () => {
  it('each kind has its own sheet and headers', async () => {
    const ctx = await freshAdmin();
    const expected = {
      staff: ['職員名簿', staffHeader],
      evaluators: ['評価者', ['年度', '職員番号', '1次評価者', '2次評価者', '調整者']],
      areas: ['地域担当', ['年度', '地域', '職員番号', '役割', 'ペア']],
    } as const;
    for (const kind of ['staff', 'evaluators', 'areas'] as const) {
      const t = ok(await callApi(ctx, 'excel:template', { kind }));
      const [sheet, header] = expected[kind];
      expect(t.fileName).toBe(`${sheet}_テンプレート.xlsx`);
      const wb = await loadXlsx(Buffer.from(t.data, 'base64'));
      expect(sheetValues(wb.getWorksheet(sheet)!)).toEqual([header]);
    }
  });
});

describe('header and sheet tolerance', () => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await freshAdmin();
  });

  const messyRows: (Cell[] | null)[] = [
    ['令和7年度 職員名簿'],
    null,
    ['氏　名', ' 職員 番号 ', 'ﾌﾘｶﾞﾅ', '備考', '【所属】', '職位※', '担当', '在職区分'],
    ['佐野　実', '000201', 'サノ　ミノル', '4月から', '総務課', '係員', '総務担当', '在職'],
    ['岩田 蘭', '０００２０２', 'いわた らん', null, '総務課', '係長', '人事担当', null],
  ];

  it('finds the header under title rows, with spaces, full-width, an alias, decorations, and columns in any order', async () => {
    const file = await book({ name: '職員名簿', rows: messyRows });
    const { preview } = await importFile(ctx, 'staff', file);
    expect(preview.sheet).toBe('職員名簿');
    expect(preview.counts).toMatchObject({ total: 2, inserted: 2, errors: 0 });
    expect(preview.changes.map((c) => [c.row, c.key])).toEqual([
      [4, '000201'],
      [5, '000202'],
    ]);
    // Absent columns take the defaults; 職層 follows 職位; the unknown 備考 column is ignored.
    expect(staffByNo(db(ctx), '000201')).toMatchObject({
      name: '佐野　実',
      kana: 'さの　みのる',
      section: '総務課',
      line: '総務担当',
      gradeGroup: '係員級',
      employment: '正規',
      hiredOn: null,
      qualifications: '',
      active: 1,
    });
    expect(staffByNo(db(ctx), '000202')).toMatchObject({
      name: '岩田　蘭',
      kana: 'いわた　らん',
      gradeGroup: '係長級',
    });
  });

  it('reads merged cells: a title across the top, one 所属 merged down several rows', async () => {
    const wb = await loadXlsx(
      await book({
        name: '職員名簿',
        rows: [
          ['令和7年度 職員名簿（4月1日現在）'],
          staffHeader,
          rosterRow({ no: '000231', section: '区民安全課', line: '防災担当' }),
          rosterRow({ no: '000232', section: null, line: '防災担当' }),
          rosterRow({ no: '000233', section: null, line: '安全安心担当' }),
        ],
      }),
    );
    const ws = wb.getWorksheet('職員名簿')!;
    ws.mergeCells('A1:M1');
    ws.mergeCells('D3:D5');
    const { preview } = await importFile(ctx, 'staff', await toBuffer(wb));
    expect(preview.counts).toMatchObject({ inserted: 3, errors: 0 });
    expect(staffRows(db(ctx), "s.staff_no IN ('000231', '000232', '000233')").map((r) => [r.section, r.line])).toEqual([
      ['区民安全課', '防災担当'],
      ['区民安全課', '防災担当'],
      ['区民安全課', '安全安心担当'],
    ]);
  });

  it('takes the only sheet of a workbook whatever its name, and names it in problems', async () => {
    // A name of its own: the same 氏名 and ふりがな under a new 職員番号 would ask for a confirmation.
    const good = await book({
      name: 'Sheet1',
      rows: [staffHeader, rosterRow({ no: '000211', name: '試験　一子', kana: 'しけん　いちこ' })],
    });
    const p = await previewOk(ctx, 'staff', good);
    expect(p.sheet).toBe('Sheet1');
    expect(p.counts).toMatchObject({ inserted: 1, errors: 0 });

    const bad = await book({ name: 'Sheet1', rows: [staffHeader, rosterRow({ no: '000212', position: '主任' })] });
    const { problems } = await expectRejected(ctx, 'staff', bad);
    expectLocated(problems, 'Sheet1');
  });

  it('finds 職員名簿 by name when it is not the first sheet, and 評価者 in the same workbook', async () => {
    const fy = currentFy();
    const chief = staffRows(db(ctx), "s.position = '係長' AND s.active = 1")[0]!;
    const file = await book(
      { name: 'メモ', rows: [['4月の異動分です']] },
      {
        name: '評価者',
        rows: [
          ['年度', '職員番号', '1次評価者'],
          [fy, '000221', chief.staffNo],
        ],
      },
      { name: '職員名簿', rows: [staffHeader, rosterRow({ no: '000221', name: '試験　二子', kana: 'しけん　にこ' })] },
    );
    const staff = await importFile(ctx, 'staff', file);
    expect(staff.preview.sheet).toBe('職員名簿');
    expect(staff.result.inserted).toBe(1);
    const evaluators = await importFile(ctx, 'evaluators', file);
    expect(evaluators.preview.sheet).toBe('評価者');
    expect(evaluators.result.inserted).toBe(1);
  });
});

describe('cells as spreadsheets store them', () => {
  it('reads rich text, furigana, cached formula results, numeric 職員番号 with zeros, and keeps "=" text as text', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const wb = await templateBook(ctx, 'staff');
    const ws = wb.getWorksheet('職員名簿')!;
    setRow(
      ws,
      2,
      rosterRow({ no: '000301', name: { richText: [{ text: '佐藤' }, { font: { bold: true }, text: '　健' }] } }),
    );
    setRow(ws, 3, rosterRow({ no: '000302', name: '田中　美咲', kana: null }));
    setRow(
      ws,
      4,
      rosterRow({
        no: '000303',
        section: { formula: '"総務"&"課"', result: '総務課' },
        line: { formula: 'E2', result: '総務担当' },
      }),
    );
    setRow(ws, 5, rosterRow({ no: 4567 }));
    ws.getRow(5).getCell(1).numFmt = '000000';
    setRow(ws, 6, rosterRow({ no: '000305', quals: '=HYPERLINK("http://example.com","危険")' }));

    // Excel writes a name with its furigana as phonetic runs inside the shared string.
    const plain = await toBuffer(wb);
    const file = await patchEntry(plain, 'xl/sharedStrings.xml', (xml) =>
      xml.replace(
        '<si><t>田中　美咲</t></si>',
        '<si><t>田中　美咲</t><rPh sb="0" eb="2"><t>タナカ</t></rPh><phoneticPr fontId="1"/></si>',
      ),
    );
    expect(await zipText(file, 'xl/sharedStrings.xml')).toContain('<rPh sb="0" eb="2"><t>タナカ</t></rPh>');

    const { preview } = await importFile(ctx, 'staff', file);
    expect(preview.counts).toEqual({ total: 5, inserted: 5, updated: 0, unchanged: 0, errors: 0 });
    expect(staffByNo(d, '000301')?.name).toBe('佐藤　健');
    expect(staffByNo(d, '000302')?.name).toBe('田中　美咲');
    expect(staffByNo(d, '000302')?.kana).toBe('');
    expect(staffByNo(d, '000303')).toMatchObject({ section: '総務課', line: '総務担当' });
    expect(staffByNo(d, '004567')).toMatchObject({ staffNo: '004567', name: '試験　太郎' });
    expect(staffByNo(d, '4567')).toBeUndefined();
    expect(staffByNo(d, '000305')?.qualifications).toBe('=HYPERLINK("http://example.com","危険")');

    // The export writes that text as text: a shared string, never a formula.
    const exported = await exportFile(ctx, 'staff');
    const sheetXml = await zipText(exported, 'xl/worksheets/sheet1.xml');
    expect(sheetXml).not.toMatch(/<f[\s>]/u);
    const out = (await loadXlsx(exported)).getWorksheet('職員名簿')!;
    const row = findRow(out, 1, '000305');
    expect(out.getRow(row).getCell(12).value).toBe('=HYPERLINK("http://example.com","危険")');
    expect(out.getRow(row).getCell(12).type).toBe(3); // ValueType.String
    expect(out.getRow(findRow(out, 1, '004567')).getCell(1).value).toBe('004567');
    // And it re-imports unchanged, furigana and all.
    const round = await previewOk(ctx, 'staff', exported);
    expect(round.counts).toMatchObject({ inserted: 0, updated: 0, errors: 0, unchanged: count(d, 'staff') });
  });

  it('refuses a formula without a cached result, on that cell', async () => {
    const ctx = await freshAdmin();
    const file = await roster([rosterRow({ no: '000311' }), rosterRow({ no: '000312', name: { formula: 'B2' } })]);
    const { problems, preview } = await expectRejected(ctx, 'staff', file);
    expect(problems).toEqual([
      {
        sheet: '職員名簿',
        row: 3,
        column: 'B',
        field: '氏名',
        message: '数式の計算結果が保存されていません。Excel で開いて保存し直してください。',
      },
    ]);
    expect(preview.counts).toMatchObject({ inserted: 1, errors: 1 });
  });
});

describe('changes to existing staff', () => {
  it('shows a change of 所属 as before → after and records the transfer with its date', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const fy = currentFy();
    const clerks = staffRows(d, "s.position = '係員' AND s.active = 1 AND sec.name = '窓口サービス課'");
    const a = clerks[0]!;
    const b = clerks[1]!;
    const newPosted = `${fy}-07-01`; // demo postings are on 4/1 or 10/1, so this is a change

    const exported = await exportFile(ctx, 'staff');
    const wb = await loadXlsx(exported);
    const ws = wb.getWorksheet('職員名簿')!;
    const rowA = findRow(ws, 1, a.staffNo);
    ws.getRow(rowA).getCell(4).value = '区民安全課';
    ws.getRow(rowA).getCell(5).value = '防災担当';
    const rowB = findRow(ws, 1, b.staffNo);
    ws.getRow(rowB).getCell(4).value = '子育て支援課';
    ws.getRow(rowB).getCell(5).value = '子育て支援担当';
    ws.getRow(rowB).getCell(11).value = excelDate(newPosted);
    const file = await toBuffer(wb);

    const total = count(d, 'staff');
    const p = await previewOk(ctx, 'staff', file);
    expect(p.problems).toEqual([]);
    expect(p.counts).toEqual({ total, inserted: 0, updated: 2, unchanged: total - 2, errors: 0 });
    const byKey = new Map(p.changes.map((c) => [c.key, c]));
    expect(byKey.get(a.staffNo)).toEqual({
      row: rowA,
      key: a.staffNo,
      label: a.name,
      status: 'changed',
      diffs: [
        { field: '所属', before: '窓口サービス課', after: '区民安全課' },
        { field: '担当', before: a.line, after: '防災担当' },
      ],
    });
    expect(byKey.get(b.staffNo)?.diffs).toEqual([
      { field: '所属', before: '窓口サービス課', after: '子育て支援課' },
      { field: '担当', before: b.line, after: '子育て支援担当' },
      { field: '現所属配属日', before: b.postedOn, after: newPosted },
    ]);

    const auditMark = maxId(d, 'audit_log');
    const transfersBefore = count(d, 'transfers');
    const result = ok(await commit(ctx, p.token));
    expect(result).toMatchObject({ updated: 2, unchanged: total - 2 });
    expect(auditSince(d, auditMark).map((x) => x.action)).toEqual(['staff.update', 'staff.update', 'import.commit']);

    // No 現所属配属日 change: the transfer is dated today. With one: on that date.
    const detailA = ok(await callApi(ctx, 'staff:detail', { staffNo: a.staffNo, fy }));
    expect(detailA.staff).toMatchObject({ section: '区民安全課', line: '防災担当', postedOn: a.postedOn });
    expect(detailA.transfers[0]).toEqual({
      onDate: today(),
      from: `窓口サービス課 / ${a.line}`,
      to: '区民安全課 / 防災担当',
    });
    const detailB = ok(await callApi(ctx, 'staff:detail', { staffNo: b.staffNo, fy }));
    expect(detailB.staff).toMatchObject({ section: '子育て支援課', postedOn: newPosted });
    expect(detailB.transfers).toContainEqual({
      onDate: newPosted,
      from: `窓口サービス課 / ${b.line}`,
      to: '子育て支援課 / 子育て支援担当',
    });
    // The history is kept, not overwritten: one more transfer each.
    expect(count(d, 'transfers')).toBe(transfersBefore + 2);
  });
});

describe('a transfer from a file without a 担当 column', () => {
  // Regression: without a 担当 column the stored 担当 used to be kept by name when 所属 changed, so it
  // was created under the new 課 and the transfer read "区民安全課 / 住民情報担当".
  it('does not invent the old 担当 in the new 課', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const person = staffRows(d, "s.active = 1 AND s.position = '係員' AND l.name = '住民情報担当'")[0]!;
    const file = await book({
      name: '職員名簿',
      rows: [
        ['職員番号', '氏名', '所属', '職位'],
        [person.staffNo, person.name, '区民安全課', '係員'],
      ],
    });
    await importFile(ctx, 'staff', file);
    expect(staffByNo(d, person.staffNo)?.section).toBe('区民安全課');
    const sections = ok(await callApi(ctx, 'org:sections', {}));
    expect(sections.find((s) => s.name === '区民安全課')?.lines).not.toContain('住民情報担当');
  });
});

describe('bad input: each refused, each leaving the database as it was', () => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await freshAdmin();
  });

  it('duplicate 職員番号 (one typed in full-width): both rows are named', async () => {
    const file = await roster([
      rosterRow({ no: '000401' }),
      rosterRow({ no: '000402' }),
      rosterRow({ no: '０００４０１', name: '別人　花子' }),
    ]);
    const { problems, preview } = await expectRejected(ctx, 'staff', file);
    expectLocated(problems, '職員名簿');
    expect(problems).toEqual([
      { sheet: '職員名簿', row: 2, column: 'A', field: '職員番号', message: '職員番号 000401 が4行目にもあります。' },
      {
        sheet: '職員名簿',
        row: 4,
        column: 'A',
        field: '職員番号',
        message: '職員番号 000401 が2行目と重複しています。',
      },
    ]);
    expect(preview.counts).toMatchObject({ total: 3, inserted: 1, errors: 2 });
    expect(preview.changes.filter((c) => c.status === 'error').map((c) => c.row)).toEqual([2, 4]);
  });

  it('a missing required column (職位)', async () => {
    const header = staffHeader.filter((h) => h !== '職位');
    const file = await roster([['000411', '試験　太郎', 'しけん　たろう', '総務課', '総務担当']], header);
    const { problems } = await expectRejected(ctx, 'staff', file);
    expect(problems).toEqual([
      {
        sheet: '職員名簿',
        row: 1,
        column: null,
        field: '職位',
        message: '必須の列「職位」が見つかりません（見出しは1行目）。',
      },
    ]);
  });

  it('an unknown 職位', async () => {
    const { problems } = await expectRejected(
      ctx,
      'staff',
      await roster([rosterRow({ no: '000421', position: '主任' })]),
    );
    expect(problems).toEqual([
      {
        sheet: '職員名簿',
        row: 2,
        column: 'F',
        field: '職位',
        message: '「主任」は使えません。次のいずれかにしてください: 区長 / 副区長 / 課長 / 課長代理 / 係長 / 係員。',
      },
    ]);
  });

  it('an impossible date (令和7年2月30日)', async () => {
    const { problems } = await expectRejected(
      ctx,
      'staff',
      await roster([rosterRow({ no: '000431', hired: '令和7年2月30日', posted: null })]),
    );
    expect(problems).toEqual([
      { sheet: '職員名簿', row: 2, column: 'J', field: '採用日', message: '存在しない日付です（令和7年2月30日）' },
    ]);
  });

  it('a 現所属配属日 before the 採用日', async () => {
    const { problems } = await expectRejected(
      ctx,
      'staff',
      await roster([rosterRow({ no: '000441', hired: '2020/4/1', posted: excelDate('2019-04-01') })]),
    );
    expect(problems).toEqual([
      {
        sheet: '職員名簿',
        row: 2,
        column: 'K',
        field: '現所属配属日',
        message: '現所属配属日（2019-04-01）が採用日（2020-04-01）より前です。',
      },
    ]);
  });

  it('an empty workbook: the template with no rows under the header', async () => {
    const t = ok(await callApi(ctx, 'excel:template', { kind: 'staff' }));
    const { problems, preview } = await expectRejected(ctx, 'staff', Buffer.from(t.data, 'base64'));
    expect(problems).toEqual([
      { sheet: '職員名簿', row: 1, column: null, field: null, message: '見出しの下にデータの行がありません。' },
    ]);
    expect(preview.counts).toMatchObject({ total: 0, inserted: 0 });
  });

  it('a workbook without a 職員名簿 sheet: the message lists its sheets', async () => {
    const file = await book(
      { name: 'Sheet1', rows: [staffHeader, rosterRow({ no: '000451' })] },
      { name: '評価者', rows: [['年度', '職員番号', '1次評価者']] },
    );
    const { problems } = await expectRejected(ctx, 'staff', file);
    expect(problems).toEqual([
      {
        sheet: '職員名簿',
        row: null,
        column: null,
        field: null,
        message: 'シート「職員名簿」が見つかりません（このファイルのシート: 「Sheet1」、「評価者」）。',
      },
    ]);
  });

  it('an empty file', async () => {
    expect(await expectRefusedFile(ctx, 'staff', Buffer.alloc(0))).toBe('ファイルが空です。');
  });

  it('a CSV renamed .xlsx', async () => {
    expect(await expectRefusedFile(ctx, 'staff', csvFile)).toBe(
      'Excel ファイル（.xlsx）ではありません。CSV などは Excel で開いて .xlsx 形式で保存してください。',
    );
  });

  it('a truncated .xlsx', async () => {
    const whole = await roster([rosterRow({ no: '000461' })]);
    for (const cut of [whole.subarray(0, Math.floor(whole.length / 2)), whole.subarray(0, whole.length - 30)]) {
      expect(await expectRefusedFile(ctx, 'staff', cut)).toBe(
        'ファイルが壊れています（途中で切れているか、正しい .xlsx ではありません）。',
      );
    }
  });

  it('an .xls (an OLE2 compound file, as is a password-protected .xlsx)', async () => {
    expect(await expectRefusedFile(ctx, 'staff', ole2File)).toContain(
      '旧形式（.xls）またはパスワード付きのファイルです',
    );
  });

  it('a zip bomb, refused quickly', async () => {
    const sheet = await deflatedStream('xl/worksheets/sheet1.xml', paddedSheetChunks(32 * 1024 * 1024), 9);
    const bomb = minimalXlsx(sheet);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const start = performance.now();
    expect(await expectRefusedFile(ctx, 'staff', bomb)).toBe(
      '展開後のサイズが上限を超えるため読み込みません（圧縮爆弾の可能性があります）。',
    );
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a 300,000-row sheet, refused by its row count quickly', async () => {
    const file = minimalXlsx(await deflatedStream('xl/worksheets/sheet1.xml', rowSheetChunks(300_000)));
    const start = performance.now();
    expect(await expectRefusedFile(ctx, 'staff', file)).toBe(
      'シート「職員名簿」の行数が上限（200,000行）を超えています。ファイルを分けて取り込んでください。',
    );
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('reports every problem in one pass: three errors in three rows', async () => {
    const file = await roster([
      rosterRow({ no: '000471', position: '部長' }),
      rosterRow({ no: '000472' }),
      rosterRow({ no: '000473', hired: '2025/13/1' }),
      rosterRow({ no: '000474', employment: 'パート' }),
    ]);
    const { problems, preview } = await expectRejected(ctx, 'staff', file);
    expectLocated(problems, '職員名簿');
    expect(problems.map((p) => [p.row, p.column, p.field])).toEqual([
      [2, 'F', '職位'],
      [4, 'J', '採用日'],
      [5, 'I', '雇用区分'],
    ]);
    expect(preview.counts).toEqual({ total: 4, inserted: 1, updated: 0, unchanged: 0, errors: 3 });
  });

  it('the exceljs fixture without a roster header at all', async () => {
    const file = await exceljsWorkbook({ 職員名簿: [['メモ'], ['なにもありません']] });
    const { problems } = await expectRejected(ctx, 'staff', file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ sheet: '職員名簿', row: null, column: null, field: null });
    expect(problems[0]!.message).toMatch(/^見出し行が見つかりません。/u);
  });
});

describe('commit safety', () => {
  it('refuses an unknown token, and a token already committed, with NOT_FOUND', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const before = dbState(d);
    const message = failure(await commit(ctx, 'x'.repeat(24)), 'NOT_FOUND');
    expect(message).toBe('プレビューした取り込みが見つかりません。ファイルを選び直してください。');
    expect(dbState(d)).toEqual(before);

    const p = await previewOk(ctx, 'staff', await roster([rosterRow({ no: '000501' })]));
    ok(await commit(ctx, p.token));
    const afterFirst = dbState(d);
    expect(failure(await commit(ctx, p.token), 'NOT_FOUND')).toBe(message);
    expect(dbState(d)).toEqual(afterFirst);
  });

  it('a newer preview replaces the older one', async () => {
    const ctx = await freshAdmin();
    const first = await previewOk(ctx, 'staff', await roster([rosterRow({ no: '000511' })]));
    const second = await previewOk(ctx, 'staff', await roster([rosterRow({ no: '000512' })]));
    const before = dbState(db(ctx));
    failure(await commit(ctx, first.token), 'NOT_FOUND');
    expect(dbState(db(ctx))).toEqual(before);
    ok(await commit(ctx, second.token));
    expect(staffByNo(db(ctx), '000512')).toBeDefined();
    expect(staffByNo(db(ctx), '000511')).toBeUndefined();
  });

  it('plans again at commit: a change made meanwhile by someone else is not applied twice', async () => {
    const ctx = await freshAdmin();
    const other = await secondSession(ctx);
    const d = db(ctx);
    const person = staffRows(d, "s.position = '係員' AND s.active = 1 AND sec.name = '総務課'")[0]!;
    const file = await roster([
      [
        person.staffNo,
        person.name,
        person.kana,
        '市民協働課',
        '生涯学習担当',
        person.position,
        person.gradeGroup,
        null,
        person.employment,
        person.hiredOn,
        person.postedOn,
        person.qualifications || null,
        '在職',
      ],
    ]);
    const mine = await previewOk(ctx, 'staff', file);
    expect(mine.counts).toMatchObject({ updated: 1, unchanged: 0 });

    await importFile(other, 'staff', file);
    const transfers = count(d, 'transfers');
    const result = ok(await commit(ctx, mine.token));
    expect(result).toMatchObject({ updated: 0, unchanged: 1 });
    expect(count(d, 'transfers')).toBe(transfers);
  });

  it('plans again at commit: an evaluator retired meanwhile makes the commit fail and write nothing', async () => {
    const ctx = await freshAdmin();
    const other = await secondSession(ctx);
    const d = db(ctx);
    const fy = currentFy();
    const evaluator = staffRows(d, "s.position = '係長' AND s.active = 1")[0]!;
    const target = staffRows(d, "s.position = '係員' AND s.active = 1")[0]!;

    const evaluators = await book({
      name: '評価者',
      rows: [
        ['年度', '職員番号', '1次評価者'],
        [fy, target.staffNo, evaluator.staffNo],
      ],
    });
    const pending = await previewOk(ctx, 'evaluators', evaluators);
    expect(pending.problems).toEqual([]);

    // Meanwhile, at another desk, the evaluator leaves.
    const wb = await loadXlsx(await exportFile(other, 'staff'));
    const ws = wb.getWorksheet('職員名簿')!;
    ws.getRow(findRow(ws, 1, evaluator.staffNo)).getCell(13).value = '退職';
    await importFile(other, 'staff', await toBuffer(wb));

    const before = dbState(d);
    const message = failure(await commit(ctx, pending.token), 'VALIDATION');
    expect(message).toBe(
      'エラーが1件あるため取り込みませんでした。ファイルを直してからもう一度プレビューしてください。',
    );
    expect(dbState(d)).toEqual(before);
    // A fresh preview shows why.
    const again = await previewOk(ctx, 'evaluators', evaluators);
    expect(again.problems).toEqual([
      {
        sheet: '評価者',
        row: 2,
        column: 'C',
        field: '1次評価者',
        message: `1次評価者（${evaluator.staffNo} ${evaluator.name}）は退職しています。`,
      },
    ]);
  });
});

describe('the import log and the audit log', () => {
  it('logs who, the file name, its SHA-256 and the counts; audits the commit and each row', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const existing = staffRows(d, "s.position = '係員' AND s.active = 1 AND sec.name = '総務課'")[0]!;
    const file = await roster([
      rosterRow({ no: '000601' }),
      [
        existing.staffNo,
        existing.name,
        existing.kana,
        existing.section,
        existing.line,
        existing.position,
        existing.gradeGroup,
        '福祉', // a new 職種
        existing.employment,
        existing.hiredOn,
        existing.postedOn,
        existing.qualifications || null,
        '在職',
      ],
      rosterRow({ no: '000602' }),
    ]);
    const fileName = '令和7年度_職員名簿（4月1日現在）.xlsx';
    const auditMark = maxId(d, 'audit_log');
    const { preview, result } = await importFile(ctx, 'staff', file, fileName);
    expect(preview.counts).toEqual({ total: 3, inserted: 2, updated: 1, unchanged: 0, errors: 0 });
    expect(preview.changes.find((c) => c.key === existing.staffNo)?.diffs).toContainEqual({
      field: '職種',
      before: expect.any(String) as string,
      after: '福祉',
    });

    const log = ok(await callApi(ctx, 'import:log', {}));
    expect(log).toHaveLength(1);
    expect(log[0]).toEqual({
      id: result.logId,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/u) as string,
      actor: 'admin',
      kind: 'staff',
      fileName,
      fileHash: sha256(file),
      total: 3,
      inserted: 2,
      updated: 1,
      unchanged: 0,
      errors: 0,
    });
    expect(Date.now() - Date.parse(log[0]!.at)).toBeLessThan(60_000);

    const audit = auditSince(d, auditMark);
    expect(audit.map((a) => a.action)).toEqual(['staff.update', 'staff.create', 'import.commit']);
    expect(audit[2]).toEqual({ action: 'import.commit', entity: 'import', entity_id: String(result.logId) });
    const commitRow = d
      .prepare("SELECT actor, after FROM audit_log WHERE action = 'import.commit' ORDER BY id DESC LIMIT 1")
      .get() as { actor: string; after: string };
    expect(commitRow.actor).toBe('admin');
    expect(JSON.parse(commitRow.after)).toEqual({
      kind: '職員名簿',
      fileName,
      fileHash: sha256(file),
      total: 3,
      inserted: 2,
      updated: 1,
      unchanged: 0,
      errors: 0,
    });
    const update = d
      .prepare("SELECT before, after FROM audit_log WHERE action = 'staff.update' ORDER BY id DESC LIMIT 1")
      .get() as { before: string; after: string };
    expect(JSON.parse(update.after)).toMatchObject({ staffNo: existing.staffNo, jobType: '福祉' });
    expect((JSON.parse(update.before) as { jobType: string }).jobType).not.toBe('福祉');

    // The chain still verifies.
    expect(ok(await callApi(ctx, 'system:verify', {})).ok).toBe(true);
  });
});
