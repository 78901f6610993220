import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { LoginPage } from './login-page';

/** The logged-in frame: app bar, navigation, status line. */
export class ShellPage {
  readonly nav: Locator;
  readonly fiscalYear: Locator;
  readonly userMenu: Locator;
  readonly statusBar: Locator;
  readonly officeName: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'メインメニュー' });
    this.fiscalYear = page.getByRole('combobox', { name: /年度/ });
    this.userMenu = page.getByRole('button', { name: /ユーザーメニュー/ });
    this.statusBar = page.getByTestId('status-bar');
    this.officeName = page.getByTestId('header-office-name');
    this.heading = page.getByRole('main').getByRole('heading', { level: 1 });
  }

  async expectShown(): Promise<void> {
    await expect(this.nav).toBeVisible();
    await expect(this.statusBar).toBeVisible();
  }

  /** The labels of the navigation items, in order. */
  async sectionLabels(): Promise<string[]> {
    return (await this.nav.getByRole('button').allInnerTexts()).map((t) => t.trim());
  }

  async open(section: string): Promise<void> {
    await this.nav.getByRole('button', { name: section, exact: true }).click();
    await expect(this.heading).toHaveText(section);
  }

  /** The fiscal years offered by the selector, as shown in its list. */
  async fiscalYearOptions(): Promise<string[]> {
    await this.fiscalYear.click();
    const options = this.page.getByRole('listbox').getByRole('option');
    await expect(options.first()).toBeVisible();
    const texts = await options.allInnerTexts();
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
    return texts.map((t) => t.trim());
  }

  async chooseFiscalYear(optionText: string): Promise<void> {
    await this.fiscalYear.click();
    await this.page.getByRole('option', { name: optionText, exact: true }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  async logout(): Promise<void> {
    await this.userMenu.click();
    await this.page.getByRole('menuitem', { name: 'ログアウト' }).click();
  }
}

/** Opens the app at the host's address and logs in; the shell is shown when it returns. */
export async function logInTo(page: Page, host: { url: string; password: string }, login: string): Promise<ShellPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login(login, host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  return shell;
}

/**
 * Closes the message at the bottom (the global Snackbar), so that it covers nothing in a
 * screenshot. A success message also closes by itself after five seconds: when it goes before the
 * click lands (a busy machine), that is the same outcome.
 */
export async function dismissNotice(page: Page): Promise<void> {
  // A modal dialog hides the rest of the page from the accessibility tree, the message included.
  const notice = page
    .getByRole('alert', { includeHidden: true })
    .filter({ has: page.getByRole('button', { includeHidden: true }) });
  if ((await notice.count()) === 0) return;
  await notice
    .getByRole('button', { includeHidden: true })
    .click({ timeout: 10_000 })
    .catch(() => undefined);
  await expect(notice).toHaveCount(0, { timeout: 15_000 });
}
