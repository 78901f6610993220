import type { CDPSession, Locator, Page } from '@playwright/test';
import type { WalkScreen } from './city-walk-screens';

/**
 * How the city walk measures one screen (docs/city-scale.md): the time from the click to its
 * content, the longest main-thread task while it came, the largest /api/ response body it
 * fetched, and the JS heap once it is shown.
 */

export type ScreenFigures = {
  /** ms from the click to the content; null when the screen is not there for this login. */
  renderMs: number | null;
  longestTaskMs: number;
  largestResponse: number;
  largestChannel: string;
  heapBytes: number;
  note: string;
};

/** Put into every page before its scripts: the longest 'longtask' since the last reset. */
export const longTaskProbe = `
  window.__kanameLongest = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__kanameLongest = Math.max(window.__kanameLongest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
`;

type Traffic = { pending: number; lastAt: number; largest: number; largestChannel: string };

/** Follows the page's /api/ requests: how many are open, when the last one ended, the largest body. */
export function watchApi(page: Page): Traffic {
  const t: Traffic = { pending: 0, lastAt: 0, largest: 0, largestChannel: '' };
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  page.on('request', (r) => {
    if (isApi(r.url())) t.pending += 1;
  });
  const done = () => {
    t.pending = Math.max(0, t.pending - 1);
    t.lastAt = Date.now();
  };
  page.on('requestfailed', (r) => {
    if (isApi(r.url())) done();
  });
  page.on('requestfinished', (r) => {
    if (!isApi(r.url())) return;
    // The size Chromium counted as it arrived: reading the body back can fail once the browser has
    // let go of a large one, which made a screen's largest response read 0K.
    void r
      .sizes()
      .then((s) => s.responseBodySize)
      .catch(() =>
        r
          .response()
          .then((res) => res?.body())
          .then((body) => body?.length ?? 0),
      )
      .then((size) => {
        if (size > t.largest) {
          t.largest = size;
          t.largestChannel = decodeURIComponent(new URL(r.url()).pathname.slice('/api/'.length));
        }
      })
      .catch(() => undefined)
      .finally(done);
  });
  return t;
}

const quietFor = 300;
const timeout = 60_000;

/**
 * Clicks and waits for the content: the `ready` locator (if any) visible, then no /api/ call open
 * and no spinner (indeterminate progress, skeleton) in the main area for `quietFor` ms. Each poll is a page.evaluate, which waits while
 * the page's main thread is busy, so a freeze after the last response counts. The figure is the
 * time of the first quiet poll.
 */
async function timedClick(page: Page, t: Traffic, target: Locator, ready: Locator | null): Promise<number> {
  const start = Date.now();
  await target.click({ timeout });
  if (ready) await ready.waitFor({ state: 'visible', timeout });
  let quietSince: number | null = null;
  for (;;) {
    const spinners = await page.evaluate(
      () =>
        document.querySelectorAll(
          'main .MuiCircularProgress-indeterminate, main .MuiLinearProgress-indeterminate, main .MuiSkeleton-root',
        ).length,
    );
    const now = Date.now();
    const quiet = spinners === 0 && t.pending === 0 && now - t.lastAt >= 0;
    if (!quiet) quietSince = null;
    else if (quietSince === null) quietSince = now;
    else if (now - quietSince >= quietFor && now - t.lastAt >= quietFor) return quietSince - start;
    if (now - start > timeout) throw new Error('画面が表示されるまでに時間がかかりすぎました');
    await page.waitForTimeout(40);
  }
}

const nav = (page: Page, name: string): Locator =>
  page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name, exact: true });

/** Visits one screen from wherever the walk is; `current` is the section shown now. */
export async function measureScreen(
  page: Page,
  cdp: CDPSession,
  t: Traffic,
  screen: WalkScreen,
  current: string | null,
): Promise<ScreenFigures> {
  const reset = async () => {
    await page.evaluate('window.__kanameLongest = 0');
    t.largest = 0;
    t.largestChannel = '';
  };
  const ready = screen.ready ? screen.ready(page) : null;
  let renderMs: number | null = null;
  let note = '';
  if (current !== screen.section) {
    await reset();
    renderMs = await timedClick(page, t, nav(page, screen.section), screen.tab || screen.pick ? null : ready);
  }
  if (screen.tab) {
    const tab = page.getByRole('tab', { name: screen.tab, exact: true });
    if ((await tab.count()) === 0) {
      renderMs = null;
      note = 'このログインにはないタブ';
    } else if ((await tab.getAttribute('aria-selected')) !== 'true') {
      await reset();
      renderMs = await timedClick(page, t, tab, ready);
    }
  }
  if (screen.pick) {
    const target = screen.pick(page);
    await target.waitFor({ state: 'visible', timeout });
    await reset();
    renderMs = await timedClick(page, t, target, ready);
  }
  const longestTaskMs = Number(await page.evaluate('window.__kanameLongest'));
  await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return {
    renderMs,
    longestTaskMs,
    largestResponse: t.largest,
    largestChannel: t.largestChannel,
    heapBytes: heap.usedSize,
    note,
  };
}
