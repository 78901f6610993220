import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { APPRAISAL_STATUSES, STAGE_OF_STATUS } from '../../shared/contract';
import type { AppraisalStatus } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Result } from '../../shared/result';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * The appraisal workflow's permissions as a whole grid, on a real encrypted demo copy: every status
 * × every kind of caller × every operation, with the outcome each should get — written out from
 * the rules (docs/cycle.md, docs/scores.md), not from the code:
 *
 * - Only the evaluator of the open stage writes and submits (本人 at 未着手, 1次 at 自己評価済, 2次 at
 *   1次評価済, 調整者 at 2次評価済); HR may also submit a 1次 or 2次 stage for its evaluator. Another of the person's evaluators is told it is not their stage
 *   (CONFLICT); HR, 人事配置 and a cross-section evaluator have no stage (FORBIDDEN); anyone
 *   unrelated does not even learn the appraisal exists (NOT_FOUND).
 * - Send-back: the evaluator of the open stage (not the 本人), and at 調整済 the 調整者 or HR.
 * - Unlock: HR, only at 確定.
 * - Cross-section rating: the named evaluator, only until the 1次 has submitted.
 * - And a transferred evaluator: once the 1次 changes, the predecessor can no longer read or write.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-appraisal-permissions-');
type Actor = 'self' | 'first' | 'second' | 'adjuster' | 'cross' | 'hr' | 'personnel' | 'otherEvaluator' | 'otherStaff';
const actors: Actor[] = [
  'self',
  'first',
  'second',
  'adjuster',
  'cross',
  'hr',
  'personnel',
  'otherEvaluator',
  'otherStaff',
];
const ctx = {} as Record<Actor, AppContext>;
const opened: AppContext[] = [];
let d: Db;
let dbPath = '';
let subjectNo = '';
let appraisalId = 0;
let crossGoalId = 0;

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const one = <T>(sql: string, ...args: unknown[]) => d.prepare(sql).get(...args) as T;

async function account(login: string, staffNo: string, role: 'staff' | 'evaluator'): Promise<AppContext> {
  const admin = ctx.hr;
  const r = await callApi(admin, 'accounts:create', {
    login,
    displayName: login,
    role,
    staffNo,
    password: 'temporary-1',
  });
  if (!r.ok) throw new Error(r.error.message);
  const c = await loggedIn(dbPath, login, 'temporary-1');
  const changed = await callApi(c, 'auth:changePassword', { current: 'temporary-1', next: demoPass });
  if (!changed.ok) throw new Error(changed.error.message);
  opened.push(c);
  return c;
}

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  ctx.hr = await loggedIn(dbPath, 'admin', demoPass);
  ctx.personnel = await loggedIn(dbPath, 'jinji', demoPass);
  ctx.first = await loggedIn(dbPath, 'kakaricho', demoPass);
  ctx.second = await loggedIn(dbPath, 'kacho', demoPass);
  ctx.cross = await loggedIn(dbPath, 'kucho', demoPass);
  opened.push(ctx.hr, ctx.personnel, ctx.first, ctx.second, ctx.cross);
  d = ctx.hr.office!.db;
  // The member of kakaricho's team waiting for the 1次 (kacho is the 2次, the 副区長 the 調整者).
  const subject = one<{ no: string; id: number; adjuster: string; section: string }>(
    `SELECT s.staff_no AS no, s.id, adj.staff_no AS adjuster, s.section_id AS section FROM appraisals a
     JOIN staff s ON s.id = a.staff_id
     JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
     JOIN staff adj ON adj.id = e.adjuster_id
     WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')
       AND e.second_id = (SELECT staff_id FROM accounts WHERE login = 'kacho')`,
    fy,
  );
  subjectNo = subject.no;
  appraisalId = one<{ id: number }>('SELECT id FROM appraisals WHERE fy = ? AND staff_id = ?', fy, subject.id).id;
  ctx.self = await account('grid-self', subject.no, 'staff');
  ctx.adjuster = await account('grid-adjuster', subject.adjuster, 'evaluator');
  const otherSection = (position: string) =>
    one<{ no: string }>(
      `SELECT staff_no AS no FROM staff WHERE active = 1 AND position = ? AND section_id <> ?
       AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) ORDER BY staff_no LIMIT 1`,
      position,
      subject.section,
    ).no;
  ctx.otherEvaluator = await account('grid-other-evaluator', otherSection('係長'), 'evaluator');
  ctx.otherStaff = await account('grid-other-staff', otherSection('係員'), 'staff');
  // HR names the 区長 as the cross-section evaluator of a goal that is not the area duty.
  crossGoalId = one<{ id: number }>(
    `SELECT g.id FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id
     WHERE m.fy = ? AND m.staff_id = ? AND g.category <> '地域担当目標' ORDER BY g.position LIMIT 1`,
    fy,
    subject.id,
  ).id;
  const kuchoNo = one<{ no: string }>(
    "SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kucho'",
  ).no;
  const named = await callApi(ctx.hr, 'appraisal:nameCross', {
    fy,
    goalId: crossGoalId,
    evaluatorNo: kuchoNo,
    role: 'プロジェクトチームリーダー',
  });
  if (!named.ok) throw new Error(named.error.message);
});

/** Puts the appraisal at a status directly (the grid's setup, not what is tested). */
function setStatus(status: AppraisalStatus): number {
  d.prepare('UPDATE appraisals SET status = ?, version = version + 1 WHERE id = ?').run(status, appraisalId);
  return one<{ version: number }>('SELECT version FROM appraisals WHERE id = ?', appraisalId).version;
}

type Outcome = 'ok' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND' | 'VALIDATION';
const outcome = (r: Result<unknown>): Outcome => (r.ok ? 'ok' : (r.error.code as Outcome));

const stageActor: Record<string, Actor> = { self: 'self', first: 'first', second: 'second', adjuster: 'adjuster' };
const related: Actor[] = ['self', 'first', 'second', 'adjuster', 'cross', 'hr', 'personnel'];
const noStage: Actor[] = ['cross', 'hr', 'personnel'];

/**
 * The expected outcome of writing (save / submit) at a status. The owner's submit may still be
 * incomplete. HR submits a 1次 or 2次 stage for its evaluator (an evaluator who filled the workbook
 * away from the office), but never writes its fields.
 */
function expectedWrite(status: AppraisalStatus, actor: Actor, op: 'save' | 'submit'): Outcome[] {
  const open = STAGE_OF_STATUS[status];
  if (!related.includes(actor)) return ['NOT_FOUND'];
  if (op === 'submit' && actor === 'hr' && (open === 'first' || open === 'second')) return ['ok', 'VALIDATION'];
  if (noStage.includes(actor)) return ['FORBIDDEN'];
  if (open !== null && stageActor[open] === actor) return ['ok', 'VALIDATION'];
  return ['CONFLICT'];
}

function expectedSendBack(status: AppraisalStatus, actor: Actor): Outcome {
  if (!related.includes(actor)) return 'NOT_FOUND';
  const allowed: Partial<Record<AppraisalStatus, Actor[]>> = {
    自己評価済: ['first'],
    '1次評価済': ['second'],
    '2次評価済': ['adjuster'],
    調整済: ['adjuster', 'hr'],
  };
  if (allowed[status]?.includes(actor)) return 'ok';
  return actor === 'self' || actor === 'personnel' || actor === 'cross' ? 'FORBIDDEN' : 'CONFLICT';
}

/** Unlocking is HR's alone: the role is refused before anything about the person is looked at. */
function expectedUnlock(status: AppraisalStatus, actor: Actor): Outcome {
  if (actor !== 'hr') return 'FORBIDDEN';
  return status === '確定' ? 'ok' : 'CONFLICT';
}

function expectedCross(status: AppraisalStatus, actor: Actor): Outcome {
  if (!related.includes(actor)) return 'NOT_FOUND';
  if (actor !== 'cross') return 'FORBIDDEN';
  return status === '未着手' || status === '自己評価済' ? 'ok' : 'CONFLICT';
}

describe('the appraisal permission grid: every status × every caller × every operation', () => {
  for (const status of APPRAISAL_STATUSES) {
    it(`at ${status}`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      const check = (label: string, r: Result<unknown>, allowed: Outcome[]) => {
        const o = outcome(r);
        got.push(`${label}: ${allowed.includes(o) ? allowed.join('|') : o}`);
        want.push(`${label}: ${allowed.join('|')}`);
      };
      for (const actor of actors) {
        const c = ctx[actor];
        const readable = related.includes(actor);
        let version = setStatus(status);
        check(`${actor} get`, await callApi(c, 'appraisal:get', { fy, staffNo: subjectNo }), [
          readable ? 'ok' : 'NOT_FOUND',
        ]);
        version = setStatus(status);
        check(
          `${actor} save`,
          await callApi(c, 'appraisal:save', { fy, staffNo: subjectNo, version, comment: `表の確認（${actor}）` }),
          expectedWrite(status, actor, 'save'),
        );
        version = setStatus(status);
        check(
          `${actor} submit`,
          await callApi(c, 'appraisal:submit', { fy, staffNo: subjectNo, version }),
          expectedWrite(status, actor, 'submit'),
        );
        version = setStatus(status);
        check(
          `${actor} sendBack`,
          await callApi(c, 'appraisal:sendBack', { fy, staffNo: subjectNo, version, reason: '表の確認' }),
          [expectedSendBack(status, actor)],
        );
        setStatus(status);
        check(`${actor} unlock`, await callApi(c, 'appraisal:unlock', { fy, staffNo: subjectNo, reason: '表の確認' }), [
          expectedUnlock(status, actor),
        ]);
        setStatus(status);
        check(
          `${actor} cross`,
          await callApi(c, 'appraisal:cross', { fy, goalId: crossGoalId, level: 'A', comment: '表の確認' }),
          [expectedCross(status, actor)],
        );
      }
      // Every cell that differs, named: an empty list is the grid as the rules say.
      expect(got.flatMap((g, i) => (g === want[i] ? [] : [`${g} (want ${want[i]})`]))).toEqual([]);
    });
  }
});

describe('HR submitting for an evaluator', () => {
  it('is refused while the stage is incomplete, then moves it on and is audited as HR on the evaluator’s behalf', async () => {
    let version = setStatus('1次評価済');
    const get = async (c: AppContext) => {
      const r = await callApi(c, 'appraisal:get', { fy, staffNo: subjectNo });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const before = await get(ctx.hr);
    expect(before.can).toMatchObject({ stage: null, submit: false, submitOnBehalf: 'second' });
    // The 2次 has written nothing of this stage yet: HR cannot submit it.
    d.prepare('UPDATE appraisal_ratings SET second = NULL WHERE appraisal_id = ?').run(appraisalId);
    version = setStatus('1次評価済');
    expect(outcome(await callApi(ctx.hr, 'appraisal:submit', { fy, staffNo: subjectNo, version }))).toBe('VALIDATION');
    // The 2次 fills the stage (as their workbook would), and HR submits it for them.
    const view = await get(ctx.second);
    const saved = await callApi(ctx.second, 'appraisal:save', {
      fy,
      staffNo: subjectNo,
      version: view.version,
      ratings: Object.fromEntries(view.ratings.map((r) => [r.item, 3])),
      goals: view.goals.map((g) => ({ goalId: g.id, level: 'B' as const, comment: '計画どおり' })),
      comment: '2次の所見',
    });
    expect(outcome(saved)).toBe('ok');
    expect((await get(ctx.hr)).problems).toEqual([]);
    const r = await callApi(ctx.hr, 'appraisal:submit', {
      fy,
      staffNo: subjectNo,
      version: saved.ok ? saved.value.version : 0,
    });
    expect(r.ok && r.value.status).toBe('2次評価済');
    const audit = one<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE entity_id = ? AND action LIKE 'appraisal.submit%' ORDER BY id DESC LIMIT 1",
      `${fy}:${subjectNo}`,
    );
    expect(audit).toEqual({ action: 'appraisal.submitOnBehalf.second', actor: ctx.hr.session!.actor.label });
  });
});

describe('a transferred evaluator', () => {
  it('the predecessor loses the appraisal the day the 1次 changes; the successor has it', async () => {
    const version = setStatus('自己評価済');
    const subjectId = one<{ id: number }>('SELECT id FROM staff WHERE staff_no = ?', subjectNo).id;
    const old = one<{ id: number; second_id: number; adjuster_id: number }>(
      'SELECT id, second_id, adjuster_id FROM evaluator_assignments WHERE fy = ? AND staff_id = ? AND effective_to IS NULL',
      fy,
      subjectId,
    );
    const successorId = one<{ staff_id: number }>(
      "SELECT staff_id FROM accounts WHERE login = 'grid-other-evaluator'",
    ).staff_id;
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    d.prepare('UPDATE evaluator_assignments SET effective_to = ? WHERE id = ?').run(yesterday, old.id);
    d.prepare(
      `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(fy, subjectId, successorId, old.second_id, old.adjuster_id, today);

    expect(outcome(await callApi(ctx.first, 'appraisal:get', { fy, staffNo: subjectNo }))).toBe('NOT_FOUND');
    expect(
      outcome(await callApi(ctx.first, 'appraisal:save', { fy, staffNo: subjectNo, version, comment: '前任' })),
    ).toBe('NOT_FOUND');
    expect(outcome(await callApi(ctx.first, 'appraisal:submit', { fy, staffNo: subjectNo, version }))).toBe(
      'NOT_FOUND',
    );
    const view = await callApi(ctx.otherEvaluator, 'appraisal:get', { fy, staffNo: subjectNo });
    expect(view.ok && view.value.can.stage).toBe('first');
    expect(
      outcome(
        await callApi(ctx.otherEvaluator, 'appraisal:save', { fy, staffNo: subjectNo, version, comment: '後任' }),
      ),
    ).toBe('ok');
    // The predecessor's list no longer has the person; the successor's does, as their turn.
    const before = await callApi(ctx.first, 'appraisal:list', { fy });
    expect(before.ok && before.value.rows.some((r) => r.person.staffNo === subjectNo)).toBe(false);
    const after = await callApi(ctx.otherEvaluator, 'appraisal:list', { fy });
    expect(after.ok && after.value.rows.find((r) => r.person.staffNo === subjectNo)?.myTurn).toBe(true);
  });
});
