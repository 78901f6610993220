import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, screensDir, test } from './fixtures';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `${name}.png`), fullPage: true });

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The value cell beside a label, after a heading such as 目標2. */
function beside(ws: ExcelJS.Worksheet, label: string, after: string): ExcelJS.Cell {
  let start = 1;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (text(ws.getCell(r, 1)) === after) {
      start = r + 1;
      break;
    }
  }
  for (let r = start; r <= ws.rowCount; r++) {
    for (const c of [1, 3]) if (text(ws.getCell(r, c)).split('\n')[0] === label) return ws.getCell(r, c + 1);
  }
  throw new Error(`no ${label} after ${after}`);
}

/** Fills a person's goals as they would in Excel: two goals, the other blocks emptied. */
function fillGoals(ws: ExcelJS.Worksheet, weights: [number, number]): void {
  const goals = [
    { 区分: '地域担当目標', 目標: '地域の見守り活動', 内容: '担当地域をペアで巡回する', 達成基準: '月2回以上' },
    { 区分: '業務目標', 目標: '窓口の待ち時間短縮', 内容: '受付手順を見直す', 達成基準: '平均15分以内' },
  ];
  for (let i = 0; i < 5; i++) {
    const heading = `目標${i + 1}`;
    const g = goals[i];
    beside(ws, '区分', heading).value = g ? g.区分 : null;
    beside(ws, '目標', heading).value = g ? g.目標 : null;
    beside(ws, '内容', heading).value = g ? g.内容 : null;
    beside(ws, '達成基準', heading).value = g ? g.達成基準 : null;
    beside(ws, '区の重点施策', heading).value = null;
    beside(ws, 'ウェイト（%）', heading).value = g ? weights[i as 0 | 1] : null;
    beside(ws, '難易度（A高・B標準・C低）', heading).value = g ? 'B' : null;
    beside(ws, '種類', heading).value = g ? '通常' : null;
    beside(ws, 'スケジュール', heading).value = null;
  }
}

let workDir = '';
test.beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-forms-'));
});
test.afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('HR exports a section MBO workbook, imports it back: one form taken, one rejected with its reason', async ({
  page,
  host,
}) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  await new ShellPage(page).expectShown();
  const imports = new ImportPage(page);
  await imports.open();
  await expect(page.getByRole('button', { name: '目標管理シートの記入用ブックを出力' })).toBeEnabled();
  await page.screenshot(shot('forms-export-panel'));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '目標管理シートの記入用ブックを出力' }).click();
  const exported = path.join(workDir, 'mbo.xlsx');
  await (await download).saveAs(exported);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const open = wb.worksheets.filter((ws) => ws.name !== '_kaname' && text(ws.getCell('A2')).startsWith('黄色のセル'));
  expect(open.length).toBeGreaterThanOrEqual(2);
  const [valid, wrong] = open as [ExcelJS.Worksheet, ExcelJS.Worksheet];
  fillGoals(valid, [60, 40]);
  fillGoals(wrong, [60, 130]);
  const filled = path.join(workDir, 'mbo-filled.xlsx');
  await wb.xlsx.writeFile(filled);

  await page.getByRole('radio', { name: '目標管理シート', exact: true }).check();
  await imports.pick(filled);
  await expect(imports.problems).toContainText('配分（ウェイト）は1〜100の整数で入力してください');
  await expect(imports.problems).toContainText(wrong.name);
  await imports.expectCounts({ errors: 1 });
  await expect(page.getByTestId('import-forms-partial')).toBeVisible();
  const validRow = page
    .getByRole('grid', { name: '変更される行' })
    .getByRole('row')
    .filter({ hasText: valid.name.split(' ')[0] ?? '' });
  await expect(validRow).toContainText(/新規|変更/u);
  await expect(validRow).toContainText('地域の見守り活動');
  await expect(imports.commit).toBeEnabled();
  await page.screenshot(shot('forms-preview'));

  await imports.commit.click();
  await expect(imports.result).toContainText('却下 1件');
  await page.screenshot(shot('forms-result'));
});
