import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { ShellPage } from './shell-page';

/** 職員: the searchable staff grid. */
export class StaffListPage {
  readonly grid: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly section: Locator;
  readonly gradeGroup: Locator;
  readonly active: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: '職員一覧' });
    this.search = page.getByRole('searchbox', { name: '検索' });
    this.count = page.getByTestId('staff-count');
    this.section = page.getByRole('combobox', { name: '所属' });
    this.gradeGroup = page.getByRole('combobox', { name: '職層' });
    this.active = page.getByRole('combobox', { name: '在職' });
  }

  async open(): Promise<void> {
    await new ShellPage(this.page).open('職員');
    await expect(this.grid).toBeVisible();
    await expect(this.count).toHaveText(/\d+人/u);
  }

  /** Data rows (not the header row). */
  rows(): Locator {
    return this.grid.getByRole('row').filter({ has: this.page.getByRole('gridcell') });
  }

  row(staffNo: string): Locator {
    return this.grid
      .getByRole('row')
      .filter({ has: this.page.locator(`[data-field="staffNo"]`, { hasText: new RegExp(`^${staffNo}$`, 'u') }) });
  }

  /** Types into the search box; the list follows once typing pauses. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  async choose(select: Locator, option: string): Promise<void> {
    await select.click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** Opens a staff member's page from the list. */
  async openStaff(staffNo: string): Promise<void> {
    await this.row(staffNo).click();
    await expect(this.page.getByRole('button', { name: '職員一覧に戻る' })).toBeVisible();
  }
}

/** One staff member's page: profile, transfers, evaluators and area team of the year. */
export class StaffDetailPage {
  readonly heading: Locator;
  readonly back: Locator;
  readonly profile: Locator;
  readonly transfers: Locator;
  readonly evaluators: Locator;
  readonly area: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.back = page.getByRole('button', { name: '職員一覧に戻る' });
    this.profile = main.getByRole('region', { name: '基本情報' });
    this.transfers = main.getByRole('region', { name: '異動履歴' });
    this.evaluators = main.getByRole('region', { name: /^評価者/u });
    this.area = main.getByRole('region', { name: /^地域担当/u });
  }
}
