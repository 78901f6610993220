import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { AppraisalPage } from './pages/appraisal-page';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `home-${name}.png`), fullPage: true });

/** The usual laptop. */
const laptop = { width: 1366, height: 768 };

test.use({ viewport: laptop });

async function loginAs(page: Page, host: HostFixture, login: string): Promise<ShellPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login(login, host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  // Login lands on ホーム.
  await expect(shell.heading).toHaveText('ホーム');
  await expect(page.getByTestId('home-greeting')).toBeVisible();
  return shell;
}

/** The home page's parts. */
function home(page: Page) {
  const main = page.getByRole('main');
  return {
    main,
    greeting: main.getByTestId('home-greeting'),
    phase: main.getByTestId('home-phase'),
    tasks: main.getByTestId('home-tasks'),
    task: main.getByTestId('home-task'),
    turn: main.getByTestId('home-turn'),
    progress: main.getByTestId('home-progress'),
    appraisals: main.getByTestId('home-appraisals'),
    stuck: main.getByTestId('home-stuck'),
    kpis: main.getByTestId('home-kpis'),
    placement: main.getByTestId('home-placement'),
  };
}

/** A figure such as 「1,234」 as a number. */
const num = (text: string): number => Number(text.replace(/[^\d]/gu, ''));

/** The viewport at 1366×768 first (what a user sees), then the whole page (the main area scrolls). */
async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screensDir, `home-${name}-1366x768.png`) });
  const height = await page.getByRole('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: laptop.width, height: Math.max(laptop.height, height + 140) });
  await page.screenshot(shot(name));
  await page.setViewportSize(laptop);
}

/** Nothing on the page may be wider than the window at 1366. */
async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.getByRole('main').evaluate((m) => m.scrollWidth - m.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The demo office's year is the current one. */
const fy = fiscalYearOf(new Date());

test('shokuin sees what is theirs to do, the 自己申告 task opening 自己申告, and no evaluator or HR blocks', async ({
  page,
  host,
}) => {
  const shell = await loginAs(page, host, 'shokuin');
  const h = home(page);
  await expect(h.greeting).toContainText('さん、お疲れさまです。');
  await expect(h.greeting).toContainText('職員');
  await expect(h.phase).toContainText('いまの時期');
  await expect(h.tasks).toBeVisible();
  for (const absent of [h.turn, h.progress, h.appraisals, h.stuck, h.placement]) await expect(absent).toHaveCount(0);

  // The demo leaves shokuin's 自己申告 of the year unsubmitted: a task with its date, opening 自己申告.
  const own = await hostApi(host, 'selfReport:get', { fy });
  expect(own.status).toBe('未提出');
  const selfReport = h.main.locator('[data-testid="home-task"][data-target="self-report"]');
  await expect(selfReport).toHaveCount(1);
  await expect(selfReport).toContainText('自己申告を開く');
  await expect(selfReport.getByTestId('task-due')).toContainText(/期限 \d{4}\/\d{2}\/\d{2}/u);
  // 期限切れ is said in words, not only in red.
  for (const overdue of await h.main.locator('[data-testid="home-task"][data-overdue="true"]').all()) {
    await expect(overdue.getByTestId('task-overdue')).toHaveText('期限切れ');
  }
  await expectNoSideScroll(page);
  await shots(page, 'shokuin');

  await selfReport.getByRole('button').click();
  await expect(shell.heading).toHaveText('自己申告');
  await expect(shell.nav.getByRole('button', { name: '自己申告', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

/** The count of one kind in あなたの番. */
async function turnCount(page: Page, kind: 'appraisal' | 'mbo' | 'cross'): Promise<number> {
  const tile = home(page).turn.locator(`[data-testid="turn-count"][data-kind="${kind}"]`);
  return num(await tile.getByTestId('turn-count-value').innerText());
}

test('kakaricho sees あなたの番 counted as the appraisal list counts their turn', async ({ page, host }) => {
  const shell = await loginAs(page, host, 'kakaricho');
  const h = home(page);
  await expect(h.turn).toBeVisible();
  for (const absent of [h.progress, h.stuck, h.placement]) await expect(absent).toHaveCount(0);

  const appraisals = await turnCount(page, 'appraisal');
  const approvals = await turnCount(page, 'mbo');
  const cross = await turnCount(page, 'cross');
  const total = num(await h.turn.getByTestId('turn-total').innerText());
  expect(total).toBe(appraisals + approvals + cross);
  expect(total).toBeGreaterThan(0);

  // The people listed, then 「ほかN件」 for the rest.
  const listed = await h.turn.getByTestId('turn-item').count();
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThanOrEqual(total);
  if (listed < total) await expect(h.turn.getByTestId('turn-rest')).toHaveText(`ほか${total - listed}件`);
  else await expect(h.turn.getByTestId('turn-rest')).toHaveCount(0);

  // The MBO sheets waiting for their approval are the ones the MBO list shows them as 提出済 and 1次.
  const mbo = await hostApi(host, 'mbo:list', { fy });
  expect(mbo.rows.filter((r) => r.status === '提出済' && r.relation === 'first').length).toBe(approvals);
  await expectNoSideScroll(page);
  await shots(page, 'kakaricho');

  // The appraisal screen lists the same number as theirs to do.
  await h.turn.locator('[data-testid="turn-count"][data-kind="appraisal"]').click();
  await expect(shell.heading).toHaveText('人事考課');
  const appraisal = new AppraisalPage(page);
  await appraisal.tab('考課一覧');
  await expect(page.getByText(`あなたの番だけ（${appraisals}件）`, { exact: true })).toBeVisible();
});

test('kacho (2次) sees their own あなたの番 and the headline target', async ({ page, host }) => {
  await loginAs(page, host, 'kacho');
  const h = home(page);
  await expect(h.turn).toBeVisible();
  const appraisals = await turnCount(page, 'appraisal');
  const list = await hostApi(host, 'appraisal:list', { fy });
  expect(list.rows.filter((r) => r.myTurn).length).toBe(appraisals);
  await expect(h.kpis.locator('[data-kpi="meaningful_work"]')).toBeVisible();
  await expect(h.kpis.getByRole('button', { name: 'プランの進捗を見る ›' })).toBeVisible();
  await expectNoSideScroll(page);
  await shots(page, 'kacho');
});

test("admin (HR) sees the year at a glance with the appraisal list's figures, what is stuck, and the targets", async ({
  page,
  host,
}) => {
  const shell = await loginAs(page, host, 'admin');
  const h = home(page);
  await expect(h.greeting).toContainText('人事担当');
  await expect(h.turn).toHaveCount(0);
  await expect(h.placement).toHaveCount(0);

  // 自己申告の提出: a bar and 「x / y人」, y being everyone with a self-report to write.
  const selfReports = h.progress.getByTestId('progress-self-report');
  await expect(selfReports.getByTestId('progress-figure')).toHaveText(/^[\d,]+ \/ [\d,]+人$/u);
  const figure = (await selfReports.getByTestId('progress-figure').innerText()).split('/');
  const submitted = num(figure[0] ?? '');
  const everyone = num(figure[1] ?? '');
  expect(everyone).toBeGreaterThan(0);
  expect(submitted).toBeLessThanOrEqual(everyone);
  await expect(selfReports.getByRole('progressbar')).toHaveAttribute(
    'aria-valuenow',
    String(Math.round((submitted / everyone) * 1000) / 10),
  );
  await expect(h.progress.getByTestId('progress-mbo')).toBeVisible();
  await expect(h.progress.getByTestId('ranking-population').first()).toBeVisible();

  // 人事考課の状況: the table beside the chart says what the appraisal list says.
  const list = await hostApi(host, 'appraisal:list', { fy });
  const expected = new Map<string, number>();
  for (const r of list.rows) expected.set(r.status, (expected.get(r.status) ?? 0) + 1);
  // The list leaves out the viewer's own appraisal; the year's figures count it.
  const own = await hostApi(host, 'appraisal:get', { fy });
  expected.set(own.status, (expected.get(own.status) ?? 0) + 1);
  const table = h.appraisals.getByRole('table', { name: '人事考課の状況' });
  const shown = new Map<string, number>();
  for (const row of await table.getByTestId('appraisal-status-row').all()) {
    const [status = '', figure = ''] = await row.getByRole('cell').allInnerTexts();
    if (num(figure) > 0) shown.set(status.trim(), num(figure));
  }
  expect(shown).toEqual(expected);
  await expect(h.appraisals.locator('svg').first()).toBeVisible();

  await expect(h.stuck).toBeVisible();
  // The plan's targets: every KPI, each with its figure and whether it is met.
  const cards = h.kpis.getByTestId('kpi-card');
  expect(await cards.count()).toBeGreaterThan(3);
  await expect(h.kpis.locator('[data-kpi="meaningful_work"] [data-testid="kpi-met"]')).toHaveText(/達成|未達|—/u);
  await expectNoSideScroll(page);
  await shots(page, 'admin');

  await h.kpis.getByRole('button', { name: 'プランの進捗を見る ›' }).click();
  await expect(shell.heading).toHaveText('プランの進捗');

  // The year before: its calendar is over, and the page says so rather than naming a phase.
  await shell.open('ホーム');
  const previous = (await shell.fiscalYearOptions()).find((o) => o.includes(`${fy - 1}年度`));
  if (previous === undefined) throw new Error('the demo office should have the year before');
  await shell.chooseFiscalYear(previous);
  await expect(h.phase.getByTestId('phase-name')).toHaveText('この年度の予定は終わっています');
  await expect(h.progress).toBeVisible();
});

test('jinji (personnel) sees the placement figures and opens 人事配置 from the home page', async ({ page, host }) => {
  const shell = await loginAs(page, host, 'jinji');
  const h = home(page);
  await expect(h.greeting).toContainText('人事配置担当');
  await expect(h.placement).toBeVisible();
  for (const absent of [h.turn, h.progress, h.stuck]) await expect(absent).toHaveCount(0);

  // 職員 is the office's active staff, as the staff list counts them.
  const staff = await hostApi(host, 'staff:list', { active: 'active', limit: 1 });
  await expect(h.placement.locator('[data-figure="staff"]')).toContainText(`${staff.total.toLocaleString('ja-JP')}人`);
  await expect(h.kpis.getByTestId('kpi-card').first()).toBeVisible();
  await expectNoSideScroll(page);
  await shots(page, 'jinji');

  await h.placement.getByRole('button', { name: '人事配置資料を開く' }).click();
  await expect(shell.heading).toHaveText('人事配置');
  await expect(shell.nav.getByRole('button', { name: '人事配置', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
});
