import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { AwardsPage } from './pages/awards-page';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `awards-${name}.png`), fullPage: true });

test('HR registers an award for a 係員, records the decision, and revokes another with a reason', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  await new ShellPage(page).expectShown();

  const fy = (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;
  const holders = new Set(
    (await hostApi(host, 'awards:list', { fy })).flatMap((a) => a.recipients.map((r) => r.staffNo)),
  );
  const clerk = (await hostApi(host, 'staff:list', { gradeGroup: '係員級', active: 'active', fy })).rows.find(
    (s) => s.position === '係員' && !holders.has(s.staffNo),
  )!;
  expect(clerk).toBeTruthy();

  const awards = new AwardsPage(page);
  await awards.open();
  await expect(awards.rule).toContainText(
    '職場内表彰 +0.2、人材開発センター表彰 +0.3、年間 +0.5 まで、係長級以下、表彰委員会の決定後に加点',
  );
  await expect(awards.row('地域見守りネットワークの立ち上げ')).toContainText('中浜地域担当チーム');
  await page.screenshot(shot('list'));

  // An empty form is refused at its fields, in Japanese.
  await awards.startRegister();
  await awards.submitForm();
  await expect(awards.form.getByText('表彰名を入力してください')).toBeVisible();
  await expect(awards.form.getByText('区分を選んでください')).toBeVisible();
  await expect(awards.form.getByText('受賞者を1人以上選んでください')).toBeVisible();
  // A date outside the fiscal year.
  await awards.form.getByLabel('授与日').fill(`${fy + 1}-04-01`);
  await awards.submitForm();
  await expect(awards.form.getByText(`授与日は${fy}年度`)).toBeVisible();
  await page.screenshot(shot('form-errors'));

  const title = '窓口アンケートの改善（e2e）';
  await awards.fill({
    title,
    category: '風通しのよい職場づくり',
    awardedOn: `${fy}-07-15`,
    nominator: '総務課長',
    recipients: [clerk.staffNo],
  });
  await page.screenshot(shot('form-filled'));
  await awards.submitForm();
  await expect(awards.form).toHaveCount(0);
  const row = awards.row(title);
  await expect(row.getByTestId('award-status')).toHaveText('推薦中');
  await expect(row).toContainText(clerk.name);
  await expect(row.getByTestId('award-kind')).toHaveText('職場内表彰');
  await expect(row.getByTestId('award-bonus')).toHaveText('決定後に +0.2');

  await awards.decide(title, `${fy}-08-01`);
  await expect(row.getByTestId('award-status')).toHaveText('決定');
  await expect(row).toContainText(`${fy}/08/01`);
  await expect(row.getByTestId('award-bonus')).toHaveText('+0.2（係長級以下）');
  // Editing keeps the decision.
  await awards.action(title, '編集');
  await expect(awards.form.getByRole('textbox', { name: '表彰名' })).toHaveValue(title);
  await awards.form.getByRole('textbox', { name: '推薦者（任意）' }).fill('区民協働課長');
  await awards.submitForm();
  await expect(awards.form).toHaveCount(0);
  await expect(row).toContainText('区民協働課長');
  await expect(row.getByTestId('award-status')).toHaveText('決定');
  const view = await hostApi(host, 'appraisal:get', { fy, staffNo: clerk.staffNo });
  expect(view.scores.bonus.lines).toEqual([{ title, kind: 'internal', points: 0.2, note: null }]);

  // Revoke the demo's pending award: the reason is required, then the row keeps it.
  const pending = '朝の5分ミーティングの定着';
  await awards.startRevoke(pending);
  await awards.revokeForm.getByRole('button', { name: '取り消す' }).click();
  await expect(awards.revokeForm.getByText('取消の理由を入力してください')).toBeVisible();
  await awards.revokeForm.getByRole('textbox', { name: '取消の理由' }).fill('推薦の取り下げがあったため（e2e）');
  await page.screenshot(shot('revoke-dialog'));
  await awards.revokeForm.getByRole('button', { name: '取り消す' }).click();
  await expect(awards.revokeForm).toHaveCount(0);
  await expect(awards.row(pending).getByTestId('award-status')).toHaveText('取消');
  await expect(awards.row(pending)).toContainText('理由: 推薦の取り下げがあったため（e2e）');
  await expect(awards.row(pending).getByRole('button')).toHaveCount(0);

  // Filters: only the decided ones, then only the external award.
  await awards.filter('状態', '決定');
  await expect(awards.row(title)).toBeVisible();
  await expect(awards.row(pending)).toHaveCount(0);
  await page.screenshot(shot('decided'));
  await awards.filter('状態', 'すべて');
  await awards.filter('区分', '人材開発センター表彰');
  await expect(awards.table.getByTestId('award-row')).toHaveCount(1);
  await expect(awards.table.getByTestId('award-kind')).toHaveText('人材開発センター表彰');
  await awards.filter('区分', 'すべて');
  await page.screenshot(shot('after'));
});

test('a staff login reads the awards without the HR actions', async ({ page, host }) => {
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('shokuin', host.password);
  await new ShellPage(page).expectShown();
  const awards = new AwardsPage(page);
  await awards.open();
  await expect(awards.table.getByTestId('award-row').first()).toBeVisible();
  await expect(awards.main.getByRole('button', { name: '表彰を登録' })).toHaveCount(0);
  await expect(awards.table.getByRole('button')).toHaveCount(0);
  // Only the committee's decided awards, without reasons (docs/access.md).
  await expect(awards.main.getByTestId('awards-decided-only')).toBeVisible();
  for (const status of await awards.table.getByTestId('award-status').allInnerTexts()) expect(status).toBe('決定');
  await expect(awards.table).not.toContainText('理由:');
  await expect(awards.main.getByRole('combobox', { name: '状態' })).toHaveCount(0);
  await page.screenshot(shot('staff'));
});

test('at 1366×768 each 操作 button is whole on screen and opens the actions of its award', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  await new ShellPage(page).expectShown();
  const awards = new AwardsPage(page);
  await awards.open();
  const buttons = awards.table.getByRole('button', { name: /」の操作$/u });
  await expect(buttons.first()).toBeVisible();
  const table = await awards.table.boundingBox();
  for (const button of await buttons.all()) {
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    // Inside the table's own width and the window's: nothing to scroll sideways to reach it.
    expect(box.x + box.width).toBeLessThanOrEqual(Math.min(table!.x + table!.width, 1366));
  }
  await buttons.first().hover();
  await expect(page.getByRole('tooltip')).toHaveText('操作（決定・編集・取消）');
  await buttons.first().click();
  await expect(page.getByRole('menuitem', { name: '編集', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot(shot('1366'));
});
