import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** The 自己申告 section: own report (autosaved), others' reports, and HR's progress board. */
export class SelfReportPage {
  readonly main: Locator;
  readonly saveState: Locator;
  readonly status: Locator;
  readonly person: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.saveState = page.getByTestId('self-report-save-state');
    this.status = page.getByTestId('self-report-status');
    this.person = page.getByTestId('self-report-person');
    // The form's own button: the confirmation's 提出する is outside main.
    this.submit = this.main.getByRole('button', { name: '提出する', exact: true });
  }

  async open(): Promise<void> {
    await page(this)
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('button', { name: '自己申告' })
      .click();
    await expect(this.main.getByRole('heading', { level: 1 })).toHaveText('自己申告');
  }

  async tab(name: '自分の自己申告書' | '担当職員の自己申告' | '提出状況'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await expect(this.page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  /** Scrolls the section back to its top, e.g. before a screenshot. */
  async scrollTop(): Promise<void> {
    await this.main.evaluate((el) => el.scrollTo(0, 0));
  }

  field(label: string): Locator {
    return this.main.getByRole('textbox', { name: label, exact: true });
  }

  async choose(group: string, option: string): Promise<void> {
    await this.main.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true }).check();
  }

  /** The confirmation 提出する asks (what happens, who can undo it). */
  get confirmation(): Locator {
    return this.page.getByRole('dialog', { name: '自己申告書を提出しますか？' });
  }

  /**
   * 提出する, then 提出する again in the confirmation (docs/self-report.md). Use `submit.click()` to
   * meet the confirmation or the list of problems yourself.
   */
  async submitAndConfirm(): Promise<void> {
    await expect(this.confirmation).toHaveCount(0);
    await this.submit.click();
    await expect(this.confirmation).toBeVisible();
    await this.confirmation.getByRole('button', { name: '提出する', exact: true }).click();
    await expect(this.confirmation).toHaveCount(0);
  }

  /** The list of what still stops submission (each line a link to its field). */
  get problems(): Locator {
    return this.page.getByTestId('self-report-problems');
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveState).toContainText(/保存済み（\d{2}:\d{2}）/u, { timeout: 10_000 });
  }

  async staffNo(): Promise<string> {
    const no = await this.person.first().getAttribute('data-staff-no');
    if (!no) throw new Error('the report shows no 職員番号');
    return no;
  }

  /** Opens another person's report from 「担当職員の自己申告」's list (a grid paged on the server). */
  async openOther(staffNo: string): Promise<void> {
    await this.tab('担当職員の自己申告');
    await this.page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
    await this.page
      .getByRole('grid', { name: '担当職員の自己申告書' })
      .getByRole('row')
      .filter({ has: this.page.getByRole('gridcell', { name: staffNo, exact: true }) })
      .getByRole('gridcell')
      .first()
      .click();
    await expect(this.page.getByTestId('self-report-other')).toBeVisible();
    await expect(this.person).toHaveAttribute('data-staff-no', staffNo);
  }
}

function page(p: SelfReportPage): Page {
  return p.page;
}
