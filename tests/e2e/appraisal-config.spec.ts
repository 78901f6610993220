import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `appraisal-config-${name}.png`), fullPage: true });

test('HR opens 人事考課の設定: the demo year has started, so everything is read-only with the reason', async ({
  page,
  host,
}) => {
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();

  await shell.open('設定');
  await page.getByRole('tab', { name: '人事考課の設定' }).click();
  await expect(page.getByTestId('appraisal-config-locked')).toContainText('すでに人事考課が始まっているため');
  await expect(page.getByRole('region', { name: '係員級' }).getByLabel('項目1')).toHaveValue('知識・技能');
  await expect(page.getByRole('region', { name: '係員級' }).getByLabel('項目1')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('distribution-total')).toHaveText('合計 100%');
  await expect(page.getByRole('button', { name: '保存' })).toHaveCount(0);
  await page.screenshot(shot('locked'));
});
