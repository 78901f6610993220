import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { ShellPage } from './shell-page';

/** 地域担当: coverage, who is unassigned, and the teams of each area. */
export class AreasPage {
  readonly coverage: Locator;
  readonly unassigned: Locator;
  readonly unassignedTable: Locator;
  readonly withoutAreaGoal: Locator;

  constructor(readonly page: Page) {
    this.coverage = page.getByTestId('areas-coverage');
    this.unassigned = page.getByRole('region', { name: /^未割当の職員/u });
    this.unassignedTable = page.getByRole('table', { name: /^未割当の職員/u });
    this.withoutAreaGoal = page.getByRole('region', { name: /^地域担当目標のない目標管理シート/u });
  }

  async open(): Promise<void> {
    await new ShellPage(this.page).open('地域担当');
    await expect(this.coverage).toBeVisible();
  }

  area(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  pairs(area: string): Locator {
    return this.page.getByRole('list', { name: `${area}のペア` }).getByRole('listitem');
  }
}
