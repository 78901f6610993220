import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { MeasureRecordRow, MeasuresView, PlanDashboard } from '../../shared/api/plan';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { ok } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * プランの進捗 at city scale (docs/plan.md and docs/measures.md "At city scale"), on a real copy of
 * the demo office: `plan:measures` answers the measures alone or a page of records, pages that add
 * up to the whole year's records; `plan:dashboard` with `summary` answers the same figures without
 * the measures; and the remembered figures of a year (year-cache.ts) change as soon as the office
 * does — by this connection or by another one (a second window, the CLI).
 */

const dir = tempDir('kaname-plan-paging-');
let fy = 0;
let hr: AppContext;
let other: AppContext;
let full: MeasuresView;

const key = (r: MeasureRecordRow) => r.id;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  hr = await loggedIn(dbPath, 'admin', demoPass);
  // A second connection to the same office, as a second window or the CLI would open.
  other = await loggedIn(dbPath, 'admin', demoPass);
  fy = fiscalYearOf(new Date());
  full = ok(await callApi(hr, 'plan:measures', { fy }));
}, 180_000);
afterAll(() => {
  hr?.end();
  other?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every page of the year's records (of one measure), walked with `limit` a page. */
async function walk(limit: number, measureId?: number, sort?: 'heldOn' | 'code' | 'participants', desc?: boolean) {
  const rows: MeasureRecordRow[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const v = ok(
      await callApi(hr, 'plan:measures', {
        fy,
        only: 'records',
        ...(measureId === undefined ? {} : { measureId }),
        page: { offset, limit, ...(sort ? { sort, desc: desc ?? false } : {}) },
      }),
    );
    expect(v.measures).toEqual([]);
    expect(v.records.length).toBeLessThanOrEqual(limit);
    total = v.recordTotal!;
    rows.push(...v.records);
    if (v.records.length === 0) break;
  }
  return { rows, total };
}

describe('plan:measures in parts', () => {
  it('without options answers the whole view as before, and no recordTotal', () => {
    expect(full.records.length).toBeGreaterThan(10);
    expect(full.measures.length).toBeGreaterThan(5);
    expect(full.recordTotal).toBeUndefined();
  });

  it("'measures' answers the measures, org and scope without records, and counts them", async () => {
    const v = ok(await callApi(hr, 'plan:measures', { fy, only: 'measures' }));
    expect(v.records).toEqual([]);
    expect(v.recordTotal).toBe(full.records.length);
    expect(v.measures).toEqual(full.measures);
    expect(v.org).toEqual(full.org);
    expect(v.recordScope).toEqual(full.recordScope);
  });

  it('pages of records add up to the year, newest first by default, none twice', async () => {
    const { rows, total } = await walk(7);
    expect(total).toBe(full.records.length);
    expect(rows.map(key)).toEqual(
      [...full.records].sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.id - a.id).map(key),
    );
    // Each row is the record as the whole view answers it, its people included.
    const byId = new Map(full.records.map((r) => [r.id, r]));
    for (const r of rows) expect(r).toEqual(byId.get(r.id));
  });

  it('sorts by participants and by the plan order of the measure, ties by id', async () => {
    const fewest = await walk(50, undefined, 'participants');
    expect(fewest.rows.map(key)).toEqual(
      [...full.records].sort((a, b) => a.participants - b.participants || a.id - b.id).map(key),
    );
    const byCode = await walk(50, undefined, 'code', true);
    const order = new Map(full.measures.map((m) => [m.id, m.headingNo * 1_000_000 + m.sort]));
    expect(byCode.rows.map(key)).toEqual(
      [...full.records].sort((a, b) => order.get(b.measureId)! - order.get(a.measureId)! || b.id - a.id).map(key),
    );
  });

  it("one measure's records: the measure's only, counted alone", async () => {
    const measureId = full.records[0]!.measureId;
    const own = full.records.filter((r) => r.measureId === measureId);
    const { rows, total } = await walk(3, measureId);
    expect(total).toBe(own.length);
    expect(rows.map(key).sort((a, b) => a - b)).toEqual(own.map(key).sort((a, b) => a - b));
    // Without a page, the measure's records all at once.
    const v = ok(await callApi(hr, 'plan:measures', { fy, measureId }));
    expect(v.records.map(key)).toEqual(own.map(key));
    expect(v.recordTotal).toBe(own.length);
  });

  it('refuses a page larger than the largest page, an unknown sort and an unknown part', async () => {
    const bad = [
      { fy, page: { offset: 0, limit: 1000 } },
      { fy, page: { offset: 0, limit: 10, sort: 'note' } },
      { fy, only: 'everything' },
    ];
    for (const input of bad) {
      const r = await callApi(hr, 'plan:measures', input as never);
      expect(r.ok).toBe(false);
    }
  });
});

describe('the remembered figures of a year', () => {
  it('plan:dashboard with summary answers the same figures without the measures', async () => {
    const whole = ok(await callApi(hr, 'plan:dashboard', { fy }));
    const summary = ok(await callApi(hr, 'plan:dashboard', { fy, summary: true }));
    expect(whole.measures.length).toBeGreaterThan(0);
    expect(summary).toEqual({ ...whole, measures: [] });
  });

  it('change at once when a record is saved here, and when another connection saves one', async () => {
    const met = async (ctx: AppContext) =>
      ok(await callApi(ctx, 'kpi:list', { fy })).kpis.find((k) => k.id === 'measures_met')!;
    const meeting = full.measures.find((m) => m.code === '3-(2)')!;
    const notYet = meeting.units.filter((u) => !u.done);
    expect(notYet.length, 'the demo leaves some 課 without an 意見交換会').toBeGreaterThan(0);
    const before = await met(hr);
    // Asked twice without a change: the same answer (remembered).
    expect(await met(hr)).toEqual(before);
    const record = (section: string, day: string) => ({
      fy,
      id: null,
      measureId: meeting.id,
      heldOn: `${fy}-${day}`,
      section,
      line: null,
      participants: 4,
      people: [],
      note: '',
      only: 'measures' as const,
    });

    // This connection writes: its next answer counts the new record.
    const saved = ok(await callApi(hr, 'plan:saveRecord', record(notYet[0]!.section!, '05-11')));
    expect(saved.records).toEqual([]);
    const unit = (v: MeasuresView, section: string) =>
      v.measures.find((m) => m.id === meeting.id)!.units.find((u) => u.section === section)!;
    expect(unit(saved, notYet[0]!.section!).count).toBe(notYet[0]!.count + 1);
    const afterOwn = ok(await callApi(hr, 'plan:measures', { fy, only: 'measures' }));
    expect(afterOwn.recordTotal).toBe(full.records.length + 1);

    // Another connection writes: this one's remembered figures are not answered again.
    ok(await callApi(hr, 'plan:dashboard', { fy, summary: true })); // remembered before the other's write
    const section = notYet[notYet.length > 1 ? 1 : 0]!.section!;
    ok(await callApi(other, 'plan:saveRecord', record(section, '05-12')));
    const now = ok(await callApi(hr, 'plan:measures', { fy, only: 'measures' }));
    expect(now.recordTotal).toBe(full.records.length + 2);
    expect(unit(now, section).count).toBe(unit(afterOwn, section).count + 1);
    const dashboard = ok(await callApi(hr, 'plan:dashboard', { fy, summary: true }));
    const measuresMet = (d: PlanDashboard) =>
      d.years.find((y) => y.fy === fy)!.kpis.find((k) => k.id === 'measures_met')!;
    expect(await met(hr)).toEqual(measuresMet(dashboard));
  });
});
