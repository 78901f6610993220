import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Input } from '../../shared/contract';
import type { TrainingYearView } from '../../shared/api/training';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { demoLoginInfo } from '../helpers/demo-people';
import type { DemoLogin, LoginInfo } from '../helpers/demo-people';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 研修 (docs/training.md) on a demo office: who sees which attendees of the year's courses, who may
 * open a person's history, HR's course list and attendance with their checks and audit entries,
 * and the closed-year gate. Expectations are computed from the tables, never from the service.
 */

const fy = fiscalYearOf(new Date());
const past = fy - 1;
const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
const dir = tempDir('kaname-training-');
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

const notFound = (staffNo: string) => `職員番号 ${staffNo} の職員は見つかりません（または閲覧する権限がありません）。`;

/** Everyone the login evaluates in the year (1次, 2次, 調整者), from the assignments table. */
function team(login: DemoLogin, year = fy): Set<string> {
  const id = who[login].person.id;
  const rows = d
    .prepare(
      `SELECT DISTINCT s.staff_no AS no FROM evaluator_assignments ea JOIN staff s ON s.id = ea.staff_id
       WHERE ea.fy = ? AND (ea.first_id = ? OR ea.second_id = ? OR ea.adjuster_id = ?)
         AND (ea.effective_to IS NULL OR ea.effective_to >= date('now'))`,
    )
    .all(year, id, id, id) as { no: string }[];
  return new Set(rows.map((r) => r.no));
}

/** Each course's attendees (職員番号) as stored. */
function storedAttendees(year: number): Map<number, string[]> {
  const rows = d
    .prepare(
      `SELECT c.id, s.staff_no AS no FROM training_courses c JOIN training_attendance a ON a.course_id = c.id
       JOIN staff s ON s.id = a.staff_id WHERE c.fy = ?`,
    )
    .all(year) as { id: number; no: string }[];
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.no]);
  return out;
}

/** A fingerprint of everything 研修 and the audit log hold. */
function snapshot(): string {
  return JSON.stringify([
    d.prepare('SELECT * FROM training_courses ORDER BY id').all(),
    d.prepare('SELECT * FROM training_attendance ORDER BY id').all(),
    d.prepare('SELECT count(*) AS n FROM audit_log').get(),
  ]);
}

const lastAudit = (action: string) =>
  d
    .prepare('SELECT before, after, entity_id AS entityId FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1')
    .get(action) as { before: string | null; after: string | null; entityId: string } | undefined;

const list = async (login: DemoLogin, year = fy): Promise<TrainingYearView> =>
  ok(await callApi(ctx[login], 'training:list', { fy: year }));

const course = (over: Partial<Input<'training:saveCourse'>> = {}): Input<'training:saveCourse'> => ({
  fy,
  id: null,
  title: '窓口対応の基礎',
  category: 'その他',
  provider: '総務課',
  audience: '任意',
  usefulForWard: false,
  section: null,
  line: null,
  ...over,
});

describe('training:list scope', () => {
  it('shows every session all the courses of the year with their full attendee counts', async () => {
    const stored = storedAttendees(fy);
    const hr = await list('admin');
    expect(hr.courses.length).toBeGreaterThan(10);
    for (const login of logins) {
      const v = await list(login);
      expect(v.courses.map((c) => [c.id, c.title, c.attendeeCount])).toEqual(
        hr.courses.map((c) => [c.id, c.title, new Set(stored.get(c.id) ?? []).size]),
      );
    }
  });

  it('HR and personnel see every attendee', async () => {
    const stored = storedAttendees(fy);
    for (const login of ['admin', 'jinji'] as const) {
      const v = await list(login);
      expect(v.scope).toBe('all');
      for (const c of v.courses)
        expect(c.attendees.map((a) => a.staffNo).sort()).toEqual((stored.get(c.id) ?? []).sort());
    }
  });

  it('an evaluator sees themself and the people they evaluate this year; staff only themselves', async () => {
    const stored = storedAttendees(fy);
    const expected: Record<'kucho' | 'kacho' | 'kakaricho' | 'shokuin', Set<string>> = {
      kucho: new Set([who.kucho.person.staffNo, ...team('kucho')]),
      kacho: new Set([who.kacho.person.staffNo, ...team('kacho')]),
      kakaricho: new Set([who.kakaricho.person.staffNo, ...team('kakaricho')]),
      shokuin: new Set([who.shokuin.person.staffNo]),
    };
    expect(team('kakaricho').has(who.shokuin.person.staffNo)).toBe(true);
    for (const login of ['kucho', 'kacho', 'kakaricho', 'shokuin'] as const) {
      const v = await list(login);
      expect(v.scope).toBe(login === 'shokuin' ? 'self' : 'team');
      const seen = new Set<string>();
      for (const c of v.courses) {
        const want = (stored.get(c.id) ?? []).filter((no) => expected[login].has(no)).sort();
        expect(c.attendees.map((a) => a.staffNo).sort(), `${login} on ${c.title}`).toEqual(want);
        for (const a of c.attendees) seen.add(a.staffNo);
      }
      // The demo gives each of them something to see, and never everything.
      expect(seen.has(who[login].person.staffNo), `${login} sees their own attendance`).toBe(true);
      const total = v.courses.reduce((n, c) => n + c.attendees.length, 0);
      expect(total).toBeLessThan(v.courses.reduce((n, c) => n + (stored.get(c.id)?.length ?? 0), 0));
      if (login !== 'shokuin') expect(seen.size, `${login} sees their team`).toBeGreaterThan(1);
      else expect([...seen]).toEqual([who.shokuin.person.staffNo]);
    }
  });

  it('in a past year an evaluator with no assignments then sees only themself', async () => {
    expect(team('kakaricho', past).size).toBe(0);
    const v = await list('kakaricho', past);
    const nos = new Set(v.courses.flatMap((c) => c.attendees.map((a) => a.staffNo)));
    expect([...nos]).toEqual([who.kakaricho.person.staffNo]);
  });

  it('refuses a year that has no cycle', async () => {
    fail(await callApi(ctx.admin, 'training:list', { fy: fy + 5 }), 'NOT_FOUND');
  });

  it('counts the 勉強会 per 担当 from the stored sessions', async () => {
    const rows = d
      .prepare(
        `SELECT sec.name AS section, l.name AS line, count(DISTINCT c.id) AS sessions,
           (SELECT count(DISTINCT a.staff_id) FROM training_attendance a JOIN training_courses c2 ON c2.id = a.course_id
             WHERE c2.fy = c.fy AND c2.line_id = c.line_id AND c2.category = c.category AND a.completed = 1) AS participants,
           (SELECT count(DISTINCT a.staff_id) FROM training_attendance a JOIN training_courses c2 ON c2.id = a.course_id
             WHERE c2.fy = c.fy AND c2.line_id = c.line_id AND c2.category = c.category AND a.shared = 1) AS sharedBy
         FROM training_courses c JOIN lines l ON l.id = c.line_id JOIN sections sec ON sec.id = l.section_id
         WHERE c.fy = ? AND c.category = '担当内勉強会（OJT）'
         GROUP BY c.line_id ORDER BY sec.sort, l.sort`,
      )
      .all(fy);
    const v = await list('shokuin');
    expect(v.studyByLine).toEqual(rows);
    expect(v.studyByLine.length).toBeGreaterThanOrEqual(3);
    const home = d
      .prepare('SELECT l.name FROM staff s JOIN lines l ON l.id = s.line_id WHERE s.id = ?')
      .get(who.shokuin.person.id) as { name: string };
    expect(v.studyByLine.find((s) => s.line === home.name)?.sharedBy).toBeGreaterThan(0);
  });
});

describe('the demo', () => {
  it('has every category in each of three years, and the logins have a history', async () => {
    for (const year of [fy - 2, fy - 1, fy]) {
      const v = await list('admin', year);
      expect(new Set(v.courses.map((c) => c.category)).size, `categories in ${year}`).toBe(6);
    }
    for (const login of ['shokuin', 'kakaricho'] as const) {
      const h = ok(await callApi(ctx[login], 'training:history', { staffNo: who[login].person.staffNo }));
      expect(new Set(h.map((r) => r.fy))).toEqual(new Set([fy - 2, fy - 1, fy]));
    }
  });

  it('falls short of full 接遇研修 coverage this year, and meets 区外研修 one year and misses it another', async () => {
    const active = (d.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
    const external = (v: TrainingYearView) =>
      new Set(v.courses.filter((c) => c.category === '区外研修').flatMap((c) => c.attendees.map((a) => a.staffNo)))
        .size;
    const now = await list('admin');
    const hospitality = now.courses.find((c) => c.category === '接遇研修')!;
    expect(hospitality.attendeeCount / active).toBeGreaterThan(0.7);
    expect(hospitality.attendeeCount / active).toBeLessThan(0.9);
    const last = await list('admin', fy - 1);
    expect(external(now)).toBeGreaterThanOrEqual(5);
    expect(external(last)).toBeLessThan(5);
    expect(last.courses.some((c) => c.category === '区外研修' && c.usefulForWard && c.attendeeCount === 0)).toBe(true);
    const kpi = (v: TrainingYearView, id: string) => v.kpis.find((k) => k.id === id)?.met;
    expect([kpi(now, 'training_external'), kpi(last, 'training_external')]).toEqual([true, false]);
    expect(kpi(now, 'training_hospitality')).toBe(false);
    expect(kpi(last, 'training_external_courses')).toBe(false);
  });
});

describe('training:history', () => {
  const shokuinNo = () => who.shokuin.person.staffNo;

  it('is open to the person, HR, personnel and their evaluators, newest first', async () => {
    const own = ok(await callApi(ctx.shokuin, 'training:history', { staffNo: shokuinNo() }));
    expect(own.length).toBeGreaterThan(3);
    const dates = own.map((r) => r.attendedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const stored = d
      .prepare('SELECT count(*) AS n FROM training_attendance WHERE staff_id = ?')
      .get(who.shokuin.person.id) as { n: number };
    expect(own.length).toBe(stored.n);
    for (const login of ['admin', 'jinji', 'kakaricho', 'kacho'] as const) {
      expect(ok(await callApi(ctx[login], 'training:history', { staffNo: shokuinNo() })), login).toEqual(own);
    }
  });

  it('is refused to other staff and to an evaluator out of scope, as if the person did not exist', async () => {
    const other = who.kakaricho.person.staffNo;
    expect(fail(await callApi(ctx.shokuin, 'training:history', { staffNo: other }), 'NOT_FOUND').message).toBe(
      notFound(other),
    );
    const outside = d
      .prepare(
        `SELECT s.staff_no AS no FROM staff s WHERE s.active = 1 AND s.id <> ?
           AND s.staff_no NOT IN (${[...team('kakaricho')].map(() => '?').join(',')})
           AND EXISTS (SELECT 1 FROM training_attendance a WHERE a.staff_id = s.id) ORDER BY s.staff_no LIMIT 1`,
      )
      .get(who.kakaricho.person.id, ...team('kakaricho')) as { no: string };
    expect(fail(await callApi(ctx.kakaricho, 'training:history', { staffNo: outside.no }), 'NOT_FOUND').message).toBe(
      notFound(outside.no),
    );
    // HR may read it: the refusal above is about scope, not about a missing person.
    expect(ok(await callApi(ctx.admin, 'training:history', { staffNo: outside.no })).length).toBeGreaterThan(0);
    expect(fail(await callApi(ctx.admin, 'training:history', { staffNo: 'X99999' }), 'NOT_FOUND').message).toBe(
      notFound('X99999'),
    );
  });
});

describe('training:saveCourse', () => {
  it('refuses a title the year already has, on the title', async () => {
    const before = snapshot();
    const e = fail(
      await callApi(ctx.admin, 'training:saveCourse', course({ title: '接遇研修（全職員）' })),
      'VALIDATION',
    );
    expect(e.field).toBe('title');
    expect(e.message).toContain('接遇研修（全職員）');
    const other = (await list('admin')).courses.find((c) => c.category === '民間研修')!;
    const rename = course({ id: other.id, title: ' 接遇研修（全職員） ', category: '民間研修' });
    expect(fail(await callApi(ctx.admin, 'training:saveCourse', rename), 'VALIDATION').field).toBe('title');
    expect(snapshot()).toBe(before);
  });

  it('asks a 担当内勉強会 for an existing 担当, on the line', async () => {
    const before = snapshot();
    const ojt = { category: '担当内勉強会（OJT）' } as const;
    for (const bad of [
      course({ ...ojt, title: '勉強会A' }),
      course({ ...ojt, title: '勉強会B', section: '保健福祉課', line: null }),
      course({ ...ojt, title: '勉強会C', section: '保健福祉課', line: '存在しない担当' }),
      course({ ...ojt, title: '勉強会D', section: '存在しない課', line: '地域福祉担当' }),
    ]) {
      const e = fail(await callApi(ctx.admin, 'training:saveCourse', bad), 'VALIDATION');
      expect(e.field).toBe('line');
    }
    expect(snapshot()).toBe(before);
  });

  it('refuses staff and evaluators and changes nothing', async () => {
    const before = snapshot();
    for (const login of ['shokuin', 'kakaricho', 'jinji'] as const) {
      fail(await callApi(ctx[login], 'training:saveCourse', course({ title: '無断の研修' })), 'FORBIDDEN');
      fail(await callApi(ctx[login], 'training:deleteCourse', { fy, id: 1 }), 'FORBIDDEN');
      fail(await callApi(ctx[login], 'training:saveAttendance', { fy, courseId: 1, attendees: [] }), 'FORBIDDEN');
    }
    expect(snapshot()).toBe(before);
  });

  it('adds and edits a course, drops a 担当 from other categories, and audits both in Japanese', async () => {
    const v = ok(
      await callApi(
        ctx.admin,
        'training:saveCourse',
        course({ title: '窓口対応の基礎', section: '保健福祉課', line: '地域福祉担当' }),
      ),
    );
    const added = v.courses.find((c) => c.title === '窓口対応の基礎')!;
    expect([added.section, added.line, added.attendeeCount]).toEqual([null, null, 0]);
    const created = lastAudit('training.course.create')!;
    expect(Number(created.entityId)).toBe(added.id);
    expect(created.before).toBeNull();
    expect(JSON.parse(created.after!)).toEqual({
      研修名: '窓口対応の基礎',
      研修区分: 'その他',
      実施機関: '総務課',
      対象: '任意',
      区政に活かせる: 'いいえ',
      担当: null,
    });
    const edited = ok(
      await callApi(
        ctx.admin,
        'training:saveCourse',
        course({
          id: added.id,
          title: '窓口対応の基礎（OJT）',
          category: '担当内勉強会（OJT）',
          section: '保健福祉課',
          line: '地域福祉担当',
        }),
      ),
    ).courses.find((c) => c.id === added.id)!;
    expect([edited.title, edited.section, edited.line]).toEqual([
      '窓口対応の基礎（OJT）',
      '保健福祉課',
      '地域福祉担当',
    ]);
    const updated = lastAudit('training.course.update')!;
    expect(JSON.parse(updated.before!)).toMatchObject({ 研修名: '窓口対応の基礎', 担当: null });
    expect(JSON.parse(updated.after!)).toMatchObject({
      研修名: '窓口対応の基礎（OJT）',
      担当: '保健福祉課 / 地域福祉担当',
    });
    // Saving under its own title again is no conflict.
    ok(
      await callApi(
        ctx.admin,
        'training:saveCourse',
        course({ id: added.id, title: '窓口対応の基礎（OJT）', category: 'その他' }),
      ),
    );
  });

  it('answers NOT_FOUND for a course of another year', async () => {
    const old = (await list('admin', fy - 2)).courses[0]!;
    const before = snapshot();
    fail(await callApi(ctx.admin, 'training:saveCourse', course({ id: old.id, title: '別の年度' })), 'NOT_FOUND');
    fail(await callApi(ctx.admin, 'training:deleteCourse', { fy, id: old.id }), 'NOT_FOUND');
    expect(snapshot()).toBe(before);
  });
});

describe('training:saveAttendance and deleteCourse', () => {
  let courseId = 0;
  const att = (staffNo: string, attendedOn = `${fy}-05-20`, over = {}) => ({
    staffNo,
    attendedOn,
    hours: 2,
    completed: true,
    shared: false,
    ...over,
  });

  beforeAll(async () => {
    const v = ok(await callApi(ctx.admin, 'training:saveCourse', course({ title: '出席テスト研修' })));
    courseId = v.courses.find((c) => c.title === '出席テスト研修')!.id;
  });

  it('refuses an unknown 職員番号, a date outside the year, a missing date and a repeated person and date', async () => {
    const me = who.shokuin.person.staffNo;
    const before = snapshot();
    const cases: [Input<'training:saveAttendance'>['attendees'], string][] = [
      [[att(me), att('Z00001')], 'Z00001'],
      [[att(me, `${fy + 1}-04-01`)], `${fy}年度`],
      [[att(me, `${fy}-03-31`)], `${fy}年度`],
      [[att(me, `${fy}-02-30`)], `${fy}年度`],
      [[att(me), att(who.kakaricho.person.staffNo), att(me)], '2回'],
    ];
    for (const [attendees, says] of cases) {
      const e = fail(await callApi(ctx.admin, 'training:saveAttendance', { fy, courseId, attendees }), 'VALIDATION');
      expect(e.field).toBe('attendees');
      expect(e.message).toContain(says);
    }
    expect(snapshot()).toBe(before);
  });

  it('replaces the attendance, logs 職員番号 only, and deletes the course with its attendance', async () => {
    const people = [who.shokuin.person, who.kakaricho.person];
    const first = ok(
      await callApi(ctx.admin, 'training:saveAttendance', {
        fy,
        courseId,
        attendees: [att(people[0]!.staffNo), att(people[0]!.staffNo, `${fy}-06-01`), att(people[1]!.staffNo)],
      }),
    );
    expect(first.courses.find((c) => c.id === courseId)?.attendeeCount).toBe(2);
    const second = ok(
      await callApi(ctx.admin, 'training:saveAttendance', {
        fy,
        courseId,
        attendees: [att(people[1]!.staffNo, `${fy}-07-01`, { hours: 3.5, shared: true })],
      }),
    );
    expect(second.courses.find((c) => c.id === courseId)?.attendees).toMatchObject([
      { staffNo: people[1]!.staffNo, attendedOn: `${fy}-07-01`, hours: 3.5, shared: true },
    ]);
    const entry = lastAudit('training.attendance.save')!;
    type Logged = { 研修名: string; 受講者: { 職員番号: string }[] };
    const [was, now] = [JSON.parse(entry.before!) as Logged, JSON.parse(entry.after!) as Logged];
    expect(was.受講者.map((a) => a.職員番号).sort()).toEqual(
      [people[0]!.staffNo, people[0]!.staffNo, people[1]!.staffNo].sort(),
    );
    expect(now.受講者).toEqual([
      { 職員番号: people[1]!.staffNo, 受講日: `${fy}-07-01`, 時間数: 3.5, 修了: 'はい', 報告・共有: 'はい' },
    ]);
    for (const p of people) expect(`${entry.before}${entry.after}`).not.toContain(p.name);

    ok(await callApi(ctx.admin, 'training:deleteCourse', { fy, id: courseId }));
    expect(d.prepare('SELECT count(*) AS n FROM training_attendance WHERE course_id = ?').get(courseId)).toEqual({
      n: 0,
    });
    expect(d.prepare('SELECT count(*) AS n FROM training_courses WHERE id = ?').get(courseId)).toEqual({ n: 0 });
    const deleted = lastAudit('training.course.delete')!;
    expect(JSON.parse(deleted.before!)).toMatchObject({ 研修名: '出席テスト研修', 受講者数: 1 });
    fail(await callApi(ctx.admin, 'training:deleteCourse', { fy, id: courseId }), 'NOT_FOUND');
  });
});

describe('a closed year', () => {
  const closedWrites = (id: number, staffNo: string) =>
    [
      ['training:saveCourse', course({ fy: past, title: '終了年度の研修' })],
      ['training:saveAttendance', { fy: past, courseId: id, attendees: [att(staffNo)] }],
      ['training:deleteCourse', { fy: past, id }],
    ] as const;
  const att = (staffNo: string) => ({ staffNo, attendedOn: `${past}-10-01`, hours: 1, completed: true, shared: false });

  it('is read by everyone, refused to HR unconfirmed, done for HR confirmed and audited', async () => {
    const target = (await list('shokuin', past)).courses.find((c) => c.category === 'その他')!;
    expect(target).toBeDefined();
    for (const [channel, input] of closedWrites(target.id, who.shokuin.person.staffNo)) {
      const before = snapshot();
      fail(await callApi(ctx.kakaricho, channel, { ...input, confirmClosedYear: true } as never), 'FORBIDDEN');
      const asked = fail(await callApi(ctx.admin, channel, input as never), 'YEAR_CLOSED');
      expect(asked.message).toContain('終了した年度です');
      expect(snapshot()).toBe(before);
      const count = () =>
        (d.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'closedYear.write'").get() as { n: number }).n;
      const n = count();
      ok(await callApi(ctx.admin, channel, { ...input, confirmClosedYear: true } as never));
      expect(count()).toBe(n + 1);
      expect(JSON.parse(lastAudit('closedYear.write')!.after!)).toEqual({ 年度: past, 操作: channel });
    }
  });
});
