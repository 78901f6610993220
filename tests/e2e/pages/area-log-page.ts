import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** 地域カルテ: the full-screen log of one area's patrols and study sessions. */
export class AreaLogPage {
  readonly dialog: Locator;
  readonly patrols: Locator;
  readonly studies: Locator;
  readonly patrolForm: Locator;
  readonly studyForm: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^地域カルテ/u });
    this.patrols = this.dialog.getByRole('table', { name: /^巡回記録/u });
    this.studies = this.dialog.getByRole('table', { name: /^勉強会/u });
    this.patrolForm = this.dialog.getByRole('form', { name: '巡回記録を追加' });
    this.studyForm = this.dialog.getByRole('form', { name: '勉強会を追加' });
  }

  /** Opens the log from an area card on the 地域担当 screen. */
  async openFrom(card: Locator): Promise<void> {
    await card.getByRole('button', { name: '地域カルテ' }).click();
    await expect(this.dialog).toBeVisible();
    await expect(this.patrols).toBeVisible();
  }

  async addPatrol(p: { onDate: string; pair: string[]; notes: string; findings: string }): Promise<void> {
    const f = this.patrolForm;
    await f.getByLabel('日付').fill(p.onDate);
    for (const name of p.pair) await f.getByRole('checkbox', { name }).check();
    await f.getByRole('textbox', { name: '内容' }).fill(p.notes);
    await f.getByRole('textbox', { name: '気づいたこと' }).fill(p.findings);
    await f.getByRole('button', { name: '記録する' }).click();
  }

  async addStudy(s: { onDate: string; topic: string; notes: string }): Promise<void> {
    const f = this.studyForm;
    await f.getByLabel('日付').fill(s.onDate);
    await f.getByRole('textbox', { name: 'テーマ' }).fill(s.topic);
    await f.getByRole('textbox', { name: '内容' }).fill(s.notes);
    await f.getByRole('button', { name: '記録する' }).click();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: '閉じる' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
