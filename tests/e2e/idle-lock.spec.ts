import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import { LoginPage } from './pages/login-page';
import { SelfReportPage } from './pages/self-report-page';
import { ShellPage } from './pages/shell-page';

/*
 * The screen lock and the browser host's tab binding (docs/idle-lock.md). The page's clock is
 * Playwright's (page.clock): the idle time passes in the screen without waiting for it.
 */

const shot = (name: string) => ({ path: path.join(screensDir, `idle-lock-${name}.png`) });

/** Console errors and failed requests of the page, to show that a load logs nothing. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

async function login(page: Page, url: string, who: string, password: string): Promise<ShellPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(who, password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  return shell;
}

/** selfReport:get called by the page itself, with its tab's secrets: what the core answers the tab. */
async function selfReportFromPage(page: Page): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return page.evaluate(async () => {
    const res = await fetch('/api/selfReport:get', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kaname-token': sessionStorage.getItem('kaname.hostToken') ?? '',
        'x-kaname-tab': sessionStorage.getItem('kaname.tabSecret') ?? '',
      },
      body: '{}',
    });
    return (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
  });
}

test('after 15 idle minutes the screen locks over the form, and the same password brings the draft back', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const problems = watchProblems(page);
  await page.clock.install();
  await login(page, host.url, 'shokuin', host.password);
  const sr = new SelfReportPage(page);
  await sr.open();
  const draft = '窓口業務の引き継ぎ資料を作成中（ロックの前に書いた文）';
  await sr.field('現在の担当業務').fill(draft);

  await page.clock.fastForward('14:00');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toHaveCount(0);
  await page.clock.fastForward('01:10');
  await expect(lock).toBeVisible();
  await expect(lock.getByRole('heading', { name: '画面をロックしました' })).toBeVisible();
  await expect(lock).toContainText('15分間操作がなかったため');
  // Nothing of the form shows through, and the core refuses its calls (the lock is not only drawn).
  await expect(sr.field('現在の担当業務')).not.toBeVisible();
  const refused = await selfReportFromPage(page);
  expect(refused).toMatchObject({ ok: false, error: { message: /画面がロックされています/u } });
  await page.screenshot(shot('locked'));

  const password = lock.getByLabel('パスワード', { exact: true });
  await password.fill('not-the-password');
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toContainText('パスワードが正しくありません。');
  await page.screenshot(shot('wrong-password'));

  await password.fill(host.password);
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toHaveCount(0);
  await expect(sr.field('現在の担当業務')).toHaveValue(draft);
  await page.screenshot(shot('unlocked'));

  // The page loaded without a CSP error (frame-ancestors in a meta) and without a 404 (favicon).
  expect(problems.filter((p) => /frame-ancestors|favicon|404/u.test(p))).toEqual([]);
});

test('HR sets the idle time in 設定 → 整合性・バックアップ; ログアウト on the lock screen leaves for the next person', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.clock.install();
  const shell = await login(page, host.url, 'admin', host.password);
  await shell.open('設定');
  await page.getByRole('tab', { name: '整合性・バックアップ' }).click();
  const section = page.getByRole('region', { name: '画面のロック' });
  const minutes = section.getByLabel('ロックまでの時間（分）');
  await expect(minutes).toHaveValue('15');
  await minutes.fill('0');
  await section.getByRole('button', { name: '保存' }).click();
  await expect(section).toContainText('1〜120分で入力してください');
  await minutes.fill('1');
  await section.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('画面のロックを1分に設定しました')).toBeVisible();
  await page.screenshot(shot('setting'));

  await page.clock.fastForward('01:10');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toContainText('1分間操作がなかったため');
  await lock.getByRole('button', { name: 'ログアウト' }).click();
  await new LoginPage(page).expectShown();
});

test('a second tab opening the address finds no session; the first tab then returns to login', async ({
  page,
  host,
  context,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = await login(page, host.url, 'admin', host.password);
  await expect(page.getByTestId('home-tasks')).toBeVisible();

  // Whoever opens the address next (from history, with the start's token) sees the login screen.
  const other = await context.newPage();
  await other.setViewportSize({ width: 1366, height: 768 });
  await new LoginPage(other).goto(host.url);
  await other.screenshot(shot('second-tab'));
  await other.close();

  // The first tab's session was ended with it: its next call goes back to login.
  await shell.nav.getByRole('button', { name: '設定', exact: true }).click();
  await new LoginPage(page).expectShown();
  await expect(page.getByText('もう一度ログインしてください')).toBeVisible();
});

test('a reload keeps the tab its session; a locked page reloaded stays locked', async ({ page, host }) => {
  await page.clock.install();
  const shell = await login(page, host.url, 'kakaricho', host.password);
  await page.reload();
  await shell.expectShown();
  await page.clock.fastForward('15:10');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('lock-screen')).toContainText('kakaricho');
});

test('画面をロック in the user menu (and Ctrl+Shift+L) locks at once over the draft; the audit log names it', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = await login(page, host.url, 'shokuin', host.password);
  const sr = new SelfReportPage(page);
  await sr.open();
  const draft = '画面をロックする前に書いた下書き';
  await sr.field('現在の担当業務').fill(draft);

  await shell.userMenu.click();
  const item = page.getByRole('menuitem', { name: /画面をロック/u });
  await expect(item).toContainText('Ctrl+Shift+L');
  await page.screenshot(shot('menu'));
  await item.click();
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(lock.getByRole('heading', { name: '画面をロックしました' })).toBeVisible();
  await expect(lock).toContainText('入力中の内容はそのまま残っています。');
  await expect(lock).not.toContainText('分間操作がなかったため');
  // The core holds the lock, with its own code: the screen and scripts tell it from FORBIDDEN.
  const refused = await selfReportFromPage(page);
  expect(refused).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'LOCKED' }) }));
  await page.screenshot(shot('manual'));

  await lock.getByLabel('パスワード', { exact: true }).fill(host.password);
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toHaveCount(0);
  await expect(sr.field('現在の担当業務')).toHaveValue(draft);

  // The shortcut, from inside the form.
  await sr.field('現在の担当業務').press('Control+Shift+L');
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: 'ログアウト' }).click();

  await new LoginPage(page).login('admin', host.password);
  await shell.open('設定');
  await page.getByRole('tab', { name: '監査ログ' }).click();
  await expect(page.getByText('本人がロック').first()).toBeVisible();
  await page.screenshot(shot('audit'));
});
