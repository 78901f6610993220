import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { fiscalYearLabel } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { dismissNotice, logInTo, ShellPage } from './pages/shell-page';
import { StaffDetailPage, StaffListPage } from './pages/staff-list-page';

const shot = (name: string) => ({ path: path.join(screensDir, `training-${name}.png`), fullPage: true });

/** The usual laptop. */
const laptop = { width: 1366, height: 768 };

/** The 研修 section's parts. */
function trainingScreen(page: Page) {
  const main = page.getByRole('main');
  const table = main.getByRole('table', { name: '研修一覧' });
  return {
    main,
    table,
    kpi: (id: string): Locator => main.locator(`[data-kpi="${id}"]`),
    row: (title: string): Locator => table.getByTestId('course-row').filter({ hasText: title }),
    attendees: (title: string): Locator => main.getByRole('grid', { name: `「${title}」の受講者` }),
  };
}

/** The whole section at 1366 wide: the main area scrolls by itself, so the window grows for the shot. */
async function fullShot(page: Page, name: string): Promise<void> {
  await dismissNotice(page);
  const height = await page.getByRole('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: laptop.width, height: Math.max(laptop.height, height + 140) });
  await page.screenshot(shot(name));
  await page.setViewportSize(laptop);
}

async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

test('HR adds a course, its participants by search and by a whole 担当, and sees the count and the targets', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(laptop);
  const shell = await logInTo(page, host, 'admin');
  const fy = (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;

  // A 担当 with two to six active members, and someone from elsewhere to find by search.
  const staff = (await hostApi(host, 'staff:list', { active: 'active', fy, limit: 50_000 })).rows;
  const byLine = new Map<string, typeof staff>();
  for (const s of staff) {
    if (!s.section || !s.line) continue;
    const key = `${s.section}\t${s.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), s]);
  }
  const [lineKey, members] = [...byLine].find(([, m]) => m.length >= 2 && m.length <= 6)!;
  const [section, line] = lineKey.split('\t') as [string, string];
  const searched = staff.find((s) => s.section !== section)!;
  expect(members.length).toBeGreaterThanOrEqual(2);

  const before = await hostApi(host, 'training:list', { fy });
  const externalBefore = before.kpis.find((k) => k.id === 'training_external_courses')!;
  expect(externalBefore.denominator).toBeDefined();

  await shell.open('研修');
  const screen = trainingScreen(page);
  await expect(screen.table).toBeVisible();
  await expect(screen.main.getByTestId('training-scope')).toHaveText('すべての職員の受講記録を表示しています。');
  // The plan's targets: figure, target and met / not met.
  const hospitality = screen.kpi('training_hospitality');
  await expect(hospitality.getByTestId('kpi-target')).toHaveText('目標 100%');
  await expect(hospitality.getByTestId('kpi-value')).toHaveText(/^\d{1,3}(\.\d)?%$/u);
  await expect(hospitality.getByTestId('kpi-fraction')).toHaveText(/^[\d,]+ \/ [\d,]+人$/u);
  await expect(hospitality.getByTestId('kpi-met')).toHaveText('未達');
  await expect(screen.kpi('training_external').getByTestId('kpi-target')).toHaveText('5人以上');
  await expect(screen.main.getByRole('table', { name: '担当内勉強会' }).getByTestId('study-row').first()).toBeVisible();

  // An empty form is refused at its fields.
  await screen.main.getByRole('button', { name: '研修を追加' }).click();
  const form = page.getByTestId('course-form');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form.getByText('研修名を入力してください')).toBeVisible();
  await expect(form.getByText('研修区分を選んでください')).toBeVisible();
  await expect(form.getByText('対象を選んでください')).toBeVisible();
  // A 勉強会 asks for its 担当.
  await choose(page, form, '研修区分', '担当内勉強会（OJT）');
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form.getByText('勉強会を開いた課を選んでください')).toBeVisible();

  const title = '自治体DX推進研修（e2e）';
  await form.getByRole('textbox', { name: '研修名' }).fill(title);
  await choose(page, form, '研修区分', '区外研修');
  await expect(form.getByRole('combobox', { name: '課', exact: true })).toHaveCount(0);
  await form.getByRole('textbox', { name: '実施機関（任意）' }).fill('職員人材開発センター');
  await choose(page, form, '対象', '任意');
  await choose(page, form, '区政に活かせる', 'はい');
  await page.screenshot(shot('course-dialog'));
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form).toHaveCount(0);
  const row = screen.row(title);
  await expect(row).toContainText('区外研修');
  await expect(row.getByTestId('course-count')).toHaveText(/^0人/u);
  // A useful outside course with nobody yet: one more in the denominator.
  await expect(screen.kpi('training_external_courses').getByTestId('kpi-fraction')).toHaveText(
    `${externalBefore.numerator!} / ${externalBefore.denominator! + 1}件`,
  );

  // 受講者を編集: one person by search, then the whole 担当.
  await row.getByRole('button', { name: `「${title}」の操作` }).click();
  await page.getByRole('menuitem', { name: '受講者を編集' }).click();
  const dialog = page.getByTestId('attendance-form');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('追加する人の受講日').fill(`${fy}-06-10`);
  await dialog.getByRole('spinbutton', { name: '時間数' }).fill('6');
  const search = dialog.getByRole('combobox', { name: '職員を検索して追加' });
  await search.fill(searched.staffNo);
  await expect(page.getByRole('option').filter({ hasText: searched.staffNo }).first()).toBeVisible();
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(search).toHaveValue('');
  const rows = dialog.getByTestId('attendance-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(searched.name);
  await expect(dialog.getByLabel(`${searched.name}の受講日`)).toHaveValue(`${fy}/06/10`);

  await choose(page, dialog, '課', section);
  await choose(page, dialog, '担当', line);
  await dialog.getByRole('button', { name: '担当の全員を追加' }).click();
  await expect(dialog.getByTestId('line-added')).toHaveText(`${members.length}人を追加しました。`);
  await expect(rows).toHaveCount(members.length + 1);
  await expect(dialog.getByTestId('attendance-count')).toHaveText(`受講者 ${members.length + 1}人`);
  // Adding the 担当 again adds nobody twice.
  await dialog.getByRole('button', { name: '担当の全員を追加' }).click();
  await expect(dialog.getByTestId('line-added')).toHaveText(`0人を追加しました（${members.length}人は登録済み）。`);
  await expect(rows).toHaveCount(members.length + 1);
  // The last date entered is the next default; one member shared what they learned.
  const first = members[0]!;
  await expect(dialog.getByLabel(`${first.name}の時間数`)).toHaveValue('6');
  await dialog.getByLabel(`${first.name}の報告・共有`).check();
  // A date outside the year is refused at its row.
  await dialog.getByLabel(`${searched.name}の受講日`).fill(`${fy + 1}-04-02`);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(
    dialog.getByText(`${fiscalYearLabel(fy)}の日付（${fy}/04/01〜${fy + 1}/03/31）にしてください。`),
  ).toBeVisible();
  await dialog.getByLabel(`${searched.name}の受講日`).fill(`${fy}-06-11`);
  await dismissNotice(page);
  await page.screenshot(shot('attendance'));
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);

  const total = members.length + 1;
  await expect(row.getByTestId('course-count')).toHaveText(new RegExp(`^${total}人`, 'u'));
  await row.getByTestId('course-count').click();
  const list = screen.attendees(title);
  await expect(list.locator('.MuiDataGrid-row')).toHaveCount(total);
  await expect(list.locator('.MuiDataGrid-row').filter({ hasText: searched.name })).toContainText(`${fy}/06/11`);
  await expect(list.locator('.MuiDataGrid-row').filter({ hasText: first.name })).toContainText('済');
  await expect(screen.kpi('training_external_courses').getByTestId('kpi-fraction')).toHaveText(
    `${externalBefore.numerator! + 1} / ${externalBefore.denominator! + 1}件`,
  );
  const stored = (await hostApi(host, 'training:list', { fy })).courses.find((c) => c.title === title)!;
  expect(stored.attendeeCount).toBe(total);
  expect(stored.attendees.find((a) => a.staffNo === first.staffNo)).toMatchObject({
    attendedOn: `${fy}-06-10`,
    hours: 6,
    completed: true,
    shared: true,
  });

  // The filter by category.
  await choose(page, screen.main, '研修区分', '区外研修');
  for (const chip of await screen.table.getByTestId('course-category').allInnerTexts()) expect(chip).toBe('区外研修');
  await expect(row).toBeVisible();
  await fullShot(page, 'hr');

  // Deleting says the attendance goes too.
  await row.getByRole('button', { name: `「${title}」の操作` }).click();
  await page.getByRole('menuitem', { name: '削除' }).click();
  const confirm = page.getByRole('dialog', { name: '研修を削除しますか' });
  await expect(confirm).toContainText(`受講記録（${total}人）も一緒に削除されます`);
  await confirm.getByRole('button', { name: 'キャンセル' }).click();
  await expect(row).toBeVisible();

  // The person found by search has the course in their history on their staff page.
  await shell.open('職員');
  const list2 = new StaffListPage(page);
  await expect(list2.grid).toBeVisible();
  await list2.searchFor(searched.staffNo);
  await expect(list2.row(searched.staffNo)).toBeVisible();
  await list2.openStaff(searched.staffNo);
  const history = page.getByRole('main').getByRole('region', { name: '研修履歴' });
  await expect(history).toBeVisible();
  const line1 = history.getByTestId('history-row').filter({ hasText: title });
  await expect(line1).toContainText(`${fy}/06/11`);
  await expect(line1).toContainText('区外研修');
  await expect(line1).toContainText('修了');
  await expect(new StaffDetailPage(page).heading).toHaveText(searched.name);
  await dismissNotice(page);
  await history.scrollIntoViewIfNeeded();
  await page.screenshot(shot('history'));
});

test('a staff login sees the courses with only their own attendance', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(laptop);
  // HR puts shokuin and a colleague on a course through the app.
  const hr = await logInTo(page, host, 'admin');
  const fy = (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;
  const me = (await hostApi(host, 'accounts:list', {})).find((a) => a.login === 'shokuin')!;
  expect(me.staffNo).not.toBeNull();
  const other = (await hostApi(host, 'staff:list', { active: 'active', fy, limit: 50 })).rows.find(
    (s) => s.staffNo !== me.staffNo,
  )!;
  const title = '接遇マナー研修（e2e）';
  const saved = await hostApi(host, 'training:saveCourse', {
    fy,
    id: null,
    title,
    category: '接遇研修',
    provider: '区役所',
    audience: '全職員',
    usefulForWard: false,
    section: null,
    line: null,
  });
  const courseId = saved.courses.find((c) => c.title === title)!.id;
  await hostApi(host, 'training:saveAttendance', {
    fy,
    courseId,
    attendees: [me.staffNo!, other.staffNo].map((staffNo) => ({
      staffNo,
      attendedOn: `${fy}-05-20`,
      hours: 2,
      completed: true,
      shared: false,
    })),
  });
  await hr.logout();
  const loginPage = new LoginPage(page);
  await loginPage.expectShown();
  await loginPage.login('shokuin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  await shell.open('研修');
  const screen = trainingScreen(page);
  await expect(screen.table).toBeVisible();
  await expect(screen.main.getByTestId('training-scope')).toContainText('あなたの受講記録のみ表示しています');
  await expect(screen.main.getByRole('button', { name: '研修を追加' })).toHaveCount(0);
  await expect(screen.table.getByRole('button', { name: /の操作$/u })).toHaveCount(0);
  const row = screen.row(title);
  // The count is everyone's; the list is theirs alone.
  await expect(row.getByTestId('course-count')).toHaveText(/^2人/u);
  await row.getByTestId('course-count').click();
  const attendees = screen.attendees(title).locator('.MuiDataGrid-row');
  await expect(attendees).toHaveCount(1);
  await expect(attendees).toContainText(me.staffName!);
  await expect(screen.main).not.toContainText(other.name);
  await expect(screen.main).toContainText('ほかに1人が受講しています');
  // Every visible attendance in the year is their own.
  for (const r of (await hostApi(host, 'training:list', { fy })).courses) {
    for (const a of r.attendees) expect(a.staffNo).toBe(me.staffNo);
  }
  await fullShot(page, 'staff');
});
