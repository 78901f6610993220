import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { emptyAppraisalState, insertAppraisal, writeRatings } from '../../electron/core/appraisal/appraisal.repo';
import type { Ratings } from '../../electron/core/appraisal/appraisal.repo';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../../electron/core/mbo/mbo.repo';
import { ensureCycle } from '../../electron/core/staff/staff.repo';
import { rankingSheets, rankingsOfYear } from '../../electron/core/workbooks/forms/appraisal-export';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import type { AppraisalStatus, RankingView } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * Taking people out of the year's relative ranking (相対評価の対象外) on a real encrypted demo
 * office: the demo's 課長級 (one population, 区全体) in a year whose appraisals have not started
 * (the next one), written with the repos as the workflow leaves them — everyone 調整済 with distinct scores
 * except two, one with no appraisal (joined late) and one stopped at 2次評価済 (went on leave).
 * Excluding those two lets HR confirm; they are in no quota, can be put back, and nothing moves once
 * the population is confirmed. Tests run in order and share the office.
 */

// Next year: an earlier year is closed (read-only but for HR's confirmed changes, docs/closed-years.md).
const fy = fiscalYearOf(new Date()) + 1;
const population = '課長級';
const dir = tempDir('kaname-ranking-exclusions-');
let d: Db;
const ctx = {} as Record<'admin' | 'jinji' | 'kakaricho', AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Member = { id: number; staffNo: string };

/** Writes an appraisal in `status` with its MBO goal and 2次 ratings; `adjust` (1/100 points) separates the scores. */
function appraisal(m: Member, status: AppraisalStatus, adjust: number): void {
  const now = new Date().toISOString();
  const sheetId = insertSheet(d, fy, m.id, { ...emptySheetState(), status: '自己評価済' }, now);
  replaceGoals(d, sheetId, [
    {
      ...goalStateOf({
        category: '業務目標',
        title: '課の運営',
        content: '',
        standard: '計画どおり進める',
        priority: null,
        weight: 100,
        difficulty: 'B',
        schedule: '',
        type: '通常',
      }),
      self: { level: 'B', comment: '', reason: '' },
      first: { level: 'B', comment: '', reason: '' },
      second: { level: 'B', comment: '', reason: '' },
    },
  ]);
  const id = insertAppraisal(d, fy, m.id, { ...emptyAppraisalState(), status, adjustment: adjust }, now);
  const ratings: Ratings = new Map();
  for (const item of DEFAULT_APPRAISAL_CONFIG.competencyItems['課長級']) {
    ratings.set(item, { self: 3, first: 3, second: 3 });
  }
  writeRatings(d, id, ratings);
}

let members: Member[] = [];
let late: Member;
let onLeave: Member;

const ranking = async (c: AppContext = ctx.admin): Promise<RankingView> =>
  ok(await callApi(c, 'appraisal:ranking', { fy, population }));
const exclude = (c: AppContext, staffNo: string, reason: string | null) =>
  callApi(c, 'appraisal:exclude', { fy, staffNo, reason });

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kakaricho'] as const) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  ensureCycle(d, fy);
  expect(d.prepare('SELECT count(*) AS n FROM appraisals WHERE fy = ?').get(fy)).toEqual({ n: 0 });
  const before = await ranking();
  const staffNos = before.result!.waiting.map((w) => w.staffNo);
  expect(staffNos.length).toBeGreaterThanOrEqual(5);
  const idOf = d.prepare('SELECT id FROM staff WHERE staff_no = ?');
  members = staffNos.map((staffNo) => ({ staffNo, id: (idOf.get(staffNo) as { id: number }).id }));
  [late, onLeave] = [members[0]!, members[1]!];
  d.transaction(() => {
    appraisal(onLeave, '2次評価済', 0);
    members.slice(2).forEach((m, i) => appraisal(m, '調整済', i));
  })();
});

const auditOf = (action: string) =>
  d
    .prepare('SELECT actor, entity_id AS entityId, before, after FROM audit_log WHERE action = ? ORDER BY id')
    .all(action) as { actor: string; entityId: string; before: string | null; after: string | null }[];

describe('相対評価の対象外', () => {
  it('a population with members who will never be 調整済 cannot be confirmed', async () => {
    const r = (await ranking()).result!;
    expect(r.waiting.map((w) => w.staffNo)).toEqual([late.staffNo, onLeave.staffNo]);
    expect(r.excluded).toEqual([]);
    expect(r.canConfirm).toBe(false);
    expect(r.canExclude).toBe(true);
    expect((await ranking(ctx.jinji)).result!.canExclude).toBe(false);
    fail(await callApi(ctx.admin, 'appraisal:confirmRanking', { fy, population }), 'CONFLICT');
  });

  it('only HR excludes, with a reason of 1–200 characters, and only someone of the year', async () => {
    const before = (await ranking()).result!;
    fail(await exclude(ctx.kakaricho, late.staffNo, '休職中のため'), 'FORBIDDEN');
    fail(await exclude(ctx.jinji, late.staffNo, '休職中のため'), 'FORBIDDEN');
    fail(await exclude(ctx.kakaricho, late.staffNo, null), 'FORBIDDEN');
    fail(await exclude(ctx.admin, late.staffNo, '   '), 'VALIDATION');
    fail(await exclude(ctx.admin, late.staffNo, 'あ'.repeat(201)), 'VALIDATION');
    fail(await exclude(ctx.admin, '999999', '休職中のため'), 'NOT_FOUND');
    expect((await ranking()).result).toEqual(before);
    expect(auditOf('appraisal.exclude')).toEqual([]);
  });

  it('excluding the waiting members makes the population confirmable; they are in no quota', async () => {
    ok(await exclude(ctx.admin, late.staffNo, '  年度途中の採用のため  '));
    const view = ok(await exclude(ctx.admin, onLeave.staffNo, '育児休業中のため'));
    const r = view.result!;
    expect(view.population).toBe(population);
    expect(r.waiting).toEqual([]);
    expect(r.excluded).toEqual([
      expect.objectContaining({ staffNo: late.staffNo, status: '未着手', reason: '年度途中の採用のため' }),
      expect.objectContaining({ staffNo: onLeave.staffNo, status: '2次評価済', reason: '育児休業中のため' }),
    ]);
    // The population keeps its members; the ranking and its quotas hold the others only.
    expect(view.populations.find((p) => p.key === population)!.size).toBe(members.length);
    expect(r.size).toBe(members.length - 2);
    expect(r.figures.reduce((n, f) => n + f.quota, 0)).toBe(members.length - 2);
    expect(r.rows.map((x) => x.staffNo)).not.toContain(late.staffNo);
    expect(r.rows.map((x) => x.staffNo)).not.toContain(onLeave.staffNo);
    expect(r.undecided).toBe(0);
    expect(r.canConfirm).toBe(true);
  });

  it('is audited with the reason; including again puts the person back in waiting', async () => {
    const audited = auditOf('appraisal.exclude');
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ actor: 'admin', entityId: `${fy}:${late.staffNo}` });
    expect(JSON.parse(audited[0]!.after!)).toMatchObject({ 対象外の理由: '年度途中の採用のため' });
    expect(JSON.parse(audited[1]!.after!)).toMatchObject({ 対象外の理由: '育児休業中のため' });

    let r = ok(await exclude(ctx.admin, onLeave.staffNo, null)).result!;
    expect(r.waiting.map((w) => w.staffNo)).toEqual([onLeave.staffNo]);
    expect(r.excluded.map((x) => x.staffNo)).toEqual([late.staffNo]);
    expect(r.canConfirm).toBe(false);
    const included = auditOf('appraisal.include');
    expect(included).toHaveLength(1);
    expect(JSON.parse(included[0]!.before!)).toMatchObject({ 対象外の理由: '育児休業中のため' });
    // Including someone who is not excluded changes and audits nothing.
    ok(await exclude(ctx.admin, onLeave.staffNo, null));
    expect(auditOf('appraisal.include')).toHaveLength(1);

    r = ok(await exclude(ctx.admin, onLeave.staffNo, '育児休業中のため')).result!;
    expect(r.canConfirm).toBe(true);
  });

  it('confirm leaves the excluded untouched, and nobody moves in or out of a confirmed population', async () => {
    const view = ok(await callApi(ctx.admin, 'appraisal:confirmRanking', { fy, population }));
    const r = view.result!;
    expect(r.confirmed).not.toBeNull();
    expect(r.canExclude).toBe(false);
    expect(r.excluded.map((x) => x.staffNo)).toEqual([late.staffNo, onLeave.staffNo]);
    const statusOf = (m: Member) =>
      d.prepare('SELECT status, rank_class AS rankClass FROM appraisals WHERE fy = ? AND staff_id = ?').get(fy, m.id);
    expect(statusOf(late)).toBeUndefined();
    expect(statusOf(onLeave)).toEqual({ status: '2次評価済', rankClass: null });
    expect(statusOf(members[2]!)).toMatchObject({ status: '確定' });

    const refused = fail(await exclude(ctx.admin, onLeave.staffNo, null), 'CONFLICT');
    expect(refused.message).toMatch(/確定を解除してから/u);
    fail(await exclude(ctx.admin, members[2]!.staffNo, '休職中のため'), 'CONFLICT');
    expect((await ranking()).result!.excluded).toHaveLength(2);
  });

  it('the ranking export lists the excluded under the ranked rows as 対象外, with the reason', () => {
    const { rankings, shares } = rankingsOfYear(d, fy, population);
    const [sheet] = rankingSheets(d, fy, rankings, shares);
    const rows = sheet!.long.rows;
    expect(rows.slice(0, members.length - 2).every((r) => typeof r[0] === 'number')).toBe(true);
    expect(rows.slice(members.length - 2).map((r) => [r[1], r[6], r[7]])).toEqual([
      [late.staffNo, '対象外', '年度途中の採用のため'],
      [onLeave.staffNo, '対象外', '育児休業中のため'],
    ]);
    expect((sheet!.notes ?? []).join('\n')).toMatch(/対象外の職員が 2人/u);
  });
});
