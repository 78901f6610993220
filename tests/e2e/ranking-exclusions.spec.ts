import path from 'node:path';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { expect, screensDir, test } from './fixtures';
import { AppraisalPage } from './pages/appraisal-page';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

const fy = fiscalYearOf(new Date());

test('HR takes a waiting person out of the relative ranking with a reason, and puts them back', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  await new ShellPage(page).expectShown();
  const ap = new AppraisalPage(page);
  await ap.open();

  // A population of the demo year with someone still waiting (read through HR's session).
  const first = await hostApi(host, 'appraisal:ranking', { fy });
  let target: { label: string; staffNo: string; name: string } | null = null;
  for (const p of first.populations) {
    const view = await hostApi(host, 'appraisal:ranking', { fy, population: p.key });
    const w = view.result?.waiting[0];
    if (!p.confirmed && w) {
      target = { label: p.label, staffNo: w.staffNo, name: w.name };
      break;
    }
  }
  if (!target) throw new Error('the demo has no population with someone waiting');

  await ap.tab('相対評価');
  const pick = page.getByRole('button', { name: new RegExp(`^${target.label.replace(/[()（）]/gu, '.')}`, 'u') });
  await pick.click();
  await expect(pick).toHaveAttribute('aria-pressed', 'true');
  const waiting = page.getByTestId('ranking-waiting');
  await expect(waiting).toContainText(target.name);
  await waiting.getByRole('button', { name: `${target.name}を対象外にする` }).click();

  const dialog = page.getByTestId('ranking-exclude-dialog');
  await dialog.getByRole('button', { name: '対象外にする' }).click();
  await expect(dialog).toContainText('対象外にする理由を入力してください');
  await dialog.getByRole('textbox', { name: '対象外にする理由' }).fill('育児休業中のため（e2eテスト）');
  await dialog.getByRole('button', { name: '対象外にする' }).click();
  await expect(dialog).toHaveCount(0);

  const excluded = page.getByTestId('ranking-excluded');
  await expect(excluded.getByTestId('ranking-excluded-person')).toHaveCount(1);
  await expect(excluded).toContainText(target.name);
  await expect(excluded).toContainText('育児休業中のため（e2eテスト）');
  await expect(page.getByTestId('ranking-waiting')).not.toContainText(target.staffNo);
  await excluded.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'ranking-exclusions.png'), fullPage: true });

  await excluded.getByRole('button', { name: `${target.name}を対象に戻す` }).click();
  await expect(page.getByTestId('ranking-excluded')).toHaveCount(0);
  await expect(page.getByTestId('ranking-waiting')).toContainText(target.name);
});

test('相対評価 opens on the population that needs the 調整者, and an empty one says why', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  await loginPage.login('admin', host.password);
  await new ShellPage(page).expectShown();
  const ap = new AppraisalPage(page);
  await ap.open();

  // The demo year: 課長級 (listed first) has nobody 調整済 yet; 課長代理級 is all 調整済 with a boundary
  // tie to decide (tests/integration/ranking-opening.test.ts), so the screen opens there.
  await ap.tab('相対評価');
  await expect(page.getByTestId('ranking-population')).toContainText('課長代理級（区全体）');
  const group = page.getByRole('group', { name: '母集団' });
  const pressed = group.getByRole('button', { pressed: true });
  await expect(pressed).toHaveCount(1);
  await expect(pressed).toContainText('課長代理級（区全体）');
  await expect(page.getByTestId('ranking-ties')).toBeVisible();
  await page.screenshot({ path: path.join(screensDir, 'ranking-opens-on-ties.png') });

  // 課長級 has nobody ranked: it says why, with how many are still on the way.
  await group.getByRole('button', { name: /^課長級（区全体）/u }).click();
  await expect(page.getByTestId('ranking-population')).toContainText('課長級（区全体）');
  await expect(page.getByTestId('ranking-empty')).toHaveText(
    /^まだ調整済になった人事考課がありません（\d+人が評価・調整の途中です）。調整者の調整が済んだ人から順位に入ります。$/u,
  );
  await page.screenshot({ path: path.join(screensDir, 'ranking-empty-reason.png') });
});
