import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import { fiscalYearLabel, fiscalYearOf } from '../../shared/fiscal-year';
import { LoginPage } from './pages/login-page';
import { SelfReportPage } from './pages/self-report-page';
import { ShellPage } from './pages/shell-page';

/**
 * A closed year (終了した年度, docs/closed-years.md) on screen: last year's empty self-report is
 * read-only to a staff member — a notice instead of 「変更は自動で保存されます」, no 提出する — and HR's
 * first change to it asks 「…変更しますか？」 before it is saved.
 */

const shot = (name: string) => ({ path: path.join(screensDir, `closed-year-${name}.png`), fullPage: true });
const past = fiscalYearOf(new Date()) - 1;
const era = `令和${past - 2018}年度`;

async function onLastYear(page: Page, url: string, login: string, password: string): Promise<SelfReportPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(login, password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  await shell.chooseFiscalYear(`${fiscalYearLabel(past)}（終了）`);
  const sr = new SelfReportPage(page);
  await sr.open();
  await expect(page.getByRole('tab', { name: '自分の自己申告書' })).toHaveAttribute('aria-selected', 'true');
  return sr;
}

test('last year is read-only to a staff member, and HR is asked before changing it', async ({ page, host }) => {
  const notice = page.getByTestId('closed-year-notice');

  // shokuin: an empty report of last year, but nothing to type into and nothing to submit.
  let sr = await onLastYear(page, host.url, 'shokuin', host.password);
  await expect(sr.status).toHaveText('未提出');
  await expect(notice).toHaveText(`${era}は終了した年度です。閲覧のみできます。`);
  await expect(sr.main).not.toContainText('変更は自動で保存されます');
  await expect(sr.saveState).toHaveCount(0);
  await expect(sr.submit).toHaveCount(0);
  await expect(sr.field('現在の担当業務')).toHaveAttribute('readonly', '');
  await expect(sr.main.getByRole('radio').first()).toBeDisabled();
  await page.screenshot(shot('staff-read-only'));

  // The same screen on this year is as before.
  const shell = new ShellPage(page);
  await shell.chooseFiscalYear(`${fiscalYearLabel(past + 1)}（今年度）`);
  await expect(notice).toHaveCount(0);
  await expect(sr.saveState).toHaveText('変更は自動で保存されます');
  await expect(sr.submit).toBeEnabled();
  await shell.logout();

  // admin (HR, also a staff member): may change last year, but is asked first.
  sr = await onLastYear(page, host.url, 'admin', host.password);
  await expect(notice).toHaveText(`${era}は終了した年度です。変更する前に確認します。`);
  await sr.field('現在の担当業務').fill('人事担当の業務（昨年度分の記入）');
  const question = page.getByRole('dialog', { name: '終了した年度の変更' });
  await expect(question).toBeVisible();
  await expect(question).toContainText(`${era}は終了した年度です。変更しますか？`);
  await page.screenshot(shot('hr-question'));

  // No: nothing is saved, and the form says so.
  await question.getByRole('button', { name: 'キャンセル' }).click();
  await expect(question).toHaveCount(0);
  await expect(sr.saveState).toContainText(`${era}は終了した年度です`);

  // Yes: the change is saved, and later changes of the same year are not asked again.
  await sr.field('現在の担当業務').fill('人事担当の業務（昨年度分の記入・確認済み）');
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: '変更する' }).click();
  await sr.expectSaved();
  await sr.field('将来やってみたい仕事').fill('人事制度の運用');
  await sr.expectSaved();
  await expect(question).toHaveCount(0);
  await sr.scrollTop();
  await page.screenshot(shot('hr-saved'));
});
