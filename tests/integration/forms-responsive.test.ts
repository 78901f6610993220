import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * A print of everyone (about 200 forms in the demo, up to 5,000 in a ward) must not hold the main
 * process for its whole run: it builds the forms in turns, so the call gives the process back after
 * its first few dozen forms (measured against the whole print in the same run: about a tenth with
 * turns, half without), and a call made meanwhile is answered before the print ends.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-forms-responsive-');
const opened: AppContext[] = [];

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('printing everyone', () => {
  it('gives the event loop back while it builds the forms, not only at the end', async () => {
    const admin = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    opened.push(admin);
    // How long the call holds the process before it first lets anything else run, against the whole print.
    const started = performance.now();
    const print = callApi(admin, 'forms:export', { kind: 'mbo', purpose: 'print', fy });
    const held = performance.now() - started;
    const status = await callApi(admin, 'app:status', {});
    const answeredAt = performance.now() - started;
    const printed = await print;
    const total = performance.now() - started;
    expect(printed.ok && status.ok).toBe(true);
    expect(answeredAt).toBeLessThan(total);
    console.log(
      JSON.stringify({ held: Math.round(held), answeredAt: Math.round(answeredAt), total: Math.round(total) }),
    );
    // Built in turns of a few dozen forms: the first turn is a small part of the whole.
    expect(held / total).toBeLessThan(0.35);
  });
});
