import { defineConfig } from '@playwright/test';

/**
 * The UI runs in Debian's Chromium against the real core, served by the browser host
 * (tests/e2e/fixtures.ts starts one per test file on a fresh demo office).
 * Electron tests (tests/e2e/electron.spec.ts) skip where no Electron binary exists.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1360, height: 860 },
    screenshot: 'only-on-failure',
    // The app honours reduced motion, so screenshots never catch a dialog mid-fade.
    contextOptions: { reducedMotion: 'reduce' },
    trace: 'off',
    launchOptions: {
      executablePath: process.env['KANAME_CHROMIUM'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
