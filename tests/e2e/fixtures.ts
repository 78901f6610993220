import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost } from '../../electron/host/server';
import type { RunningHost } from '../../electron/host/server';
import { createDemoOffice } from '../../electron/core/demo/demo';
import { closeOffice } from '../../electron/core/office/office.service';

export type HostFixture = { url: string; origin: string; dbPath: string; password: string; host: RunningHost };

export const demoPassword = 'e2e-demo-pass';
const rendererDir = path.resolve(__dirname, '../../out/renderer');

/**
 * Each test gets its own copy of a demo office, served by its own browser host on 127.0.0.1, so
 * no state (data or login) leaks between tests. The demo itself is generated once per worker.
 */
export const test = base.extend<{ host: HostFixture; emptyHost: HostFixture }, { demoTemplate: string }>({
  demoTemplate: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error('out/renderer is missing: run `npm run build` first (npm test does it).');
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-template-'));
      const dbPath = path.join(dir, 'demo.db');
      const { office } = await createDemoOffice(dbPath, demoPassword, true);
      office.db.pragma('wal_checkpoint(TRUNCATE)');
      closeOffice(office);
      await use(dbPath);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  host: async ({ demoTemplate }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-'));
    const dbPath = path.join(dir, 'demo.db');
    fs.copyFileSync(demoTemplate, dbPath);
    fs.copyFileSync(`${demoTemplate}.keys`, `${dbPath}.keys`);
    const host = await startHost({ dbPath, rendererDir, port: 0 });
    await use({ url: host.url, origin: host.origin, dbPath, password: demoPassword, host });
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
  /** A host on a machine with no database yet: the first-start screen. */
  // eslint-disable-next-line no-empty-pattern
  emptyHost: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-empty-'));
    const dbPath = path.join(dir, 'office', 'kaname.db');
    const host = await startHost({ dbPath, rendererDir, port: 0 });
    await use({ url: host.url, origin: host.origin, dbPath, password: '', host });
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

export const screensDir = path.resolve(__dirname, '../../test-results/screens');
fs.mkdirSync(screensDir, { recursive: true });
