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

  /** Exports an evaluator's 記入用ブック (人事考課票) from the panel, the evaluator picked by 職員番号. */
  async exportEvaluatorWorkbook(evaluatorNo: string): Promise<Download> {
    const picker = this.page.getByRole('combobox', { name: '評価者' });
    await picker.fill(evaluatorNo);
    await this.page.getByRole('option', { name: new RegExp(`^${evaluatorNo} `, 'u') }).click();
    await expect(picker).toHaveValue(new RegExp(`^${evaluatorNo} `, 'u'));
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: '評価者用の記入用ブックを出力' }).click();
    return download;
  }

  /** Imports a filled evaluator's workbook: its preview (no errors), then 取り込む. */
  async importEvaluatorWorkbook(file: string): Promise<void> {
    await this.page.getByRole('radio', { name: '人事考課票（評価者ブック）', exact: true }).check();
    await this.pick(file);
    await this.expectCounts({ errors: 0 });
    await expect(this.commit).toBeEnabled();
    await this.commit.click();
    await expect(this.result).toContainText('取り込みました');
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
