import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { TrainingAttendee, TrainingAttendeeSort, TrainingCourseSort } from '../../shared/api/training';
import { trainingAttendeeSortFields, trainingCourseSortFields } from '../../shared/api/training';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 研修 at city scale (docs/lists.md, docs/training.md): the course list and a course's attendees
 * page on the server. Walking every page answers what the unpaged channel answers, in the sort asked
 * for, with nobody outside the caller's scope; the figures above the list are the same; bad pages are
 * refused. On the demo office and on a large course added with plain inserts.
 */

const fy = fiscalYearOf(new Date());
const logins = ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const;
type Login = (typeof logins)[number];
const dir = tempDir('kaname-training-paging-');
const ctx = {} as Record<Login, AppContext>;
let d: Db;
let bigCourse: number;

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of logins) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  // A large course: every person of the office, some of them on two dates (plain inserts).
  const now = new Date().toISOString();
  bigCourse = Number(
    d
      .prepare(
        `INSERT INTO training_courses (fy, title, category, provider, audience, useful_for_ward, line_id, created_at, updated_at)
         VALUES (?, '全職員研修（大規模）', 'その他', '人事課', '全職員', 0, NULL, ?, ?)`,
      )
      .run(fy, now, now).lastInsertRowid,
  );
  const staff = d.prepare('SELECT id FROM staff ORDER BY id').all() as { id: number }[];
  const insert = d.prepare(
    `INSERT INTO training_attendance (course_id, staff_id, attended_on, hours, completed, shared) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  d.transaction(() => {
    staff.forEach((s, i) => {
      insert.run(
        bigCourse,
        s.id,
        `${fy}-0${5 + (i % 4)}-1${i % 10}`,
        (i % 7) + 0.5,
        i % 5 === 0 ? 0 : 1,
        i % 3 === 0 ? 1 : 0,
      );
      if (i % 4 === 0) insert.run(bigCourse, s.id, `${fy + 1}-02-0${1 + (i % 9)}`, 2, 1, 0);
    });
  })();
  expect(staff.length).toBeGreaterThan(150);
}, 120_000);

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const unpaged = async (login: Login) => ok(await callApi(ctx[login], 'training:list', { fy }));

/** Every page of the course list, in order. */
async function courseWalk(login: Login, limit: number, sort?: TrainingCourseSort, desc?: boolean, category?: string) {
  const rows = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const v = ok(
      await callApi(ctx[login], 'training:list', {
        fy,
        page: { offset, limit, ...(sort ? { sort, desc } : {}) },
        ...(category ? { category: category as never } : {}),
      }),
    );
    total = v.total!;
    expect(v.courses.length).toBeLessThanOrEqual(limit);
    for (const c of v.courses) expect(c.attendees).toEqual([]);
    rows.push(...v.courses);
  }
  return { rows, total };
}

/** Every page of a course's attendees, in order. */
async function attendeeWalk(
  login: Login,
  courseId: number,
  limit: number,
  sort?: TrainingAttendeeSort,
  desc?: boolean,
  query?: string,
) {
  const rows: TrainingAttendee[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const p = ok(
      await callApi(ctx[login], 'training:attendees', {
        fy,
        courseId,
        page: { offset, limit, ...(sort ? { sort, desc } : {}) },
        ...(query ? { query } : {}),
      }),
    );
    total = p.total;
    expect(p.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...p.rows);
  }
  return { rows, total };
}

const key = (a: TrainingAttendee) => `${a.staffNo}|${a.attendedOn}`;
const sortedKeys = (rows: TrainingAttendee[]) => rows.map(key).sort();

describe('training:list with page', () => {
  it('walks to the same courses, counts, 勉強会 and KPIs as the unpaged list, for every session', async () => {
    for (const login of logins) {
      const all = await unpaged(login);
      const walk = await courseWalk(login, 3);
      expect(walk.total).toBe(all.courses.length);
      // Without a sort, the order of entry, as the unpaged list.
      expect(walk.rows).toEqual(all.courses.map((c) => ({ ...c, attendees: [] })));
      const first = ok(await callApi(ctx[login], 'training:list', { fy, page: { offset: 0, limit: 50 } }));
      expect(first.scope).toBe(all.scope);
      expect(first.studyByLine).toEqual(all.studyByLine);
      expect(first.kpis).toEqual(all.kpis);
    }
  });

  it('sorts by each field in both directions without overlap, and filters by category', async () => {
    const all = (await unpaged('admin')).courses;
    for (const sort of trainingCourseSortFields) {
      for (const desc of [false, true]) {
        const { rows } = await courseWalk('admin', 4, sort, desc);
        expect(rows.map((c) => c.id).sort((a, b) => a - b)).toEqual(all.map((c) => c.id).sort((a, b) => a - b));
        const values = rows.map((c) => c[sort]);
        const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
        for (let i = 1; i < values.length; i++)
          expect(cmp(values[i - 1]!, values[i]!) * (desc ? -1 : 1)).toBeLessThanOrEqual(0);
      }
    }
    const external = await courseWalk('admin', 2, 'title', false, '区外研修');
    expect(external.rows.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.category === '区外研修')
        .map((c) => c.id)
        .sort(),
    );
    expect(external.total).toBeGreaterThan(0);
  });

  it('refuses a sort field of no list, a page over 200 rows and a negative offset', async () => {
    for (const page of [
      { offset: 0, limit: 50, sort: 'nope' },
      { offset: 0, limit: 50, sort: 'c.id; DROP TABLE staff' },
      { offset: 0, limit: 201 },
      { offset: -1, limit: 50 },
    ]) {
      fail(await callApi(ctx.admin, 'training:list', { fy, page: page as never }), 'VALIDATION');
      fail(
        await callApi(ctx.admin, 'training:attendees', { fy, courseId: bigCourse, page: page as never }),
        'VALIDATION',
      );
    }
    fail(
      await callApi(ctx.admin, 'training:attendees', {
        fy,
        courseId: bigCourse,
        page: { offset: 0, limit: 5, sort: 'title' as never },
      }),
      'VALIDATION',
    );
  });

  it('a save asked with `list` answers that page; without it, the whole view as before', async () => {
    const input = {
      fy,
      id: null,
      title: '頁送りの確認',
      category: 'その他' as const,
      provider: '',
      audience: '任意' as const,
      usefulForWard: false,
      section: null,
      line: null,
    };
    const paged = ok(
      await callApi(ctx.admin, 'training:saveCourse', { ...input, list: { page: { offset: 0, limit: 2 } } }),
    );
    const count = (d.prepare('SELECT count(*) AS n FROM training_courses WHERE fy = ?').get(fy) as { n: number }).n;
    expect(paged.total).toBe(count);
    expect(paged.courses.length).toBe(2);
    const id = paged.courses.length && (await unpaged('admin')).courses.find((c) => c.title === input.title)!.id;
    const whole = ok(await callApi(ctx.admin, 'training:saveCourse', { ...input, id, provider: '人事課' }));
    expect(whole.total).toBeUndefined();
    expect(whole.courses.length).toBe(count);
    expect(whole.courses.find((c) => c.id === bigCourse)!.attendees.length).toBeGreaterThan(150);
    const afterDelete = ok(
      await callApi(ctx.admin, 'training:deleteCourse', {
        fy,
        id,
        list: { page: { offset: 0, limit: 50, sort: 'attendeeCount', desc: true }, category: 'その他' },
      }),
    );
    expect(afterDelete.courses[0]!.id).toBe(bigCourse);
    expect(afterDelete.courses.every((c) => c.category === 'その他')).toBe(true);
  });
});

describe('training:attendees', () => {
  it('answers, for every course and session, exactly the attendees training:list shows, in its order', async () => {
    for (const login of logins) {
      const all = await unpaged(login);
      for (const c of all.courses) {
        const p = ok(await callApi(ctx[login], 'training:attendees', { fy, courseId: c.id }));
        expect(p.rows).toEqual(c.attendees);
        expect(p.total).toBe(c.attendees.length);
        expect(p.attendeeCount).toBe(c.attendeeCount);
        expect(p.scope).toBe(all.scope);
      }
    }
  });

  it('pages a large course: every sort walks to the unpaged list with no row twice', async () => {
    const all = ok(await callApi(ctx.admin, 'training:attendees', { fy, courseId: bigCourse })).rows;
    const stored = d.prepare('SELECT count(*) AS n FROM training_attendance WHERE course_id = ?').get(bigCourse) as {
      n: number;
    };
    expect(all.length).toBe(stored.n);
    for (const sort of trainingAttendeeSortFields) {
      for (const desc of [false, true]) {
        const walk = await attendeeWalk('admin', bigCourse, 37, sort, desc);
        expect(walk.total).toBe(all.length);
        expect(new Set(walk.rows.map(key)).size).toBe(walk.rows.length);
        expect(sortedKeys(walk.rows)).toEqual(sortedKeys(all));
      }
    }
    const byDate = await attendeeWalk('admin', bigCourse, 200, 'attendedOn', true);
    const dates = byDate.rows.map((r) => r.attendedOn);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('keeps the scope on a large course: an evaluator their team and themself, staff themself', async () => {
    const everyone = ok(await callApi(ctx.admin, 'training:attendees', { fy, courseId: bigCourse })).rows;
    for (const login of ['kacho', 'kakaricho', 'shokuin'] as const) {
      const mine = (await unpaged(login)).courses.find((c) => c.id === bigCourse)!.attendees;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan(everyone.length);
      const walk = await attendeeWalk(login, bigCourse, 5, 'name');
      expect(sortedKeys(walk.rows)).toEqual(sortedKeys(mine));
      const p = ok(
        await callApi(ctx[login], 'training:attendees', { fy, courseId: bigCourse, page: { offset: 0, limit: 1 } }),
      );
      expect(p.attendeeCount).toBe(new Set(everyone.map((a) => a.staffNo)).size);
    }
    const self = ok(await callApi(ctx.shokuin, 'training:attendees', { fy, courseId: bigCourse }));
    expect(new Set(self.rows.map((a) => a.staffNo)).size).toBe(1);
  });

  it('filters by 職員番号, 氏名 or 所属 in the database', async () => {
    const all = ok(await callApi(ctx.admin, 'training:attendees', { fy, courseId: bigCourse })).rows;
    const one = all[17]!;
    const byNo = await attendeeWalk('admin', bigCourse, 50, undefined, undefined, one.staffNo);
    expect(byNo.rows.every((r) => r.staffNo.includes(one.staffNo))).toBe(true);
    expect(byNo.rows.map(key)).toContain(key(one));
    const bySection = await attendeeWalk('admin', bigCourse, 50, 'staffNo', false, one.section!);
    expect(sortedKeys(bySection.rows)).toEqual(
      sortedKeys(all.filter((r) => r.section?.includes(one.section!) || r.line?.includes(one.section!))),
    );
    const none = ok(await callApi(ctx.admin, 'training:attendees', { fy, courseId: bigCourse, query: '該当なし%_' }));
    expect(none.total).toBe(0);
  });

  it('refuses a course of another year or none', async () => {
    fail(await callApi(ctx.admin, 'training:attendees', { fy: fy - 1, courseId: bigCourse }), 'NOT_FOUND');
    fail(await callApi(ctx.shokuin, 'training:attendees', { fy, courseId: 999_999 }), 'NOT_FOUND');
  });
});
