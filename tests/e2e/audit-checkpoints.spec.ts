import path from 'node:path';
import { expect, screensDir, test } from './fixtures';
import { logInTo } from './pages/shell-page';

const shot = (name: string) => ({ path: path.join(screensDir, `audit-checkpoints-${name}.png`), fullPage: true });

/*
 * 設定 → 整合性・バックアップ (docs/audit-checkpoints.md): the verify report and a backup print the latest signed
 * head to write down, and the report says how many entries came after it.
 */
test('verify and backup show the signed head to write down', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = await logInTo(page, host, 'admin');
  await shell.open('設定');
  await page.getByRole('tab', { name: '整合性・バックアップ', exact: true }).click();

  await page.getByRole('button', { name: '整合性を検証' }).click();
  const result = page.getByTestId('verify-result');
  await expect(result).toContainText('問題は見つかりませんでした');
  const head = result.getByTestId('verify-signed-head');
  await expect(head).toContainText(/署名済みの先頭: \d+:[0-9a-f]{64}（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}署名）/u);
  await expect(head).toContainText('最後の署名以降の記録: 0件');

  await page.getByRole('button', { name: 'バックアップを作成' }).click();
  const signed = page.getByTestId('backup-signed-head');
  await expect(signed).toContainText(/\d+:[0-9a-f]{64}（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}署名）/u);
  await page.getByRole('alert').filter({ hasText: 'バックアップを作成しました' }).getByRole('button').click();
  await page.screenshot(shot('system'));
});
