import fs from 'node:fs';
import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `${name}.png`), fullPage: true });

test('first start: a new empty office, whose first account is HR', async ({ page, emptyHost }) => {
  await page.goto(emptyHost.url);
  await expect(page.getByRole('heading', { name: 'はじめに' })).toBeVisible();
  await page.screenshot(shot('first-start'));
  await page.getByRole('button', { name: '新しい事業所を作成' }).click();

  await page.getByLabel('事業所名', { exact: true }).fill('西区役所');
  await page.getByLabel('管理者のログインID', { exact: true }).fill('jinji01');
  await page.getByLabel('氏名', { exact: true }).fill('西　花子');
  await page.getByLabel('パスワード', { exact: true }).fill('short');
  await page.getByLabel('パスワード（確認）', { exact: true }).fill('short');
  await page.getByRole('button', { name: '作成する' }).click();
  await expect(page.getByText('パスワードは8文字以上にしてください')).toBeVisible();
  expect(fs.existsSync(emptyHost.dbPath)).toBe(false);
  await page.screenshot(shot('first-start-create-error'));

  await page.getByLabel('パスワード', { exact: true }).fill('nishi-ku-2026');
  await page.getByLabel('パスワード（確認）', { exact: true }).fill('nishi-ku-2026');
  await page.getByRole('button', { name: '作成する' }).click();

  const shell = new ShellPage(page);
  await expect(shell.nav).toBeVisible();
  await expect(page.getByText('西区役所').first()).toBeVisible();
  await expect(page.getByText(/ログイン中: 西　花子（jinji01・人事担当）/u)).toBeVisible();
  expect(fs.existsSync(emptyHost.dbPath)).toBe(true);
  expect(fs.existsSync(`${emptyHost.dbPath}.keys`)).toBe(true);
  await page.screenshot(shot('new-office-shell'));

  // A real office never shows demo logins on its login screen.
  await shell.logout();
  const login = new LoginPage(page);
  await login.expectShown();
  await expect(login.demoPanel).toHaveCount(0);
  await login.login('jinji01', 'nishi-ku-2026');
  await expect(shell.nav).toBeVisible();
});

test('first start: the demo office, with its logins shown on its login screen', async ({ page, emptyHost }) => {
  await page.goto(emptyHost.url);
  await page.getByRole('button', { name: 'デモ事業所を開く' }).click();
  const login = new LoginPage(page);
  await login.expectShown();
  await expect(login.demoPanel).toBeVisible();
  await expect(page.getByTestId('demo-password')).toHaveText('kaname-demo');
  await login.login('kucho', 'kaname-demo');
  const shell = new ShellPage(page);
  await expect(shell.nav).toBeVisible();
  await expect(page.getByText(/ログイン中: .*（kucho・評価者）/u)).toBeVisible();
});
