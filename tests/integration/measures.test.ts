import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { MeasureStatus } from '../../shared/plan';
import { demoLoginInfo } from '../helpers/demo-people';
import type { DemoLogin, LoginInfo } from '../helpers/demo-people';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The plan's measures and their records (docs/measures.md) on a demo office: HR's measures, who may
 * record what (HR anything, a 課長 their own 課 only), every check with its message, the closed
 * year, the status figures moving with a record, and the audit entries. Expectations come from the
 * tables, never from the service.
 */

const fy = fiscalYearOf(new Date());
const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
const dir = tempDir('kaname-measures-');
const ctx = {} as Record<DemoLogin, AppContext>;
let d: Db;
let who: Record<DemoLogin, LoginInfo>;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of logins) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  who = demoLoginInfo(d, fy);
}, 120_000);

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const measureId = (code: string) =>
  (d.prepare('SELECT id FROM plan_measures WHERE code = ?').get(code) as { id: number }).id;
const maxAudit = () => (d.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
const auditAfter = (mark: number) =>
  d.prepare('SELECT action, entity, entity_id, before, after FROM audit_log WHERE id > ? ORDER BY id').all(mark) as {
    action: string;
    entity: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  }[];
const recordCount = () => (d.prepare('SELECT count(*) AS n FROM measure_records').get() as { n: number }).n;
/** A 課 with active staff, other than `not`, and one of its 担当 with active staff. */
function otherSection(not: string): { section: string; line: string } {
  return d
    .prepare(
      `SELECT sec.name AS section, l.name AS line FROM staff s JOIN sections sec ON sec.id = s.section_id
        JOIN lines l ON l.id = s.line_id WHERE s.active = 1 AND sec.name <> ? ORDER BY sec.sort, l.sort LIMIT 1`,
    )
    .get(not) as { section: string; line: string };
}
function lineOf(section: string): string {
  return (
    d
      .prepare(
        `SELECT l.name FROM staff s JOIN sections sec ON sec.id = s.section_id JOIN lines l ON l.id = s.line_id
          WHERE s.active = 1 AND sec.name = ? ORDER BY l.sort LIMIT 1`,
      )
      .get(section) as { name: string }
  ).name;
}

const record = (over: Partial<Input<'plan:saveRecord'>> = {}): Input<'plan:saveRecord'> => ({
  fy,
  id: null,
  measureId: measureId('3-(2)'),
  heldOn: `${fy}-04-02`,
  section: null,
  line: null,
  participants: 5,
  people: [],
  note: '',
  ...over,
});

const status = (measures: MeasureStatus[], code: string) => measures.find((m) => m.code === code)!;

describe('reading the measures', () => {
  it('gives HR, personnel and evaluators the measures; staff are refused', async () => {
    const hr = ok(await callApi(ctx.admin, 'plan:measures', { fy }));
    expect(hr.measures.length).toBe((d.prepare('SELECT count(*) AS n FROM plan_measures').get() as { n: number }).n);
    expect(hr.records.length).toBe(
      (d.prepare('SELECT count(*) AS n FROM measure_records WHERE fy = ?').get(fy) as { n: number }).n,
    );
    expect(hr.canEditMeasures).toBe(true);
    expect(hr.recordScope).toEqual({ kind: 'all' });
    expect(hr.org.length).toBeGreaterThan(3);
    const jinji = ok(await callApi(ctx.jinji, 'plan:measures', { fy }));
    expect(jinji).toMatchObject({ canEditMeasures: false, recordScope: { kind: 'none' } });
    const kacho = ok(await callApi(ctx.kacho, 'plan:measures', { fy }));
    expect(who.kacho.person.position).toBe('課長');
    expect(kacho.recordScope).toEqual({ kind: 'section', section: who.kacho.person.section });
    for (const login of ['kucho', 'kakaricho'] as const) {
      expect(ok(await callApi(ctx[login], 'plan:measures', { fy })).recordScope).toEqual({ kind: 'none' });
    }
    fail(await callApi(ctx.shokuin, 'plan:measures', { fy }), 'FORBIDDEN');
  });

  it('shows the demo honestly: 意見交換会 one 課 short this year, met last year; 報告会 held last year only', async () => {
    const now = ok(await callApi(ctx.admin, 'plan:measures', { fy }));
    const last = ok(await callApi(ctx.admin, 'plan:measures', { fy: fy - 1 }));
    const meeting = status(now.measures, '3-(2)');
    expect(meeting.totalUnits).toBe(now.org.length);
    expect(meeting.doneUnits).toBe(meeting.totalUnits - 1);
    expect(meeting.met).toBe(false);
    expect(status(last.measures, '3-(2)').met).toBe(true);
    expect(status(last.measures, '4-(5)').met).toBe(true);
    expect(status(now.measures, '4-(5)').met).toBe(false);
    expect(status(last.measures, '3-(3)').records).toBe(24);
    expect(status(now.measures, '3-(3)').records).toBeLessThan(24);
  });
});

describe('records', () => {
  it('a record of the missing 課 turns 意見交換会 from n-1 of n to n of n, met; audited without names', async () => {
    const before = ok(await callApi(ctx.admin, 'plan:measures', { fy }));
    const missing = status(before.measures, '3-(2)').units.find((u) => !u.done)!;
    const people = d
      .prepare(
        `SELECT s.staff_no AS no FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE sec.name = ? AND s.active = 1 LIMIT 2`,
      )
      .all(missing.section) as { no: string }[];
    const mark = maxAudit();
    const after = ok(
      await callApi(
        ctx.admin,
        'plan:saveRecord',
        record({ section: missing.section, participants: 12, people: people.map((p) => p.no), note: '第1回' }),
      ),
    );
    const m = status(after.measures, '3-(2)');
    expect([m.doneUnits, m.totalUnits, m.met]).toEqual([m.totalUnits, before.org.length, true]);
    const row = after.records.find((r) => r.code === '3-(2)' && r.section === missing.section)!;
    expect(row).toMatchObject({
      heldOn: `${fy}-04-02`,
      participants: 12,
      note: '第1回',
      source: 'app',
      createdBy: 'admin',
    });
    expect(row.people.map((p) => p.staffNo)).toEqual(people.map((p) => p.no));
    const audit = auditAfter(mark);
    expect(audit.map((a) => [a.action, a.entity])).toEqual([['measureRecord.create', 'measure_record']]);
    const text = audit[0]!.after!;
    expect(text).toContain(people[0]!.no);
    const name = (d.prepare('SELECT name FROM staff WHERE staff_no = ?').get(people[0]!.no) as { name: string }).name;
    expect(text).not.toContain(name);

    // Edit, then delete: the figure goes back.
    const edited = ok(
      await callApi(
        ctx.admin,
        'plan:saveRecord',
        record({ id: row.id, section: missing.section, participants: 14, people: [] }),
      ),
    );
    expect(edited.records.find((r) => r.id === row.id)).toMatchObject({ participants: 14, people: [] });
    const gone = ok(await callApi(ctx.admin, 'plan:deleteRecord', { fy, id: row.id }));
    expect(status(gone.measures, '3-(2)').doneUnits).toBe(m.totalUnits - 1);
    expect(auditAfter(mark).map((a) => a.action)).toEqual([
      'measureRecord.create',
      'measureRecord.update',
      'measureRecord.delete',
    ]);
  });

  it('refuses what the rules forbid, each with its message, and writes nothing', async () => {
    const n = recordCount();
    const mark = maxAudit();
    const section = who.kacho.person.section;
    const line = lineOf(section);
    const cases: [Partial<Input<'plan:saveRecord'>>, string, string][] = [
      [{ section: null }, 'VALIDATION', '課ごとの取組みです'],
      [{ measureId: measureId('4-(1)'), section }, 'VALIDATION', '担当ごとの取組みです'],
      [{ measureId: measureId('4-(1)'), line }, 'VALIDATION', 'その担当の課も指定してください'],
      [{ section, line: '存在しない担当' }, 'VALIDATION', `担当「存在しない担当」は${section}にありません`],
      [{ section: '存在しない課' }, 'VALIDATION', '課「存在しない課」はありません'],
      [{ section, heldOn: `${fy + 1}-04-01` }, 'VALIDATION', `${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）`],
      [{ section, heldOn: `${fy}-02-30` }, 'VALIDATION', '正しい日付ではありません'],
      [{ section, people: ['ZZ-404'] }, 'VALIDATION', '職員番号 ZZ-404 の職員は見つかりません'],
      [
        { section, participants: 1, people: [who.kacho.person.staffNo, who.kakaricho.person.staffNo] },
        'VALIDATION',
        '参加者数（1人）は、名前で記録した参加者（2人）以上',
      ],
      [{ measureId: measureId('2-(1)') }, 'VALIDATION', '指標'],
      [{ measureId: 999_999 }, 'NOT_FOUND', '見つかりません'],
    ];
    for (const [over, code, message] of cases) {
      expect(fail(await callApi(ctx.admin, 'plan:saveRecord', record(over)), code as never).message).toContain(message);
    }
    // A 課 and date that already have one.
    ok(await callApi(ctx.admin, 'plan:saveRecord', record({ section, heldOn: `${fy}-04-03` })));
    expect(
      fail(await callApi(ctx.admin, 'plan:saveRecord', record({ section, heldOn: `${fy}-04-03` })), 'CONFLICT').message,
    ).toContain('すでにあります');
    expect(recordCount()).toBe(n + 1);
    expect(auditAfter(mark).map((a) => a.action)).toEqual(['measureRecord.create']);
  });

  it('a measure not in use, or not of the year, takes no records', async () => {
    const id = measureId('4-(3)');
    const m = d.prepare('SELECT * FROM plan_measures WHERE id = ?').get(id) as Record<string, unknown>;
    const base = {
      id,
      plan: m.plan as string,
      headingNo: m.heading_no as number,
      heading: m.heading as string,
      code: '4-(3)',
      title: m.title as string,
      description: m.description as string,
      targetText: m.target_text as string,
      targetFy: m.target_fy as number | null,
      unit: 'office' as const,
      required: 1,
      kpiId: null,
      fromFy: null,
      toFy: null,
      active: true,
    };
    ok(await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: { ...base, toFy: fy - 1 } }));
    expect(
      fail(await callApi(ctx.admin, 'plan:saveRecord', record({ measureId: id })), 'VALIDATION').message,
    ).toContain(`${fy}年度の取組みではありません`);
    ok(await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: { ...base, active: false } }));
    expect(
      fail(await callApi(ctx.admin, 'plan:saveRecord', record({ measureId: id })), 'VALIDATION').message,
    ).toContain('使用しない');
    ok(await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: base }));
    ok(await callApi(ctx.admin, 'plan:saveRecord', record({ measureId: id, heldOn: `${fy}-04-04` })));
  });
});

describe('a section head (課長)', () => {
  it('records for their own 課 and its 担当, edits and deletes them', async () => {
    const section = who.kacho.person.section;
    const line = lineOf(section);
    const v = ok(
      await callApi(ctx.kacho, 'plan:saveRecord', record({ section, heldOn: `${fy}-05-01`, participants: 9 })),
    );
    const mine = v.records.find((r) => r.section === section && r.heldOn === `${fy}-05-01`)!;
    expect(mine.createdBy).toBe('kacho');
    const w = ok(
      await callApi(
        ctx.kacho,
        'plan:saveRecord',
        record({ measureId: measureId('4-(1)'), section, line, heldOn: `${fy}-05-02` }),
      ),
    );
    expect(w.records.some((r) => r.line === line && r.heldOn === `${fy}-05-02`)).toBe(true);
    // An office-wide measure, held by their 課.
    ok(
      await callApi(
        ctx.kacho,
        'plan:saveRecord',
        record({ measureId: measureId('3-(3)'), section, heldOn: `${fy}-05-03` }),
      ),
    );
    ok(
      await callApi(
        ctx.kacho,
        'plan:saveRecord',
        record({ id: mine.id, section, heldOn: `${fy}-05-01`, participants: 10 }),
      ),
    );
    ok(await callApi(ctx.kacho, 'plan:deleteRecord', { fy, id: mine.id }));
  });

  it("is refused another 課, the office as a whole and another 課's records; other evaluators are refused", async () => {
    const section = who.kacho.person.section;
    const other = otherSection(section);
    const theirs = ok(
      await callApi(ctx.admin, 'plan:saveRecord', record({ section: other.section, heldOn: `${fy}-06-30` })),
    ).records.find((r) => r.section === other.section && r.heldOn === `${fy}-06-30`)!;
    const n = recordCount();
    const mark = maxAudit();
    const refused = [
      record({ section: other.section, heldOn: `${fy}-05-10` }),
      record({ measureId: measureId('4-(1)'), section: other.section, line: other.line, heldOn: `${fy}-05-10` }),
      record({ measureId: measureId('3-(3)'), heldOn: `${fy}-05-10` }),
      // Moving another 課's record into their own is refused too.
      record({ id: theirs.id, section, heldOn: `${fy}-06-30` }),
    ];
    for (const input of refused) {
      expect(fail(await callApi(ctx.kacho, 'plan:saveRecord', input), 'FORBIDDEN').message).toContain(
        `自分の課（${section}）`,
      );
    }
    fail(await callApi(ctx.kacho, 'plan:deleteRecord', { fy, id: theirs.id }), 'FORBIDDEN');
    for (const login of ['kucho', 'kakaricho'] as const) {
      expect(
        fail(await callApi(ctx[login], 'plan:saveRecord', record({ section, heldOn: `${fy}-05-11` })), 'FORBIDDEN')
          .message,
      ).toContain('人事担当と課長');
      fail(await callApi(ctx[login], 'plan:deleteRecord', { fy, id: theirs.id }), 'FORBIDDEN');
    }
    for (const login of ['jinji', 'shokuin'] as const) {
      fail(await callApi(ctx[login], 'plan:saveRecord', record({ section, heldOn: `${fy}-05-11` })), 'FORBIDDEN');
    }
    fail(await callApi(ctx.kacho, 'plan:deleteMeasure', { fy, id: measureId('4-(3)') }), 'FORBIDDEN');
    expect(recordCount()).toBe(n);
    expect(auditAfter(mark)).toEqual([]);
  });
});

describe('a closed year', () => {
  it('is read-only to a 課長; HR confirms first, and the write is audited as such', async () => {
    const past = fy - 1;
    const section = who.kacho.person.section;
    const input = record({ fy: past, section, heldOn: `${past}-12-24` });
    fail(await callApi(ctx.kacho, 'plan:saveRecord', { ...input, confirmClosedYear: true }), 'FORBIDDEN');
    fail(await callApi(ctx.admin, 'plan:saveRecord', input), 'YEAR_CLOSED');
    const mark = maxAudit();
    const v = ok(await callApi(ctx.admin, 'plan:saveRecord', { ...input, confirmClosedYear: true }));
    const id = v.records.find((r) => r.heldOn === `${past}-12-24`)!.id;
    expect(auditAfter(mark).map((a) => a.action)).toEqual(['closedYear.write', 'measureRecord.create']);
    fail(await callApi(ctx.admin, 'plan:deleteRecord', { fy: past, id }), 'YEAR_CLOSED');
    ok(await callApi(ctx.admin, 'plan:deleteRecord', { fy: past, id, confirmClosedYear: true }));
  });
});

describe('HR edits the measures', () => {
  const measure = (over: Partial<Input<'plan:saveMeasure'>['measure']> = {}): Input<'plan:saveMeasure'>['measure'] => ({
    id: null,
    plan: '次期職員育成プラン',
    headingNo: 4,
    heading: '風通しのよい職場づくり',
    code: 'N-4-(1)',
    title: '1on1ミーティング',
    description: '課長と職員の1on1を四半期ごとに実施する。',
    targetText: '全担当で年4回',
    targetFy: fy + 1,
    unit: 'line',
    required: 4,
    kpiId: null,
    fromFy: fy,
    toFy: null,
    active: true,
    ...over,
  });

  it('adds a measure, edits it, refuses a taken code, a reversed span, an unknown KPI; audited', async () => {
    const mark = maxAudit();
    const v = ok(await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: measure() }));
    const added = status(v.measures, 'N-4-(1)');
    expect(added).toMatchObject({ applies: true, unit: 'line', required: 4, met: false, doneUnits: 0 });
    expect(added.totalUnits).toBe(v.org.reduce((n, s) => n + s.lines.length, 0));
    const w = ok(
      await callApi(ctx.admin, 'plan:saveMeasure', {
        fy,
        measure: measure({ id: added.id, title: '1on1面談', required: 2 }),
      }),
    );
    expect(status(w.measures, 'N-4-(1)')).toMatchObject({ title: '1on1面談', required: 2 });
    expect(
      fail(await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: measure({ code: '3-(2)' }) }), 'CONFLICT')
        .message,
    ).toBe('番号「3-(2)」の取組みはすでにあります。別の番号にしてください。');
    expect(
      fail(
        await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: measure({ code: 'X', fromFy: fy, toFy: fy - 1 }) }),
        'VALIDATION',
      ).message,
    ).toContain('適用開始年度');
    expect(
      fail(
        await callApi(ctx.admin, 'plan:saveMeasure', { fy, measure: measure({ code: 'X', kpiId: 'no_such_kpi' }) }),
        'VALIDATION',
      ).message,
    ).toContain('指標「no_such_kpi」');
    ok(
      await callApi(ctx.admin, 'plan:saveMeasure', {
        fy,
        measure: measure({ code: 'X2', kpiId: 'training_hospitality', unit: 'office' }),
      }),
    );
    const audit = auditAfter(mark);
    expect(audit.map((a) => a.action)).toEqual(['planMeasure.create', 'planMeasure.update', 'planMeasure.create']);
    expect(JSON.parse(audit[1]!.before!)).toMatchObject({ 取組み: '1on1ミーティング', 年間の必要回数: 4 });
  });

  it('deletes a measure without records; one with records is refused, pointing to 使用しない', async () => {
    const v = ok(await callApi(ctx.admin, 'plan:measures', { fy }));
    const fresh = status(v.measures, 'X2');
    const mark = maxAudit();
    const after = ok(await callApi(ctx.admin, 'plan:deleteMeasure', { fy, id: fresh.id }));
    expect(after.measures.some((m) => m.code === 'X2')).toBe(false);
    const refused = fail(await callApi(ctx.admin, 'plan:deleteMeasure', { fy, id: measureId('3-(2)') }), 'CONFLICT');
    expect(refused.message).toMatch(
      /実施記録が\d+件あるため削除できません。今後使わない場合は「使用しない」にしてください/u,
    );
    expect(auditAfter(mark).map((a) => a.action)).toEqual(['planMeasure.delete']);
    fail(await callApi(ctx.jinji, 'plan:saveMeasure', { fy, measure: measure({ code: 'Y' }) }), 'FORBIDDEN');
  });
});
