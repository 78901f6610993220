import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { closeOffice } from '../../electron/core/office/office.service';
import { auditWriter } from '../../electron/core/system/audit.repo';
import type { AuditRow } from '../../shared/contract';
import { callApi, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';

/*
 * The audit log at scale (docs/backup-and-restore.md, 監査ログ): every page is an id
 * range, found through the primary key, and the total is the width of the id range. The entries are
 * appended through the chain's own writer (the repository's insert statement and hashes), in one
 * transaction, so the chain stays verifiable. 200,000 entries keep the test quick; `npm run bench`
 * (tests/bench/audit.bench.ts) times the same pages at 1,000,000.
 */

const entries = 200_000;
const dir = tempDir();
let ctx: AppContext;
let newest = 0;
let count = 0;

function db() {
  return ctx.office!.db;
}

/** The reference: the whole log in order, by the slow but obvious query. */
function referenceIds(offset: number, limit: number): number[] {
  return (
    db().prepare('SELECT id FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as { id: number }[]
  ).map((r) => r.id);
}

async function page(input: { offset: number; limit: number; beforeId?: number }) {
  const r = await callApi(ctx, 'audit:list', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const ids = (rows: AuditRow[]) => rows.map((r) => r.id);

beforeAll(async () => {
  const { dbPath, office } = await newOffice(dir);
  closeOffice(office);
  ctx = await loggedIn(dbPath, 'hr', hrPassword);
  db().transaction(() => {
    const w = auditWriter(db(), { id: 1, label: 'hr' });
    for (let i = 0; i < entries; i += 1) {
      w.append({ action: 'staff.update', entity: 'staff', entityId: `S${i}`, after: { n: i } });
    }
  })();
  count = (db().prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  newest = (db().prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m;
}, 600_000);

afterAll(() => {
  ctx.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit log paging at 200,000 entries', () => {
  it('answers the first page newest first, with the exact total', async () => {
    expect(count).toBeGreaterThan(entries);
    const first = await page({ offset: 0, limit: 200 });
    expect(first.total).toBe(count);
    expect(ids(first.rows)).toEqual(referenceIds(0, 200));
    expect(first.rows[0]).toMatchObject({ id: newest, actor: 'hr', action: 'staff.update', entity: 'staff' });
    expect(JSON.parse(first.rows[0]!.after!)).toEqual({ n: entries - 1 });
  });

  it('answers a middle page and the last page as the OFFSET query would', async () => {
    for (const offset of [500_000, 777_777, count - 200]) {
      const p = await page({ offset, limit: 200 });
      expect(p.total).toBe(count);
      expect(ids(p.rows), `offset ${offset}`).toEqual(referenceIds(offset, 200));
    }
    // The last page is short and ends at the first entry.
    const lastOffset = Math.floor((count - 1) / 50) * 50;
    const last = await page({ offset: lastOffset, limit: 50 });
    expect(last.rows).toHaveLength(count - lastOffset);
    expect(last.rows.at(-1)!.id).toBe(1);
    expect(ids(last.rows)).toEqual(referenceIds(lastOffset, 50));
    // Past the end: no rows, the same total (as before).
    expect(await page({ offset: count + 10, limit: 50 })).toEqual({ total: count, rows: [] });
  });

  it('pages contiguously: consecutive pages neither overlap nor skip', async () => {
    for (const start of [0, 499_900, count - 300]) {
      const seen: number[] = [];
      for (let k = 0; k < 3; k += 1) seen.push(...ids((await page({ offset: start + k * 100, limit: 100 })).rows));
      expect(seen).toEqual(referenceIds(start, 300));
      expect(new Set(seen).size).toBe(seen.length);
      for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBe(seen[i - 1]! - 1);
    }
  });

  it('keeps pages in place below beforeId while new entries arrive', async () => {
    const pinned = newest + 1;
    const before = await page({ offset: 600_000, limit: 100, beforeId: pinned });
    await callApi(ctx, 'accounts:create', {
      login: 'paging1',
      displayName: '頁送り',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    const plain = await page({ offset: 0, limit: 1 });
    expect(plain.total).toBeGreaterThan(before.total);
    expect(plain.rows[0]!.action).toBe('account.create');
    const after = await page({ offset: 600_000, limit: 100, beforeId: pinned });
    expect(after).toEqual(before);
    // beforeId inside the log: the list is the entries older than it.
    const older = await page({ offset: 0, limit: 10, beforeId: 21 });
    expect(older.total).toBe(20);
    expect(ids(older.rows)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
    expect(await page({ offset: 0, limit: 10, beforeId: 1 })).toEqual({ total: 0, rows: [] });
  });

  it('keeps the input strict: no unknown fields, no cursor below 1, no page over 500', async () => {
    for (const bad of [
      { offset: 0, limit: 10, afterId: 5 },
      { offset: 0, limit: 10, beforeId: 0 },
      { offset: 0, limit: 501 },
    ]) {
      const r = await callApi(ctx, 'audit:list', bad as never);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('counts as the chain does: the total is the AUTOINCREMENT counter verifyAudit checks', async () => {
    // Walking and hashing every entry (system:verify) takes minutes on a busy machine, so the
    // chain walk itself is tested on the demo office in audit.test.ts; here its counter check.
    const seq = db().prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number };
    const total = (await page({ offset: 0, limit: 1 })).total;
    expect(total).toBe(seq.seq);
    expect(total).toBe((db().prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n);
  });
});
