import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { dismissNotice, ShellPage } from './pages/shell-page';

/*
 * プランの進捗 (docs/plan.md, docs/measures.md): HR sees the plan's targets as figures and charts,
 * records an 意見交換会 and watches the measure's figure change, and exports the KPI report; a
 * section head records only for their own 課; personnel reads.
 */

const laptop = { width: 1366, height: 768 };
const shot = (name: string) => ({ path: path.join(screensDir, `plan-${name}.png`), fullPage: true });

async function loginAs(page: Page, host: HostFixture, login: string): Promise<ShellPage> {
  await page.setViewportSize(laptop);
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login(login, host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  await shell.open('プランの進捗');
  return shell;
}

/** The whole section at 1366 wide: the main area scrolls by itself, so the window grows for the shot. */
async function fullShot(page: Page, name: string): Promise<void> {
  await dismissNotice(page);
  const height = await page.locator('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: laptop.width, height: Math.max(laptop.height, height + 140) });
  await page.screenshot(shot(name));
  await page.setViewportSize(laptop);
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByTestId('record-form').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

test('HR sees the targets with their tables, records an 意見交換会 and watches 3-(2) change, and exports the KPI report', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  const shell = await loginAs(page, host, 'admin');
  const fy = (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;
  const main = page.getByRole('main');

  // The headline target: the figure the core computed, with n / d.
  const dashboard = await hostApi(host, 'plan:dashboard', { fy });
  const headline = dashboard.years.find((y) => y.fy === fy)!.kpis.find((k) => k.id === 'meaningful_work')!;
  expect(headline.value).not.toBeNull();
  await expect(main.getByTestId('headline-kpi')).toBeVisible();
  await expect(main.getByTestId('headline-value')).toHaveText(`${headline.value!.toFixed(1).replace(/\.0$/u, '')}%`);
  await expect(main.getByTestId('headline-fraction')).toHaveText(`${headline.numerator} / ${headline.denominator}人`);
  await expect(main.getByTestId('headline-met')).toHaveText(headline.met ? '達成' : '未達');

  // The per-課 chart and its figures in a table, one row per 課.
  const bySection = main.getByTestId('chart-meaningful-sections');
  await expect(bySection.getByTestId('chart').locator('svg').first()).toBeVisible();
  const table = bySection.getByRole('table', { name: '課ごとの仕事に意義を感じる職員の割合（数値）' });
  await expect(table.getByRole('row')).toHaveCount(dashboard.meaningfulBySection.length + 1);
  const first = dashboard.meaningfulBySection[0]!;
  await expect(table.getByRole('row').nth(1).getByRole('rowheader')).toHaveText(first.label);
  // The trend over the years: one column per year.
  const trend = main.getByRole('table', { name: '目標の推移（割合）（数値）' });
  await expect(trend.getByRole('columnheader')).toHaveCount(dashboard.years.length + 1);
  await expect(trend.getByRole('rowheader', { name: headline.label })).toBeVisible();
  await page.screenshot({ path: path.join(screensDir, 'plan-dashboard-hr-top.png') });
  await fullShot(page, 'dashboard-hr');

  // The KPI report: a workbook download.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('button', { name: 'KPI報告書をExcelで出力' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/u);

  // 意見交換会 (3-(2)): a 課 that has not held one yet this year.
  let view = await hostApi(host, 'plan:measures', { fy });
  const meeting = view.measures.find((m) => m.code === '3-(2)')!;
  const missing = meeting.units.find((u) => !u.done);
  expect(missing, 'the demo leaves some 課 without an 意見交換会').toBeDefined();
  const before = `${meeting.doneUnits} / ${meeting.totalUnits}課 実施`;

  await main.getByRole('tab', { name: '取組みの実施状況' }).click();
  const row = main.getByTestId('measure-row').filter({ has: page.getByRole('cell', { name: '3-(2)', exact: true }) });
  await expect(row.getByTestId('measure-figure')).toHaveText(before);
  await expect(row.getByTestId('measure-met')).toHaveText(meeting.met ? '達成' : '未達');
  await row.getByRole('button', { name: /の詳細$/u }).click();
  await expect(main.getByTestId('units-not-yet')).toContainText(missing!.section!);
  await fullShot(page, 'measures-hr');

  await main.getByRole('button', { name: '実施記録を追加' }).click();
  const form = page.getByTestId('record-form');
  await choose(page, '取組み', `3-(2) ${meeting.title}`);
  await form.getByLabel('実施日').fill(`${fy}-10-15`);
  await choose(page, '実施した課', missing!.section!);
  await form.getByLabel('参加者数').fill('12');
  await form.getByLabel('内容・メモ（任意）').fill('上半期の進捗と課題を共有');
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form).toHaveCount(0);

  const after = `${meeting.doneUnits + 1} / ${meeting.totalUnits}課 実施`;
  await expect(row.getByTestId('measure-figure')).toHaveText(after);
  const metNow = meeting.doneUnits + 1 === meeting.totalUnits;
  await expect(row.getByTestId('measure-met')).toHaveText(metNow ? '達成' : '未達');
  view = await hostApi(host, 'plan:measures', { fy });
  const saved = view.records.find((r) => r.measureId === meeting.id && r.section === missing!.section);
  expect(saved?.participants).toBe(12);
  await expect(main.getByTestId('units-done')).toContainText(missing!.section!);

  // The record is listed on the 実施記録 tab, and a date outside the year is refused at the field.
  await main.getByRole('tab', { name: '実施記録' }).click();
  await expect(main.getByTestId('record-row').filter({ hasText: '上半期の進捗と課題を共有' })).toHaveCount(1);
  await main.getByRole('button', { name: '実施記録を追加' }).click();
  await choose(page, '取組み', `3-(2) ${meeting.title}`);
  await form.getByLabel('実施日').fill(`${fy - 1}-10-15`);
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form.getByText(/の日付にしてください/u)).toBeVisible();
  await form.getByRole('button', { name: 'キャンセル' }).click();
  await fullShot(page, 'records-hr');

  // 取組みを追加: what is missing is said at its field, and a code already in use is refused.
  await main.getByRole('button', { name: '取組みを追加' }).click();
  const measureForm = page.getByTestId('measure-form');
  await measureForm.getByRole('textbox', { name: '番号', exact: true }).fill('3-(2)');
  await measureForm.getByRole('button', { name: '追加' }).click();
  await expect(measureForm.getByText('取組み名を入力してください')).toBeVisible();
  await expect(measureForm.getByText('柱の番号を1〜99の整数で入力してください')).toBeVisible();
  await expect(measureForm.getByText('番号「3-(2)」はほかの取組みで使われています')).toBeVisible();
  await measureForm.getByRole('button', { name: 'キャンセル' }).click();
  await expect(measureForm).toHaveCount(0);
  await expect(shell.heading).toHaveText('プランの進捗');
});

test('a 課長 records only for their own 課 and has no 目標と実績 tab', async ({ page, host }) => {
  test.setTimeout(120_000);
  await loginAs(page, host, 'kacho');
  const fy = (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;
  const view = await hostApi(host, 'plan:measures', { fy });
  expect(view.recordScope.kind).toBe('section');
  const own = view.recordScope.kind === 'section' ? view.recordScope.section : '';
  const main = page.getByRole('main');

  await expect(main.getByRole('tab', { name: '目標と実績' })).toHaveCount(0);
  await expect(main.getByRole('tab', { name: '取組みの実施状況' })).toHaveAttribute('aria-selected', 'true');
  await expect(main.getByTestId('record-scope')).toHaveText(`実施記録は${own}の分を入力・修正できます。`);
  await expect(main.getByRole('button', { name: '取組みを追加' })).toHaveCount(0);

  await main.getByRole('button', { name: '実施記録を追加' }).click();
  const form = page.getByTestId('record-form');
  const section = form.getByRole('combobox', { name: '実施した課', exact: true });
  await expect(section).toHaveText(own);
  await expect(section).toHaveAttribute('aria-disabled', 'true');
  // Only records-tracked measures that apply are offered (KPI-tracked ones like 接遇研修 are not).
  await form.getByRole('combobox', { name: '取組み', exact: true }).click();
  await expect(page.getByRole('option', { name: /^3-\(2\) / })).toBeVisible();
  await expect(page.getByRole('option', { name: /^2-\(1\) / })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await fullShot(page, 'record-dialog-kacho');
  await form.getByRole('button', { name: 'キャンセル' }).click();

  // The dashboard itself is not theirs (the core refuses too).
  await expect(hostApi(host, 'plan:dashboard', { fy })).rejects.toThrow();
});

test('personnel reads the targets and the measures without changing anything', async ({ page, host }) => {
  test.setTimeout(120_000);
  await loginAs(page, host, 'jinji');
  const main = page.getByRole('main');
  await expect(main.getByRole('tab', { name: '目標と実績' })).toHaveAttribute('aria-selected', 'true');
  await expect(main.getByTestId('headline-kpi')).toBeVisible();
  await expect(main.getByRole('button', { name: 'KPI報告書をExcelで出力' })).toBeVisible();
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('button', { name: 'PDFで出力' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/u);
  await main.getByRole('tab', { name: '取組みの実施状況' }).click();
  await expect(main.getByTestId('record-scope')).toHaveText('閲覧のみできます。');
  await expect(main.getByTestId('measure-row').first()).toBeVisible();
  await expect(main.getByRole('button', { name: '実施記録を追加' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: '取組みを追加' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /を編集$/u })).toHaveCount(0);
  await fullShot(page, 'measures-jinji');
});
