import type { Locator, Page } from '@playwright/test';

/**
 * The screens the city walk visits (docs/city-scale.md), in order, as HR (admin) sees them: every
 * section of renderer/src/sections.ts and its tabs. To add a screen, add a line: `section` is the
 * navigation button, `tab` a tab inside it, `pick` a further click (a ranking population), `ready`
 * an optional locator that marks the screen's content. The walk always also waits for the screen's
 * API calls to finish and its loading spinners to go.
 *
 * The measured click is the last one of a line: the section's button when there is no tab, else the
 * tab (the section is opened first, unmeasured, when the previous line was in another section).
 */
export type WalkScreen = {
  name: string;
  section: string;
  tab?: string;
  pick?: (page: Page) => Locator;
  ready?: (page: Page) => Locator;
};

const heading = (page: Page): Locator => page.getByRole('main').getByRole('heading', { level: 1 });

export const walkScreens: WalkScreen[] = [
  { name: 'ホーム', section: 'ホーム', ready: heading },
  { name: 'プランの進捗', section: 'プランの進捗', ready: heading },
  { name: 'プランの進捗 取組みの実施状況', section: 'プランの進捗', tab: '取組みの実施状況' },
  { name: 'プランの進捗 実施記録', section: 'プランの進捗', tab: '実施記録' },
  { name: '職員', section: '職員', ready: (p) => p.getByRole('main').getByRole('row').nth(1) },
  { name: '地域担当', section: '地域担当', ready: heading },
  { name: '自己申告 自分の自己申告書', section: '自己申告', tab: '自分の自己申告書' },
  { name: '自己申告 担当職員の自己申告', section: '自己申告', tab: '担当職員の自己申告' },
  { name: '自己申告 提出状況', section: '自己申告', tab: '提出状況' },
  { name: '目標管理 自分のシート', section: '目標管理', tab: '自分の目標管理シート' },
  { name: '目標管理 担当職員のシート', section: '目標管理', tab: '担当職員のシート' },
  { name: '目標管理 進捗状況', section: '目標管理', tab: '進捗状況' },
  { name: '人事考課 考課一覧', section: '人事考課', tab: '考課一覧' },
  { name: '人事考課 自分の人事考課', section: '人事考課', tab: '自分の人事考課' },
  { name: '人事考課 状況一覧', section: '人事考課', tab: '人事考課状況一覧' },
  { name: '人事考課 相対評価', section: '人事考課', tab: '相対評価' },
  {
    name: '相対評価 係員級',
    section: '人事考課',
    // The ward ranks its 係員級 per 課 (its first section's population is taken); the city office-wide.
    pick: (p) =>
      p
        .getByRole('main')
        .getByRole('button', { name: /^(係員級|.*係員級)/u })
        .first(),
  },
  { name: '表彰', section: '表彰', ready: heading },
  { name: '研修', section: '研修', ready: heading },
  { name: '庁内公募', section: '庁内公募', ready: heading },
  { name: '人事配置', section: '人事配置', ready: heading },
  { name: '取込・出力', section: '取込・出力', ready: heading },
  { name: '設定 アカウント', section: '設定', tab: 'アカウント' },
  { name: '設定 監査ログ', section: '設定', tab: '監査ログ' },
  { name: '設定 整合性・バックアップ', section: '設定', tab: '整合性・バックアップ' },
  { name: '設定 人事考課の設定', section: '設定', tab: '人事考課の設定' },
];
