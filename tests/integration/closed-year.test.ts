import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { createDemoOffice } from '../../electron/core/demo/demo';
import { closeOffice } from '../../electron/core/office/office.service';
import type { ChannelName } from '../../shared/channels';
import { access } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { GoalDraft } from '../../shared/mbo';
import type { Role } from '../../shared/roles';
import type { Result } from '../../shared/result';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * A closed year (終了した年度, docs/closed-years.md) is read-only to everyone but HR, and HR's change
 * must say it was confirmed. The closed year here is a whole demo office generated as it would
 * have been a year ago — every form in every state, in last year — so that each write channel is
 * tried on real rows: refused to staff and evaluators, refused to HR without the confirmation (a
 * distinct code the screen turns into a question), done for HR with it and audited. A demo office
 * of this year shows the current year as before.
 */

const current = fiscalYearOf(new Date());
const past = current - 1;
const dir = tempDir('kaname-closed-year-');
const ctx = {} as Record<'admin' | 'kakaricho' | 'kacho' | 'kucho' | 'shokuin', AppContext>;
const now = {} as Record<'admin' | 'shokuin', AppContext>;
let d: Db;

afterAll(() => {
  for (const c of [...Object.values(ctx), ...Object.values(now)]) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  // The demo as generated on 2 December of last fiscal year: all its data lies in `past`.
  const pastPath = path.join(dir, 'last-year.db');
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(past, 11, 2, 10));
  try {
    const { office } = await createDemoOffice(pastPath, demoPass, false);
    closeOffice(office);
  } finally {
    vi.useRealTimers();
  }
  for (const login of ['admin', 'kakaricho', 'kacho', 'kucho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(pastPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  const thisYear = await demoCopy(dir);
  for (const login of ['admin', 'shokuin'] as const) now[login] = await loggedIn(thisYear, login, demoPass);
}, 120_000);

const one = <T>(sql: string, ...args: unknown[]): T => {
  const row = d.prepare(sql).get(...args) as T | undefined;
  if (row === undefined) throw new Error(`the demo of ${past} has no row for: ${sql}`);
  return row;
};

const staffNoOf = (c: AppContext): string => c.session!.staffNo!;

/** A 職員番号 whose self-report / MBO sheet / appraisal is in `status` in the closed year. */
const withStatus = (table: 'self_reports' | 'mbo_sheets' | 'appraisals', status: string): string =>
  one<{ no: string }>(
    `SELECT s.staff_no AS no FROM ${table} t JOIN staff s ON s.id = t.staff_id WHERE t.fy = ? AND t.status = ?
     ORDER BY s.staff_no LIMIT 1`,
    past,
    status,
  ).no;

const g = (over: Partial<GoalDraft>): GoalDraft => ({
  category: '業務目標',
  title: '窓口の待ち時間の短縮',
  content: '受付の動線を見直す',
  standard: '平均待ち時間を20%短縮する',
  priority: null,
  weight: 70,
  difficulty: 'B',
  schedule: '4月 計画、3月 まとめ',
  type: '通常',
  ...over,
});
const goodGoals = [
  g({}),
  g({ category: '地域担当目標', title: '担当地域の巡回', standard: '月1回以上巡回する', weight: 30 }),
];

const closedMessage = `令和${past - 2018}年度は終了した年度のため、変更できません（閲覧のみ）。`;

type Case = {
  channel: ChannelName;
  /** The call on the closed year, built when it runs (it may read the rows earlier cases left). */
  input: () => Record<string, unknown>;
  /** 'ok': HR's confirmed call is done; 'gate': it passes the year's gate and meets the channel's own rule. */
  hr: 'ok' | 'gate';
};

const version = (table: 'self_reports' | 'mbo_sheets' | 'appraisals', staffNo: string): number =>
  (
    d
      .prepare(`SELECT t.version FROM ${table} t JOIN staff s ON s.id = t.staff_id WHERE t.fy = ? AND s.staff_no = ?`)
      .get(past, staffNo) as { version: number } | undefined
  )?.version ?? 0;

const area = (): { name: string; members: string[] } => {
  const r = one<{ name: string; members: string }>(
    `SELECT ar.name, group_concat(s.staff_no) AS members FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id
     JOIN staff s ON s.id = aa.staff_id WHERE aa.fy = ? GROUP BY ar.id ORDER BY ar.id LIMIT 1`,
    past,
  );
  return { name: r.name, members: r.members.split(',') };
};
const onDate = `${past}-10-01`;

const lastEntry = (table: 'area_patrols' | 'area_studies'): number =>
  one<{ id: number }>(`SELECT max(id) AS id FROM ${table} WHERE fy = ?`, past).id;

const award = (status: string): number =>
  one<{ id: number }>('SELECT id FROM awards WHERE fy = ? AND status = ? ORDER BY id DESC LIMIT 1', past, status).id;

const goalOf = (staffNo: string): number =>
  one<{ id: number }>(
    `SELECT g.id FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id JOIN staff s ON s.id = m.staff_id
     WHERE m.fy = ? AND s.staff_no = ? ORDER BY g.id LIMIT 1`,
    past,
    staffNo,
  ).id;

/** An appraisal not started yet whose MBO sheet has goals: HR may still name its cross-section evaluators. */
const notStartedWithGoals = (): string =>
  one<{ no: string }>(
    `SELECT s.staff_no AS no FROM staff s JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
     LEFT JOIN appraisals a ON a.staff_id = s.id AND a.fy = @fy
     WHERE coalesce(a.status, '未着手') = '未着手' AND EXISTS (SELECT 1 FROM mbo_goals g WHERE g.sheet_id = m.id)
     ORDER BY s.staff_no LIMIT 1`,
    { fy: past },
  ).no;

let population = '';
let pastConfig: unknown = null;
let excluded = '';

// Every write channel scoped to a fiscal year, in an order in which HR's confirmed calls all succeed.
const cases: Case[] = [
  {
    channel: 'selfReport:save',
    input: () => ({ fy: past, version: version('self_reports', staffNoOf(ctx.admin)), duties: '窓口業務' }),
    hr: 'ok',
  },
  {
    channel: 'selfReport:submit',
    input: () => {
      // HR's own report (the demo's admin is a staff member too), completed first.
      const v = version('self_reports', staffNoOf(ctx.admin));
      return { fy: past, version: v };
    },
    hr: 'ok',
  },
  {
    channel: 'selfReport:interview',
    input: () => ({
      fy: past,
      staffNo: withStatus('self_reports', '提出済'),
      version: version('self_reports', withStatus('self_reports', '提出済')),
      interviewOn: `${past}-11-01`,
      record: '面談しました',
      opinion: '',
    }),
    hr: 'gate',
  },
  {
    channel: 'selfReport:reopen',
    input: () => ({ fy: past, staffNo: withStatus('self_reports', '提出済'), reason: '記入漏れ' }),
    hr: 'ok',
  },
  {
    channel: 'areaLog:addPatrol',
    input: () => ({
      fy: past,
      area: area().name,
      onDate,
      pair: area().members.slice(0, 2),
      notes: '巡回しました',
      findings: '',
    }),
    hr: 'ok',
  },
  {
    channel: 'areaLog:addStudy',
    input: () => ({ fy: past, area: area().name, onDate, topic: '防災', notes: '', attendees: area().members }),
    hr: 'ok',
  },
  {
    channel: 'areaLog:remove',
    input: () => ({ fy: past, area: area().name, kind: 'patrol', id: lastEntry('area_patrols') }),
    hr: 'ok',
  },
  {
    channel: 'mbo:save',
    input: () => ({ fy: past, version: version('mbo_sheets', staffNoOf(ctx.admin)), goals: goodGoals }),
    hr: 'ok',
  },
  {
    channel: 'mbo:submit',
    input: () => ({ fy: past, version: version('mbo_sheets', staffNoOf(ctx.admin)), stage: 'goals' }),
    hr: 'ok',
  },
  {
    channel: 'mbo:approve',
    input: () => ({ fy: past, staffNo: staffNoOf(ctx.admin), version: 1, comment: '' }),
    hr: 'gate',
  },
  {
    channel: 'mbo:sendBack',
    input: () => ({ fy: past, staffNo: staffNoOf(ctx.admin), version: 1, comment: '見直してください' }),
    hr: 'gate',
  },
  {
    channel: 'mbo:revise',
    input: () => ({
      fy: past,
      staffNo: withStatus('mbo_sheets', '承認済'),
      version: version('mbo_sheets', withStatus('mbo_sheets', '承認済')),
      goalId: goalOf(withStatus('mbo_sheets', '承認済')),
      goal: goodGoals[0],
      reason: '業務の変更',
    }),
    hr: 'gate',
  },
  {
    channel: 'mbo:reopen',
    input: () => ({ fy: past, staffNo: withStatus('mbo_sheets', '承認済'), reason: '目標の見直し' }),
    hr: 'ok',
  },
  {
    channel: 'appraisal:save',
    input: () => ({ fy: past, version: version('appraisals', staffNoOf(ctx.admin)), comment: '1年間取り組みました' }),
    hr: 'ok',
  },
  {
    channel: 'appraisal:submit',
    input: () => ({
      fy: past,
      staffNo: withStatus('appraisals', '自己評価済'),
      version: version('appraisals', withStatus('appraisals', '自己評価済')),
    }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:sendBack',
    input: () => ({
      fy: past,
      staffNo: withStatus('appraisals', '調整済'),
      version: version('appraisals', withStatus('appraisals', '調整済')),
      reason: '調整の見直し',
    }),
    hr: 'ok',
  },
  {
    channel: 'appraisal:unlock',
    input: () => ({ fy: past, staffNo: withStatus('appraisals', '調整済'), reason: '確定の解除' }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:cross',
    input: () => ({ fy: past, goalId: goalOf(notStartedWithGoals()), level: 'B', comment: '' }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:nameCross',
    input: () => ({
      fy: past,
      goalId: goalOf(notStartedWithGoals()),
      evaluatorNo: staffNoOf(ctx.kacho),
      role: 'プロジェクトチームリーダー',
    }),
    hr: 'ok',
  },
  {
    channel: 'appraisal:exclude',
    input: () => ({ fy: past, staffNo: excluded, reason: '休職中のため' }),
    hr: 'ok',
  },
  {
    channel: 'appraisal:decideTie',
    input: () => ({ fy: past, population, staffNo: excluded, rankClass: 3 }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:confirmRanking',
    input: () => ({ fy: past, population }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:saveConfig',
    input: () => ({ fy: past, config: pastConfig }),
    hr: 'gate',
  },
  {
    channel: 'appraisal:resetConfig',
    input: () => ({ fy: past }),
    hr: 'gate',
  },
  {
    channel: 'awards:save',
    input: () => ({
      fy: past,
      id: null,
      title: '窓口改善の取組',
      category: '能力開発・向上',
      awardedOn: `${past}-11-20`,
      groupName: '',
      nominator: '区長',
      recipients: [staffNoOf(ctx.shokuin)],
    }),
    hr: 'ok',
  },
  { channel: 'awards:decide', input: () => ({ fy: past, id: award('推薦中'), decidedOn: `${past}-12-01` }), hr: 'ok' },
  { channel: 'awards:revoke', input: () => ({ fy: past, id: award('決定'), reason: '誤って登録したため' }), hr: 'ok' },
];

const call = (c: AppContext, channel: ChannelName, input: Record<string, unknown>) =>
  callApi(c, channel, input as never) as Promise<Result<unknown>>;

function roleMay(channel: ChannelName, role: Role): boolean {
  const rule = access[channel];
  return rule === 'session' || (rule !== 'public' && rule.includes(role));
}

describe('a closed year', () => {
  beforeAll(async () => {
    // HR's own self-report gets what submission needs; the ranking's population and a member to exclude.
    pastConfig = ok(await callApi(ctx.admin, 'appraisal:config', { fy: past })).config;
    const ranking = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: past }));
    population = ranking.population ?? '';
    const rows = ranking.result?.rows ?? [];
    const waiting = ranking.result?.waiting ?? [];
    excluded = (waiting[0] ?? rows[0])?.staffNo ?? '';
    expect(population).not.toBe('');
    expect(excluded).not.toBe('');
  });

  it('is closed on cycles:list, the current year is not', async () => {
    const cycles = ok(await callApi(now.shokuin, 'cycles:list', {}));
    expect(cycles.find((c) => c.fy === past)?.closed).toBe(true);
    expect(cycles.find((c) => c.fy === current)?.closed).toBe(false);
  });

  it('shows staff an empty self-report of the closed year as read-only, with nothing to save or submit', async () => {
    const view = ok(await callApi(ctx.shokuin, 'selfReport:get', { fy: past }));
    expect(view.status).toBe('未提出');
    expect(view.can).toEqual({ edit: false, submit: false, interview: false, reopen: false });
    const open = ok(await callApi(now.shokuin, 'selfReport:get', { fy: current }));
    expect(open.can.edit && open.can.submit).toBe(true);
  });

  it('tells each evaluator their forms of the closed year are read-only', async () => {
    // The 1次 of a sheet waiting for approval, the 2次 of an appraisal at their stage: nothing to do in a closed year.
    const sheets = ok(await callApi(ctx.kakaricho, 'mbo:list', { fy: past })).rows;
    const waiting = sheets.find((r) => r.relation === 'first' && r.status === '提出済');
    expect(waiting).toBeDefined();
    const mbo = ok(await callApi(ctx.kakaricho, 'mbo:get', { fy: past, staffNo: waiting!.person.staffNo }));
    expect(Object.values(mbo.can).some(Boolean)).toBe(false);
    const list = ok(await callApi(ctx.kacho, 'appraisal:list', { fy: past })).rows;
    const atSecond = list.find((r) => r.relation === 'second' && r.status === '1次評価済');
    expect(atSecond).toBeDefined();
    expect(list.some((r) => r.myTurn)).toBe(false);
    const ap = ok(await callApi(ctx.kacho, 'appraisal:get', { fy: past, staffNo: atSecond!.person.staffNo }));
    expect([ap.can.stage, ap.can.submit, ap.can.sendBack]).toEqual([null, false, false]);
    const log = ok(await callApi(ctx.shokuin, 'areaLog:get', { fy: past, area: area().name }));
    expect(log.canWrite).toBe(false);
  });

  for (const c of cases) {
    it(`${c.channel}: refused to staff and evaluators, refused to HR unconfirmed, done for HR confirmed`, async () => {
      const input = c.input();
      for (const login of ['shokuin', 'kakaricho', 'kacho', 'kucho'] as const) {
        const who = ctx[login];
        for (const extra of [{}, { confirmClosedYear: true }]) {
          const e = fail(await call(who, c.channel, { ...input, ...extra }), 'FORBIDDEN');
          // Where the role may call the channel at all, the refusal says why: the year has ended.
          if (roleMay(c.channel, who.session!.role)) expect(e.message).toBe(closedMessage);
        }
      }
      const before = d.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'closedYear.write'").get() as {
        n: number;
      };
      const asked = fail(await call(ctx.admin, c.channel, input), 'YEAR_CLOSED');
      expect(asked.message).toContain('終了した年度です');
      const done = await call(ctx.admin, c.channel, { ...input, confirmClosedYear: true });
      const after = d
        .prepare(
          `SELECT (SELECT count(*) FROM audit_log WHERE action = 'closedYear.write') AS n,
                  (SELECT after FROM audit_log WHERE action = 'closedYear.write' ORDER BY id DESC LIMIT 1) AS last`,
        )
        .get() as { n: number; last: string };
      if (c.hr === 'ok') {
        ok(done);
        expect(after.n).toBe(before.n + 1);
        expect(JSON.parse(after.last)).toMatchObject({ 年度: past, 操作: c.channel });
      } else if (!done.ok) {
        // Past the year's gate, the channel's own rule answers (HR is not this form's evaluator …).
        expect(done.error.code).not.toBe('YEAR_CLOSED');
        expect(done.error.message).not.toContain('終了した年度');
        expect(after.n).toBe(before.n);
      }
    });

    if (c.channel === 'selfReport:save') {
      it('HR completes their own closed-year report before submitting it', async () => {
        ok(
          await call(ctx.admin, 'selfReport:save', {
            fy: past,
            version: version('self_reports', staffNoOf(ctx.admin)),
            workload: '適当',
            meaningful: 4,
            transferWish: '継続希望',
            confirmClosedYear: true,
          }),
        );
      });
    }
  }

  it('kept nothing of a refused call: no staff member or evaluator wrote anything', () => {
    const writes = d
      .prepare(
        `SELECT count(*) AS n FROM audit_log WHERE actor IN ('shokuin', 'kakaricho', 'kacho', 'kucho')
         AND action NOT LIKE 'auth.%' AND action <> 'selfReport.readConfidential'`,
      )
      .get() as { n: number };
    expect(writes.n).toBe(0);
  });
});

describe('the current year', () => {
  it('is written as before: staff autosave, HR without a question, nothing audited as a closed-year write', async () => {
    const own = ok(await callApi(now.shokuin, 'selfReport:get', { fy: current }));
    ok(await callApi(now.shokuin, 'selfReport:save', { fy: current, version: own.version, duties: '窓口業務' }));
    const rows = ok(
      await callApi(now.admin, 'awards:save', {
        fy: current,
        id: null,
        title: '窓口改善の取組',
        category: '能力開発・向上',
        awardedOn: `${current}-04-20`,
        groupName: '',
        nominator: '区長',
        recipients: [staffNoOf(now.shokuin)],
      }),
    );
    expect(rows.some((r) => r.title === '窓口改善の取組')).toBe(true);
    const audited = now.admin
      .office!.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'closedYear.write'")
      .get() as { n: number };
    expect(audited.n).toBe(0);
  });

  it('still accepts the confirmation field (a screen may send it) without asking anything', async () => {
    const own = ok(await callApi(now.shokuin, 'selfReport:get', { fy: current }));
    ok(
      await callApi(now.shokuin, 'selfReport:save', {
        fy: current,
        version: own.version,
        duties: '窓口業務と証明書発行',
        confirmClosedYear: true,
      }),
    );
  });
});
