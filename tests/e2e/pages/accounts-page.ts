import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { ShellPage } from './shell-page';

export type NewAccount = {
  login: string;
  displayName: string;
  /** As shown in the role list, e.g. 評価者. */
  roleLabel: string;
  password: string;
  /** Typed into the staff search; the first match is linked. */
  staffQuery?: string;
};

/** 設定 → アカウント (HR only). */
export class AccountsPage {
  readonly grid: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'アカウント一覧' });
    this.dialog = page.getByRole('dialog');
  }

  async open(): Promise<void> {
    await new ShellPage(this.page).open('設定');
    await this.page.getByRole('tab', { name: 'アカウント', exact: true }).click();
    await expect(this.grid).toBeVisible();
  }

  row(login: string): Locator {
    return this.grid.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name: login, exact: true }) });
  }

  async create(account: NewAccount): Promise<void> {
    await this.page.getByRole('button', { name: '新規作成' }).click();
    const d = this.dialog;
    await expect(d.getByRole('heading', { name: 'アカウントの新規作成' })).toBeVisible();
    await d.getByLabel('ログインID', { exact: true }).fill(account.login);
    await d.getByLabel('氏名', { exact: true }).fill(account.displayName);
    await d.getByRole('combobox', { name: '役割' }).click();
    await this.page.getByRole('option', { name: account.roleLabel, exact: true }).click();
    if (account.staffQuery) {
      await d.getByLabel('職員（任意）').fill(account.staffQuery);
      await this.page.getByRole('option').first().click();
    }
    await d.getByLabel('初期パスワード', { exact: true }).fill(account.password);
    await d.getByLabel('初期パスワード（確認）', { exact: true }).fill(account.password);
    await d.getByRole('button', { name: '作成', exact: true }).click();
    await expect(d).toBeHidden();
  }
}
