import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';
import { StaffListPage } from './pages/staff-list-page';

const shot = (name: string) => ({ path: path.join(screensDir, `${name}.png`), fullPage: true });

type Person = Record<string, string | Date>;

/** Five new people as HR would type them: dates in several styles, a leading zero, blanks. */
const five: Person[] = [
  {
    職員番号: '0990001',
    氏名: '試験　一郎',
    ふりがな: 'しけん　いちろう',
    所属: '総務課',
    担当: '総務担当',
    職位: '係員',
    職種: '行政',
    雇用区分: '正規',
    採用日: new Date(Date.UTC(2025, 3, 1)),
    現所属配属日: '2025/4/1',
    在職: '在職',
  },
  {
    職員番号: '9900002',
    氏名: '試験　二葉',
    ふりがな: 'しけん　ふたば',
    所属: '総務課',
    担当: '人事担当',
    職位: '係長',
    職種: '行政',
    雇用区分: '正規',
    採用日: '令和2年4月1日',
    現所属配属日: '2024-04-01',
    資格: '社会福祉士',
  },
  {
    職員番号: '9900003',
    氏名: '試験　三郎',
    ふりがな: 'しけん　さぶろう',
    所属: '区民安全課',
    職位: '係員',
    職種: '技術',
    雇用区分: '再任用',
    採用日: 'R7.4.1',
    現所属配属日: 'R7.4.1',
  },
  {
    職員番号: '9900004',
    氏名: '試験　四季',
    ふりがな: 'しけん　しき',
    所属: '総務課',
    担当: '企画調整担当',
    職位: '課長代理',
    職種: '行政',
    雇用区分: '正規',
    採用日: 'H30.4.1',
    現所属配属日: '2025/4/1',
    在職: '○',
  },
  {
    職員番号: '9900005',
    氏名: '試験　五月',
    ふりがな: 'しけん　さつき',
    所属: '総務課',
    担当: '総務担当',
    職位: '係員',
    職種: '福祉',
    雇用区分: '会計年度任用',
    採用日: '2025/5/1',
    現所属配属日: '2025/5/1',
  },
];

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

type Filled = { file: string; headerRow: number; columnOf: (header: string) => string };

/** Opens the downloaded template, writes the people under its header row and saves a copy, as in Excel. */
async function fillTemplate(template: string, people: Person[], out: string): Promise<Filled> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(template);
  const sheet = workbook.getWorksheet('職員名簿');
  if (!sheet) throw new Error('the template has no 職員名簿 sheet');
  const columns = new Map<string, number>();
  let headerRow = 0;
  for (let r = 1; r <= 10 && headerRow === 0; r += 1) {
    sheet.getRow(r).eachCell((cell, col) => {
      if (typeof cell.value === 'string') columns.set(cell.value.trim(), col);
    });
    if (columns.has('職員番号')) headerRow = r;
    else columns.clear();
  }
  if (headerRow === 0) throw new Error('no header row with 職員番号 in the template');
  people.forEach((person, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    for (const [header, value] of Object.entries(person)) {
      const col = columns.get(header);
      if (col === undefined) throw new Error(`the template has no column ${header}`);
      row.getCell(col).value = value;
    }
    row.commit();
  });
  await workbook.xlsx.writeFile(out);
  return {
    file: out,
    headerRow,
    columnOf: (header) => columnLetter(columns.get(header) ?? 0),
  };
}

async function loginAsHr(page: Page, host: HostFixture): Promise<void> {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  await new ShellPage(page).expectShown();
}

let workDir = '';
test.beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-import-'));
});
test.afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function downloadRosterTemplate(imports: ImportPage): Promise<string> {
  const download = await imports.downloadTemplate('職員名簿');
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/u);
  const file = path.join(workDir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('HR fills the roster template with five people, imports them, finds them, and re-imports unchanged', async ({
  page,
  host,
}) => {
  await loginAsHr(page, host);
  const imports = new ImportPage(page);
  await imports.open();
  await expect(imports.log).toContainText('取込の記録はまだありません。');
  await page.screenshot(shot('import-start'));

  const template = await downloadRosterTemplate(imports);
  const { file } = await fillTemplate(template, five, path.join(workDir, '新規職員.xlsx'));

  await imports.pick(file);
  await imports.expectCounts({ total: 5, inserted: 5, updated: 0, unchanged: 0, errors: 0 });
  await expect(imports.problems).toHaveCount(0);
  await expect(imports.changes.getByRole('row').filter({ hasText: '新規' })).toHaveCount(5);
  await expect(imports.changes).toContainText('0990001');
  await expect(imports.commit).toBeEnabled();
  await page.screenshot(shot('import-preview-new'));

  await imports.commit.click();
  await expect(imports.result).toContainText('新規 5件');
  await expect(imports.log.getByRole('row').filter({ hasText: '新規職員.xlsx' })).toContainText('新規 5');
  // The file's SHA-256 is named for HR, with what it is for a hover away.
  const fingerprint = imports.log.getByRole('columnheader', { name: 'ファイルの指紋（SHA-256）' });
  await expect(fingerprint).toBeVisible();
  await fingerprint.getByText('ファイルの指紋（SHA-256）').hover();
  await expect(page.getByRole('tooltip')).toContainText('同じファイルなら必ず同じ値になる');
  await page.screenshot(shot('import-committed'));

  // They are in 職員 now, found by their reading in katakana; the leading zero is kept.
  const list = new StaffListPage(page);
  await list.open();
  await list.searchFor('シケン');
  await expect(list.count).toHaveText('5人');
  for (const person of five) await expect(list.row(String(person['職員番号']))).toContainText(String(person['氏名']));
  await page.screenshot(shot('import-found-in-staff'));

  // The same file again changes nothing.
  await imports.open();
  await imports.pick(file);
  await imports.expectCounts({ total: 5, inserted: 0, updated: 0, unchanged: 5, errors: 0 });
  await expect(page.getByText('すべての行が変更なしです')).toBeVisible();
  await page.screenshot(shot('import-reimport-unchanged'));
});

test('a roster with an unknown 職位 and an impossible date lists both errors and cannot be committed', async ({
  page,
  host,
}) => {
  await loginAsHr(page, host);
  const imports = new ImportPage(page);
  await imports.open();
  const template = await downloadRosterTemplate(imports);

  const broken = five.map((p) => ({ ...p }));
  broken[1]!['職位'] = '部長';
  broken[2]!['採用日'] = '令和7年2月30日';
  const { file, headerRow, columnOf } = await fillTemplate(template, broken, path.join(workDir, '誤りあり.xlsx'));

  await imports.pick(file);
  await imports.expectCounts({ errors: 2 });
  const rows = imports.problemRows();
  await expect(rows).toHaveCount(2);
  const position = rows.filter({ hasText: '部長' });
  await expect(position.locator('[data-field="sheet"]')).toHaveText('職員名簿');
  await expect(position.locator('[data-field="row"]')).toHaveText(String(headerRow + 2));
  await expect(position.locator('[data-field="column"]')).toHaveText(columnOf('職位'));
  await expect(position.locator('[data-field="field"]')).toHaveText('職位');
  const date = rows.filter({ hasText: '採用日' });
  await expect(date.locator('[data-field="row"]')).toHaveText(String(headerRow + 3));
  await expect(date.locator('[data-field="column"]')).toHaveText(columnOf('採用日'));
  await expect(date).toContainText('2月30日');

  await expect(imports.commit).toBeDisabled();
  // Why, under the figures where the preview opens; the template's download toast is put away.
  const blocked = page.getByTestId('import-blocked');
  await expect(blocked).toHaveText('エラーがあるため取り込めません。エラーを直したファイルを選び直してください。');
  await expect(blocked).toBeInViewport();
  await expect(imports.commit).toHaveAttribute('aria-describedby', (await blocked.getAttribute('id')) ?? '');
  await expect(page.getByText(/をダウンロードしました/u)).toHaveCount(0);
  await expect(page.getByTestId('import-preview-source')).toContainText('シート「職員名簿」');
  await page.screenshot(shot('import-errors-top'));
  await imports.commit.scrollIntoViewIfNeeded();
  await page.screenshot(shot('import-errors'));

  // The filters narrow the list by 項目 and by text.
  await page.getByRole('combobox', { name: '項目で絞り込む' }).click();
  await page.getByRole('option', { name: '職位', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('部長');
  await page.getByRole('combobox', { name: '項目で絞り込む' }).click();
  await page.getByRole('option', { name: 'すべての項目', exact: true }).click();
  await page.getByRole('searchbox', { name: 'エラーを検索' }).fill('2月30日');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('採用日');

  // Fixed in the spreadsheet and chosen again, the file can be imported.
  const fixed = await fillTemplate(template, five, path.join(workDir, '修正済み.xlsx'));
  await imports.pick(fixed.file);
  await imports.expectCounts({ inserted: 5, errors: 0 });
  await expect(imports.commit).toBeEnabled();
});

test('a 職員番号 that lost its leading zero asks before a duplicate of a stored person is imported', async ({
  page,
  host,
}) => {
  await loginAsHr(page, host);
  // A stored person whose number starts with 0, as a spreadsheet that turned it into a number would show it.
  const db = host.host.ctx.office?.db;
  if (!db) throw new Error('HR should be logged in');
  const stored = db
    .prepare("SELECT staff_no, name, kana FROM staff WHERE staff_no LIKE '0%' AND active = 1 ORDER BY staff_no LIMIT 1")
    .get() as { staff_no: string; name: string; kana: string };
  const lostZero = String(Number(stored.staff_no));

  const imports = new ImportPage(page);
  await imports.open();
  const template = await downloadRosterTemplate(imports);
  const person: Person = { ...five[0]!, 職員番号: lostZero, 氏名: stored.name, ふりがな: stored.kana };
  const { file } = await fillTemplate(template, [person], path.join(workDir, '先頭の0.xlsx'));

  await imports.pick(file);
  const rows = imports.problemRows();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('[data-field="field"]')).toHaveText('職員番号');
  await expect(rows.first()).toContainText(`（${stored.staff_no}）`);
  await expect(imports.commit).toBeDisabled();
  const confirm = page.getByRole('checkbox', { name: '新しい職員として取り込むことを確認しました' });
  await confirm.scrollIntoViewIfNeeded();
  await page.screenshot(shot('import-confirm-new'));

  // Told that it really is a new person, the import takes the row.
  await confirm.check();
  await expect(imports.commit).toBeEnabled();
  await imports.commit.click();
  await expect(page.getByText(/取り込みました/u).first()).toBeVisible();
  const count = db.prepare('SELECT count(*) AS n FROM staff WHERE staff_no = ?').get(lostZero) as { n: number };
  expect(count.n).toBe(1);
});
