import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { ChannelName } from '../../shared/channels';
import type { Input, Outputs } from '../../shared/contract';
import { LoginPage } from './pages/login-page';
import { SelfReportPage } from './pages/self-report-page';
import { ShellPage } from './pages/shell-page';

// The usual office laptop (issue: every screen at 1366×768).
test.use({ viewport: { width: 1366, height: 768 } });

const shot = (name: string) => ({ path: path.join(screensDir, `self-report-${name}.png`), fullPage: true });

const duties = '窓口での住民票・戸籍の交付と、地域担当としての町会行事の支援';
const health = '腰痛のため月1回通院しています（e2eテスト）';

async function loginAs(page: Page, url: string, login: string, password: string): Promise<SelfReportPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(url);
  await loginPage.login(login, password);
  await new ShellPage(page).expectShown();
  const sr = new SelfReportPage(page);
  await sr.open();
  return sr;
}

test('a staff member fills in the self-report (autosaved), submits it, and others see what they may', async ({
  page,
  host,
}) => {
  // shokuin: the form saves itself while typing, and the text survives a reload.
  let sr = await loginAs(page, host.url, 'shokuin', host.password);
  await expect(page.getByRole('tab', { name: '自分の自己申告書' })).toHaveAttribute('aria-selected', 'true');
  await expect(sr.status).toHaveText('未提出');
  await sr.field('現在の担当業務').fill(duties);
  await expect(sr.saveState).toContainText(/未保存の変更があります|保存中…/u);
  await sr.field('健康状態').fill(health);
  await sr.expectSaved();
  await expect(sr.main).toContainText(`${duties.length} / 1000文字`);
  const staffNo = await sr.staffNo();
  await page.screenshot(shot('own-saved'));

  await page.reload();
  const loginPage = new LoginPage(page);
  const shell = new ShellPage(page);
  await expect(loginPage.heading.or(shell.nav)).toBeVisible();
  if (await loginPage.heading.isVisible()) {
    await loginPage.login('shokuin', host.password);
    await shell.expectShown();
  }
  sr = new SelfReportPage(page);
  await sr.open();
  await expect(sr.field('現在の担当業務')).toHaveValue(duties);
  await expect(sr.field('健康状態')).toHaveValue(health);

  // The fields submission needs are marked before anyone submits, and the form names its 所属長.
  await expect(page.getByTestId('self-report-required-note')).toBeVisible();
  await expect(sr.field('現在の担当業務')).toHaveAttribute('required', '');
  for (const group of ['業務量', '市民や社会にとって意義のある仕事だと感じますか', '異動の希望']) {
    await expect(sr.main.getByRole('group', { name: group }).locator('legend')).toContainText('*');
  }
  await expect(sr.main.getByRole('group', { name: '適性' }).locator('legend')).not.toContainText('*');
  await expect(page.getByTestId('self-report-head')).toHaveText(/^提出先: 所属長（調整者: 副区長 \S+　\S+）$/u);
  const head = (await page.getByTestId('self-report-head').innerText()).replace('提出先: ', '');
  const missing = [
    '業務量を選んでください。',
    '「意義のある仕事だと感じるか」を選んでください。',
    '異動の希望を選んでください。',
  ];
  await expect(sr.problems).toContainText('提出する前に、次の項目を入力してください（3件）');

  // 提出する with three answers missing lists all three at once, each at its field too; none says 「1〜5」.
  await sr.submit.click();
  await expect(sr.confirmation).toHaveCount(0);
  await expect(sr.problems).toContainText('まだ提出できません。次の項目を入力してください（3件）');
  for (const m of missing) {
    await expect(sr.problems.getByRole('button', { name: m })).toBeVisible();
    await expect(sr.main.getByRole('group').filter({ hasText: m }).first()).toBeVisible();
  }
  await expect(sr.main).not.toContainText('1〜5');
  await page.screenshot(shot('own-submit-error'));
  await sr.scrollTop();
  await page.screenshot(shot('own-submit-error-fields'));

  // A line of the list moves the focus to its field; fixing a field clears its error at once.
  await sr.problems.getByRole('button', { name: '異動の希望を選んでください。' }).click();
  await expect(sr.main.getByRole('group', { name: '異動の希望' }).getByRole('radio').first()).toBeFocused();
  await sr.choose('業務量', '適当');
  await expect(sr.main.getByRole('group', { name: '業務量' })).not.toContainText('業務量を選んでください。');
  await expect(sr.problems).toContainText('（2件）');
  await sr.choose('市民や社会にとって意義のある仕事だと感じますか', 'とてもそう思う');
  await sr.choose('異動の希望', '異動希望');
  // 異動希望 needs a preferred section: now required, and listed.
  await expect(sr.problems.getByRole('button', { name: /希望する所属・職務を1つ以上入力してください/u })).toBeVisible();
  await sr.field('希望する所属・職務（第1希望）').fill('子育て支援課');
  await expect(sr.problems).toHaveCount(0);
  await expect(sr.main).not.toContainText('を選んでください。');
  await sr.expectSaved();

  // 提出する asks first: what happens, to whom, and that only HR can send it back. キャンセル changes nothing.
  await sr.submit.click();
  await expect(sr.confirmation).toContainText(`編集できなくなり、${head}に回り`);
  await expect(sr.confirmation).toContainText('差し戻せるのは人事担当だけです');
  await page.screenshot(shot('own-submit-confirm'));
  await sr.confirmation.getByRole('button', { name: 'キャンセル' }).click();
  await expect(sr.status).toHaveText('未提出');
  await sr.submitAndConfirm();
  await expect(sr.status).toHaveText('提出済');
  await expect(sr.main).toContainText('提出済みのため、編集できません');
  await expect(sr.submit).toHaveCount(0);
  await expect(sr.field('現在の担当業務')).toHaveAttribute('readonly', '');
  await sr.scrollTop();
  await page.screenshot(shot('own-submitted'));
  await shell.logout();

  // kakaricho (1次評価者): her 担当職員 list leaves herself out (her own report is under her own tab).
  sr = await loginAs(page, host.url, 'kakaricho', host.password);
  const kakarichoNo = await sr.staffNo();
  await sr.tab('担当職員の自己申告');
  await page.getByLabel('職員番号・氏名・所属で絞り込み').fill(kakarichoNo);
  await expect(page.getByText('条件に合う職員はいません')).toBeVisible();
  // Each row names the person's 所属長 (their 調整者) as the report does.
  await page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
  const others = page.getByRole('grid', { name: '担当職員の自己申告書' });
  await expect(others.getByRole('columnheader', { name: '所属長（調整者）' })).toBeVisible();
  const adjuster = head.replace(/^所属長（調整者: (.+)）$/u, '$1');
  expect(adjuster).toMatch(/^副区長 /u);
  await expect(others.getByRole('row').filter({ hasText: staffNo })).toContainText(adjuster);
  await page.screenshot(shot('others-list'));
  // She reads the report, but not the health or family sections; the note names the 所属長.
  await sr.openOther(staffNo);
  await expect(sr.field('現在の担当業務')).toHaveValue(duties);
  await expect(sr.main).toContainText(`健康状態・家庭の事情は、本人・${head}・人事担当のみ閲覧できます`);
  await expect(page.getByTestId('self-report-head')).toHaveText(`提出先: ${head}`);
  await expect(page.getByText(health)).toHaveCount(0);
  expect(await page.content()).not.toContain(health);
  await expect(sr.field('健康状態')).toHaveCount(0);
  await page.screenshot(shot('evaluator-view'));
  await shell.logout();

  // admin (HR): the progress board lists shokuin as 提出済, and opens the report with health shown.
  sr = await loginAs(page, host.url, 'admin', host.password);
  await sr.tab('提出状況');
  await expect(page.getByTestId('self-report-kpi')).toContainText(/意義のある仕事だと感じる職員 (\d+%|—)（目標 90%）/u);
  await page.getByLabel('職員番号・氏名・所属で絞り込み').fill(staffNo);
  const grid = page.getByRole('grid', { name: '職員ごとの提出状況' });
  const row = grid.getByRole('row').filter({ hasText: staffNo });
  await expect(row).toContainText('提出済');
  await page.screenshot(shot('progress'));
  await row.getByRole('gridcell').first().click();
  await expect(page.getByRole('tab', { name: '担当職員の自己申告' })).toHaveAttribute('aria-selected', 'true');
  await expect(sr.person).toHaveAttribute('data-staff-no', staffNo);
  await expect(sr.field('健康状態')).toHaveValue(health);
  await expect(page.getByRole('button', { name: '差し戻す' })).toBeVisible();
  await expect(page.getByRole('button', { name: '一覧に戻る' })).toBeVisible();
  await sr.scrollTop();
  await page.screenshot(shot('hr-view'));
});

/**
 * A call from this tab's own session, as another screen of the same person would make it: the
 * browser host binds the session to the tab that logged in (docs/idle-lock.md), so a second window
 * cannot share it; the tab's token and secret are read from its sessionStorage (renderer/src/api.ts).
 */
async function callInTab<K extends ChannelName>(page: Page, channel: K, req: Input<K>): Promise<Outputs[K]> {
  const body = await page.evaluate(
    async ([name, input]) => {
      const tab = sessionStorage.getItem('kaname.tabSecret');
      const res = await fetch(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-kaname-token': sessionStorage.getItem('kaname.hostToken') ?? '',
          ...(tab ? { 'x-kaname-tab': tab } : {}),
        },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [channel, req] as const,
  );
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? ''}`);
  return body.value as Outputs[K];
}

test('another screen writing the same report shows the conflict, and HR sends a submitted report back', async ({
  page,
  host,
}) => {
  const fy = fiscalYearOf(new Date());
  // shokuin's own report changes behind the open form (another screen): its next save is stale.
  const sr = await loginAs(page, host.url, 'shokuin', host.password);
  await sr.field('現在の担当業務').fill('一つ目の画面で書いた内容');
  await sr.expectSaved();
  const current = await callInTab(page, 'selfReport:get', { fy });
  await callInTab(page, 'selfReport:save', { fy, version: current.version, duties: '別の画面で書いた内容' });
  await sr.field('現在の担当業務').fill('古い画面で書き足した内容');
  await expect(sr.saveState).toContainText('別の画面または別の人によって更新されています', { timeout: 10_000 });
  await page.getByRole('button', { name: '再読み込み' }).click();
  await expect(sr.field('現在の担当業務')).toHaveValue('別の画面で書いた内容');
  await page.screenshot(shot('conflict-reloaded'));

  // HR sends a submitted report (from the demo) back with a reason; it shows as 未提出 with the reason.
  await new ShellPage(page).logout();
  await loginAs(page, host.url, 'admin', host.password);
  const progress = await callInTab(page, 'selfReport:progress', { fy });
  const target = progress.people.find((p) => p.status === '提出済');
  if (!target) throw new Error('the demo office has no submitted self-report');
  const admin = new SelfReportPage(page);
  await admin.openOther(target.person.staffNo);
  const reopen = page.getByRole('region', { name: '差し戻し' });
  const asked = page.getByRole('dialog', { name: '自己申告書を差し戻しますか？' });
  await reopen.getByRole('button', { name: '差し戻す' }).click();
  await expect(reopen).toContainText('差し戻しの理由を入力してください');
  await expect(asked).toHaveCount(0);
  await reopen.getByRole('textbox').fill('希望する所属の記載が漏れています');
  await expect(reopen).not.toContainText('差し戻しの理由を入力してください');
  // 差し戻す asks first, saying what is lost; キャンセル leaves it 提出済.
  await reopen.getByRole('button', { name: '差し戻す' }).click();
  await expect(asked).toContainText('「未提出」に戻り');
  await expect(asked).toContainText('差し戻しは取り消せません');
  await page.screenshot(shot('reopen-confirm'));
  await asked.getByRole('button', { name: 'キャンセル' }).click();
  await expect(page.getByTestId('self-report-status')).toHaveText('提出済');
  await reopen.getByRole('button', { name: '差し戻す' }).click();
  await asked.getByRole('button', { name: '差し戻す' }).click();
  await expect(page.getByText('差し戻しました')).toBeVisible();
  await expect(page.getByTestId('self-report-status')).toHaveText('未提出');
  await expect(page.getByRole('region', { name: '差し戻し' })).toHaveCount(0);
  const after = await callInTab(page, 'selfReport:get', { fy, staffNo: target.person.staffNo });
  expect(after).toMatchObject({ status: '未提出', reopenReason: '希望する所属の記載が漏れています' });
});

test('the 調整者 (here the 区長 of a 課長) records the interview: all problems at once, the first save asks', async ({
  page,
  host,
}) => {
  const login = (name: string) => loginAs(page, host.url, name, host.password);
  let sr = await login('kacho');
  await sr.field('現在の担当業務').fill('課の運営');
  await sr.choose('業務量', '適当');
  await sr.choose('市民や社会にとって意義のある仕事だと感じますか', 'とてもそう思う');
  await sr.choose('異動の希望', '継続希望');
  await sr.expectSaved();
  const no = await sr.staffNo();
  await sr.submitAndConfirm();
  await new ShellPage(page).logout();
  sr = await login('kucho');
  await sr.openOther(no);
  const form = page.getByRole('region', { name: '面談記録の入力' });
  await form.getByRole('button', { name: '面談記録を保存' }).click();
  await expect(page.getByTestId('self-report-interview-problems')).toContainText('（2件）');
  await form.scrollIntoViewIfNeeded();
  await page.screenshot(shot('interview-errors'));
  await form.getByRole('textbox', { name: '面談記録' }).fill('面談を実施した。');
  await expect(page.getByTestId('self-report-interview-problems')).toContainText('（1件）');
  await form.getByRole('textbox', { name: '面談日' }).fill('2026/07/15');
  await form.getByRole('button', { name: '面談記録を保存' }).click();
  const dlg = page.getByRole('dialog', { name: '面談記録を保存しますか？' });
  await expect(dlg).toBeVisible();
  await page.screenshot(shot('interview-confirm'));
  await dlg.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('self-report-status')).toHaveText('面談済');
  await expect(page.getByTestId('self-report-interviewer')).toContainText('面談者: 所属長（調整者: 区長 ');
  await expect(page.getByTestId('self-report-interviewer')).toContainText('2026/07/15');
  // A correction does not ask again.
  await form.getByRole('textbox', { name: '所属長所見' }).fill('引き続き期待する。');
  await form.getByRole('button', { name: '面談記録を保存' }).click();
  await expect(page.getByText('面談記録を保存しました').first()).toBeVisible();
  await expect(dlg).toHaveCount(0);
  await page.getByTestId('self-report-interviewer').scrollIntoViewIfNeeded();
  await page.screenshot(shot('interview-done'));
});
