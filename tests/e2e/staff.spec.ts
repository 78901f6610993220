import path from 'node:path';
import type { Page } from '@playwright/test';
import { formatDay } from '../../renderer/src/format';
import { formatCount, formatNumber } from '../../shared/numbers';
import type { StaffDetail } from '../../shared/contract';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { AreasPage } from './pages/areas-page';
import { hostApi, toKatakana } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { logInTo, ShellPage } from './pages/shell-page';
import { StaffDetailPage, StaffListPage } from './pages/staff-list-page';

const shot = (name: string) => ({ path: path.join(screensDir, `${name}.png`), fullPage: true });

async function loginAsHr(page: Page, host: HostFixture): Promise<void> {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  await new ShellPage(page).expectShown();
}

async function currentFy(host: HostFixture): Promise<number> {
  const cycles = await hostApi(host, 'cycles:list', {});
  const cycle = cycles.find((c) => c.current) ?? cycles[0];
  if (!cycle) throw new Error('the demo office should have a fiscal-year cycle');
  return cycle.fy;
}

/** Someone in the demo office with a transfer, evaluators and a pair on an area team this year. */
async function fullyRecordedStaff(host: HostFixture, fy: number): Promise<StaffDetail> {
  const { rows } = await hostApi(host, 'staff:list', { active: 'active' });
  for (const r of rows) {
    const d = await hostApi(host, 'staff:detail', { staffNo: r.staffNo, fy });
    if (d.transfers.length > 0 && d.evaluators[0]?.first && d.area?.partner && d.area.leader) return d;
  }
  throw new Error('the demo office should hold someone with transfers, evaluators and an area pair');
}

test('HR finds a staff member by katakana reading and by 職員番号, and reads their page', async ({ page, host }) => {
  await loginAsHr(page, host);
  const fy = await currentFy(host);
  const subject = await fullyRecordedStaff(host, fy);
  const { staff } = subject;
  const all = await hostApi(host, 'staff:list', { active: 'active' });

  const list = new StaffListPage(page);
  await list.open();
  await expect(list.count).toHaveText(formatCount(all.total));
  await page.screenshot(shot('staff-list'));

  // The family name's reading, typed in katakana, finds the hiragana ふりがな.
  const reading = toKatakana(staff.kana.split(/[\s\u3000]/u)[0] ?? staff.kana);
  expect(reading).not.toBe(staff.kana);
  await list.searchFor(reading);
  await expect(list.row(staff.staffNo)).toBeVisible();
  await expect(list.count).not.toHaveText(formatCount(all.total));
  // A narrowed list tells how many the account sees in all: 「198人中 3人」.
  await expect(list.count.locator('..')).toContainText(`${formatCount(all.total)}中 `);
  await page.screenshot(shot('staff-search-katakana'));

  await list.searchFor(staff.staffNo);
  await expect(list.count).toHaveText('1人');
  await expect(list.count.locator('..')).toHaveText(`${formatCount(all.total)}中 1人`);
  await expect(list.rows()).toHaveCount(1);
  await expect(list.row(staff.staffNo)).toContainText(staff.name);

  await list.openStaff(staff.staffNo);
  const detail = new StaffDetailPage(page);
  await expect(detail.heading).toHaveText(staff.name);
  await expect(detail.profile).toContainText(staff.kana);
  await expect(detail.profile).toContainText(staff.section ?? '');
  await expect(detail.profile).toContainText('現所属年数');

  const transfer = subject.transfers[0]!;
  await expect(detail.transfers.getByRole('row')).toHaveCount(subject.transfers.length + 1);
  await expect(detail.transfers).toContainText(formatDay(transfer.onDate));
  await expect(detail.transfers).toContainText(transfer.to);

  const evaluators = subject.evaluators[0]!;
  await expect(detail.evaluators.getByRole('row')).toHaveCount(subject.evaluators.length + 1);
  for (const person of [evaluators.first, evaluators.second, evaluators.adjuster]) {
    if (person) await expect(detail.evaluators).toContainText(person.name);
  }

  const area = subject.area!;
  await expect(detail.area).toContainText(area.area);
  await expect(detail.area).toContainText(area.role);
  await expect(detail.area).toContainText(area.partner!.name);
  await expect(detail.area).toContainText(area.leader!.name);
  await page.screenshot(shot('staff-page'));

  // Back to the list as it was left; the keyboard opens a row too.
  await detail.back.click();
  await expect(list.search).toHaveValue(staff.staffNo);
  await expect(list.row(staff.staffNo)).toBeVisible();
  await list.row(staff.staffNo).locator('[data-field="name"]').focus();
  await page.keyboard.press('Enter');
  await expect(detail.heading).toHaveText(staff.name);
});

test('the staff list filters by 所属 and 在職', async ({ page, host }) => {
  await loginAsHr(page, host);
  const sections = await hostApi(host, 'org:sections', {});
  const section = sections.find((s) => s.staffCount > 0)!;
  const inSection = await hostApi(host, 'staff:list', { section: section.name, active: 'active' });
  const retired = await hostApi(host, 'staff:list', { active: 'retired' });
  const active = await hostApi(host, 'staff:list', { active: 'active', page: { offset: 0, limit: 1 } });

  const list = new StaffListPage(page);
  await list.open();
  await list.choose(list.section, `${section.name}（${formatCount(section.staffCount)}）`);
  await expect(list.count).toHaveText(formatCount(inSection.total));
  await expect(list.count.locator('..')).toHaveText(`${formatCount(active.total)}中 ${formatCount(inSection.total)}`);
  const sectionCells = list.grid.locator('[data-field="section"][role="gridcell"]');
  for (const text of await sectionCells.allInnerTexts()) expect(text).toBe(section.name);

  await list.choose(list.section, 'すべての所属');
  await list.choose(list.active, '退職');
  await expect(list.count).toHaveText(formatCount(retired.total));
  await expect(list.rows().first()).toContainText('退職');
  await page.screenshot(shot('staff-retired'));
});

test('the staff list pages and sorts on the server: a column heading asks the app for that order', async ({
  page,
  host,
}) => {
  await loginAsHr(page, host);
  const fy = await currentFy(host);
  const ask = (p: { offset: number; sort?: 'staffNo' | 'kana'; desc?: boolean }) =>
    hostApi(host, 'staff:list', { active: 'active', fy, page: { limit: 100, ...p } });
  const inOrgOrder = await ask({ offset: 0 });
  // The demo ward's list spans two pages of 100.
  expect(inOrgOrder.total).toBeGreaterThan(100);
  const byNo = await ask({ offset: 0, sort: 'staffNo' });
  const byNoDesc = await ask({ offset: 0, sort: 'staffNo', desc: true });
  const byNoDescNext = await ask({ offset: 100, sort: 'staffNo', desc: true });
  const byKana = await ask({ offset: 0, sort: 'kana' });
  const firstNo = (rows: { staffNo: string }[]) => rows[0]!.staffNo;
  // Each order starts with other people, so the first two rows show which order the app answered (the
  // 区長 heads the organisation order and, holding the highest 職員番号, the descending one too).
  const firstTwo = (rows: { staffNo: string }[]) => `${rows[0]!.staffNo},${rows[1]!.staffNo}`;
  expect(new Set([inOrgOrder, byNo, byNoDesc, byNoDescNext, byKana].map((r) => firstTwo(r.rows))).size).toBe(5);

  const list = new StaffListPage(page);
  await list.open();
  const firstRow = list.rows().first().locator('[data-field="staffNo"]');
  // The grid with its footer (the page's range and the page buttons).
  const box = page.getByTestId('staff-grid');
  await expect(firstRow).toHaveText(firstNo(inOrgOrder.rows));
  await expect(box).toContainText(`1～100 / ${formatNumber(inOrgOrder.total)}件`);

  /** Clicks a heading and waits for the page the grid asks the app for, checking its size on the wire. */
  const sortBy = async (heading: string, sort: string, desc: boolean) => {
    const answered = page.waitForResponse((r) => {
      const body = r.request().postData() ?? '';
      return r.url().endsWith('/api/staff%3Alist') && body.includes(`"sort":"${sort}","desc":${desc}`);
    });
    await list.grid.getByRole('columnheader', { name: heading }).click();
    const bytes = (await (await answered).body()).length;
    expect(bytes).toBeLessThan(200 * 1024);
  };
  await sortBy('職員番号', 'staffNo', false);
  await expect(firstRow).toHaveText(firstNo(byNo.rows));
  await sortBy('職員番号', 'staffNo', true);
  await expect(firstRow).toHaveText(firstNo(byNoDesc.rows));
  await expect(list.rows().nth(1).locator('[data-field="staffNo"]')).toHaveText(byNoDesc.rows[1]!.staffNo);
  await page.screenshot(shot('staff-sorted'));

  // The next page continues the same order from the app.
  await box.getByRole('button', { name: '次のページへ' }).click();
  await expect(firstRow).toHaveText(firstNo(byNoDescNext.rows));
  await expect(box).toContainText(`101～${formatNumber(inOrgOrder.total)} / ${formatNumber(inOrgOrder.total)}件`);

  // Another column starts again at the first page of its own order.
  await sortBy('ふりがな', 'kana', false);
  await expect(firstRow).toHaveText(firstNo(byKana.rows));
  await expect(box).toContainText(`1～100 / ${formatNumber(inOrgOrder.total)}件`);
  await expect(list.grid.getByRole('columnheader', { name: 'ふりがな' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.grid.getByRole('columnheader', { name: '職員番号' })).toHaveAttribute('aria-sort', 'none');
});

test('地域担当 shows every area team with its pairs, the coverage and who is unassigned', async ({ page, host }) => {
  await loginAsHr(page, host);
  const fy = await currentFy(host);
  const overview = await hostApi(host, 'areas:overview', { fy });
  expect(overview.areas.length).toBeGreaterThan(0);
  // HR gets the names (docs/access.md).
  const unassigned = overview.unassigned!;
  expect(unassigned.length).toBeGreaterThan(0);

  const shell = new ShellPage(page);
  const labels = await shell.sectionLabels();
  expect(labels.indexOf('地域担当')).toBe(labels.indexOf('職員') + 1);

  const areas = new AreasPage(page);
  await areas.open();
  const { assigned, total } = overview.coverage;
  await expect(areas.coverage).toContainText(
    `地域担当の割当率 ${assigned} / ${total} 人（${((assigned / total) * 100).toFixed(1)}%）`,
  );
  await expect(areas.coverage).toContainText('目標 100%');

  await expect(areas.unassigned).toContainText(`未割当の職員（${unassigned.length}人）`);
  await expect(areas.unassignedTable.getByRole('row')).toHaveCount(unassigned.length + 1);
  for (const p of unassigned) await expect(areas.unassignedTable).toContainText(p.name);
  // The second coverage figure: written MBO sheets without a 地域担当目標 (the demo has a few drafts like that).
  const written = overview.mboCoverage.written;
  const withoutAreaGoal = overview.mboCoverage.withoutAreaGoal!;
  expect(withoutAreaGoal.length).toBeGreaterThan(0);
  await expect(areas.withoutAreaGoal).toContainText(
    `地域担当目標のない目標管理シート（${withoutAreaGoal.length}件 / 記入済み ${written}件）`,
  );
  await expect(areas.withoutAreaGoal).toContainText(withoutAreaGoal[0]!.name);

  const team = overview.areas[0]!;
  const card = areas.area(team.name);
  await expect(card).toBeVisible();
  if (team.leader) await expect(card).toContainText(team.leader.name);
  const paired = team.members.find((m) => m.partner);
  if (paired) {
    const pair = areas.pairs(team.name).filter({ hasText: paired.person.name });
    await expect(pair).toContainText('ペア');
    await expect(pair).toContainText(paired.partner!.name);
  }
  await expect(page.getByRole('main').getByRole('heading', { level: 3 })).toHaveCount(overview.areas.length);
  await page.screenshot(shot('areas'));
});

test('地域担当 for a staff member: how many are missing, without their names', async ({ page, host }) => {
  // HR's view first (the host's one session is the browser's), then the staff member's screen.
  await loginAsHr(page, host);
  const fy = await currentFy(host);
  const overview = await hostApi(host, 'areas:overview', { fy });
  await new ShellPage(page).logout();
  const login = new LoginPage(page);
  await login.expectShown();
  await login.login('shokuin', host.password);
  await new ShellPage(page).expectShown();
  const mine = await hostApi(host, 'areas:overview', { fy });
  expect([mine.unassigned, mine.mboCoverage.withoutAreaGoal, mine.namesOf]).toEqual([null, null, 'none']);
  const areas = new AreasPage(page);
  await areas.open();
  await expect(areas.unassigned).toContainText(`未割当の職員（${overview.unassignedCount}人）`);
  await expect(areas.unassigned).toContainText('氏名は人事担当だけに表示されます。');
  await expect(areas.unassignedTable).toHaveCount(0);
  const { written, withoutAreaGoalCount } = overview.mboCoverage;
  await expect(areas.withoutAreaGoal).toContainText(
    `地域担当目標のない目標管理シート（${withoutAreaGoalCount}件 / 記入済み ${written}件）`,
  );
  await expect(areas.withoutAreaGoal.getByRole('table')).toHaveCount(0);
  for (const p of overview.unassigned!) await expect(page.getByRole('main')).not.toContainText(p.name);
  await page.screenshot(shot('areas-staff'));
});

test('at 1366×768 the staff list shows every column, 配属日 and 在職 included, with the count and filters', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await loginAsHr(page, host);
  const list = new StaffListPage(page);
  await list.open();
  await expect(list.section).toBeVisible();
  await expect(list.gradeGroup).toBeVisible();
  await expect(list.active).toBeVisible();
  for (const heading of ['職員番号', '氏名', '所属', '担当', '職層', '採用日', '配属日', '在職']) {
    await expect(list.grid.getByRole('columnheader', { name: heading, exact: true })).toBeInViewport({ ratio: 1 });
  }
  // A whole date in the 配属日 cell, not clipped: the cell is as wide as its text needs.
  const posted = list.rows().first().locator('[data-field="postedOn"]');
  await expect(posted).toHaveText(/^\d{4}\/\d{2}\/\d{2}$/u);
  expect(await posted.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.screenshot(shot('staff-list-1366'));
});

test("a staff member's 職員 list is their own record: no filters, a line saying why", async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = await logInTo(page, host, 'shokuin');
  const list = new StaffListPage(page);
  await shell.open('職員');
  await expect(list.grid).toBeVisible();
  await expect(page.getByText('職員の権限では、自分の記録だけが表示されます。')).toBeVisible();
  await expect(list.section).toHaveCount(0);
  await expect(list.gradeGroup).toHaveCount(0);
  await expect(list.rows()).toHaveCount(1);
  await page.screenshot(shot('staff-list-own-only'));
});
