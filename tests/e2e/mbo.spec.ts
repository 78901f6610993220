import path from 'node:path';
import type { Page } from '@playwright/test';
import { MESSAGES } from '../../shared/mbo';
import type { GoalDraft } from '../../shared/mbo';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { MboPage } from './pages/mbo-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `mbo-${name}.png`), fullPage: true });

async function loginAs(page: Page, url: string, login: string, password: string): Promise<MboPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(login, password);
  await new ShellPage(page).expectShown();
  const mbo = new MboPage(page);
  await mbo.open();
  return mbo;
}

async function logout(page: Page): Promise<void> {
  await new ShellPage(page).logout();
  await new LoginPage(page).expectShown();
}

const business = {
  category: '業務目標',
  title: '窓口の待ち時間の短縮',
  content: '繁忙期の窓口体制を見直し、番号案内を改善する',
  standard: '3月・4月の平均待ち時間を前年度比20%短縮する',
  weight: 60,
  priority: '安全・安心で快適なまちづくり',
};
const area = {
  category: '地域担当目標',
  title: '担当地域の巡回と課題の把握',
  content: 'ペアで担当地域を巡回し、町会と顔の見える関係をつくる',
  standard: '月1回以上巡回し、把握した課題を地域カルテに記録する',
  weight: 30,
};
const sendBackComment = '達成基準を数値で測れる形にしてください（e2eテスト）';

test('goal setting: weights warned until 100, autosaved across a reload, sent back, resubmitted and approved', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000);
  let mbo = await loginAs(page, host.url, 'shokuin', host.password);
  await expect(page.getByRole('tab', { name: '自分の目標管理シート' })).toHaveAttribute('aria-selected', 'true');
  await expect(mbo.status).toHaveText('未提出');

  await mbo.addGoal(1, business);
  await mbo.addGoal(2, area);
  await expect(mbo.weightTotal).toContainText('ウェイト合計 90 / 100');
  await expect(mbo.sheetIssues).toContainText(MESSAGES.weightTotal(90));
  await expect(mbo.goal(2).getByRole('complementary', { name: '地域カルテの活動' })).toBeVisible();
  await mbo.expectSaved();
  await mbo.scrollTop();
  await page.screenshot(shot('own-weights-warning'));

  await mbo.number(mbo.goal(2), 'ウェイト').fill('40');
  await expect(mbo.weightTotal).toContainText('ウェイト合計 100 / 100');
  await expect(mbo.sheetIssues).toHaveCount(0);
  await expect(mbo.saveState).toContainText(/未保存の変更があります|保存中…/u);
  await mbo.expectSaved();
  const staffNo = await mbo.staffNo();

  // The goals were saved as typed: they are still there after a reload.
  await page.reload();
  const loginPage = new LoginPage(page);
  const shell = new ShellPage(page);
  await expect(loginPage.heading.or(shell.nav)).toBeVisible();
  if (await loginPage.heading.isVisible()) {
    await loginPage.login('shokuin', host.password);
    await shell.expectShown();
  }
  mbo = new MboPage(page);
  await mbo.open();
  await expect(mbo.text(mbo.goal(1), '目標（タイトル）')).toHaveValue(business.title);
  await expect(mbo.text(mbo.goal(2), '達成基準')).toHaveValue(area.standard);
  await expect(mbo.weightTotal).toContainText('ウェイト合計 100 / 100');

  // 提出する asks first, saying what locks and who can undo it; キャンセル leaves the sheet as it was.
  await mbo.submit.click();
  await expect(mbo.dialog('目標を提出')).toBeVisible();
  await page.screenshot(shot('own-submit-confirm'));
  await mbo.dialog('目標を提出').getByRole('button', { name: 'キャンセル' }).click();
  await expect(mbo.dialog('目標を提出')).toHaveCount(0);
  await expect(mbo.status).toHaveText('未提出');
  await mbo.submitGoals();
  await expect(mbo.status).toHaveText('提出済');
  await expect(mbo.main).toContainText('1次評価者の承認を待っています');
  await mbo.scrollTop();
  await page.screenshot(shot('own-submitted'));
  await logout(page);

  // kakaricho (1次): finds shokuin in the list and sends the goals back with a comment.
  mbo = await loginAs(page, host.url, 'kakaricho', host.password);
  await mbo.tab('担当職員のシート');
  await page.screenshot(shot('evaluator-list'));
  await mbo.openOther(staffNo);
  await expect(mbo.status).toHaveText('提出済');
  await expect(mbo.goal(1)).toContainText(business.title);
  const review = mbo.region('目標の承認（1次評価者）');
  await review.getByRole('button', { name: '差し戻す' }).click();
  await expect(review).toContainText('差し戻す場合は、修正してほしい点をコメントに入力してください。');
  await mbo.text(review, '1次評価者のコメント').fill(sendBackComment);
  await page.screenshot(shot('evaluator-review'));
  await review.getByRole('button', { name: '差し戻す' }).click();
  await expect(mbo.status).toHaveText('差し戻し');
  await logout(page);

  // shokuin: sees the comment, edits and resubmits.
  mbo = await loginAs(page, host.url, 'shokuin', host.password);
  await expect(mbo.status).toHaveText('差し戻し');
  await expect(page.getByTestId('mbo-review-comment')).toContainText(sendBackComment);
  await mbo.scrollTop();
  await page.screenshot(shot('own-sent-back'));
  await mbo.text(mbo.goal(1), '達成基準').fill('3月・4月の平均待ち時間を前年度の30分から24分に短縮する');
  await mbo.expectSaved();
  await mbo.submitGoals();
  await expect(mbo.status).toHaveText('提出済');
  await logout(page);

  // kakaricho approves with a comment.
  mbo = await loginAs(page, host.url, 'kakaricho', host.password);
  await mbo.openOther(staffNo);
  await mbo.text(mbo.region('目標の承認（1次評価者）'), '1次評価者のコメント').fill('数値目標が明確になりました。');
  await mbo.approve();
  await expect(mbo.status).toHaveText('承認済');
  await expect(page.getByTestId('mbo-approval')).toContainText('数値目標が明確になりました。');
  await logout(page);

  // admin (HR): the progress board counts the sheet as approved and opens it.
  mbo = await loginAs(page, host.url, 'admin', host.password);
  await mbo.tab('進捗状況');
  await expect(page.getByTestId('mbo-kpi-submitted')).toContainText(/\d+%/u);
  await expect(page.getByTestId('mbo-kpi-approved')).toContainText(/\d+%/u);
  await expect(page.getByTestId('mbo-kpi-area')).toContainText(/\d+件/u);
  await expect(page.getByRole('table', { name: '所属別の進捗状況' })).toContainText('地域担当目標なし');
  await page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
  const grid = page.getByRole('grid', { name: '職員ごとの進捗状況' });
  const row = grid.getByRole('row').filter({ hasText: staffNo });
  await expect(row).toContainText('承認済');
  await expect(row).toContainText('あり');
  await page.screenshot(shot('progress'));
  await row.getByRole('gridcell').first().click();
  await expect(page.getByRole('tab', { name: '担当職員のシート' })).toHaveAttribute('aria-selected', 'true');
  await expect(mbo.person).toHaveAttribute('data-staff-no', staffNo);
  await expect(mbo.region('差し戻し（人事担当）')).toBeVisible();
  await mbo.scrollTop();
  await page.screenshot(shot('hr-view'));
});

function goal(d: Partial<GoalDraft> & Pick<GoalDraft, 'category' | 'title' | 'weight'>): GoalDraft {
  return {
    content: `${d.title}に取り組む`,
    standard: `${d.title}を年度内に達成する`,
    priority: null,
    difficulty: 'B',
    schedule: '',
    type: '通常',
    ...d,
  };
}

/** Sets up an approved sheet through the app's API, as shokuin and kakaricho would in the screens. */
async function approvedSheet(page: Page, host: HostFixture): Promise<{ fy: number; staffNo: string }> {
  await loginAs(page, host.url, 'shokuin', host.password);
  const cycles = await hostApi(host, 'cycles:list', {});
  const fy = (cycles.find((c) => c.current) ?? cycles[0])?.fy;
  if (fy === undefined) throw new Error('the demo office has no cycle');
  const saved = await hostApi(host, 'mbo:save', {
    fy,
    version: 0,
    goals: [
      goal({ category: '業務目標', title: '窓口の待ち時間の短縮', weight: 40, difficulty: 'A' }),
      goal({ category: '業務目標', title: '証明書交付事務の正確な処理', weight: 30, type: '正確性重視' }),
      goal({ category: '地域担当目標', title: '担当地域の巡回と課題の把握', weight: 30 }),
    ],
  });
  await hostApi(host, 'mbo:submit', { fy, version: saved.version, stage: 'goals' });
  await logout(page);
  await loginAs(page, host.url, 'kakaricho', host.password);
  const sheet = await hostApi(host, 'mbo:get', { fy, staffNo: saved.person.staffNo });
  await hostApi(host, 'mbo:approve', { fy, staffNo: saved.person.staffNo, version: sheet.version, comment: '' });
  return { fy, staffNo: saved.person.staffNo };
}

test('after approval: incidents and the proposal, mid-term progress, a revision with its reason, year-end levels and the live score', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const { staffNo } = await approvedSheet(page, host);

  // kakaricho (still logged in): records zero incidents for the 正確性重視 goal → A is proposed.
  let mbo = new MboPage(page);
  await mbo.openOther(staffNo);
  await expect(mbo.status).toHaveText('承認済');
  const accuracy = mbo.region('目標2の自己評価');
  await mbo.number(accuracy, 'ミス・事故の件数').fill('0');
  await expect(accuracy).toContainText('提案: A');
  await expect(accuracy).toContainText('ミスがないことをプラスの評価とする');
  await mbo
    .text(mbo.region('中間（進捗状況）'), '中間の1次評価者コメント')
    .fill('順調です。下半期も継続してください。');
  await mbo.expectSaved();
  await accuracy.scrollIntoViewIfNeeded();
  await page.screenshot(shot('evaluator-incidents'));
  await logout(page);

  // shokuin: mid-term progress and comment, saved as typed.
  mbo = await loginAs(page, host.url, 'shokuin', host.password);
  await expect(mbo.status).toHaveText('承認済');
  await expect(page.getByTestId('mbo-approval')).toBeVisible();
  await expect(mbo.goal(3).getByRole('complementary', { name: '地域カルテの活動' })).toBeVisible();
  const mid1 = mbo.region('目標1の中間');
  await mbo.number(mid1, '進捗率（%）').fill('50');
  await mbo.text(mid1, '取組状況').fill('番号案内の表示を改善し、待ち時間を計測中');
  await mbo.text(mbo.region('中間（進捗状況）'), '中間の自己コメント').fill('おおむね予定どおり進んでいます。');
  await expect(mbo.region('中間（進捗状況）')).toContainText('順調です。下半期も継続してください。');
  await mbo.expectSaved();

  // A goal revised with a reason: the earlier wording stays in its history.
  await mbo.goal(1).getByRole('button', { name: '目標1を修正' }).click();
  const dialog = page.getByRole('dialog', { name: '目標1を修正' });
  await mbo.text(dialog, '達成基準').fill('平均待ち時間を前年度比25%短縮する');
  await dialog.getByRole('button', { name: '修正を保存' }).click();
  await expect(dialog).toContainText('目標を修正する理由を入力してください');
  await mbo.text(dialog, '修正理由').fill('繁忙期の体制強化が決まったため、達成基準を引き上げた');
  await page.screenshot(shot('revise-dialog'));
  await dialog.getByRole('button', { name: '修正を保存' }).click();
  await expect(dialog).toHaveCount(0);
  const history = mbo.goal(1).getByRole('region', { name: '目標1の修正履歴' });
  await expect(history).toContainText('繁忙期の体制強化が決まったため、達成基準を引き上げた');
  await expect(history).toContainText(
    '修正前: 窓口の待ち時間の短縮（達成基準: 窓口の待ち時間の短縮を年度内に達成する）',
  );
  await expect(mbo.goal(1)).toContainText('平均待ち時間を前年度比25%短縮する');
  // The mid-term entries survived the revision.
  await expect(mbo.number(mid1, '進捗率（%）')).toHaveValue('50');
  await mbo.scrollTop();
  await page.screenshot(shot('own-midterm'));

  // Year-end: levels per goal, the score follows each choice.
  const live = page.getByTestId('mbo-live-score');
  await expect(live).toContainText('未確定');
  await mbo.select(mbo.region('目標1の自己評価'), '自己評価（達成度）', /^A/u);
  await mbo.select(mbo.region('目標3の自己評価'), '自己評価（達成度）', /^B/u);
  // 正確性重視 with no incidents proposes A; choosing B asks for a reason.
  await mbo.select(accuracy, '自己評価（達成度）', /^B/u);
  await expect(mbo.text(accuracy, '提案と異なる評語にする理由')).toBeVisible();
  await expect(accuracy).toContainText('提案された評語（A）と異なる評語にする場合は、理由を入力してください');
  // 40×4×1.2 + 30×3×1.0 + 30×3×1.0 = 372 → 3.7
  await expect(live).toContainText('業績評価点（自己評価）: 3.7');
  await mbo.select(accuracy, '自己評価（達成度）', /^A/u);
  await expect(mbo.text(accuracy, '提案と異なる評語にする理由')).toHaveCount(0);
  // 40×4×1.2 + 30×4 + 30×3 = 402 → 4.0
  await expect(live).toContainText('業績評価点（自己評価）: 4.0');
  await mbo.text(mbo.region('期末（自己評価）'), '期末の自己コメント').fill('待ち時間の短縮に手応えを感じています。');
  await mbo.expectSaved();
  await page.screenshot(shot('own-year-end'));

  await page.getByRole('button', { name: '自己評価を提出' }).click();
  const asked = mbo.dialog('期末の自己評価を提出');
  await expect(asked).toContainText('人事担当に差し戻しを依頼してください');
  await page.screenshot(shot('own-year-end-confirm'));
  await asked.getByRole('button', { name: '提出する' }).click();
  await expect(mbo.status).toHaveText('自己評価済');
  await expect(page.getByRole('button', { name: '自己評価を提出' })).toHaveCount(0);
  await expect(mbo.region('期末（自己評価）')).toContainText('業績評価点（自己評価）: 4.0');
});

test('a sheet without a 地域担当目標 cannot be submitted', async ({ page, host }) => {
  const mbo = await loginAs(page, host.url, 'shokuin', host.password);
  await mbo.addGoal(1, { ...business, weight: 100 });
  await expect(mbo.weightTotal).toContainText('ウェイト合計 100 / 100');
  await expect(mbo.sheetIssues).toContainText(MESSAGES.noAreaGoal);
  await mbo.submit.click();
  // Refused on the screen before anything is sent: no dialog, the problems listed at once.
  await expect(mbo.dialog('目標を提出')).toHaveCount(0);
  await expect(mbo.submitError).toContainText(MESSAGES.noAreaGoal);
  await expect(mbo.status).toHaveText('未提出');
  await mbo.scrollTop();
  await page.screenshot(shot('own-no-area-goal'));

  // Leaving right after typing (before the autosave ran) asks first; staying keeps the text.
  await mbo.text(mbo.goal(1), 'スケジュール（任意）').fill('4月に計測を始め、9月に中間確認');
  const asked = page.waitForEvent('dialog').then(async (d) => {
    const message = d.message();
    await d.dismiss();
    return message;
  });
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name: '自己申告' }).click();
  expect(await asked).toContain('保存されていない変更があります');
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('目標管理');
  await mbo.expectSaved();
});

test('a refused 提出する lists every problem at once, at their fields; a goal added afterwards starts clean', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const mbo = await loginAs(page, host.url, 'shokuin', host.password);
  // One goal with its 達成基準 and 内容 left empty, weights short of 100.
  await mbo.page.getByRole('button', { name: '目標を追加', exact: true }).click();
  const first = mbo.goal(1);
  await mbo.select(first, '区分', '地域担当目標');
  await mbo.text(first, '目標（タイトル）').fill('担当地域の巡回');
  await mbo.number(first, 'ウェイト').fill('50');
  await mbo.submit.click();
  await expect(mbo.dialog('目標を提出')).toHaveCount(0);
  const listed = page.getByTestId('mbo-submit-problems');
  await expect(listed).toContainText(MESSAGES.weightTotal(50));
  await expect(listed).toContainText(`目標1: ${MESSAGES.required.content}`);
  await expect(listed).toContainText(`目標1: ${MESSAGES.required.standard}`);
  await expect(first.getByText(MESSAGES.required.standard)).toBeVisible();
  await expect(mbo.text(first, '達成基準')).toHaveAttribute('aria-invalid', 'true');

  // A new goal is not red with the earlier refusal's errors.
  await mbo.page.getByRole('button', { name: '目標を追加', exact: true }).click();
  const second = mbo.goal(2);
  await expect(second).toBeVisible();
  for (const label of ['目標（タイトル）', '内容', '達成基準']) {
    await expect(mbo.text(second, label)).toHaveAttribute('aria-invalid', 'false');
  }
  await expect(mbo.number(second, 'ウェイト')).toHaveAttribute('aria-invalid', 'false');
  await expect(second.getByText(MESSAGES.required.title)).toHaveCount(0);

  // A field fixed loses its error at once.
  await mbo.text(first, '達成基準').fill('月1回以上巡回する');
  await expect(mbo.text(first, '達成基準')).toHaveAttribute('aria-invalid', 'false');
  await expect(listed).not.toContainText(MESSAGES.required.standard);
  await mbo.scrollTop();
  await page.screenshot(shot('own-refused-new-goal'));
  // The weight's label is whole at 1366 wide.
  const label = first.locator('label', { hasText: 'ウェイト' });
  const box = await label.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(box.scroll).toBeLessThanOrEqual(box.client);
});
