import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

/*
 * プランの進捗, changing things (docs/measures.md): HR adds the next plan's measure with every field
 * and sets measures to 使用しない (対象外), and keeps a record with named participants — added by
 * search, edited, deleted after a confirmation — while the measure's figure follows.
 */

const laptop = { width: 1366, height: 768 };

async function loginAsHr(page: Page, host: HostFixture): Promise<number> {
  await page.setViewportSize(laptop);
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  const shell = new ShellPage(page);
  await shell.expectShown();
  await shell.open('プランの進捗');
  await page.getByRole('main').getByRole('tab', { name: '取組みの実施状況' }).click();
  return (await hostApi(host, 'cycles:list', {})).find((c) => c.current)!.fy;
}

/** Picks an option of a select field in a dialog. */
async function choose(page: Page, form: Locator, label: string, option: string): Promise<void> {
  await form.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

const measureRow = (page: Page, code: string) =>
  page.getByTestId('measure-row').and(page.locator(`[data-code="${code}"]`));

test('HR adds the next plan’s measure with every field, then sets measures to 使用しない or deletes one', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  const fy = await loginAsHr(page, host);
  const main = page.getByRole('main');
  const before = await hostApi(host, 'plan:measures', { fy });
  const headingOf3 = before.measures.find((m) => m.headingNo === 3)!.heading;

  await main.getByRole('button', { name: '取組みを追加' }).click();
  const form = page.getByTestId('measure-form');
  await expect(form.getByRole('heading', { name: '取組みを追加' })).toBeVisible();
  await form.getByRole('textbox', { name: 'プラン名', exact: true }).fill('第2次人材育成推進プラン');
  // A known 柱 number fills in its heading.
  await form.getByRole('textbox', { name: '柱の番号', exact: true }).fill('3');
  await expect(form.getByRole('textbox', { name: '柱（見出し）', exact: true })).toHaveValue(headingOf3);
  await form.getByRole('textbox', { name: '番号', exact: true }).fill('3-(9)');
  await form.getByRole('textbox', { name: '取組み名', exact: true }).fill('職員提案の発表会');
  await form.getByRole('textbox', { name: '内容（任意）', exact: true }).fill('職員の提案を区役所全体で共有する');
  await form.getByRole('textbox', { name: '目標（任意）', exact: true }).fill('毎年度2回開催');
  await form.getByRole('textbox', { name: '目標年度（任意）', exact: true }).fill(String(fy + 2));
  await choose(page, form, '実施単位', '区役所全体');
  await form.getByRole('textbox', { name: '年間の必要回数', exact: true }).fill('2');
  await form.getByRole('textbox', { name: '開始年度（任意）', exact: true }).fill(String(fy));
  await form.getByRole('textbox', { name: '終了年度（任意）', exact: true }).fill(String(fy + 4));
  await expect(form.getByRole('combobox', { name: '使用', exact: true })).toHaveText('使用する');
  await page.screenshot({ path: path.join(screensDir, 'plan-measure-dialog.png') });
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText('取組み「職員提案の発表会」を追加しました。')).toBeVisible();

  // The core kept every field, and the new measure goes last under its heading.
  let view = await hostApi(host, 'plan:measures', { fy });
  const added = view.measures.find((m) => m.code === '3-(9)')!;
  expect(added).toMatchObject({
    plan: '第2次人材育成推進プラン',
    headingNo: 3,
    heading: headingOf3,
    title: '職員提案の発表会',
    description: '職員の提案を区役所全体で共有する',
    targetText: '毎年度2回開催',
    targetFy: fy + 2,
    unit: 'office',
    required: 2,
    kpiId: null,
    fromFy: fy,
    toFy: fy + 4,
    active: true,
    applies: true,
    met: false,
  });
  const group = main.getByRole('table', { name: `3 ${headingOf3}の取組み` });
  const codes = view.measures.filter((m) => m.headingNo === 3).map((m) => m.code);
  expect(codes.at(-1)).toBe('3-(9)');
  await expect(group.getByTestId('measure-row').last()).toHaveAttribute('data-code', '3-(9)');
  const row = measureRow(page, '3-(9)');
  await expect(row).toContainText('職員提案の発表会');
  await expect(row).toContainText('毎年度2回開催');
  await expect(row).toContainText('区役所全体');
  await expect(row.getByTestId('measure-figure')).toHaveText('0回（年2回以上）');
  await expect(row.getByTestId('measure-met')).toHaveText('未達');

  // Editing it: 使用しない makes it 対象外, and the fields it shows are the stored ones.
  await row.getByRole('button', { name: '「職員提案の発表会」を編集' }).click();
  await expect(form.getByRole('heading', { name: '取組みを編集' })).toBeVisible();
  await expect(form.getByRole('textbox', { name: '番号', exact: true })).toHaveValue('3-(9)');
  await expect(form.getByRole('textbox', { name: '終了年度（任意）', exact: true })).toHaveValue(String(fy + 4));
  await expect(form.getByRole('combobox', { name: '実施単位', exact: true })).toHaveText('区役所全体');
  await form.getByRole('textbox', { name: '年間の必要回数', exact: true }).fill('3');
  await choose(page, form, '使用', '使用しない');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(row.getByTestId('measure-met')).toHaveText('対象外');
  await expect(row.getByTestId('measure-figure')).toHaveText('—');
  await expect(row.getByRole('button', { name: '「職員提案の発表会」を使用しない' })).toHaveCount(0);
  view = await hostApi(host, 'plan:measures', { fy });
  expect(view.measures.find((m) => m.code === '3-(9)')).toMatchObject({
    required: 3,
    active: false,
    applies: false,
    met: null,
  });

  // The row's 使用しない on a measure with records keeps it (and its records) as 使用しない.
  const meeting = view.measures.find((m) => m.code === '3-(2)')!;
  const meetingRecords = view.records.filter((r) => r.measureId === meeting.id).length;
  expect(meetingRecords, 'the demo has 意見交換会 records').toBeGreaterThan(0);
  const meetingRow = measureRow(page, '3-(2)');
  await meetingRow.getByRole('button', { name: `「${meeting.title}」を使用しない` }).click();
  const confirm = page.getByRole('dialog', { name: '取組みを使用しないようにしますか' });
  await confirm.getByRole('button', { name: '使用しない' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(meetingRow.getByTestId('measure-met')).toHaveText('対象外');
  view = await hostApi(host, 'plan:measures', { fy });
  expect(view.measures.find((m) => m.code === '3-(2)')).toMatchObject({ active: false, applies: false });
  expect(view.records.filter((r) => r.measureId === meeting.id)).toHaveLength(meetingRecords);

  // A measure without records can be deleted, after a confirmation; one with records offers no 削除.
  await expect(meetingRow.getByRole('button', { name: `「${meeting.title}」を削除` })).toHaveCount(0);
  await main.getByRole('button', { name: '取組みを追加' }).click();
  await form.getByRole('textbox', { name: '柱の番号', exact: true }).fill('3');
  await form.getByRole('textbox', { name: '番号', exact: true }).fill('3-(10)');
  await form.getByRole('textbox', { name: '取組み名', exact: true }).fill('試行の取組み');
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form).toHaveCount(0);
  await measureRow(page, '3-(10)').getByRole('button', { name: '「試行の取組み」を削除' }).click();
  const confirmDelete = page.getByRole('dialog', { name: '取組みを削除しますか' });
  await confirmDelete.getByRole('button', { name: '削除' }).click();
  await expect(confirmDelete).toHaveCount(0);
  await expect(measureRow(page, '3-(10)')).toHaveCount(0);
  view = await hostApi(host, 'plan:measures', { fy });
  expect(view.measures.some((m) => m.code === '3-(10)')).toBe(false);
});

test('HR names participants by search, edits the record and deletes it after a confirmation', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  const fy = await loginAsHr(page, host);
  const main = page.getByRole('main');
  const view = await hostApi(host, 'plan:measures', { fy });
  const meeting = view.measures.find((m) => m.code === '3-(2)')!;
  const missing = meeting.units.find((u) => !u.done)!.section!;
  const figure = (done: number) => `${done} / ${meeting.totalUnits}課 実施`;

  // Two people to name: one found by name, one by 職員番号.
  const pool = (await hostApi(host, 'staff:options', { query: '' })).filter((p) => p.name !== '');
  expect(pool.length).toBeGreaterThan(1);
  const [first, second] = [pool[0]!, pool[1]!];

  const row = measureRow(page, '3-(2)');
  await expect(row.getByTestId('measure-figure')).toHaveText(figure(meeting.doneUnits));
  await row.getByRole('button', { name: /の詳細$/u }).click();

  await main.getByRole('button', { name: '実施記録を追加' }).click();
  const form = page.getByTestId('record-form');
  await choose(page, form, '取組み', `3-(2) ${meeting.title}`);
  await form.getByLabel('実施日').fill(`${fy}-11-20`);
  await choose(page, form, '実施した課', missing);

  const picker = form.getByRole('combobox', { name: '参加者を記名（任意）' });
  await picker.fill(first.name);
  await page.getByRole('option', { name: new RegExp(`^${first.staffNo} `, 'u') }).click();
  await expect(picker).toHaveValue('');
  await picker.fill(second.staffNo);
  await page.getByRole('option', { name: new RegExp(`^${second.staffNo} `, 'u') }).click();
  const named = form.getByRole('list', { name: '記名した参加者' });
  await expect(named.getByRole('listitem')).toHaveText([
    `${first.name}（${first.staffNo}）`,
    `${second.name}（${second.staffNo}）`,
  ]);
  // Naming people raises the head count to at least them; fewer is refused at the field.
  const participants = form.getByRole('textbox', { name: '参加者数', exact: true });
  await expect(participants).toHaveValue('2');
  await participants.fill('1');
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form.getByText('記名した参加者（2人）より少なくできません')).toBeVisible();
  await participants.fill('9');
  await form.getByLabel('内容・メモ（任意）').fill('係長級の意見交換');
  await form.getByRole('button', { name: '追加' }).click();
  await expect(form).toHaveCount(0);

  await expect(row.getByTestId('measure-figure')).toHaveText(figure(meeting.doneUnits + 1));
  let after = await hostApi(host, 'plan:measures', { fy });
  const saved = after.records.find((r) => r.measureId === meeting.id && r.note === '係長級の意見交換')!;
  expect(saved).toMatchObject({ heldOn: `${fy}-11-20`, section: missing, participants: 9 });
  expect(saved.people.map((p) => p.staffNo).sort()).toEqual([first.staffNo, second.staffNo].sort());

  // Edit: the dialog shows the record; drop one person, change the count and the note.
  const details = main.getByRole('grid', { name: `「${meeting.title}」の実施記録` });
  const recordRow = details.getByTestId('record-row').filter({ hasText: '係長級の意見交換' });
  await expect(recordRow).toContainText('うち記名 2人');
  await recordRow.getByRole('button', { name: `${fy}/11/20の記録を編集` }).click();
  await expect(form.getByRole('heading', { name: '実施記録を編集' })).toBeVisible();
  await expect(form.getByRole('combobox', { name: '実施した課', exact: true })).toHaveText(missing);
  await expect(participants).toHaveValue('9');
  const secondChip = named.getByRole('listitem').filter({ hasText: second.staffNo });
  await secondChip.locator('.MuiChip-deleteIcon').click();
  await expect(named.getByRole('listitem')).toHaveCount(1);
  await participants.fill('7');
  await form.getByLabel('内容・メモ（任意）').fill('係長級の意見交換（第2回）');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  const edited = details.getByTestId('record-row').filter({ hasText: '係長級の意見交換（第2回）' });
  await expect(edited).toContainText('7人');
  await expect(edited).toContainText('うち記名 1人');
  after = await hostApi(host, 'plan:measures', { fy });
  const changed = after.records.find((r) => r.id === saved.id)!;
  expect(changed).toMatchObject({ participants: 7, note: '係長級の意見交換（第2回）', section: missing });
  expect(changed.people.map((p) => p.staffNo)).toEqual([first.staffNo]);
  await expect(row.getByTestId('measure-figure')).toHaveText(figure(meeting.doneUnits + 1));

  // Delete: the confirmation names the record; cancelling keeps it, confirming removes it.
  await edited.getByRole('button', { name: `${fy}/11/20の記録を削除` }).click();
  const confirm = page.getByRole('dialog', { name: '実施記録を削除しますか' });
  await expect(confirm).toContainText(`「${meeting.title}」の${fy}/11/20（${missing}）の記録を削除します。`);
  await confirm.getByRole('button', { name: 'キャンセル' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(edited).toHaveCount(1);
  await edited.getByRole('button', { name: `${fy}/11/20の記録を削除` }).click();
  await confirm.getByRole('button', { name: '削除' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(edited).toHaveCount(0);
  await expect(row.getByTestId('measure-figure')).toHaveText(figure(meeting.doneUnits));
  await expect(main.getByTestId('units-not-yet')).toContainText(missing);
  after = await hostApi(host, 'plan:measures', { fy });
  expect(after.records.some((r) => r.id === saved.id)).toBe(false);
  expect(after.measures.find((m) => m.id === meeting.id)!.doneUnits).toBe(meeting.doneUnits);
});
