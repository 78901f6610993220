import type { Download, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** 評価者用の記入用ブックに記入: the evaluator's screen, reached before login (first start or login screen). */
export class FillPage {
  readonly header: Locator;
  readonly summary: Locator;
  readonly formProblems: Locator;
  readonly savedState: Locator;
  readonly forms: Locator;

  constructor(private readonly page: Page) {
    this.header = page.getByTestId('fill-header');
    this.summary = page.getByTestId('fill-summary');
    this.formProblems = page.getByTestId('fill-form-problems');
    this.savedState = page.getByTestId('fill-saved-state');
    this.forms = page.getByRole('list', { name: '記入する様式' });
  }

  /** Opens a workbook through the file chooser, as a user would, and waits for its forms. */
  async open(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: '記入用ブックを選ぶ' }).click();
    await (await chooser).setFiles(file);
    await expect(this.header).toBeVisible();
  }

  async select(staffNo: string): Promise<void> {
    await this.forms.getByRole('button', { name: new RegExp(`（${staffNo}）`, 'u') }).click();
  }

  form(staffNo: string): Locator {
    return this.page.getByRole('group', { name: new RegExp(`（${staffNo}）の人事考課票`, 'u') });
  }

  async choose(label: string, option: string | RegExp): Promise<void> {
    await this.page.getByRole('combobox', { name: label, exact: true }).click();
    await this.page.getByRole('listbox').getByRole('option', { name: option }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  text(label: string): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  /** Saves the workbook; resolves with the download. */
  async save(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: '記入したブックを保存' }).click();
    const file = await download;
    await expect(this.savedState).toHaveText('保存済み');
    return file;
  }
}
