import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { AccountsPage } from './pages/accounts-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const sections = [
  'ホーム',
  'プランの進捗',
  '職員',
  '地域担当',
  '自己申告',
  '目標管理',
  '人事考課',
  '表彰',
  '研修',
  '庁内公募',
  '人事配置',
  '取込・出力',
  '設定',
];

const shot = (name: string) => ({ path: path.join(screensDir, `${name}.png`), fullPage: true });

test('admin logs into the demo office, sees the shell, switches fiscal year and logs out', async ({ page, host }) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await expect(login.officeName).toContainText('デモ');
  await expect(login.demoPanel).toBeVisible();
  await expect(page.getByTestId('demo-password')).toHaveText(host.password);
  await page.screenshot(shot('login-demo'));

  // Click-to-fill puts both the login and the shared password in the form.
  await login.pickDemo('admin');
  await expect(login.loginId).toHaveValue('admin');
  await expect(login.password).toHaveValue(host.password);
  await login.submit.click();

  const shell = new ShellPage(page);
  await shell.expectShown();
  expect(await shell.sectionLabels()).toEqual(sections);
  await expect(shell.officeName).toContainText('デモ');
  await expect(shell.statusBar).toContainText('ログイン中:');
  await expect(shell.statusBar).toContainText('（admin・人事担当）');
  await expect(shell.statusBar).toContainText(`データベース: ${host.dbPath}`);
  await expect(shell.statusBar).toContainText('デモ事業所');

  // The selector starts on the current cycle and names years in both calendars.
  await expect(shell.fiscalYear).toContainText(/令和(元|\d+)年度（\d{4}年度）/u);
  const options = await shell.fiscalYearOptions();
  expect(options.length).toBeGreaterThan(1);
  const current = options.find((o) => o.endsWith('（今年度）'));
  expect(current).toBeDefined();
  const other = options.find((o) => o !== current);
  if (other === undefined) throw new Error('the demo office should have more than one cycle');
  await shell.chooseFiscalYear(other);
  await expect(shell.fiscalYear).toContainText(other);
  await expect(shell.fiscalYear).toContainText('令和');
  await page.screenshot(shot('shell-dashboard'));

  await shell.logout();
  await login.expectShown();
  await expect(login.password).toHaveValue('');
  await page.screenshot(shot('after-logout'));
});

test('HR creates an evaluator account, who then logs in with it', async ({ page, host }) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();

  const accounts = new AccountsPage(page);
  await accounts.open();
  await expect(accounts.row('admin')).toBeVisible();
  await accounts.create({
    login: 'hyoka01',
    displayName: '評価　花子',
    roleLabel: '評価者',
    password: 'hyoka-pass-01',
    staffQuery: '0',
  });
  await expect(page.getByText('アカウント「hyoka01」を作成しました')).toBeVisible();
  const row = accounts.row('hyoka01');
  await expect(row).toContainText('評価者');
  await expect(row).toContainText('有効');
  await page.screenshot(shot('accounts-created'));

  await shell.logout();
  await login.login('hyoka01', 'hyoka-pass-01');

  // An account whose password HR set must choose its own before anything else.
  const dialog = page.getByRole('dialog', { name: 'パスワードの変更が必要です' });
  await expect(dialog).toBeVisible();
  await page.screenshot(shot('forced-password-change'));
  await dialog.getByLabel('現在のパスワード', { exact: true }).fill('hyoka-pass-01');
  await dialog.getByLabel('新しいパスワード', { exact: true }).fill('hyoka-pass-02');
  await dialog.getByLabel('新しいパスワード（確認）', { exact: true }).fill('hyoka-pass-02');
  await dialog.getByRole('button', { name: '変更する' }).click();

  await shell.expectShown();
  await expect(shell.statusBar).toContainText('ログイン中: 評価　花子（hyoka01・評価者）');
  // Import/export and placement belong to HR and the personnel office.
  const labels = await shell.sectionLabels();
  expect(labels).not.toContain('取込・出力');
  expect(labels).not.toContain('人事配置');
  expect(labels.slice(0, 2)).toEqual(['ホーム', 'プランの進捗']);
  await shell.open('設定');
  await expect(page.getByRole('tab', { name: 'アカウント', exact: true })).toHaveCount(0);
  await expect(page.getByText('hyoka01', { exact: true })).toBeVisible();
  await page.screenshot(shot('evaluator-settings'));

  // The new password is the one that works now.
  await shell.logout();
  await login.login('hyoka01', 'hyoka-pass-02');
  await shell.expectShown();
});

test('a wrong password shows the Japanese error and stays on the login screen', async ({ page, host }) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', 'not-the-password');
  await expect(login.error).toBeVisible();
  await expect(login.error).toContainText('ログインIDまたはパスワードが正しくありません');
  await expect(login.heading).toBeVisible();
  await expect(login.password).toHaveValue('');
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toHaveCount(0);
  await page.screenshot(shot('login-wrong-password'));
});

test('login lands on ホーム, the current menu item; プランの進捗 is not offered to staff', async ({ page, host }) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();

  await expect(shell.heading).toHaveText('ホーム');
  await expect(shell.nav.getByRole('button', { name: 'ホーム', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(shell.nav.getByRole('button', { name: 'プランの進捗', exact: true })).not.toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('main')).not.toContainText('この機能はまだ実装されていません');
  await page.screenshot(shot('landing-home'));

  // Another section, then ホーム again from the menu.
  await shell.open('研修');
  await expect(shell.nav.getByRole('button', { name: 'ホーム', exact: true })).not.toHaveAttribute(
    'aria-current',
    'page',
  );
  await shell.open('ホーム');
  await expect(shell.nav.getByRole('button', { name: 'ホーム', exact: true })).toHaveAttribute('aria-current', 'page');

  // A member of staff lands on ホーム too, without the plan's progress in the menu.
  await shell.logout();
  await login.login('shokuin', host.password);
  await shell.expectShown();
  await expect(shell.heading).toHaveText('ホーム');
  await expect(shell.nav.getByRole('button', { name: 'ホーム', exact: true })).toHaveAttribute('aria-current', 'page');
  const labels = await shell.sectionLabels();
  expect(labels[0]).toBe('ホーム');
  expect(labels).not.toContain('プランの進捗');
  expect(labels).not.toContain('ダッシュボード');
});

test('a call refused for lack of a session returns to the login screen', async ({ page, host }) => {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  // The landing page has loaded its data: the call refused below is the menu's, not ホーム's.
  await expect(page.getByTestId('home-tasks')).toBeVisible();

  // The session ends behind the window's back (as after a restart of the app).
  const res = await fetch(`${host.origin}/api/${encodeURIComponent('auth:logout')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kaname-token': host.host.token },
    body: '{}',
  });
  expect(res.ok).toBe(true);

  await shell.nav.getByRole('button', { name: '設定', exact: true }).click();
  await login.expectShown();
  await expect(page.getByText('もう一度ログインしてください')).toBeVisible();
  await page.screenshot(shot('session-ended'));
});
