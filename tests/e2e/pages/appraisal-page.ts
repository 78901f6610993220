import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export type AppraisalTab = '考課一覧' | '自分の人事考課' | '人事考課状況一覧' | '相対評価';

/** The 人事考課 section: the list, the appraisal form of every stage, the status table and the ranking. */
export class AppraisalPage {
  readonly main: Locator;
  readonly grid: Locator;
  readonly status: Locator;
  readonly person: Locator;
  readonly saveState: Locator;
  readonly submit: Locator;
  readonly submitError: Locator;
  readonly problems: Locator;
  readonly sentBack: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.grid = page.getByRole('grid', { name: '人事考課の一覧' });
    this.status = page.getByTestId('appraisal-status');
    this.person = page.getByTestId('appraisal-person');
    this.saveState = page.getByTestId('mbo-save-state');
    // The form's own button (the confirmation has one of the same name).
    this.submit = page.getByTestId('appraisal-submit').getByRole('button', { name: '提出する', exact: true });
    this.submitError = page.getByTestId('appraisal-submit-error');
    this.problems = page.getByTestId('appraisal-problems');
    this.sentBack = page.getByTestId('appraisal-sent-back');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('button', { name: '人事考課' })
      .click();
    await expect(this.main.getByRole('heading', { level: 1 })).toHaveText('人事考課');
  }

  async tab(name: AppraisalTab): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await expect(this.page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  async scrollTop(): Promise<void> {
    await this.main.evaluate((el) => el.scrollTo(0, 0));
  }

  region(name: string): Locator {
    return this.main.getByRole('region', { name, exact: true });
  }

  /** A list row by 職員番号. */
  row(staffNo: string): Locator {
    return this.grid.getByRole('row').filter({ hasText: staffNo });
  }

  /** Opens an appraisal from the 考課一覧. */
  async openFromList(staffNo: string): Promise<void> {
    await this.tab('考課一覧');
    await this.page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
    await this.row(staffNo).getByRole('gridcell').first().click();
    await expect(this.page.getByTestId('appraisal-detail')).toBeVisible();
    await expect(this.person).toHaveAttribute('data-staff-no', staffNo);
  }

  combobox(name: string): Locator {
    return this.main.getByRole('combobox', { name, exact: true });
  }

  /** Chooses an option of a MUI select by its accessible name. */
  async choose(name: string, option: string | RegExp): Promise<void> {
    await this.combobox(name).click();
    await this.page.getByRole('listbox').getByRole('option', { name: option }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  /** Rates a competency item for a stage (1次 / 2次 / 本人) with a value 1–5. */
  async rate(item: string, stage: '本人' | '1次' | '2次', value: number): Promise<void> {
    await this.choose(`${item}の${stage}評価`, new RegExp(`^${value}`, 'u'));
  }

  /** Sets a goal's level for a stage (1-based goal number). */
  async level(goal: number, stage: '1次' | '2次', level: string): Promise<void> {
    await this.choose(`目標${goal}の${stage}評語`, new RegExp(`^${level}`, 'u'));
  }

  reason(goal: number): Locator {
    return this.main.getByRole('textbox', { name: `目標${goal}の評語を既定と変える理由`, exact: true });
  }

  comment(label: string): Locator {
    return this.main.getByRole('textbox', { name: label, exact: true });
  }

  /**
   * 提出する, and the confirmation that says what happens and who can undo it (docs/cycle.md): checks
   * it names the status the form goes to, then confirms. For a form with problems, click `submit`.
   */
  async submitStage(to: string): Promise<void> {
    await this.submit.click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toContainText(`「${to}」になり`);
    await expect(dialog).toContainText('差し戻');
    await dialog.getByRole('button', { name: '提出する', exact: true }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** HR's 評価者に代わって提出する, confirmed in its dialog. */
  async submitOnBehalf(): Promise<void> {
    await this.page
      .getByTestId('appraisal-submit-on-behalf')
      .getByRole('button', { name: '評価者に代わって提出する' })
      .click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toContainText('監査ログには人事担当による代理提出として残ります');
    await dialog.getByRole('button', { name: '評価者に代わって提出する' }).click();
    await expect(dialog).toHaveCount(0);
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveState).toContainText(/保存済み（\d{2}:\d{2}）/u, { timeout: 10_000 });
  }

  async backToList(): Promise<void> {
    await this.page.getByRole('button', { name: '一覧に戻る' }).click();
    await expect(this.grid).toBeVisible();
  }
}
