import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** The login screen (and the demo office's list of logins beside it). */
export class LoginPage {
  readonly heading: Locator;
  readonly loginId: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly officeName: Locator;
  readonly demoPanel: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'ログイン', exact: true });
    this.loginId = page.getByLabel('ログインID', { exact: true });
    this.password = page.getByLabel('パスワード', { exact: true });
    this.submit = page.getByRole('button', { name: 'ログイン', exact: true });
    this.error = page.getByTestId('login-error');
    this.officeName = page.getByTestId('office-name');
    this.demoPanel = page.getByRole('region', { name: 'デモ事業所のログイン' });
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  /** Types the credentials and submits with Enter, as a keyboard user would. */
  async login(login: string, password: string): Promise<void> {
    await this.loginId.fill(login);
    await this.password.fill(password);
    await this.password.press('Enter');
  }

  /**
   * The first login of an account HR created with a temporary password: the app asks for a new
   * password before anything else; `next` is set and the shell opens.
   */
  async loginFirstTime(login: string, temporary: string, next: string): Promise<void> {
    await this.login(login, temporary);
    const dialog = this.page.getByRole('dialog', { name: 'パスワードの変更が必要です' });
    await dialog.getByLabel('現在のパスワード', { exact: true }).fill(temporary);
    await dialog.getByLabel('新しいパスワード', { exact: true }).fill(next);
    await dialog.getByLabel('新しいパスワード（確認）', { exact: true }).fill(next);
    await dialog.getByRole('button', { name: '変更する' }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** The demo panel's click-to-fill button for one login. */
  async pickDemo(login: string): Promise<void> {
    await this.demoPanel.getByRole('button', { name: `${login} を入力` }).click();
  }
}
