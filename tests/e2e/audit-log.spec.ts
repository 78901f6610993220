import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { AccountsPage } from './pages/accounts-page';
import { logInTo, ShellPage } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `audit-log-${name}.png`), fullPage: true });

/*
 * 設定 → 監査ログ in words (docs/renderer.md "Words"): who (login and name), what (the action),
 * whom (the person or account), per field 「項目名: 前 → 後」, and the stored record one click away.
 */
test('the audit log names who did what to whom, field by field, with the stored record one click away', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await logInTo(page, host, 'admin');

  // A change to read back: an account's name and role.
  const accounts = new AccountsPage(page);
  await accounts.open();
  await accounts.create({ login: 'kansa1', displayName: '監査　一郎', roleLabel: '職員', password: 'kansa-pass-1' });
  await accounts.row('kansa1').getByRole('button', { name: '編集' }).click();
  const edit = accounts.dialog;
  await edit.getByLabel('氏名', { exact: true }).fill('監査　次郎');
  await edit.getByRole('combobox', { name: '役割' }).click();
  await page.getByRole('option', { name: '評価者', exact: true }).click();
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit).toBeHidden();

  await page.getByRole('tab', { name: '監査ログ', exact: true }).click();
  const grid = page.getByRole('grid', { name: '監査ログ' });
  const newest = grid.getByRole('row').nth(1);
  await expect(newest).toContainText('アカウント編集');
  // The admin's login and name, the account concerned by login and name, the change in words.
  // The status line names the logged-in account as stored: 「ログイン中: 井上　正樹（admin・人事担当）」.
  const status = await new ShellPage(page).statusBar.innerText();
  const adminName = /ログイン中: (.+?)（admin/u.exec(status)![1]!;
  await expect(newest).toContainText(`admin（${adminName}）`);
  await expect(newest).toContainText('アカウント kansa1（監査　次郎）');
  await expect(newest).toContainText('表示名: 監査　一郎 → 監査　次郎');
  await expect(newest).toContainText('役割: 職員 → 評価者');
  await expect(newest).not.toContainText('displayName');
  // A login names the person, never 「アカウント 1」.
  const loginRow = grid
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: 'ログイン', exact: true }) })
    .first();
  await expect(loginRow).toContainText(`アカウント admin（${adminName}）`);
  await page.screenshot(shot('list'));

  await newest.click();
  const details = page.getByRole('dialog', { name: 'アカウント編集' });
  const changes = details.getByRole('table', { name: '変更された項目' });
  await expect(changes.getByRole('row', { name: /表示名 監査\s一郎 監査\s次郎/u })).toBeVisible();
  await expect(changes.getByRole('row', { name: /役割 職員 評価者/u })).toBeVisible();
  // The stored record stays one click away.
  const raw = details.getByTestId('audit-raw');
  await expect(raw).toBeHidden();
  await details.getByRole('button', { name: /元の記録/ }).click();
  await expect(raw).toBeVisible();
  await expect(raw).toContainText('"displayName": "監査　次郎"');
  await page.screenshot(shot('details'));
});
