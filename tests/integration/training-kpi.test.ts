import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { closeOffice } from '../../electron/core/office/office.service';
import { trainingKpisOf } from '../../electron/core/plan/kpi.service';
import { ensureCycle, staffByNo } from '../../electron/core/staff/staff.repo';
import { saveCourse, upsertAttendance } from '../../electron/core/training/training.repo';
import type { Kpi } from '../../shared/kpi';
import type { TrainingCategory } from '../../shared/training';
import type { Cell } from '../fixtures/workbooks';
import { book, currentFy, db, failure, importFile, ok } from '../fixtures/workbooks';
import { callApi, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';
import { staffHeader } from '../helpers/xlsx';

/*
 * The plan's training KPIs (docs/plan.md) on a real encrypted office: staff and area teams imported
 * from workbooks, courses and attendance stored through the training repo, the figures read
 * through `kpi:list` as the app and the CLI read them.
 */

let dir: string;
let ctx: AppContext;
let d: Db;
const fy = currentFy();
const prev = fy - 1;
const empty = fy + 1;

const nos = ['100001', '100002', '100003', '100004', '100005', '100006', '100007'] as const;
const retired = '100007';

function rosterRow(no: string, i: number): Cell[] {
  return [
    no,
    `試験　${i}郎`,
    `しけん　${i}ろう`,
    '総務課',
    '総務担当',
    '係員',
    null,
    '行政',
    '正規',
    '2020/4/1',
    '2022/4/1',
    null,
    no === retired ? '退職' : '在職',
  ];
}

const idOf = (no: string): number => staffByNo(d, no)!.id;

/** A course of a year with its attendance: [職員番号, completed]. */
function course(
  year: number,
  title: string,
  category: TrainingCategory,
  usefulForWard: boolean,
  attendees: [string, boolean][],
): void {
  const id = saveCourse(
    d,
    { id: null, fy: year, title, category, provider: '', audience: '任意', usefulForWard, lineId: null },
    new Date().toISOString(),
  );
  for (const [no, completed] of attendees) {
    upsertAttendance(d, id, { staffId: idOf(no), attendedOn: `${year}-06-01`, hours: 3, completed, shared: false });
  }
}

beforeAll(async () => {
  dir = tempDir('kaname-training-kpi-');
  const created = await newOffice(dir);
  closeOffice(created.office);
  ctx = await loggedIn(created.dbPath, 'hr', hrPassword);
  d = db(ctx);
  await importFile(
    ctx,
    'staff',
    await book({ name: '職員名簿', rows: [staffHeader, ...nos.map((no, i) => rosterRow(no, i + 1))] }),
  );
  // This year's area team: four members, 100005 and 100006 are not on it.
  await importFile(
    ctx,
    'areas',
    await book({
      name: '地域担当',
      rows: [
        ['年度', '地域', '職員番号', '役割', 'ペア'],
        [fy, '北地域', '100001', 'リーダー', null],
        [fy, '北地域', '100002', 'メンバー', null],
        [fy, '北地域', '100003', 'メンバー', null],
        [fy, '北地域', '100004', 'メンバー', null],
      ],
    }),
  );
  ensureCycle(d, prev);
  ensureCycle(d, empty);

  // Last year: 4 people at one useful 区外研修 (short of 5), a ファシリテーション研修 completed by
  // 100001 and left unfinished by 100002, one 勉強会.
  course(prev, '区外研修（前年）', '区外研修', true, [
    ['100001', true],
    ['100002', true],
    ['100003', true],
    ['100004', true],
  ]);
  course(prev, 'ファシリテーション基礎', 'ファシリテーション研修', false, [
    ['100001', true],
    ['100002', false],
  ]);
  course(prev, '勉強会（前年）', '担当内勉強会（OJT）', false, [['100001', true]]);

  // This year.
  course(fy, '接遇研修', '接遇研修', false, [
    ['100001', true],
    ['100002', true],
    [retired, true],
    ['100004', false],
  ]);
  course(fy, '区外研修A', '区外研修', true, [
    ['100001', true],
    ['100002', true],
    ['100003', true],
    [retired, true],
  ]);
  course(fy, '区外研修B（参加者なし）', '区外研修', true, []);
  course(fy, '区外研修C', '区外研修', false, [
    ['100005', true],
    ['100006', false],
  ]);
  course(fy, 'ファシリテーション応用', 'ファシリテーション研修', false, [
    ['100003', true],
    ['100005', true],
  ]);
  course(fy, '勉強会1', '担当内勉強会（OJT）', false, [['100001', true]]);
  course(fy, '勉強会2', '担当内勉強会（OJT）', false, []);
}, 120_000);

afterAll(() => {
  ctx?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Row = Pick<Kpi, 'value' | 'target' | 'unit' | 'met' | 'numerator' | 'denominator'>;

/** The training KPIs of a report (kpi:list also carries the plan's other measures: docs/plan.md). */
const training = (kpis: Kpi[]): Kpi[] => kpis.filter((k) => k.id.startsWith('training_'));

function byId(kpis: Kpi[]): Record<string, Row> {
  return Object.fromEntries(
    training(kpis).map((k) => [
      k.id,
      {
        value: k.value,
        target: k.target,
        unit: k.unit,
        met: k.met,
        ...(k.numerator === undefined ? {} : { numerator: k.numerator, denominator: k.denominator }),
      },
    ]),
  );
}

describe('kpi:list — the training KPIs', () => {
  it('this year: retired staff out of 接遇 coverage, a useful course without attendee, exactly 5 external', async () => {
    const report = ok(await callApi(ctx, 'kpi:list', { fy }));
    expect(report.fy).toBe(fy);
    expect(byId(report.kpis)).toEqual({
      // 100001 and 100002 of the six active; the retired attendee and the unfinished one do not count.
      training_hospitality: { value: 33.3, target: 100, unit: '%', met: false, numerator: 2, denominator: 6 },
      // 100001–100003, the retired 100007 (history still counts) and 100005; 100006 did not finish.
      training_external: { value: 5, target: 5, unit: '人', met: true },
      // 区外研修A attended, 区外研修B not; 区外研修C is not marked 区政に活かせる.
      training_external_courses: { value: 50, target: 100, unit: '%', met: false, numerator: 1, denominator: 2 },
      training_facilitation: { value: 2, target: null, unit: '人', met: null },
      // Of the four on the area team: 100001 (last year) and 100003 (this year).
      training_facilitation_area: { value: 50, target: 100, unit: '%', met: false, numerator: 2, denominator: 4 },
      training_study_sessions: { value: 2, target: null, unit: '件', met: null },
    });
    expect(report.kpis.map((k) => k.label)).toContain('接遇研修の受講率');
  });

  it('last year: 4 external attendees miss the target; no area team makes the cumulative share null', async () => {
    expect(byId(ok(await callApi(ctx, 'kpi:list', { fy: prev })).kpis)).toEqual({
      training_hospitality: { value: 0, target: 100, unit: '%', met: false, numerator: 0, denominator: 6 },
      training_external: { value: 4, target: 5, unit: '人', met: false },
      training_external_courses: { value: 100, target: 100, unit: '%', met: true, numerator: 1, denominator: 1 },
      training_facilitation: { value: 1, target: null, unit: '人', met: null },
      training_facilitation_area: { value: null, target: 100, unit: '%', met: null, numerator: 0, denominator: 0 },
      training_study_sessions: { value: 1, target: null, unit: '件', met: null },
    });
  });

  it('an empty year: counts 0, shares of nothing null, 接遇 coverage 0 of the active staff', async () => {
    expect(byId(ok(await callApi(ctx, 'kpi:list', { fy: empty })).kpis)).toEqual({
      training_hospitality: { value: 0, target: 100, unit: '%', met: false, numerator: 0, denominator: 6 },
      training_external: { value: 0, target: 5, unit: '人', met: false },
      training_external_courses: { value: null, target: 100, unit: '%', met: null, numerator: 0, denominator: 0 },
      training_facilitation: { value: 0, target: null, unit: '人', met: null },
      training_facilitation_area: { value: null, target: 100, unit: '%', met: null, numerator: 0, denominator: 0 },
      training_study_sessions: { value: 0, target: null, unit: '件', met: null },
    });
  });

  it('trainingKpisOf answers what kpi:list answers for training, first and in the same order', async () => {
    const kpis = ok(await callApi(ctx, 'kpi:list', { fy })).kpis;
    expect(trainingKpisOf(d, fy)).toEqual(training(kpis));
    expect(kpis.slice(0, training(kpis).length)).toEqual(training(kpis));
  });

  it('a year without a cycle is refused as unknown', async () => {
    expect(failure(await callApi(ctx, 'kpi:list', { fy: fy + 5 }), 'NOT_FOUND')).toContain(`${fy + 5}年度`);
  });

  it('a staff account reads the same office-wide figures', async () => {
    ok(
      await callApi(ctx, 'accounts:create', {
        login: 'staff5',
        displayName: '試験　5郎',
        role: 'staff',
        staffNo: '100005',
        password: 'staff5-password',
      }),
    );
    const staff = await loggedIn(ctx.office!.dbPath, 'staff5', 'staff5-password');
    try {
      ok(await callApi(staff, 'auth:changePassword', { current: 'staff5-password', next: 'staff5-new-pass' }));
      const mine = ok(await callApi(staff, 'kpi:list', { fy }));
      expect(mine).toEqual(ok(await callApi(ctx, 'kpi:list', { fy })));
    } finally {
      staff.end();
    }
  });

  it('needs a session', async () => {
    const anon = new AppContext(ctx.office!.dbPath);
    try {
      failure(await callApi(anon, 'kpi:list', { fy }), 'UNAUTHENTICATED');
    } finally {
      anon.end();
    }
  });
});
