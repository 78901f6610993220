import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { looksShortened, usualLength, withZeros } from '../../electron/core/workbooks/staff-numbers';
import { commitRequest, confirmState } from '../../renderer/src/features/import/confirm';
import type { ImportPreview, ImportProblem } from '../../shared/contract';
import {
  auditSince,
  book,
  commit,
  count,
  currentFy,
  db,
  exportFile,
  failure,
  maxId,
  ok,
  preview,
  problemAt,
  sheetValues,
  staffRows,
  withRawDb,
} from '../fixtures/workbooks';
import { runKaname } from '../helpers/cli';
import type { CliRun as Run } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, toBuffer } from '../helpers/xlsx';

/**
 * Issue 10: a 職員番号 a spreadsheet turned into a number (LibreOffice's CSV import makes 008316
 * into 8316) must not import quietly as a new person. The 職員名簿 asks for a confirmation at the
 * row; the other sheets say the zeros may be lost (docs/import-staff-numbers.md).
 */

const dir = tempDir('kaname-lost-zeros-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fy = currentFy();

/** The expected message for a row whose 氏名 and ふりがな match a stored person whose number lost its zeros. */
function lostZerosMessage(shown: string, stored: string): string {
  return `職員番号 ${shown} は登録されていませんが、氏名とふりがなが同じ職員（${stored}）がいます。数値に変換されて先頭の0が失われていないか確認してください。新しい職員として取り込む場合は確認してください。`;
}

/**
 * The office's own 職員名簿 export after a trip through LibreOffice's CSV import: every 職員番号 a
 * number in General format, so the 24 chosen people whose numbers start with 0 lose their zeros.
 * All other rows are people whose numbers have no leading zero (they stay as they are).
 */
async function lostZerosRoster(
  ctx: AppContext,
  zeroLed = 24,
): Promise<{ file: Buffer; lost: { row: number; shown: string; stored: string }[] }> {
  const exported = await loadXlsx(await exportFile(ctx, 'staff'));
  const [header, ...rows] = sheetValues(exported.worksheets[0]!);
  const withZero = rows.filter((r) => String(r[0]).startsWith('0'));
  expect(withZero.length).toBeGreaterThanOrEqual(zeroLed);
  const kept = [...withZero.slice(0, zeroLed), ...rows.filter((r) => !String(r[0]).startsWith('0'))];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('職員名簿');
  ws.addRow(header);
  const lost: { row: number; shown: string; stored: string }[] = [];
  kept.forEach((values, i) => {
    const stored = String(values[0]);
    const row = ws.addRow([Number(stored), ...values.slice(1)]);
    row.getCell(1).numFmt = 'General';
    if (stored.startsWith('0')) lost.push({ row: i + 2, shown: String(Number(stored)), stored });
  });
  return { file: await toBuffer(wb), lost };
}

function confirmProblems(p: ImportPreview): ImportProblem[] {
  return p.problems.filter((x) => x.kind === 'confirm');
}

describe('the usual length of a 職員番号', () => {
  it.each<[string[], number | null]>([
    [[], null],
    [['008316', '123456', '1234'], 6],
    [['1234', '5678', '123456'], 4],
    [['1234', '123456'], 6],
  ])('%j → %s', (nos, expected) => {
    expect(usualLength(nos)).toBe(expected);
  });

  it.each<[string, number | null, boolean, string | null]>([
    ['8316', 6, true, '008316'],
    ['008316', 6, false, null],
    ['A-12', 6, false, null],
    ['9999', 6, true, null],
    ['8316', null, false, null],
  ])('%s with usual %s: shortened %s, stored %s', (no, usual, shortened, padded) => {
    expect(looksShortened(no, usual)).toBe(shortened);
    expect(withZeros(no, usual, new Map([['008316', 1]]))).toBe(padded);
  });
});

describe('the 職員名簿 import asks before taking an unknown 職員番号 as a new person', () => {
  let ctx: AppContext;

  beforeAll(async () => {
    ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  });

  it('the 24 people whose zeros were lost are refused at their rows, and nothing is written', async () => {
    const { file, lost } = await lostZerosRoster(ctx);
    const before = count(db(ctx), 'staff');
    const p = ok(await preview(ctx, 'staff', file));
    expect(confirmProblems(p)).toEqual(
      lost.map(({ row, shown, stored }) => ({
        sheet: '職員名簿',
        row,
        column: 'A',
        field: '職員番号',
        message: lostZerosMessage(shown, stored),
        kind: 'confirm',
      })),
    );
    expect(p.problems).toHaveLength(24);
    expect(p.counts).toMatchObject({ inserted: 0, errors: 24 });
    expect(p.problems[0]?.message).toBe(lostZerosMessage(lost[0]!.shown, lost[0]!.stored));

    const refused = failure(await commit(ctx, p.token), 'VALIDATION');
    expect(refused).toBe(
      '新しい職員かどうか確認が必要な行が24件あるため取り込みませんでした。職員番号を確かめ、新しい職員として取り込む場合は確認してから取り込んでください。',
    );
    expect(count(db(ctx), 'staff')).toBe(before);
  });

  it('the other reasons to ask: a short number alone, and the same person under another number', async () => {
    const person = staffRows(db(ctx), "s.staff_no NOT LIKE '0%' AND s.kana <> '' AND s.active = 1")[0]!;
    const other = staffRows(db(ctx), "s.staff_no LIKE '0%' AND s.active = 1")[0]!;
    const typo = String((Number(person.staffNo) + 1) % 1_000_000).padStart(6, '0');
    expect(staffRows(db(ctx), 's.staff_no = ?', typo)).toEqual([]);
    const file = await book({
      name: '職員名簿',
      rows: [
        ['職員番号', '氏名', 'ふりがな', '所属', '職位'],
        // A short number that is someone else's with its zeros put back.
        [Number(other.staffNo), '新井 一郎', 'あらい いちろう', '総務課', '係員'],
        // A short number that is no one's.
        ['42', '新井 二郎', 'あらい じろう', '総務課', '係員'],
        // The same 氏名 and ふりがな under another full-length number.
        [typo, person.name, person.kana, '総務課', '係員'],
        // A new person with a full-length number: no question.
        ['990001', '新井 三郎', 'あらい さぶろう', '総務課', '係員'],
      ],
    });
    const p = ok(await preview(ctx, 'staff', file));
    expect(p.problems.map((x) => [x.row, x.column, x.field, x.kind, x.message])).toEqual([
      [
        2,
        'A',
        '職員番号',
        'confirm',
        `職員番号 ${Number(other.staffNo)} は登録されていません。先頭の0を補うと ${other.staffNo}（${other.name}）になります。数値に変換されて先頭の0が失われていないか確認してください。新しい職員として取り込む場合は確認してください。`,
      ],
      [
        3,
        'A',
        '職員番号',
        'confirm',
        '職員番号 42 は登録されていません。この事業所の職員番号は6桁が多いのに、2桁です。数値に変換されて先頭の0が失われていないか確認してください。新しい職員として取り込む場合は確認してください。',
      ],
      [
        4,
        'A',
        '職員番号',
        'confirm',
        `職員番号 ${typo} は登録されていませんが、氏名とふりがなが同じ職員（${person.staffNo}）がいます。職員番号が正しいか確認してください。新しい職員として取り込む場合は確認してください。`,
      ],
    ]);
    expect(p.counts).toMatchObject({ inserted: 1, errors: 3 });
  });

  it('confirmed, the rows import as new people, and the audit records the confirmation', async () => {
    const copy = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    const { file, lost } = await lostZerosRoster(copy);
    const before = count(db(copy), 'staff');
    const auditFrom = maxId(db(copy), 'audit_log');
    const p = ok(
      await callApi(copy, 'import:preview', {
        kind: 'staff',
        fileName: 'staff.csv.xlsx',
        data: file.toString('base64'),
        confirmNewStaff: true,
      }),
    );
    expect(p.problems).toEqual([]);
    expect(p.counts.inserted).toBe(24);
    const result = ok(await callApi(copy, 'import:commit', { token: p.token, confirmNewStaff: true }));
    expect(result.inserted).toBe(24);
    expect(count(db(copy), 'staff')).toBe(before + 24);
    expect(staffRows(db(copy), 's.staff_no = ?', lost[0]!.shown)).toHaveLength(1);
    const entry = db(copy)
      .prepare("SELECT after FROM audit_log WHERE id > ? AND action = 'import.commit'")
      .get(auditFrom) as { after: string } | undefined;
    expect(JSON.parse(entry?.after ?? '{}')).toMatchObject({ inserted: 24, confirmedNewStaff: true });
  });

  it('the import screen: the commit is blocked until the box is ticked, then sends the flag', async () => {
    const copy = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    const { file } = await lostZerosRoster(copy);
    const p = ok(await preview(copy, 'staff', file));
    expect(confirmState(p, false)).toEqual({ confirmable: 24, errors: 0, blocked: true });
    expect(confirmState(p, true)).toEqual({ confirmable: 24, errors: 0, blocked: false });
    // Unticked, the screen's request is the old one and is refused.
    expect(commitRequest(p, false)).toEqual({ token: p.token });
    failure(await callApi(copy, 'import:commit', commitRequest(p, false)), 'VALIDATION');
    // Ticked, it carries the flag and the rows import.
    expect(commitRequest(p, true)).toEqual({ token: p.token, confirmNewStaff: true });
    expect(ok(await callApi(copy, 'import:commit', commitRequest(p, true))).inserted).toBe(24);
    // A file with real errors stays blocked whatever the box says.
    expect(
      confirmState({ problems: [...p.problems, { ...p.problems[0]!, kind: undefined, message: 'x' }] }, true),
    ).toMatchObject({ errors: 1, blocked: true });
    // No question, no flag.
    expect(commitRequest({ token: p.token, problems: [] }, true)).toEqual({ token: p.token });
  });
});

describe('the other sheets name the stored 職員番号 the zeros were lost from', () => {
  let ctx: AppContext;
  let lostNo: string;
  let shown: number;

  beforeAll(async () => {
    ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    lostNo = staffRows(db(ctx), "s.staff_no LIKE '0%' AND s.active = 1")[0]!.staffNo;
    shown = Number(lostNo);
  });

  const hint = (what: string) =>
    `${what} ${shown} は職員名簿にありません。先頭の0が失われている可能性があります（${lostNo}？）。Excel などで職員番号の列を文字列にして、0を補ってください。`;

  it('評価者: the person and the evaluator columns', async () => {
    const file = await book({
      name: '評価者',
      rows: [
        ['年度', '職員番号', '1次評価者'],
        [fy, shown, shown],
      ],
    });
    const p = ok(await preview(ctx, 'evaluators', file));
    expect(problemAt(p.problems, 2, '職員番号').message).toBe(hint('職員番号'));
    expect(problemAt(p.problems, 2, '1次評価者').message).toBe(hint('1次評価者の職員番号'));
  });

  it('地域担当: the person and the pair', async () => {
    const file = await book({
      name: '地域担当',
      rows: [
        ['年度', '地域', '職員番号', '役割', 'ペア'],
        [fy, '本町', shown, 'メンバー', shown],
      ],
    });
    const p = ok(await preview(ctx, 'areas', file));
    expect(problemAt(p.problems, 2, '職員番号').message).toBe(hint('職員番号'));
    expect(problemAt(p.problems, 2, 'ペア').message).toBe(hint('ペアの職員番号'));
  });

  it('表彰: the recipient; an unknown number that matches nobody keeps the plain message', async () => {
    const file = await book({
      name: '表彰',
      rows: [
        ['年度', '表彰名', '区分', '授与日', '職員番号'],
        [fy, '窓口改善', '能力開発・向上', `${fy}/6/1`, shown],
        [fy, '窓口改善', '能力開発・向上', `${fy}/6/1`, '999999'],
      ],
    });
    const p = ok(await preview(ctx, 'awards', file));
    expect(problemAt(p.problems, 2, '職員番号').message).toBe(hint('職員番号'));
    if (staffRows(db(ctx), "s.staff_no = '999999'").length === 0) {
      expect(problemAt(p.problems, 3, '職員番号').message).toBe('職員番号 999999 は職員名簿にありません。');
    }
  });
});

function kaname(args: string[]): Promise<Run> {
  return runKaname(args, { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' });
}

describe('kaname import staff --confirm-new', () => {
  it('refuses the rows with exit 1 and says how to confirm; --confirm-new imports them', async () => {
    const dbPath = await demoCopy(dir);
    const hr = await loggedIn(dbPath, 'admin', demoPass);
    const { file, lost } = await lostZerosRoster(hr);
    const staffCount = () => withRawDb(dbPath, 'admin', demoPass, (d) => count(d, 'staff'));
    const before = await staffCount();
    const filePath = path.join(dir, '職員名簿_csv経由.xlsx');
    fs.writeFileSync(filePath, file);

    const refused = await kaname(['import', 'staff', filePath, '--db', dbPath, '--json']);
    expect(refused.status).toBe(1);
    const report = JSON.parse(refused.stdout) as Record<string, unknown> & { errors: ImportProblem[] };
    // The report keeps its shape; each problem only gains its kind.
    expect(Object.keys(report)).toEqual([
      'ok',
      'dryRun',
      'kind',
      'inserted',
      'updated',
      'unchanged',
      'errors',
      'warnings',
    ]);
    expect(report).toMatchObject({ ok: false, dryRun: false, kind: 'staff', inserted: 0 });
    expect(report.errors).toHaveLength(24);
    expect(report.errors[0]).toEqual({
      sheet: '職員名簿',
      row: lost[0]!.row,
      column: 'A',
      field: '職員番号',
      message: lostZerosMessage(lost[0]!.shown, lost[0]!.stored),
      kind: 'confirm',
    });
    expect(await staffCount()).toBe(before);

    const text = await kaname(['import', 'staff', filePath, '--db', dbPath]);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain(lostZerosMessage(lost[0]!.shown, lost[0]!.stored));
    expect(text.stderr).toContain('新しい職員として取り込む場合は --confirm-new を付けてもう一度実行してください。');

    const accepted = await kaname(['import', 'staff', filePath, '--db', dbPath, '--confirm-new', '--json']);
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ ok: true, inserted: 24, errors: [] });
    expect(await staffCount()).toBe(before + 24);
    const audit = await withRawDb(dbPath, 'admin', demoPass, (d) => auditSince(d, 0));
    expect(audit.some((a) => a.action === 'import.commit')).toBe(true);
  });
});
