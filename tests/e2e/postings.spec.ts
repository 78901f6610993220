import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { todayIso } from '../../shared/dates';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `postings-${name}.png`), fullPage: true });
const fy = fiscalYearOf(new Date());

const title = '窓口DX推進担当の庁内公募（e2e）';
const motivation = '窓口の待ち時間を減らす取組みに、区民課での経験を生かしたいと考えて応募します（e2e志望動機）。';
const outcome = '面接の結果、採用（e2e）';

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function loginTo(page: Page, host: HostFixture, login: string): Promise<void> {
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login(login, host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  await shell.open('庁内公募');
  await expect(page.getByTestId('posting-card').first()).toBeVisible();
}

async function logout(page: Page): Promise<void> {
  await new ShellPage(page).logout();
  await new LoginPage(page).expectShown();
}

const card = (page: Page, name: string): Locator => page.getByRole('article', { name });

/** Before a screenshot: the success message closed and the section scrolled to its top. */
async function tidy(page: Page, scrollTop = true): Promise<void> {
  // (Under an open dialog the message is aria-hidden, so its close button is found by tag.)
  const snack = page.locator('.MuiSnackbar-root');
  if ((await snack.count()) > 0) {
    await snack.locator('button').click();
    await expect(snack).toHaveCount(0);
  }
  if (scrollTop) await page.getByRole('main').evaluate((el) => el.scrollTo(0, 0));
}

/** The whole page as the browser holds it: visible text and markup, including collapsed parts. */
async function everything(page: Page): Promise<string> {
  return `${await page.locator('body').innerText()}\n${await page.content()}`;
}

test('HR posts a 庁内公募, shokuin applies, their 1次 never sees it, HR records 採用, the personnel office reads', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });

  // ---- HR creates the posting ----
  await loginTo(page, host, 'admin');
  const accounts = await hostApi(host, 'accounts:list', {});
  const shokuin = accounts.find((a) => a.login === 'shokuin')!;
  expect(shokuin.staffNo && shokuin.staffName).toBeTruthy();
  const shokuinName = shokuin.staffName!;
  const logins = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
  const clerk = (await hostApi(host, 'staff:list', { gradeGroup: '係員級', active: 'active', fy })).rows.find(
    (s) => s.position === '係員' && !logins.has(s.staffNo),
  )!;
  expect((await hostApi(host, 'postings:list', { fy })).postings.length).toBeGreaterThanOrEqual(2);
  const section = (await hostApi(host, 'org:sections', {}))[0]!.name;
  const main = page.getByRole('main');

  await main.getByRole('button', { name: '募集を作成' }).click();
  const form = page.getByTestId('posting-form');
  await form.getByRole('button', { name: '作成' }).click();
  await expect(form.getByText('件名を入力してください')).toBeVisible();
  await expect(form.getByText('締切日を入力してください')).toBeVisible();
  await form.getByRole('textbox', { name: '件名' }).fill(title);
  // A deadline outside the fiscal year is refused by the core, at the field.
  await form.getByLabel('締切').fill(`${fy + 1}-04-30`);
  await form.getByRole('button', { name: '作成' }).click();
  await expect(form.getByText(`締切は${fy}年度`)).toBeVisible();
  const deadline = [addDays(todayIso(), 30), `${fy + 1}-03-31`].sort()[0]!;
  await form.getByLabel('締切').fill(deadline);
  await form.getByRole('combobox', { name: '所属' }).click();
  await page.getByRole('option', { name: section, exact: true }).click();
  await form.getByRole('textbox', { name: 'チーム・グループ名（任意）' }).fill('窓口DX推進担当');
  await form.getByRole('textbox', { name: '内容（任意）' }).fill('窓口のオンライン予約と手続きの案内を整えます。');
  await form.getByRole('textbox', { name: '応募資格（任意）' }).fill('係員級で在職2年以上の職員');
  await form.getByRole('spinbutton', { name: '募集人数' }).fill('2');
  await form.getByRole('button', { name: '作成' }).click();
  await expect(form).toHaveCount(0);
  const hrCard = card(page, title);
  await expect(hrCard.getByTestId('posting-status')).toHaveText('募集中');
  await expect(hrCard.getByTestId('posting-kind')).toHaveText('庁内公募');
  await expect(hrCard.getByTestId('posting-deadline')).toContainText(/あと\d+日/u);
  await expect(hrCard.getByTestId('posting-applicant-count')).toHaveText('0件');
  await expect(hrCard).toContainText(`${section}／窓口DX推進担当`);
  // Open postings come first.
  const statuses = await page.getByTestId('posting-status').allInnerTexts();
  expect(statuses.indexOf('締切')).toBeGreaterThan(statuses.lastIndexOf('募集中'));
  await hrCard.getByRole('button', { name: '内容と応募資格を見る ▾' }).click();
  await expect(hrCard).toContainText('係員級で在職2年以上の職員');
  await tidy(page);
  await page.screenshot(shot('hr'));
  await logout(page);

  // ---- shokuin applies ----
  await loginTo(page, host, 'shokuin');
  const mine = page.getByTestId('my-applications');
  // The demo's application of shokuin is theirs to read.
  await expect(mine.getByTestId('my-application-row')).toHaveCount(1);
  const staffCard = card(page, title);
  await expect(staffCard.getByTestId('posting-applicant-count')).toHaveCount(0);
  await staffCard.getByRole('button', { name: '応募する' }).click();
  const apply = page.getByTestId('apply-form');
  await expect(apply.getByTestId('apply-privacy')).toHaveText(
    '応募は本人・人事担当・人事配置担当だけが閲覧できます。所属の評価者には表示されません。',
  );
  await apply.getByRole('button', { name: '応募内容を確認' }).click();
  await expect(apply.getByText('志望動機を入力してください')).toBeVisible();
  await apply.getByRole('textbox', { name: '志望動機' }).fill(motivation);
  await expect(apply.getByTestId('motivation-count')).toHaveText(`${motivation.length} / 2000`);
  await page.screenshot(shot('apply-dialog'));
  await apply.getByRole('button', { name: '応募内容を確認' }).click();
  const confirm = page.getByRole('dialog', { name: 'この内容で応募しますか' });
  await confirm.getByRole('button', { name: '応募する' }).click();
  await expect(apply).toHaveCount(0);
  await expect(staffCard.getByTestId('my-application-status')).toHaveText('応募');
  await expect(staffCard.getByTestId('my-application')).toContainText(motivation);
  await expect(staffCard.getByRole('button', { name: '辞退する' })).toBeVisible();
  await expect(staffCard.getByRole('button', { name: '応募する' })).toHaveCount(0);
  await expect(mine.getByTestId('my-application-row')).toHaveCount(2);
  await expect(mine.getByTestId('my-application-row').filter({ hasText: title })).toContainText('応募');
  // Withdrawing asks first; cancelling keeps the application.
  await staffCard.getByRole('button', { name: '辞退する' }).click();
  const withdraw = page.getByRole('dialog', { name: '応募を辞退しますか' });
  await expect(withdraw).toBeVisible();
  await withdraw.getByRole('button', { name: 'キャンセル' }).click();
  await expect(withdraw).toHaveCount(0);
  await expect(staffCard.getByTestId('my-application-status')).toHaveText('応募');
  // Confirming withdraws the demo's application; it stays theirs, and may be made again while open.
  const demoCard = page
    .getByTestId('posting-card')
    .filter({ has: page.getByTestId('my-application') })
    .first();
  const demoTitle = (await demoCard.getAttribute('aria-label'))!;
  expect(demoTitle).not.toBe(title);
  await demoCard.getByRole('button', { name: '辞退する' }).click();
  await withdraw.getByRole('button', { name: '辞退する' }).click();
  await expect(withdraw).toHaveCount(0);
  await expect(demoCard.getByTestId('my-application-status')).toHaveText('辞退');
  await expect(demoCard.getByRole('button', { name: '辞退する' })).toHaveCount(0);
  await expect(demoCard.getByRole('button', { name: 'もう一度応募する' })).toBeVisible();
  await expect(mine.getByTestId('my-application-row').filter({ hasText: demoTitle })).toContainText('辞退');
  await expect(main.getByRole('button', { name: /^応募者/u })).toHaveCount(0);
  await tidy(page);
  await page.screenshot(shot('staff'));
  const demoMotivations = (await hostApi(host, 'postings:list', { fy })).postings.flatMap((p) =>
    p.mine ? [p.mine.motivation] : [],
  );
  expect(demoMotivations).toHaveLength(2);
  await logout(page);

  // ---- kakaricho (shokuin's 1次) cannot find the application anywhere ----
  await loginTo(page, host, 'kakaricho');
  const evaluatorCard = card(page, title);
  await expect(evaluatorCard).toBeVisible();
  for (const c of await page.getByTestId('posting-card').all()) {
    await c.getByRole('button', { name: '内容と応募資格を見る ▾' }).click();
  }
  const seen = await everything(page);
  for (const secret of [shokuinName, shokuinName.replace(/\s/gu, ''), ...demoMotivations]) {
    expect(seen).not.toContain(secret);
  }
  // 職員番号 are digits, which markup holds by chance: only the text is searched for it.
  expect(await page.locator('body').innerText()).not.toContain(shokuin.staffNo!);
  await expect(main.getByRole('button', { name: /^応募者/u })).toHaveCount(0);
  await expect(page.getByTestId('posting-applicant-count')).toHaveCount(0);
  await expect(page.getByTestId('my-application')).toHaveCount(0);
  await expect(page.getByTestId('my-applications')).toContainText('この年度の応募はまだありません。');
  // Nor through the channel, whatever the screen shows.
  const postingId = (await hostApi(host, 'postings:list', { fy })).postings.find((p) => p.title === title)!.id;
  await expect(hostApi(host, 'postings:applicants', { fy, postingId })).rejects.toThrow();
  await tidy(page);
  await page.screenshot(shot('evaluator'));
  await logout(page);

  // ---- HR reads the applicants, records a paper application and 採用, exports ----
  await loginTo(page, host, 'admin');
  await expect(card(page, title).getByTestId('posting-applicant-count')).toHaveText('1件');
  await card(page, title)
    .getByRole('button', { name: /^応募者/u })
    .click();
  const applicants = page.getByTestId('applicants-dialog');
  const shokuinRow = applicants.getByTestId('applicant-row').filter({ hasText: shokuin.staffNo! });
  await expect(shokuinRow).toContainText(shokuinName);
  await expect(shokuinRow).toContainText(motivation);
  await expect(shokuinRow.getByTestId('applicant-status')).toHaveText('応募');

  await applicants.getByRole('button', { name: '紙の応募を登録' }).click();
  const record = page.getByTestId('record-form');
  const picker = record.getByRole('combobox', { name: '応募した職員' });
  await picker.fill(clerk.staffNo);
  await page.getByRole('option', { name: new RegExp(`^${clerk.staffNo} `, 'u') }).click();
  await record.getByRole('textbox', { name: '志望動機（任意）' }).fill('紙の応募書類より（e2e）');
  await record.getByRole('button', { name: '登録' }).click();
  await expect(record).toHaveCount(0);
  const clerkRow = applicants.getByTestId('applicant-row').filter({ hasText: clerk.staffNo });
  await expect(clerkRow).toContainText('紙の応募');
  await expect(clerkRow.getByTestId('applicant-status')).toHaveText('応募');

  await shokuinRow.getByRole('button', { name: `${shokuinName}の状態を変更` }).click();
  const decide = page.getByTestId('decide-form');
  await decide.getByRole('combobox', { name: '状態' }).click();
  await page.getByRole('option', { name: '採用', exact: true }).click();
  await decide.getByRole('textbox', { name: '選考結果のメモ（任意）' }).fill(outcome);
  await decide.getByRole('button', { name: '変更を保存' }).click();
  await expect(decide).toHaveCount(0);
  await expect(shokuinRow.getByTestId('applicant-status')).toHaveText('採用');
  await expect(shokuinRow).toContainText(outcome);
  await tidy(page, false);
  await page.screenshot(shot('applicants'));

  const download = page.waitForEvent('download');
  await applicants.getByRole('button', { name: '応募者一覧をExcelで出力' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/u);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-postings-e2e-'));
  const saved = path.join(dir, 'applicants.xlsx');
  await file.saveAs(saved);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  const cells = wb.worksheets.flatMap((ws) => {
    const out: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => out.push(c.text)));
    return out;
  });
  expect(cells.some((c) => c.includes('取扱注意'))).toBe(true);
  expect(cells).toContain(shokuinName);
  expect(cells).toContain(outcome);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.getByRole('button', { name: '閉じる' }).click();
  await expect(applicants).toHaveCount(0);
  await expect(card(page, title).getByTestId('posting-applicant-count')).toHaveText('2件');

  // Closing the call asks first.
  await card(page, title).getByRole('button', { name: '締切にする' }).click();
  await page.getByRole('dialog', { name: '募集を締め切りますか' }).getByRole('button', { name: '締切にする' }).click();
  await expect(card(page, title).getByTestId('posting-status')).toHaveText('締切');
  await expect(card(page, title).getByRole('button', { name: '募集を再開' })).toBeVisible();
  await logout(page);

  // ---- the personnel office reads the applicants, without a write button ----
  await loginTo(page, host, 'jinji');
  await expect(main.getByRole('button', { name: '募集を作成' })).toHaveCount(0);
  for (const label of ['編集', '締切にする', '選考終了', '募集を再開', '応募する']) {
    await expect(main.getByRole('button', { name: label, exact: true })).toHaveCount(0);
  }
  await card(page, title)
    .getByRole('button', { name: /^応募者/u })
    .click();
  const read = page.getByTestId('applicants-dialog');
  const readRow = read.getByTestId('applicant-row').filter({ hasText: shokuin.staffNo! });
  await expect(readRow.getByTestId('applicant-status')).toHaveText('採用');
  await expect(readRow).toContainText(motivation);
  await expect(read.getByTestId('applicants-confidential')).toContainText('取扱注意');
  await expect(read.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '応募者一覧をExcelで出力' })).toHaveCount(0);
  await page.screenshot(shot('personnel'));
});
