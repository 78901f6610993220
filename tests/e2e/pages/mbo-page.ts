import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export type GoalInput = {
  category: string;
  title: string;
  content: string;
  standard: string;
  weight: number;
  priority?: string;
};

/** The 目標管理 section: one's own MBO sheet (autosaved), the sheets one evaluates, HR's progress board. */
export class MboPage {
  readonly main: Locator;
  readonly saveState: Locator;
  readonly status: Locator;
  readonly person: Locator;
  readonly weightTotal: Locator;
  readonly sheetIssues: Locator;
  readonly submitError: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.saveState = page.getByTestId('mbo-save-state');
    this.status = page.getByTestId('mbo-status');
    this.person = page.getByTestId('mbo-person');
    this.weightTotal = page.getByTestId('mbo-weight-total');
    this.sheetIssues = page.getByTestId('mbo-sheet-issues');
    this.submitError = page.getByTestId('mbo-submit-error');
    this.submit = page.getByRole('button', { name: '提出する', exact: true });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('button', { name: '目標管理' })
      .click();
    await expect(this.main.getByRole('heading', { level: 1 })).toHaveText('目標管理');
  }

  async tab(name: '自分の目標管理シート' | '担当職員のシート' | '進捗状況'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await expect(this.page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  async scrollTop(): Promise<void> {
    await this.main.evaluate((el) => el.scrollTo(0, 0));
  }

  /** A goal card on the sheet, 1-based as the screen numbers them. */
  goal(n: number): Locator {
    return this.main.getByRole('region', { name: `目標${n}`, exact: true });
  }

  region(name: string): Locator {
    return this.main.getByRole('region', { name, exact: true });
  }

  text(scope: Locator, label: string): Locator {
    return scope.getByRole('textbox', { name: label, exact: true });
  }

  number(scope: Locator, label: string): Locator {
    return scope.getByRole('spinbutton', { name: label, exact: true });
  }

  /** Chooses an option of a MUI select (its accessible name starts with the label). */
  async select(scope: Locator, label: string, option: string | RegExp): Promise<void> {
    await scope.getByRole('combobox', { name: new RegExp(`^${label}`, 'u') }).click();
    await this.page.getByRole('listbox').getByRole('option', { name: option }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  async addGoal(n: number, g: GoalInput): Promise<void> {
    await this.page.getByRole('button', { name: '目標を追加', exact: true }).click();
    const card = this.goal(n);
    await expect(card).toBeVisible();
    await this.select(card, '区分', g.category);
    await this.text(card, '目標（タイトル）').fill(g.title);
    await this.text(card, '内容').fill(g.content);
    await this.text(card, '達成基準').fill(g.standard);
    if (g.priority) await this.select(card, '区の重点施策', g.priority);
    await this.number(card, 'ウェイト').fill(String(g.weight));
  }

  /** A confirmation dialog (ConfirmDialog) by its title. */
  dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  /** 提出する, then the dialog that says what happens and who can undo it. */
  async submitGoals(): Promise<void> {
    await this.submit.click();
    const asked = this.dialog('目標を提出');
    await expect(asked).toContainText('提出すると、目標は編集できなくなります');
    await expect(asked).toContainText('差し戻してもらうと、もう一度編集して提出できます');
    await asked.getByRole('button', { name: '提出する' }).click();
    await expect(asked).toHaveCount(0);
  }

  /** 承認する in the 1次's review block, then the dialog. */
  async approve(): Promise<void> {
    await this.region('目標の承認（1次評価者）').getByRole('button', { name: '承認する' }).click();
    const asked = this.dialog('目標を承認');
    await expect(asked).toContainText('承認を取り消すことはできません');
    await asked.getByRole('button', { name: '承認する' }).click();
    await expect(asked).toHaveCount(0);
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveState).toContainText(/保存済み（\d{2}:\d{2}）/u, { timeout: 10_000 });
  }

  async staffNo(): Promise<string> {
    const no = await this.person.first().getAttribute('data-staff-no');
    if (!no) throw new Error('the sheet shows no 職員番号');
    return no;
  }

  /** Opens another person's sheet from the 担当職員のシート list. */
  async openOther(staffNo: string): Promise<void> {
    await this.tab('担当職員のシート');
    await this.page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
    const grid = this.page.getByRole('grid', { name: '担当職員の目標管理シート' });
    await grid.getByRole('row').filter({ hasText: staffNo }).getByRole('gridcell').first().click();
    await expect(this.page.getByTestId('mbo-other')).toBeVisible();
    await expect(this.person).toHaveAttribute('data-staff-no', staffNo);
  }
}
