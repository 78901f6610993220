import path from 'node:path';
import type { Page } from '@playwright/test';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { AppraisalPage } from './pages/appraisal-page';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `appraisal-${name}.png`), fullPage: true });
const fy = fiscalYearOf(new Date());

async function loginAs(page: Page, url: string, login: string, password: string): Promise<AppraisalPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(login, password);
  await new ShellPage(page).expectShown();
  const appraisal = new AppraisalPage(page);
  await appraisal.open();
  return appraisal;
}

async function logout(page: Page): Promise<void> {
  await new ShellPage(page).logout();
  await new LoginPage(page).expectShown();
}

/** The appraisal the demo leaves waiting for kakaricho (1次), read through the logged-in session. */
async function waitingForFirst(host: HostFixture) {
  const list = await hostApi(host, 'appraisal:list', { fy });
  const row = list.rows.find((r) => r.myTurn && r.relation === 'first');
  if (!row) throw new Error('the demo has no appraisal waiting for kakaricho');
  return hostApi(host, 'appraisal:get', { fy, staffNo: row.person.staffNo });
}

const departReason = '地域での取組みに加え、年度後半の窓口応援も踏まえて判断した（e2eテスト）';
const sendBackReason = '所見をもう少し具体的に書いてください（e2eテスト）';

test('1次 rates with a reason for departing from the cross-section level, autosaved; 2次 sends back, 1次 resubmits, 2次 submits', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  let ap = await loginAs(page, host.url, 'kakaricho', host.password);
  await expect(page.getByRole('tab', { name: '考課一覧' })).toHaveAttribute('aria-selected', 'true');
  const view = await waitingForFirst(host);
  const staffNo = view.person.staffNo;
  await expect(ap.row(staffNo)).toContainText('あなたの番');
  await page.getByLabel(/あなたの番だけ/u).check();
  await expect(ap.grid.getByRole('row')).toHaveCount(2); // header + the one waiting
  await page.screenshot(shot('list-kakaricho'));
  await page.getByLabel(/あなたの番だけ/u).uncheck();

  await ap.openFromList(staffNo);
  await expect(ap.status).toHaveText('自己評価済');
  const crossGoal = view.goals.findIndex((g) => g.firstDefault?.source === 'cross') + 1;
  expect(crossGoal).toBeGreaterThan(0);
  const crossDefault = view.goals[crossGoal - 1]!.firstDefault!.level;
  // The 1次 starts from the cross-section rating.
  await expect(ap.combobox(`目標${crossGoal}の1次評語`)).toContainText(crossDefault);
  await expect(ap.main).toContainText('他所属評価の評語');
  await expect(ap.reason(crossGoal)).toHaveCount(0);

  for (const r of view.ratings) await ap.rate(r.item, '1次', 3);
  for (let i = 1; i <= view.goals.length; i += 1) {
    if (i !== crossGoal) await ap.level(i, '1次', 'B');
  }
  const other = crossDefault === 'A' ? 'S' : 'A';
  await ap.level(crossGoal, '1次', other);
  await expect(ap.reason(crossGoal)).toBeVisible();
  await ap.submit.click();
  await expect(ap.submitError).toContainText('まだ提出できません');
  await expect(ap.problems).toContainText('理由を入力してください');
  await expect(ap.status).toHaveText('自己評価済');
  await ap.reason(crossGoal).fill(departReason);
  await ap.comment('1次評価者の所見').fill('担当業務を着実にこなし、地域担当でも信頼を得ている。');
  await ap.expectSaved();
  await expect(ap.problems).toHaveCount(0);
  await ap.scrollTop();
  await page.screenshot(shot('form-first'));
  await ap.region('能力評価').scrollIntoViewIfNeeded();
  await page.screenshot(shot('form-first-ratings'));

  // What was typed survives a reload.
  await page.reload();
  const loginPage = new LoginPage(page);
  const shell = new ShellPage(page);
  await expect(loginPage.heading.or(shell.nav)).toBeVisible();
  if (await loginPage.heading.isVisible()) {
    await loginPage.login('kakaricho', host.password);
    await shell.expectShown();
  }
  ap = new AppraisalPage(page);
  await ap.open();
  await ap.openFromList(staffNo);
  await expect(ap.combobox(`目標${crossGoal}の1次評語`)).toContainText(other);
  await expect(ap.reason(crossGoal)).toHaveValue(departReason);
  await expect(ap.combobox(`${view.ratings[0]!.item}の1次評価`)).toContainText('3');
  await ap.submitStage('1次評価済');
  await expect(ap.status).toHaveText('1次評価済');
  await expect(ap.submit).toHaveCount(0);
  await logout(page);

  // kacho (2次): sees the 1次's reason, sends back (a reason is required).
  ap = await loginAs(page, host.url, 'kacho', host.password);
  await ap.openFromList(staffNo);
  await expect(ap.status).toHaveText('1次評価済');
  await expect(ap.main).toContainText(`既定と異なる理由: ${departReason}`);
  const sendBack = ap.region('差し戻し');
  await sendBack.getByRole('button', { name: '差し戻す' }).click();
  await expect(sendBack).toContainText('差し戻す場合は、理由を入力してください');
  await sendBack.getByRole('textbox', { name: '差し戻しの理由' }).fill(sendBackReason);
  await sendBack.getByRole('button', { name: '差し戻す' }).click();
  await expect(ap.status).toHaveText('自己評価済');
  await logout(page);

  // kakaricho sees why and submits again.
  ap = await loginAs(page, host.url, 'kakaricho', host.password);
  await ap.openFromList(staffNo);
  await expect(ap.sentBack).toContainText(sendBackReason);
  await ap.scrollTop();
  await page.screenshot(shot('form-sent-back'));
  await ap.comment('1次評価者の所見').fill('窓口の待ち時間短縮に具体的な成果があり、地域担当でも信頼を得ている。');
  await ap.expectSaved();
  await ap.submitStage('1次評価済');
  await expect(ap.status).toHaveText('1次評価済');
  await logout(page);

  // kacho rates every item and goal and submits: 2次評価済 with an absolute score.
  ap = await loginAs(page, host.url, 'kacho', host.password);
  await ap.openFromList(staffNo);
  await ap.submit.click();
  await expect(ap.problems).toContainText('能力評価');
  for (const r of view.ratings) await ap.rate(r.item, '2次', 4);
  for (let i = 1; i <= view.goals.length; i += 1) await ap.level(i, '2次', 'A');
  await ap.comment('2次評価者の所見').fill('1次評価のとおり。');
  await ap.expectSaved();
  await expect(page.getByTestId('appraisal-absolute')).toHaveText(/^\d\.\d{2}$/u);
  await ap.scrollTop();
  await page.screenshot(shot('form-second'));
  await ap.submitStage('2次評価済');
  await expect(ap.status).toHaveText('2次評価済');
  await expect(ap.main).toContainText('いまは調整者が入力する段階です');
  await page.getByTestId('appraisal-scores').scrollIntoViewIfNeeded();
  await page.screenshot(shot('form-second-done'));
});

test('the 区長 ranks the 課長代理級: quotas, the boundary tie decided, confirmed', async ({ page, host }) => {
  test.setTimeout(120_000);
  const ap = await loginAs(page, host.url, 'kucho', host.password);
  await ap.tab('相対評価');
  await page.getByRole('button', { name: /^課長代理級（区全体）/u }).click();
  await expect(page.getByRole('button', { name: /^課長代理級（区全体）/u })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('ranking-quota')).toHaveText(['1', '2', '7', '1', '1']);
  const tie = page.getByTestId('ranking-tie');
  await expect(tie).toHaveCount(1);
  await expect(tie).toContainText('第1区分に1人、第2区分に1人');
  const confirm = page.getByRole('button', { name: '相対評価を確定' });
  await expect(confirm).toBeDisabled();
  await expect(page.locator('[data-testid="ranking-row"][data-tie="true"]')).toHaveCount(2);
  await page.screenshot(shot('ranking-tie'));

  const groups = tie.getByRole('radiogroup');
  // Each choice is saved at once; the radio shows it when the app has recorded it.
  await groups.nth(0).getByRole('radio', { name: '第1区分' }).click();
  await expect(groups.nth(0).getByRole('radio', { name: '第1区分' })).toBeChecked();
  await expect(groups.nth(1).getByRole('radio', { name: '第2区分' })).toBeEnabled();
  await groups.nth(1).getByRole('radio', { name: '第2区分' }).click();
  await expect(groups.nth(1).getByRole('radio', { name: '第2区分' })).toBeChecked();
  await expect(tie).toContainText('決定済み');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  const dialog = page.getByRole('dialog', { name: '相対評価を確定' });
  await expect(dialog).toContainText('12人の区分を確定します');
  await page.screenshot(shot('ranking-confirm-dialog'));
  await dialog.getByRole('button', { name: '確定する' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('ranking-confirmed')).toContainText('確定しています');
  await expect(page.getByRole('button', { name: /^課長代理級（区全体）/u })).toContainText('確定');
  await ap.scrollTop();
  await page.screenshot(shot('ranking-confirmed'));
  await page.getByRole('grid', { name: '相対評価の順位' }).scrollIntoViewIfNeeded();
  await page.screenshot(shot('ranking-list'));

  // The list shows each of them 確定 with their class.
  await ap.tab('考課一覧');
  await page.getByRole('combobox', { name: '状態' }).click();
  await page.getByRole('option', { name: '確定', exact: true }).click();
  await expect(ap.grid.getByRole('row')).toHaveCount(13);
  await expect(ap.grid).toContainText('第1区分');
  await page.screenshot(shot('list-confirmed'));
});

test('HR: the status table by 職層, and an appraisal read with its scores', async ({ page, host }) => {
  test.setTimeout(90_000);
  const ap = await loginAs(page, host.url, 'admin', host.password);
  await ap.tab('人事考課状況一覧');
  const deputies = page.getByRole('table', { name: '課長代理級の所属別の状況' });
  await expect(deputies).toBeVisible();
  await expect(deputies.getByRole('columnheader', { name: '調整済' })).toBeVisible();
  await expect(ap.region('係員級')).toContainText('確定した区分の分布');
  await page.screenshot(shot('status'));

  await ap.tab('考課一覧');
  const list = await hostApi(host, 'appraisal:list', { fy });
  const done = list.rows.find((r) => r.status === '調整済' && r.person.gradeGroup === '係員級') ?? list.rows[0]!;
  await ap.openFromList(done.person.staffNo);
  await expect(page.getByTestId('appraisal-scores')).toContainText('業績評価点');
  await expect(ap.submit).toHaveCount(0);
  await ap.scrollTop();
  await page.screenshot(shot('hr-view'));

  // Before the 1次 has submitted, HR may name who rates a goal from outside the section.
  await ap.backToList();
  const open = list.rows.find((r) => r.status === '未着手')!;
  await ap.openFromList(open.person.staffNo);
  await ap.main.getByRole('button', { name: '他所属評価者を指名' }).first().click();
  const dialog = page.getByRole('dialog', { name: /他所属評価者を指名/u });
  await expect(dialog.getByRole('combobox', { name: '他所属評価者' })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: '役割' })).toBeVisible();
  await page.screenshot(shot('hr-name-cross'));
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  await expect(dialog).toHaveCount(0);
});

/** Creates an evaluator account for a staff member (as HR, through the app) and logs in with it. */
async function evaluatorAccount(
  page: Page,
  host: HostFixture,
  login: string,
  staffNo: string,
  name: string,
  role: 'evaluator' | 'staff' = 'evaluator',
) {
  await hostApi(host, 'accounts:create', {
    login,
    displayName: name,
    role,
    staffNo,
    password: 'temporary-pass-1',
  });
  await logout(page);
  const loginPage = new LoginPage(page);
  await loginPage.login(login, 'temporary-pass-1');
  const dialog = page.getByRole('dialog', { name: 'パスワードの変更が必要です' });
  await dialog.getByLabel('現在のパスワード', { exact: true }).fill('temporary-pass-1');
  await dialog.getByLabel('新しいパスワード', { exact: true }).fill(host.password);
  await dialog.getByLabel('新しいパスワード（確認）', { exact: true }).fill(host.password);
  await dialog.getByRole('button', { name: '変更する' }).click();
  await new ShellPage(page).expectShown();
  const ap = new AppraisalPage(page);
  await ap.open();
  return ap;
}

test('an evaluator reads the status table without any figure of fewer than 3 people', async ({ page, host }) => {
  const ap = await loginAs(page, host.url, 'kakaricho', host.password);
  await ap.tab('人事考課状況一覧');
  const status = await hostApi(host, 'appraisal:status', { fy });
  const chiefs = status.groups.find((g) => g.gradeGroup === '課長級')!;
  expect(chiefs.scored).toBeLessThan(3);
  expect(chiefs.average).toBeNull();
  await expect(ap.region('課長級')).toContainText(`評価済 ${chiefs.scored}人・平均点 —（3人未満）`);
  const small = chiefs.sections.find((s) => s.suppressed === 'few')!;
  const row = page.getByRole('table', { name: '課長級の所属別の状況' }).getByRole('row', { name: small.section });
  await expect(row).toContainText('—（3人未満）');
  await expect(page.getByTestId('appraisal-status-withheld')).toBeVisible();
  await page.screenshot(shot('status-evaluator'));
});

test('the 副区長 (調整者 of the 係員級) adjusts only with a reason and submits: 調整済', async ({ page, host }) => {
  test.setTimeout(120_000);
  await loginAs(page, host.url, 'admin', host.password);
  const list = await hostApi(host, 'appraisal:list', { fy });
  const target = list.rows.find((r) => r.status === '2次評価済' && r.person.gradeGroup === '係員級');
  if (!target) throw new Error('the demo has no 係員級 appraisal at 2次評価済');
  const view = await hostApi(host, 'appraisal:get', { fy, staffNo: target.person.staffNo });
  const staff = await hostApi(host, 'staff:list', { gradeGroup: '課長級', active: 'active' });
  const adjuster = staff.rows.find((r) => r.name === view.evaluators.adjuster);
  if (!adjuster) throw new Error('the 調整者 is not in the staff list');
  const ap = await evaluatorAccount(page, host, 'fukukucho', adjuster.staffNo, adjuster.name);

  await expect(ap.row(target.person.staffNo)).toContainText('あなたの番');
  await ap.openFromList(target.person.staffNo);
  await expect(ap.status).toHaveText('2次評価済');
  await expect(ap.combobox(`${view.ratings[0]!.item}の2次評価`)).toHaveCount(0);
  await ap.choose('調整', '+0.10');
  await ap.submit.click();
  await expect(ap.problems).toContainText('調整する場合は、調整の理由を入力してください');
  await expect(ap.region('調整（調整者）')).toContainText('調整する場合は、調整の理由を入力してください');
  await ap.comment('調整の理由').fill('区の重点施策への貢献を加味した（e2eテスト）');
  await ap.comment('調整者の所見').fill('地域との連携に貢献した。');
  await ap.expectSaved();
  await expect(page.getByTestId('appraisal-scores')).toContainText('調整者による調整');
  await ap.region('調整（調整者）').scrollIntoViewIfNeeded();
  await page.screenshot(shot('form-adjuster'));
  await ap.submitStage('調整済');
  await expect(ap.status).toHaveText('調整済');
});

test('an area leader rates only the 地域担当目標 they were asked to rate', async ({ page, host }) => {
  test.setTimeout(120_000);
  await loginAs(page, host.url, 'admin', host.password);
  const list = await hostApi(host, 'appraisal:list', { fy });
  let found: { staffNo: string; leaderNo: string; leaderName: string } | null = null;
  for (const r of list.rows.filter((x) => x.status === '未着手' || x.status === '自己評価済').slice(0, 60)) {
    const v = await hostApi(host, 'appraisal:get', { fy, staffNo: r.person.staffNo });
    const g = v.goals.find((x) => x.cross?.evaluator && x.cross.level === null);
    if (g?.cross?.evaluator) {
      found = { staffNo: r.person.staffNo, leaderNo: g.cross.evaluator.staffNo, leaderName: g.cross.evaluator.name };
      break;
    }
  }
  if (!found) throw new Error('the demo has no unrated 地域担当目標 with a leader');
  const ap = await evaluatorAccount(page, host, 'leader01', found.leaderNo, found.leaderName);
  await expect(ap.row(found.staffNo)).toContainText('他所属評価');
  await ap.openFromList(found.staffNo);
  const form = page.getByTestId('appraisal-cross-form');
  await expect(form).toBeVisible();
  // Only the goals to rate: no competency ratings, scores or others' levels.
  await expect(page.getByTestId('appraisal-ratings')).toHaveCount(0);
  await expect(page.getByTestId('appraisal-scores')).toHaveCount(0);
  const card = page.getByTestId('appraisal-cross-goal').first();
  await ap.choose('目標1の他所属評価の評語', /^A/u);
  await card.getByRole('textbox', { name: '他所属評価のコメント' }).fill('巡回に毎月参加し、町会との調整を担った。');
  await card.getByRole('button', { name: '評価を保存' }).click();
  await expect(card).toContainText('最終保存');
  await page.screenshot(shot('cross-form'));
});

test("a staff member rates themself and submits; the evaluators' entries stay hidden until 確定", async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, host.url, 'admin', host.password);
  // Someone whose MBO self evaluation is in and whose appraisal has not started.
  const sheets = await hostApi(host, 'mbo:list', { fy });
  const appraisals = await hostApi(host, 'appraisal:list', { fy });
  const notStarted = new Set(appraisals.rows.filter((r) => r.status === '未着手').map((r) => r.person.staffNo));
  const person = sheets.rows.find((r) => r.status === '自己評価済' && notStarted.has(r.person.staffNo));
  if (!person) throw new Error('the demo has no 自己評価済 MBO sheet with an appraisal still 未着手');
  const items = (await hostApi(host, 'appraisal:get', { fy, staffNo: person.person.staffNo })).ratings.map(
    (r) => r.item,
  );

  const ap = await evaluatorAccount(page, host, 'honnin', person.person.staffNo, person.person.name, 'staff');
  await ap.tab('自分の人事考課');
  await expect(ap.status).toHaveText('未着手');
  await ap.submit.click();
  await expect(ap.problems).toContainText(`能力評価「${items[0]!}」を選んでください`);
  for (const item of items) await ap.rate(item, '本人', 4);
  await ap.comment('本人の所見').fill('担当業務と地域担当の両立に努めた（e2eテスト）');
  await ap.expectSaved();
  // Only the person's own column: no 1次 or 2次 entries, no absolute score yet.
  await expect(ap.combobox(`${items[0]!}の1次評価`)).toHaveCount(0);
  await ap.scrollTop();
  await page.screenshot(shot('form-self'));
  await ap.submitStage('自己評価済');
  await expect(ap.status).toHaveText('自己評価済');
  const after = await hostApi(host, 'appraisal:get', { fy, staffNo: person.person.staffNo });
  expect(after.ratings.every((r) => r.self === 4)).toBe(true);
});
