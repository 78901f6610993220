import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import { AppraisalPage } from './pages/appraisal-page';
import { hostApi } from './pages/host-api';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `appraisal-excel-${name}.png`), fullPage: true });
const fy = fiscalYearOf(new Date());
const firstComment = 'Excelで記入: 担当業務を着実にこなしている（e2eテスト）';

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The sheets a person fills in (not the app's hidden record). */
function formSheets(wb: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  return wb.worksheets.filter((ws) => ws.state === 'visible' && text(ws.getCell('A2')).startsWith('黄色のセル'));
}

/**
 * Fills a 1次 sheet as the evaluator would in Excel: each goal's 評語 left at its proposed default or
 * set to B, every 能力評価 3, and the 所見. Returns how many levels and ratings it set.
 */
function fillFirst(ws: ExcelJS.Worksheet): { levels: number; ratings: number } {
  let levels = 0;
  let ratings = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const a = text(ws.getCell(r, 1));
    if (a === '1次評価（評語）') {
      const level = ws.getCell(r, 2);
      if (text(level) === '') level.value = 'B';
      levels += 1;
    }
    if (text(ws.getCell(r, 3)) === '1次評価（1〜5）') {
      ws.getCell(r, 4).value = 3;
      ratings += 1;
    }
    if (a === '1次評価者の所見') ws.getCell(r, 2).value = firstComment;
  }
  return { levels, ratings };
}

let workDir = '';
test.beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-appraisal-excel-'));
});
test.afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function loginAdmin(page: import('@playwright/test').Page, url: string, password: string): Promise<void> {
  const login = new LoginPage(page);
  await login.goto(url);
  await login.login('admin', password);
  await new ShellPage(page).expectShown();
}

test('HR exports the kakaricho’s evaluator workbook, fills the 1次 in Excel and imports it: saved, not submitted', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await loginAdmin(page, host.url, host.password);
  const accounts = await hostApi(host, 'accounts:list', {});
  const kakaricho = accounts.find((a) => a.login === 'kakaricho');
  if (!kakaricho?.staffNo) throw new Error('the demo has no kakaricho with a staff number');
  const evaluatorNo = kakaricho.staffNo;

  const imports = new ImportPage(page);
  await imports.open();
  // The chooser offers the evaluators' workbook after 目標管理シート.
  const kinds = page.getByRole('radiogroup', { name: '取り込むデータ' }).getByRole('radio');
  const labels = await kinds.evaluateAll((els) => els.map((el) => el.closest('label')?.textContent?.trim() ?? ''));
  expect(labels.slice(-2)).toEqual(['目標管理シート', '人事考課票（評価者ブック）']);

  const exportButton = page.getByRole('button', { name: '評価者用の記入用ブックを出力' });
  await expect(exportButton).toBeDisabled();
  const picker = page.getByRole('combobox', { name: '評価者' });
  await picker.fill(evaluatorNo);
  await page.getByRole('option', { name: new RegExp(`^${evaluatorNo} `, 'u') }).click();
  await expect(picker).toHaveValue(new RegExp(`^${evaluatorNo} `, 'u'));
  await expect(exportButton).toBeEnabled();
  await exportButton.scrollIntoViewIfNeeded();
  await page.screenshot(shot('export-panel'));

  const download = page.waitForEvent('download');
  await exportButton.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`人事考課票_${fy}年度_評価者${evaluatorNo}_記入用.xlsx`);
  await expect(page.getByText(`「${file.suggestedFilename()}」をダウンロードしました`)).toBeVisible();
  const exported = path.join(workDir, 'evaluator.xlsx');
  await file.saveAs(exported);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const sheets = formSheets(wb);
  const firstSheets = sheets.filter((ws) => text(ws.getCell('A1')).includes('1次評価 記入用'));
  expect(firstSheets.length).toBeGreaterThanOrEqual(1);
  const sheet = firstSheets[0]!;
  const staffNo = sheet.name.split(' ')[0] ?? '';
  const before = await hostApi(host, 'appraisal:get', { fy, staffNo });
  expect(before.status).toBe('自己評価済');
  const filled = fillFirst(sheet);
  expect(filled.levels).toBe(before.goals.length);
  expect(filled.ratings).toBe(before.ratings.length);
  const filledPath = path.join(workDir, 'evaluator-filled.xlsx');
  await wb.xlsx.writeFile(filledPath);

  await page.getByRole('radio', { name: '人事考課票（評価者ブック）', exact: true }).check();
  await expect(page.getByTestId('import-drop-zone')).toContainText('評価者用の記入用ブック');
  await imports.pick(filledPath);
  await expect(page.getByRole('heading', { name: '取込前の確認' })).toBeVisible();
  await imports.expectCounts({ total: sheets.length, errors: 0 });
  await expect(imports.problems).toHaveCount(0);
  await expect(page.getByTestId('import-appraisals-note')).toContainText('提出はされません');
  const row = imports.changes.getByRole('row').filter({ hasText: staffNo });
  await expect(row).toContainText('変更');
  await expect(row).toContainText('1次評価者の所見');
  await expect(imports.commit).toBeEnabled();
  await page.screenshot(shot('preview'));

  await imports.commit.click();
  await expect(imports.result).toContainText('取り込みました');
  await expect(page.getByText(/人事考課票（評価者ブック）を取り込みました/u)).toBeVisible();
  await page.screenshot(shot('result'));

  // Saved, not submitted: the 1次 is in the appraisal and the stage has not moved on.
  const after = await hostApi(host, 'appraisal:get', { fy, staffNo });
  expect(after.status).toBe('自己評価済');
  expect(after.comments.first).toBe(firstComment);
  expect(after.ratings.map((r) => r.first)).toEqual(after.ratings.map(() => 3));
  expect(after.goals.every((g) => g.first.level !== null)).toBe(true);
  await expect(imports.log).toContainText('人事考課票（評価者ブック）');
});

test('HR downloads the ranking of a population from 相対評価 and the status table', async ({ page, host }) => {
  test.setTimeout(90_000);
  await loginAdmin(page, host.url, host.password);
  const ap = new AppraisalPage(page);
  await ap.open();
  await ap.tab('相対評価');
  const population = page.getByRole('button', { name: /^課長代理級（区全体）/u });
  await population.click();
  await expect(population).toHaveAttribute('aria-pressed', 'true');
  const view = await hostApi(host, 'appraisal:ranking', { fy, population: '課長代理級' });
  const ranked = view.result?.rows ?? [];
  expect(ranked.length).toBeGreaterThan(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /順位表を出力/u }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`相対評価_${fy}年度_課長代理級.xlsx`);
  await expect(page.getByText(`「${file.suggestedFilename()}」をダウンロードしました`)).toBeVisible();
  await page.screenshot(shot('ranking'));
  const saved = path.join(workDir, 'ranking.xlsx');
  await file.saveAs(saved);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  expect(wb.worksheets.map((ws) => ws.name)).toEqual(['課長代理級']);
  const ws = wb.worksheets[0]!;
  let head = 0;
  for (let r = 1; r <= ws.rowCount && head === 0; r++) {
    if (text(ws.getCell(r, 1)) === '順位' && text(ws.getCell(r, 2)) === '職員番号') head = r;
  }
  expect(head).toBeGreaterThan(0);
  const staffNos: string[] = [];
  for (let r = head + 1; r <= ws.rowCount; r++) {
    const no = text(ws.getCell(r, 2));
    if (no !== '') staffNos.push(no);
  }
  expect(staffNos.sort()).toEqual(ranked.map((x) => x.staffNo).sort());

  // The status table (named no one) downloads from 人事考課状況一覧.
  await ap.tab('人事考課状況一覧');
  const status = page.waitForEvent('download');
  await page.getByRole('button', { name: '人事考課状況一覧をExcelで出力' }).click();
  expect((await status).suggestedFilename()).toBe(`人事考課状況一覧_${fy}年度.xlsx`);
  await expect(page.getByRole('button', { name: /区分の分布（個人名なし）/u })).toBeEnabled();
  await page.screenshot(shot('status'));

  // The list (HR): the forms of a section; an opened appraisal: this person's form.
  await ap.tab('考課一覧');
  await page.getByRole('combobox', { name: '所属' }).click();
  const firstSection = page.getByRole('option').nth(1);
  const sectionName = (await firstSection.textContent()) ?? '';
  await firstSection.click();
  await expect(page.getByText(`Excelへ出力（${sectionName}）`)).toBeVisible();
  const forms = page.waitForEvent('download');
  await page.getByRole('button', { name: '人事考課票を出力' }).click();
  expect((await forms).suggestedFilename()).toMatch(/^人事考課票_\d+年度_.+\.xlsx$/u);
  // Nothing 確定 in the section yet: no 開示 sheets, said in Japanese where the button is.
  await page.getByRole('button', { name: '開示用シートを出力' }).click();
  await expect(page.getByTestId('appraisal-download-error')).toContainText('開示できる人事考課がありません');
  await page.screenshot(shot('list'));
  await ap.grid.getByRole('row').nth(1).click();
  await expect(page.getByTestId('appraisal-detail')).toBeVisible();
  const one = page.waitForEvent('download');
  await page.getByRole('button', { name: /この職員の人事考課票/u }).click();
  expect((await one).suggestedFilename()).toMatch(/^人事考課票_\d+年度_\d+\.xlsx$/u);
  await page.screenshot(shot('detail'));
});
