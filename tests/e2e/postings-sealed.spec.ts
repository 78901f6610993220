import path from 'node:path';
import type { Page } from '@playwright/test';
import { openDatabase } from '../../electron/core/db/connection';
import { keyringPath, readKeyring, unwrapDataKey } from '../../electron/core/db/keyring';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { LoginPage } from './pages/login-page';
import { logInTo, ShellPage } from './pages/shell-page';

/*
 * 庁内公募 applications are sealed (docs/postings.md "Sealed"). The applicant and the personnel office
 * read the motivation on screen; when a login's keys do not open it (its key removed from the file
 * here), the screen says so in place of the text, and never shows the stored sealed string.
 */

const shot = (name: string) => ({ path: path.join(screensDir, `postings-sealed-${name}.png`), fullPage: true });
const demoTitle = '区政推進担当（政策推進課）職員の庁内公募';

async function openPostings(page: Page, host: HostFixture, login: string): Promise<void> {
  const shell = await logInTo(page, host, login);
  await shell.open('庁内公募');
  await expect(page.getByTestId('posting-card').first()).toBeVisible();
}

async function logout(page: Page): Promise<void> {
  await new ShellPage(page).logout();
  await new LoginPage(page).expectShown();
}

/** The personnel office's postings key and shokuin's own wrap, removed from the file (no login). */
async function dropKeys(host: HostFixture): Promise<void> {
  const key = await unwrapDataKey(readKeyring(keyringPath(host.dbPath)), 'admin', host.password);
  if (!key) throw new Error('wrong password');
  const db = openDatabase(host.dbPath, key, { create: false, migrate: false });
  try {
    db.prepare(
      `DELETE FROM key_grants WHERE key_name = 'postings'
         AND account_id = (SELECT id FROM accounts WHERE login = 'jinji')`,
    ).run();
    db.prepare(
      `DELETE FROM person_keys WHERE domain = 'postings'
         AND (staff_id, grantee) = (SELECT staff_id, id FROM accounts WHERE login = 'shokuin')`,
    ).run();
  } finally {
    db.close();
    key.fill(0);
  }
}

test('the applicant and the personnel office read the sealed motivation; without the keys it is withheld', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const main = page.getByRole('main');

  // With the keys: shokuin reads their own motivation, the personnel office every applicant's.
  await openPostings(page, host, 'shokuin');
  const own = main.getByTestId('my-application');
  await expect(own).toBeVisible();
  await expect(own).toContainText('志望動機');
  await expect(own.getByTestId('application-withheld')).toHaveCount(0);
  const ownText = (await own.innerText()).split('志望動機').pop()!.trim();
  expect(ownText.length).toBeGreaterThan(10);
  await logout(page);

  await openPostings(page, host, 'jinji');
  await main
    .getByRole('article', { name: demoTitle })
    .getByRole('button', { name: /^応募者/u })
    .click();
  const applicants = page.getByTestId('applicants-dialog');
  await expect(applicants.getByTestId('applicant-row').first()).toBeVisible();
  await expect(applicants).toContainText(ownText);
  await expect(applicants.getByTestId('application-withheld')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(applicants).toHaveCount(0);
  await logout(page);

  // Without: the same screens say the text is sealed, and show no sealed string.
  await dropKeys(host);
  await openPostings(page, host, 'jinji');
  await main
    .getByRole('article', { name: demoTitle })
    .getByRole('button', { name: /^応募者/u })
    .click();
  const rows = applicants.getByTestId('applicant-row');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  await expect(applicants.getByTestId('application-withheld')).toHaveCount(count);
  await expect(applicants.getByTestId('application-withheld').first()).toContainText('封印されており');
  await expect(applicants).not.toContainText(ownText);
  expect(await page.content()).not.toContain('kaname-sealed');
  await page.screenshot(shot('applicants-withheld'));
  await page.keyboard.press('Escape');
  await expect(applicants).toHaveCount(0);
  await logout(page);

  await openPostings(page, host, 'shokuin');
  await expect(own.getByTestId('application-withheld')).toContainText('封印されており');
  await expect(own).not.toContainText(ownText);
  expect(await page.content()).not.toContain('kaname-sealed');
  await own.scrollIntoViewIfNeeded();
  await page.screenshot(shot('own-withheld'));
});
