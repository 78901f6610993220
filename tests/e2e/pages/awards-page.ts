import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export type AwardInput = {
  title: string;
  category: string;
  awardedOn: string;
  groupName?: string;
  nominator?: string;
  /** Text typed to find each recipient (職員番号 works best). */
  recipients: string[];
};

/** The 表彰 section: the year's awards, HR's register / decide / revoke dialogs. */
export class AwardsPage {
  readonly main: Locator;
  readonly table: Locator;
  readonly rule: Locator;
  readonly form: Locator;
  readonly decideForm: Locator;
  readonly revokeForm: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.table = page.getByRole('table', { name: '表彰の一覧' });
    this.rule = page.getByTestId('award-rule');
    this.form = page.getByTestId('award-form');
    this.decideForm = page.getByTestId('award-decide');
    this.revokeForm = page.getByTestId('award-revoke');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('button', { name: '表彰', exact: true })
      .click();
    await expect(this.main.getByRole('heading', { level: 1 })).toHaveText('表彰');
    await expect(this.table).toBeVisible();
  }

  /** The row of an award, by its title. */
  row(title: string): Locator {
    return this.table.getByTestId('award-row').filter({ hasText: title });
  }

  async filter(label: '区分' | '状態', option: string): Promise<void> {
    await this.main.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  async startRegister(): Promise<void> {
    await this.main.getByRole('button', { name: '表彰を登録' }).click();
    await expect(this.form).toBeVisible();
  }

  /** Fills the register dialog (does not submit). */
  async fill(a: AwardInput): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '表彰名' }).fill(a.title);
    await dialog.getByRole('combobox', { name: '区分' }).click();
    await this.page.getByRole('option', { name: a.category, exact: true }).click();
    await dialog.getByLabel('授与日').fill(a.awardedOn);
    if (a.groupName !== undefined) await dialog.getByRole('textbox', { name: 'グループ名（任意）' }).fill(a.groupName);
    if (a.nominator !== undefined) await dialog.getByRole('textbox', { name: '推薦者（任意）' }).fill(a.nominator);
    const picker = dialog.getByRole('combobox', { name: '受賞者' });
    for (const who of a.recipients) {
      await picker.fill(who);
      const option = this.page.getByRole('option').filter({ hasText: who }).first();
      await expect(option).toBeVisible();
      // Keyboard only: the first match is highlighted with ArrowDown and chosen with Enter.
      await picker.press('ArrowDown');
      await picker.press('Enter');
      await expect(dialog.getByRole('button', { name: new RegExp(who, 'u') })).toBeVisible();
    }
    // Tab leaves the field and closes its list (Escape would also close the dialog).
    await picker.press('Tab');
  }

  async submitForm(): Promise<void> {
    await this.form.getByRole('button', { name: /^(登録|保存)$/u }).click();
  }

  /** Opens the row's 操作 menu and chooses an item (keyboard: the menu takes the arrows and Enter). */
  async action(title: string, item: '決定を記録' | '編集' | '取り消す'): Promise<void> {
    await this.row(title)
      .getByRole('button', { name: `「${title}」の操作` })
      .click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
    await expect(this.page.getByRole('menu')).toHaveCount(0);
  }

  async decide(title: string, decidedOn: string): Promise<void> {
    await this.action(title, '決定を記録');
    await expect(this.decideForm).toBeVisible();
    await this.decideForm.getByLabel('決定日').fill(decidedOn);
    await this.decideForm.getByRole('button', { name: '決定を記録' }).click();
    await expect(this.decideForm).toHaveCount(0);
  }

  async startRevoke(title: string): Promise<void> {
    await this.action(title, '取り消す');
    await expect(this.revokeForm).toBeVisible();
  }
}
