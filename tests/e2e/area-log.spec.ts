import path from 'node:path';
import type { Page } from '@playwright/test';
import { formatDay } from '../../renderer/src/format';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { AreaLogPage } from './pages/area-log-page';
import { AreasPage } from './pages/areas-page';
import { hostApi } from './pages/host-api';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

async function loginAsHr(page: Page, host: HostFixture): Promise<void> {
  const login = new LoginPage(page);
  await login.goto(host.url);
  await login.login('admin', host.password);
  await new ShellPage(page).expectShown();
}

/** The current year's first area and two people on its team. */
async function firstArea(host: HostFixture) {
  const cycles = await hostApi(host, 'cycles:list', {});
  const fy = (cycles.find((c) => c.current) ?? cycles[0])!.fy;
  const overview = await hostApi(host, 'areas:overview', { fy });
  const team = overview.areas[0]!;
  const log = await hostApi(host, 'areaLog:get', { fy, area: team.name });
  expect(log.team.length).toBeGreaterThanOrEqual(2);
  return { fy, area: team.name, log };
}

/** A date inside fiscal year `fy` (April–March). */
const inYear = (fy: number, md: string) => `${md < '04' ? fy + 1 : fy}-${md}`;

test('HR records a patrol and a study session in an area’s 地域カルテ', async ({ page, host }) => {
  await loginAsHr(page, host);
  const { fy, area, log } = await firstArea(host);
  const [a, b] = log.team as [(typeof log.team)[0], (typeof log.team)[0]];

  const areas = new AreasPage(page);
  await areas.open();
  const karte = new AreaLogPage(page);
  await karte.openFrom(areas.area(area));
  await expect(karte.dialog).toContainText(area);
  await expect(karte.patrolForm).toBeVisible();

  const patrolDate = inYear(fy, '06-12');
  await karte.addPatrol({
    onDate: patrolDate,
    pair: [a.name, b.name],
    notes: 'e2e 公園周辺を巡回',
    findings: 'e2e 街灯が1本消えていた',
  });
  const patrolRow = karte.patrols.getByRole('row').filter({ hasText: 'e2e 公園周辺を巡回' });
  await expect(patrolRow).toHaveCount(1);
  await expect(patrolRow).toContainText(formatDay(patrolDate));
  await expect(patrolRow).toContainText(a.name);
  await expect(patrolRow).toContainText(b.name);
  await expect(patrolRow).toContainText('e2e 街灯が1本消えていた');
  await expect(karte.patrolForm.getByRole('textbox', { name: '内容' })).toHaveValue('');

  const studyDate = inYear(fy, '07-03');
  await karte.addStudy({ onDate: studyDate, topic: 'e2e 防災マップの共有', notes: 'e2e 避難所を確認' });
  const studyRow = karte.studies.getByRole('row').filter({ hasText: 'e2e 防災マップの共有' });
  await expect(studyRow).toHaveCount(1);
  await expect(studyRow).toContainText(formatDay(studyDate));
  await expect(studyRow).toContainText(`（${log.team.length}人）`);

  const saved = await hostApi(host, 'areaLog:get', { fy, area });
  expect(saved.patrols.some((p) => p.notes === 'e2e 公園周辺を巡回')).toBe(true);
  expect(saved.studies.some((s) => s.topic === 'e2e 防災マップの共有')).toBe(true);

  await page.setViewportSize({ width: 1360, height: 1500 });
  await karte.dialog.getByRole('heading', { name: /^地域カルテ/u }).scrollIntoViewIfNeeded();
  await karte.patrols.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'area-log.png'), fullPage: true });

  // 削除 asks first, then the row is gone.
  await patrolRow.getByRole('button', { name: '削除' }).click();
  const confirm = page.getByRole('dialog', { name: '記録の削除' });
  await confirm.getByRole('button', { name: '削除する' }).click();
  await expect(confirm).toBeHidden();
  await expect(patrolRow).toHaveCount(0);

  await karte.close();
  await expect(areas.coverage).toBeVisible();
});

test('a patrol without notes is refused with the Japanese message at the field', async ({ page, host }) => {
  await loginAsHr(page, host);
  const { fy, area, log } = await firstArea(host);

  const areas = new AreasPage(page);
  await areas.open();
  const karte = new AreaLogPage(page);
  await karte.openFrom(areas.area(area));
  const before = await karte.patrols.getByRole('row').count();

  await karte.addPatrol({ onDate: inYear(fy, '05-20'), pair: [log.team[0]!.name], notes: '', findings: '' });
  await expect(karte.patrolForm).toContainText('巡回の内容を入力してください');
  await expect(karte.patrolForm.getByRole('textbox', { name: '内容' })).toHaveAttribute('aria-invalid', 'true');
  await expect(karte.patrols.getByRole('row')).toHaveCount(before);
});
