import type { Download, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { ShellPage } from './shell-page';

export type CountKey = 'total' | 'inserted' | 'updated' | 'unchanged' | 'errors';

/** 取込・出力 (HR): import with a preview, export templates and data, the import log. */
export class ImportPage {
  readonly commit: Locator;
  readonly problems: Locator;
  readonly changes: Locator;
  readonly log: Locator;
  readonly result: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.commit = page.getByRole('button', { name: '取り込む', exact: true });
    this.problems = page.getByRole('grid', { name: 'エラー一覧' });
    this.changes = page.getByRole('grid', { name: '変更される行' });
    this.log = page.getByRole('grid', { name: '取込履歴' });
    this.result = page.getByTestId('import-result');
    this.error = page.getByTestId('import-error');
  }

  async open(): Promise<void> {
    await new ShellPage(this.page).open('取込・出力');
    await expect(this.page.getByRole('button', { name: 'ファイルを選択' })).toBeVisible();
  }

  async chooseKind(label: '職員名簿' | '評価者' | '地域担当'): Promise<void> {
    await this.page.getByRole('radio', { name: label, exact: true }).check();
  }

  async downloadTemplate(label: string): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `${label}のテンプレートをダウンロード` }).click();
    return download;
  }

  async exportData(label: string): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `${label}の現在のデータを出力` }).click();
    return download;
  }

  /** Picks a file through the file chooser the button opens, as a user would, and waits for the preview. */
  async pick(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: 'ファイルを選択' }).click();
    await (await chooser).setFiles(file);
    await expect(this.page.getByRole('heading', { name: '取込前の確認' }).or(this.error)).toBeVisible();
  }

  count(key: CountKey): Locator {
    return this.page.getByTestId(`import-count-${key}`);
  }

  async expectCounts(counts: Partial<Record<CountKey, number>>): Promise<void> {
    for (const [key, n] of Object.entries(counts) as [CountKey, number][]) {
      await expect(this.count(key)).toHaveAttribute('aria-label', new RegExp(` ${n}件$`, 'u'));
    }
  }

  problemRows(): Locator {
    return this.problems.getByRole('row').filter({ has: this.page.getByRole('gridcell') });
  }
}
