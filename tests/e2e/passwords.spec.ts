import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { AccountsPage } from './pages/accounts-page';
import { logInTo } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `passwords-${name}.png`), fullPage: true });

/* Password forms tell every problem at once, at its field, in the core's words (docs/keyring.md). */
test('パスワード変更 and a new account list every problem at once, at its field, and clear it when fixed', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = await logInTo(page, host, 'admin');

  // パスワード変更 with every field empty: one message per field, none of them about 「現在と異なる」.
  await shell.open('設定');
  await page.getByRole('tab', { name: 'マイアカウント', exact: true }).click();
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  const change = page.getByRole('dialog', { name: 'パスワード変更' });
  await change.getByRole('button', { name: '変更する' }).click();
  await expect(change.getByText('現在のパスワードを入力してください。')).toBeVisible();
  await expect(change.getByText('新しいパスワードを入力してください。')).toBeVisible();
  await expect(change.getByText('確認のため、もう一度入力してください。')).toBeVisible();
  await expect(change.getByText(/現在と異なる|現在のものと別/)).toHaveCount(0);
  await page.screenshot(shot('change-empty'));
  // A short new password and a wrong confirmation, both at once; typing clears a field's message.
  await change.getByLabel('新しいパスワード', { exact: true }).fill('short');
  await change.getByLabel('新しいパスワード（確認）', { exact: true }).fill('short2');
  await change.getByRole('button', { name: '変更する' }).click();
  await expect(change.getByText('新しいパスワードは8文字以上にしてください。')).toBeVisible();
  await expect(change.getByText('確認のパスワードが一致しません。')).toBeVisible();
  await change.getByLabel('現在のパスワード', { exact: true }).fill('x');
  await expect(change.getByText('現在のパスワードを入力してください。')).toHaveCount(0);
  await expect(change.getByText('新しいパスワードは8文字以上にしてください。')).toBeVisible();
  await change.getByRole('button', { name: 'キャンセル' }).click();

  // A new account with 'short' / 'short2': the minimum and the mismatch, each at its field.
  const accounts = new AccountsPage(page);
  await accounts.open();
  await page.getByRole('button', { name: '新規作成' }).click();
  const d = accounts.dialog;
  await d.getByLabel('ログインID', { exact: true }).fill('x');
  await d.getByLabel('初期パスワード', { exact: true }).fill('short');
  await d.getByLabel('初期パスワード（確認）', { exact: true }).fill('short2');
  await d.getByRole('button', { name: '作成', exact: true }).click();
  await expect(d.getByText('ログインIDは半角英数字と . _ - で3〜32文字にしてください')).toBeVisible();
  await expect(d.getByText('氏名を入力してください。')).toBeVisible();
  await expect(d.getByText('初期パスワードは8文字以上にしてください。')).toBeVisible();
  await expect(d.getByText('確認のパスワードが一致しません。')).toBeVisible();
  await page.screenshot(shot('new-account'));
});
