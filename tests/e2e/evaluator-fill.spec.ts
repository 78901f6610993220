import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import { FillPage } from './pages/fill-page';
import { hostApi } from './pages/host-api';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

/*
 * The evaluator's own Kaname: a machine with no office database. The evaluator opens the workbook HR
 * exported for them, fills a 1次 form on screen (with the import's checks shown as they type),
 * saves it, opens the saved file again to continue, and HR imports what they send back.
 */

const shot = (name: string) => ({ path: path.join(screensDir, `evaluator-fill-${name}.png`), fullPage: true });
const fy = fiscalYearOf(new Date());
const opinion = '画面で記入: 窓口の改善を主導し、後輩の指導にも努めた（e2eテスト）';

let workDir = '';
test.beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-fill-'));
});
test.afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('an evaluator fills the workbook in their own Kaname, saves it, and HR imports it', async ({
  page,
  host,
  emptyHost,
}) => {
  test.setTimeout(150_000);
  // HR exports the kakaricho's workbook (the export screen itself is covered by appraisal-excel.spec).
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  await new ShellPage(page).expectShown();
  const kakaricho = (await hostApi(host, 'accounts:list', {})).find((a) => a.login === 'kakaricho');
  if (!kakaricho?.staffNo) throw new Error('the demo has no kakaricho');
  const exported = await hostApi(host, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo: kakaricho.staffNo });
  const received = path.join(workDir, exported.fileName);
  fs.writeFileSync(received, Buffer.from(exported.data, 'base64'));

  // The evaluator's machine: no office yet. The first-start screen offers to fill a workbook.
  await page.goto(emptyHost.url);
  await expect(page.getByRole('heading', { name: 'はじめに' })).toBeVisible();
  await page.screenshot(shot('first-start'));
  await page.getByRole('button', { name: '記入用ブックを開く' }).click();
  const fill = new FillPage(page);
  await fill.open(received);
  await expect(fill.header).toContainText(`評価者 ${kakaricho.displayName}（${kakaricho.staffNo}）`);

  // The 1次 form of the member waiting for the kakaricho.
  const items = fill.forms.getByRole('button');
  await expect(items.first()).toBeVisible();
  const firstLabel = (await items.filter({ hasText: '1次評価' }).first().textContent()) ?? '';
  const staffNo = /（([^）]+)）/u.exec(firstLabel)?.[1] ?? '';
  expect(staffNo).not.toBe('');
  const view = await hostApi(host, 'appraisal:get', { fy, staffNo });
  expect(view.status).toBe('自己評価済');
  await fill.select(staffNo);
  const form = fill.form(staffNo);
  await expect(form).toContainText(view.person.name);
  await expect(form).toContainText('自己評価');

  const departing = view.goals.findIndex((g) => g.firstDefault !== null);
  expect(departing).toBeGreaterThanOrEqual(0);
  for (const [i, g] of view.goals.entries()) {
    const label = `目標${i + 1}の1次評価（評語）`;
    if (i === departing) {
      const other = g.firstDefault!.level === 'B' ? 'C' : 'B';
      await fill.choose(label, new RegExp(`^${other}`, 'u'));
    } else {
      await fill.choose(label, new RegExp(`^${g.firstDefault?.level ?? 'B'}`, 'u'));
    }
    await fill.text(`目標${i + 1}の1次コメント`).fill(`目標${i + 1}は計画どおり進んだ。`);
  }
  // Departing from the cross-section level without a reason: said at the field and above the form.
  await expect(fill.formProblems).toContainText(`目標${departing + 1}: `);
  await expect(fill.summary).toContainText('取り込めない記入があります');
  await page.screenshot(shot('problem'));
  await fill.text(`目標${departing + 1}の既定と異なる理由`).fill('年度後半の窓口対応を重く見た。');
  await expect(fill.formProblems).toHaveCount(0);
  for (const r of view.ratings) await fill.choose(`能力評価「${r.item}」`, '4');
  await fill.text('1次評価者の所見').fill(opinion);
  await expect(fill.forms.getByRole('button', { name: new RegExp(`（${staffNo}）`, 'u') })).toContainText('記入済');
  await expect(fill.savedState).toHaveText('保存していない変更があります');
  await page.screenshot(shot('form'));

  // Leaving with unsaved changes asks first.
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(page.getByRole('dialog', { name: '保存していない変更があります' })).toBeVisible();
  await page.getByRole('button', { name: 'キャンセル' }).click();

  const download = await fill.save();
  expect(download.suggestedFilename()).toBe(exported.fileName);
  const saved = path.join(workDir, 'returned.xlsx');
  await download.saveAs(saved);
  await page.screenshot(shot('saved'));

  // Opening the saved workbook again continues where the evaluator left off.
  await page.getByRole('button', { name: '別のブックを開く' }).click();
  await fill.open(saved);
  await fill.select(staffNo);
  await expect(fill.text('1次評価者の所見')).toHaveValue(opinion);
  await expect(fill.text(`目標${departing + 1}の既定と異なる理由`)).toHaveValue('年度後半の窓口対応を重く見た。');

  // HR imports what came back: saved, not submitted.
  await page.goto(host.url);
  await new ShellPage(page).expectShown();
  const imports = new ImportPage(page);
  await imports.open();
  await imports.importEvaluatorWorkbook(saved);
  // A workbook of forms is counted in forms, not rows.
  await expect(imports.count('total')).toContainText('様式数');
  await page.screenshot(shot('hr-imported'));
  const after = await hostApi(host, 'appraisal:get', { fy, staffNo });
  expect(after.status).toBe('自己評価済');
  expect(after.comments.first).toBe(opinion);
  expect(after.ratings.every((r) => r.first === 4)).toBe(true);
  expect(after.goals[departing]!.first.reason).toBe('年度後半の窓口対応を重く見た。');
});

test('the login screen offers the same, and a file that is not an evaluator workbook is refused plainly', async ({
  page,
  host,
}) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await page.getByRole('button', { name: '評価者用の記入用ブックに記入する（ログイン不要）' }).click();
  // A real workbook, but someone's own list rather than the one HR sent.
  const other = path.join(workDir, 'other.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('名簿').addRow(['職員番号', '氏名']);
  await wb.xlsx.writeFile(other);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '記入用ブックを選ぶ' }).click();
  await (await chooser).setFiles(other);
  await expect(page.getByRole('alert')).toContainText('評価者用の記入用ブック（人事考課票）ではありません');
  await page.screenshot(shot('not-ours'));
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(login.submit).toBeVisible();
});
