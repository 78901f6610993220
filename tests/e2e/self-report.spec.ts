import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { SelfReportPage } from './pages/self-report-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `self-report-${name}.png`), fullPage: true });

const duties = '窓口での住民票・戸籍の交付と、地域担当としての町会行事の支援';
const health = '腰痛のため月1回通院しています（e2eテスト）';

async function loginAs(page: Page, url: string, login: string, password: string): Promise<SelfReportPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(login, password);
  await new ShellPage(page).expectShown();
  const sr = new SelfReportPage(page);
  await sr.open();
  return sr;
}

test('a staff member fills in the self-report (autosaved), submits it, and others see what they may', async ({
  page,
  host,
}) => {
  // shokuin: the form saves itself while typing, and the text survives a reload.
  let sr = await loginAs(page, host.url, 'shokuin', host.password);
  await expect(page.getByRole('tab', { name: '自分の自己申告書' })).toHaveAttribute('aria-selected', 'true');
  await expect(sr.status).toHaveText('未提出');
  await sr.field('現在の担当業務').fill(duties);
  await expect(sr.saveState).toContainText(/未保存の変更があります|保存中…/u);
  await sr.field('健康状態').fill(health);
  await sr.expectSaved();
  await expect(sr.main).toContainText(`${duties.length} / 1000文字`);
  const staffNo = await sr.staffNo();
  await page.screenshot(shot('own-saved'));

  await page.reload();
  const loginPage = new LoginPage(page);
  const shell = new ShellPage(page);
  await expect(loginPage.heading.or(shell.nav)).toBeVisible();
  if (await loginPage.heading.isVisible()) {
    await loginPage.login('shokuin', host.password);
    await shell.expectShown();
  }
  sr = new SelfReportPage(page);
  await sr.open();
  await expect(sr.field('現在の担当業務')).toHaveValue(duties);
  await expect(sr.field('健康状態')).toHaveValue(health);

  // Submitting with a required answer missing names the field.
  await sr.submit.click();
  await expect(sr.main).toContainText('業務量を選んでください。');
  await sr.scrollTop();
  await page.screenshot(shot('own-submit-error'));

  await sr.choose('業務量', '適当');
  await sr.choose('市民や社会にとって意義のある仕事だと感じますか', 'とてもそう思う');
  await sr.choose('異動の希望', '継続希望');
  await sr.expectSaved();
  await sr.submit.click();
  await expect(sr.status).toHaveText('提出済');
  await expect(sr.main).toContainText('提出済みのため、編集できません');
  await expect(sr.submit).toHaveCount(0);
  await expect(sr.field('現在の担当業務')).toHaveAttribute('readonly', '');
  await sr.scrollTop();
  await page.screenshot(shot('own-submitted'));
  await shell.logout();

  // kakaricho (1次評価者): reads the report, but not the health or family sections.
  sr = await loginAs(page, host.url, 'kakaricho', host.password);
  await sr.openOther(staffNo);
  await expect(sr.field('現在の担当業務')).toHaveValue(duties);
  await expect(sr.main).toContainText('健康状態・家庭の事情は、本人・所属長・人事担当のみ閲覧できます');
  await expect(page.getByText(health)).toHaveCount(0);
  expect(await page.content()).not.toContain(health);
  await expect(sr.field('健康状態')).toHaveCount(0);
  await page.screenshot(shot('evaluator-view'));
  await shell.logout();

  // admin (HR): the progress board lists shokuin as 提出済, and opens the report with health shown.
  sr = await loginAs(page, host.url, 'admin', host.password);
  await sr.tab('提出状況');
  await expect(page.getByTestId('self-report-kpi')).toContainText(/意義のある仕事だと感じる職員 (\d+%|—)（目標 90%）/u);
  await page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
  const grid = page.getByRole('grid', { name: '職員ごとの提出状況' });
  const row = grid.getByRole('row').filter({ hasText: staffNo });
  await expect(row).toContainText('提出済');
  await page.screenshot(shot('progress'));
  await row.getByRole('gridcell').first().click();
  await expect(page.getByRole('tab', { name: '担当職員の自己申告' })).toHaveAttribute('aria-selected', 'true');
  await expect(sr.person).toHaveAttribute('data-staff-no', staffNo);
  await expect(sr.field('健康状態')).toHaveValue(health);
  await expect(page.getByRole('button', { name: '差し戻す' })).toBeVisible();
  await expect(page.getByRole('button', { name: '一覧に戻る' })).toBeVisible();
  await sr.scrollTop();
  await page.screenshot(shot('hr-view'));
});

test('a second window writing the same report shows the conflict, and HR sends a submitted report back', async ({
  page,
  host,
  context,
}) => {
  // Two windows of shokuin's own report: the second one is stale once the first has saved.
  const sr = await loginAs(page, host.url, 'shokuin', host.password);
  const other = await context.newPage();
  await other.goto(host.url);
  // The host keeps one session: the second window is already logged in as shokuin.
  await new ShellPage(other).expectShown();
  const sr2 = new SelfReportPage(other);
  await sr2.open();
  await sr.field('現在の担当業務').fill('一つ目の窓で書いた内容');
  await sr.expectSaved();
  await sr2.field('現在の担当業務').fill('二つ目の窓で書いた内容');
  await expect(sr2.saveState).toContainText('別の画面または別の人によって更新されています', { timeout: 10_000 });
  await other.getByRole('button', { name: '再読み込み' }).click();
  await expect(sr2.field('現在の担当業務')).toHaveValue('一つ目の窓で書いた内容');
  await other.screenshot(shot('conflict-reloaded'));
  await other.close();

  // HR sends a submitted report (from the demo) back with a reason; it shows as 未提出 with the reason.
  await new ShellPage(page).logout();
  await loginAs(page, host.url, 'admin', host.password);
  const progress = await hostApi(host, 'selfReport:progress', { fy: fiscalYearOf(new Date()) });
  const target = progress.people.find((p) => p.status === '提出済');
  if (!target) throw new Error('the demo office has no submitted self-report');
  const admin = new SelfReportPage(page);
  await admin.openOther(target.person.staffNo);
  const reopen = page.getByRole('region', { name: '差し戻し' });
  await reopen.getByRole('button', { name: '差し戻す' }).click();
  await expect(reopen).toContainText('差し戻しの理由を入力してください');
  await reopen.getByRole('textbox').fill('希望する所属の記載が漏れています');
  await reopen.getByRole('button', { name: '差し戻す' }).click();
  await expect(page.getByText('差し戻しました')).toBeVisible();
  await expect(page.getByTestId('self-report-status')).toHaveText('未提出');
  await expect(page.getByRole('region', { name: '差し戻し' })).toHaveCount(0);
  const after = await hostApi(host, 'selfReport:get', { fy: fiscalYearOf(new Date()), staffNo: target.person.staffNo });
  expect(after).toMatchObject({ status: '未提出', reopenReason: '希望する所属の記載が漏れています' });
});
