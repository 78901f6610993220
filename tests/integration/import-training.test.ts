import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import {
  attendanceOfYear,
  courseByTitle,
  saveCourse,
  upsertAttendance,
} from '../../electron/core/training/training.repo';
import type { ImportPreview } from '../../shared/contract';
import type { Cell, StaffDbRow } from '../fixtures/workbooks';
import {
  auditSince,
  book,
  commit,
  currentFy,
  db,
  excelDate,
  expectRejected,
  exportFile,
  failure,
  fyAsEra,
  maxId,
  noteText,
  ok,
  preview,
  previewOk,
  sheetValues,
  staffRows,
  templateBook,
  withRawDb,
} from '../fixtures/workbooks';
import { runKaname } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, toBuffer } from '../helpers/xlsx';

/**
 * The 研修 workbook (研修一覧 + 研修受講記録) through the one importer, against a copy of the demo
 * office, with workbooks written by exceljs as a spreadsheet would: errors refuse the whole file,
 * a 氏名 that differs from the stored one is a warning that never blocks, and re-import is unchanged.
 */

let dir: string;
const contexts: AppContext[] = [];
const fy = currentFy();
const courseHeader = ['年度', '研修名', '研修区分', '実施機関', '対象', '区政に活かせる'];
const attendanceHeader = ['年度', '研修名', '受講日', '時間数', '職員番号', '氏名'];

beforeAll(() => {
  dir = tempDir('kaname-import-training-');
});
afterAll(() => {
  for (const c of contexts) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function freshAdmin(): Promise<AppContext> {
  const ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  contexts.push(ctx);
  return ctx;
}

function trainingBook(courses: Cell[][] | null, attendance: Cell[][] | null): Promise<Buffer> {
  return book(
    ...(courses ? [{ name: '研修一覧', rows: [courseHeader, ...courses] }] : []),
    ...(attendance ? [{ name: '研修受講記録', rows: [attendanceHeader, ...attendance] }] : []),
  );
}

/** The training tables and the import log, hashed: what a refused import must leave alone. */
function trainingState(d: Db): string {
  const rows = [
    d.prepare('SELECT * FROM training_courses ORDER BY id').all(),
    d.prepare('SELECT * FROM training_attendance ORDER BY id').all(),
    d.prepare('SELECT count(*) AS n FROM import_log').get(),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** A date of the fiscal year: month 4–12 in fy, 1–3 in fy + 1. */
const on = (month: number, day: number, year = fy) => {
  const y = month >= 4 ? year : year + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** The same name with its spacing changed: half-width spaces, or a space where there was none. */
function respaced(name: string): string {
  return name.includes('　') ? ` ${name.replace('　', '  ')} ` : `${name.slice(0, 1)} ${name.slice(1)}`;
}

function activeClerks(d: Db, n: number): StaffDbRow[] {
  const list = staffRows(d, 's.active = 1').slice(0, n);
  expect(list).toHaveLength(n);
  return list;
}

describe('研修の取り込み', () => {
  describe('a workbook written by hand: warnings, an unknown 職員番号 fixed after the preview', () => {
    let ctx: AppContext;
    let people: StaffDbRow[];
    let fixed: Buffer;
    const hospitality = '接遇研修（取込テスト）';
    const outside = '区外研修・政策形成（取込テスト）';
    const ojt = '係内勉強会（取込テスト）';

    function rows(third: string): { courses: Cell[][]; attendance: Cell[][] } {
      const [a, b] = people as [StaffDbRow, StaffDbRow];
      return {
        courses: [
          [fy, hospitality, '接遇研修', '区役所', '全職員', '○'],
          // 年度 in 和暦 with full-width digits, 研修区分 by its short name, 対象 and 区政に活かせる blank.
          [
            fyAsEra(fy).replace(/\d/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
            outside,
            '区外',
            '職員人材開発センター',
            null,
            null,
          ],
          [fy, ojt, 'OJT', null, null, 'いいえ'],
        ],
        attendance: [
          // The stored name with its spacing changed: no warning.
          [fy, hospitality, excelDate(on(6, 1)), 3, a.staffNo, respaced(a.name)],
          // A name that is really different: a warning, and the row still imports.
          [fy, outside, `令和${fy - 2018}年10月5日`, '６', b.staffNo, '別人　花子'],
          [fy, ojt, `${on(2, 3).replace(/-/gu, '/')}`, 1.5, third, null],
        ],
      };
    }

    beforeAll(async () => {
      ctx = await freshAdmin();
      people = activeClerks(db(ctx), 3);
    });

    it('refuses an unknown 職員番号 at its row, lists the name warning, and writes nothing', async () => {
      const { courses, attendance } = rows('999999');
      const before = trainingState(db(ctx));
      const { problems, preview: p } = await expectRejected(ctx, 'training', await trainingBook(courses, attendance));
      expect(problems).toEqual([
        {
          sheet: '研修受講記録',
          row: 4,
          column: 'E',
          field: '職員番号',
          message: '職員番号 999999 は職員名簿にありません。',
        },
      ]);
      const b = people[1]!;
      expect(p.warnings).toEqual([
        {
          sheet: '研修受講記録',
          row: 3,
          column: 'F',
          field: '氏名',
          message: expect.stringContaining(`職員番号 ${b.staffNo} の登録氏名「${b.name}」と異なります`) as string,
        },
      ]);
      expect(p.counts).toEqual({ total: 6, inserted: 5, updated: 0, unchanged: 0, errors: 1 });
      expect(trainingState(db(ctx))).toBe(before);
    });

    it('the fixed file previews clean (the warning stays), commits, and is logged and audited', async () => {
      const { courses, attendance } = rows(people[2]!.staffNo);
      fixed = await trainingBook(courses, attendance);
      const p = await previewOk(ctx, 'training', fixed, '研修.xlsx');
      expect(p.problems).toEqual([]);
      expect(p.warnings).toHaveLength(1);
      expect(p.sheet).toBe('研修一覧・研修受講記録');
      expect(p.counts).toEqual({ total: 6, inserted: 6, updated: 0, unchanged: 0, errors: 0 });
      expect(p.changes.map((c) => [c.sheet, c.row, c.status])).toEqual([
        ['研修一覧', 2, 'new'],
        ['研修一覧', 3, 'new'],
        ['研修一覧', 4, 'new'],
        ['研修受講記録', 2, 'new'],
        ['研修受講記録', 3, 'new'],
        ['研修受講記録', 4, 'new'],
      ]);
      const auditMark = maxId(db(ctx), 'audit_log');
      const result = ok(await commit(ctx, p.token));
      expect(result).toMatchObject({ kind: 'training', inserted: 6, updated: 0, unchanged: 0, errors: 0 });

      const d = db(ctx);
      const h = courseByTitle(d, fy, hospitality)!;
      const o = courseByTitle(d, fy, outside)!;
      const s = courseByTitle(d, fy, ojt)!;
      expect([h.category, h.provider, h.audience, h.usefulForWard]).toEqual(['接遇研修', '区役所', '全職員', true]);
      expect([o.category, o.provider, o.audience, o.usefulForWard]).toEqual([
        '区外研修',
        '職員人材開発センター',
        '任意',
        false,
      ]);
      expect([s.category, s.lineId]).toEqual(['担当内勉強会（OJT）', null]);
      const mine = attendanceOfYear(d, fy).filter((x) => [h.id, o.id, s.id].includes(x.courseId));
      expect(mine.map((x) => [x.courseId, x.staffId, x.attendedOn, x.hours, x.completed, x.shared])).toEqual([
        [h.id, people[0]!.id, on(6, 1), 3, true, false],
        [o.id, people[1]!.id, on(10, 5), 6, true, false],
        [s.id, people[2]!.id, on(2, 3), 1.5, true, false],
      ]);
      const log = d
        .prepare('SELECT kind, file_name AS fileName, inserted FROM import_log ORDER BY id DESC LIMIT 1')
        .get();
      expect(log).toEqual({ kind: 'training', fileName: '研修.xlsx', inserted: 6 });
      const actions = auditSince(d, auditMark).map((a) => a.action);
      expect(actions.filter((a) => a === 'training.course.import')).toHaveLength(3);
      expect(actions.filter((a) => a === 'training.attendance.import')).toHaveLength(3);
      expect(actions.at(-1)).toBe('import.commit');
    });

    it('the same file again changes nothing', async () => {
      const before = trainingState(db(ctx));
      const p = await previewOk(ctx, 'training', fixed);
      expect(p.problems).toEqual([]);
      expect(p.changes).toEqual([]);
      expect(p.counts).toEqual({ total: 6, inserted: 0, updated: 0, unchanged: 6, errors: 0 });
      const rowsNow = (d: Db) =>
        JSON.stringify([
          d.prepare('SELECT * FROM training_courses ORDER BY id').all(),
          d.prepare('SELECT * FROM training_attendance ORDER BY id').all(),
        ]);
      const stored = rowsNow(db(ctx));
      const r = ok(await commit(ctx, p.token));
      expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });
      expect(rowsNow(db(ctx))).toBe(stored);
      expect(trainingState(db(ctx))).not.toBe(before); // only the import log grew
      expect(
        db(ctx).prepare('SELECT count(*) AS n FROM training_courses WHERE title LIKE ?').get('%（取込テスト）') as {
          n: number;
        },
      ).toEqual({ n: 3 });
    });

    it('an update keeps the 勉強会’s 担当 and an attendance’s 修了・報告共有', async () => {
      const d = db(ctx);
      const s = courseByTitle(d, fy, ojt)!;
      const line = d.prepare('SELECT id FROM lines ORDER BY id LIMIT 1').get() as { id: number };
      saveCourse(d, { ...s, lineId: line.id }, new Date().toISOString());
      upsertAttendance(d, s.id, {
        staffId: people[2]!.id,
        attendedOn: on(2, 3),
        hours: 1.5,
        completed: false,
        shared: true,
      });
      // Unchanged: the stored 担当 is not a change the sheet asks for.
      const same = await previewOk(ctx, 'training', fixed);
      expect(same.counts.unchanged).toBe(6);

      const { courses, attendance } = rows(people[2]!.staffNo);
      courses[2]![3] = '人事係';
      attendance[2]![3] = 2;
      const p = await previewOk(ctx, 'training', await trainingBook(courses, attendance));
      expect(p.changes.map((c) => [c.sheet, c.row, c.status, c.diffs])).toEqual([
        ['研修一覧', 4, 'changed', [{ field: '実施機関', before: '', after: '人事係' }]],
        ['研修受講記録', 4, 'changed', [{ field: '時間数', before: '1.5', after: '2' }]],
      ]);
      ok(await commit(ctx, p.token));
      const after = courseByTitle(d, fy, ojt)!;
      expect([after.provider, after.lineId]).toEqual(['人事係', line.id]);
      const record = attendanceOfYear(d, fy).find((x) => x.courseId === s.id)!;
      expect([record.hours, record.completed, record.shared]).toEqual([2, false, true]);
    });

    it('the export of the year re-imports as unchanged; the template imports as empty', async () => {
      const file = await exportFile(ctx, 'training', fy);
      const p = await previewOk(ctx, 'training', file, '研修_再取込.xlsx');
      expect(p.problems).toEqual([]);
      expect(p.warnings).toEqual([]);
      expect(p.changes).toEqual([]);
      expect(p.counts.inserted + p.counts.updated).toBe(0);
      expect(p.counts.unchanged).toBeGreaterThanOrEqual(6);
      const wb = await loadXlsx(file);
      expect(sheetValues(wb.getWorksheet('研修一覧')!)[0]).toEqual([...courseHeader, '（参考）担当']);
      expect(sheetValues(wb.getWorksheet('研修受講記録')!)[0]).toEqual([
        ...attendanceHeader,
        '（参考）所属',
        '（参考）修了',
      ]);

      const t = await templateBook(ctx, 'training');
      expect(t.worksheets.filter((ws) => ws.state === 'visible').map((ws) => ws.name)).toEqual([
        '研修一覧',
        '研修受講記録',
      ]);
      expect(sheetValues(t.getWorksheet('研修一覧')!)).toEqual([courseHeader]);
      expect(sheetValues(t.getWorksheet('研修受講記録')!)).toEqual([attendanceHeader]);
      expect(noteText(t.getWorksheet('研修一覧')!.getCell('C1'))).toContain('担当内勉強会（OJT）');
      expect(noteText(t.getWorksheet('研修一覧')!.getCell('F1'))).toContain('空欄なら いいえ');
      expect(t.getWorksheet('研修一覧')!.getCell('A1').font?.name).toBe('游ゴシック');
      const before = trainingState(db(ctx));
      const tp = await previewOk(ctx, 'training', await toBuffer(t), '研修_テンプレート.xlsx');
      expect(tp.problems).toEqual([]);
      expect(tp.counts).toEqual({ total: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0 });
      expect(trainingState(db(ctx))).toBe(before);
    });
  });

  describe('rejected, with every problem located', () => {
    let ctx: AppContext;
    let person: StaffDbRow;
    const lastYears = '前年度だけの研修（取込テスト）';

    beforeAll(async () => {
      ctx = await freshAdmin();
      person = activeClerks(db(ctx), 1)[0]!;
      // Last year's course list holds a course this year's does not.
      const p = await previewOk(
        ctx,
        'training',
        await trainingBook([[fy - 1, lastYears, '民間研修', null, null, null]], null),
      );
      expect(p.problems).toEqual([]);
      ok(await commit(ctx, p.token));
    });

    async function rejected(courses: Cell[][] | null, attendance: Cell[][] | null) {
      const before = trainingState(db(ctx));
      const { problems, preview: p } = await expectRejected(ctx, 'training', await trainingBook(courses, attendance));
      expect(trainingState(db(ctx))).toBe(before);
      return { problems, preview: p };
    }

    it('attendance of a course in no course list', async () => {
      const { problems } = await rejected(null, [
        [fy, 'どこにもない研修', excelDate(on(5, 1)), 2, person.staffNo, null],
      ]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ sheet: '研修受講記録', row: 2, column: 'B', field: '研修名' });
      expect(problems[0]!.message).toContain(`研修「どこにもない研修」は${fy}年度の研修一覧`);
    });

    it('attendance for last year’s course title, with this year’s list in the file', async () => {
      const { problems } = await rejected(
        [[fy, '今年度の研修（取込テスト）', '民間研修', null, null, null]],
        [
          [fy, '今年度の研修（取込テスト）', excelDate(on(5, 1)), 2, person.staffNo, null],
          [fy, lastYears, excelDate(on(5, 2)), 2, person.staffNo, null],
        ],
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ sheet: '研修受講記録', row: 3, column: 'B', field: '研修名' });
      expect(problems[0]!.message).toContain(`${fy - 1}年度の研修一覧にはあります`);
    });

    it('a 受講日 outside the 年度, a bad 時間数, an unknown 研修区分, a duplicate course', async () => {
      const { problems, preview: p } = await rejected(
        [
          [fy, '重複（取込テスト）', '民間研修', null, null, null],
          [fy, '重複（取込テスト）', '民間研修', null, null, null],
          [fy, '区分違い（取込テスト）', '語学', null, null, 'たぶん'],
        ],
        [
          [fy, '重複（取込テスト）', excelDate(on(3, 31, fy + 1)), 2, person.staffNo, null],
          [fy, '重複（取込テスト）', excelDate(on(5, 1)), -1, person.staffNo, null],
          [fy, '重複（取込テスト）', excelDate(on(5, 2)), '二時間', person.staffNo, null],
        ],
      );
      const at = (sheet: string, row: number, field: string) =>
        problems.find((x) => x.sheet === sheet && x.row === row && x.field === field);
      expect(at('研修一覧', 2, '研修名')?.message).toContain('3行目にもあります');
      expect(at('研修一覧', 3, '研修名')?.message).toContain('2行目と重複しています');
      expect(at('研修一覧', 4, '研修区分')?.column).toBe('C');
      expect(at('研修一覧', 4, '区政に活かせる')?.column).toBe('F');
      expect(at('研修受講記録', 2, '受講日')?.message).toContain(
        `${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません`,
      );
      expect(at('研修受講記録', 3, '時間数')?.column).toBe('D');
      expect(at('研修受講記録', 4, '時間数')?.message).toContain('0以上');
      expect(p.counts.errors).toBe(6);
    });

    it('a file with neither sheet names both', async () => {
      const file = await book({ name: 'Sheet1', rows: [courseHeader, [fy, 'x', '民間研修']] });
      const p = await previewOk(ctx, 'training', file);
      expect(p.problems).toHaveLength(1);
      expect(p.problems[0]!.message).toContain('シート「研修一覧」も「研修受講記録」も見つかりません');
      expect(p.problems[0]!.message).toContain('「Sheet1」');
      failure(await commit(ctx, p.token), 'VALIDATION');
    });

    it('a file with only the 研修一覧 imports its courses', async () => {
      const p = await previewOk(
        ctx,
        'training',
        await trainingBook([[fy, '一覧だけ（取込テスト）', 'ファシリテーション', '外部講師', '任意', 1]], null),
      );
      expect(p.problems).toEqual([]);
      expect(p.sheet).toBe('研修一覧');
      ok(await commit(ctx, p.token));
      const c = courseByTitle(db(ctx), fy, '一覧だけ（取込テスト）')!;
      expect([c.category, c.usefulForWard]).toEqual(['ファシリテーション研修', true]);
    });

    it('runs the same in the import worker (KANAME_IMPORT_WORKER=1)', async () => {
      const previous = process.env['KANAME_IMPORT_WORKER'];
      process.env['KANAME_IMPORT_WORKER'] = '1';
      try {
        const file = await trainingBook(
          [[fy, 'ワーカー（取込テスト）', '民間研修', null, null, null]],
          [[fy, 'ワーカー（取込テスト）', excelDate(on(7, 1)), 2, person.staffNo, '違う名前']],
        );
        const p: ImportPreview = ok(await preview(ctx, 'training', file));
        expect(p.problems).toEqual([]);
        expect(p.warnings.map((w) => [w.sheet, w.row, w.column, w.field])).toEqual([['研修受講記録', 2, 'F', '氏名']]);
        const r = ok(await commit(ctx, p.token));
        expect(r.inserted).toBe(2);
      } finally {
        if (previous === undefined) delete process.env['KANAME_IMPORT_WORKER'];
        else process.env['KANAME_IMPORT_WORKER'] = previous;
      }
      expect(courseByTitle(db(ctx), fy, 'ワーカー（取込テスト）')).toBeDefined();
    });
  });

  describe('kaname import|export|template training', () => {
    let dbPath: string;
    let person: StaffDbRow;
    const env = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };

    beforeAll(async () => {
      dbPath = await demoCopy(dir);
      person = await withRawDb(dbPath, 'admin', demoPass, (d) => activeClerks(d, 1)[0]!);
    });

    it('--dry-run --json lists the warnings beside the errors; the commit then works', async () => {
      const file = path.join(dir, 'cli-研修.xlsx');
      fs.writeFileSync(
        file,
        await trainingBook(
          [[fy, 'CLI研修（取込テスト）', '接遇研修', null, null, null]],
          [[fy, 'CLI研修（取込テスト）', excelDate(on(9, 9)), 2, person.staffNo, '別の　名前']],
        ),
      );
      const dry = await runKaname(['import', 'training', file, '--db', dbPath, '--dry-run', '--json'], env);
      expect(dry.status).toBe(0);
      const report = JSON.parse(dry.stdout) as Record<string, unknown>;
      expect(report).toMatchObject({ ok: true, dryRun: true, kind: 'training', inserted: 2, errors: [] });
      expect(report['warnings']).toEqual([
        {
          sheet: '研修受講記録',
          row: 2,
          column: 'F',
          field: '氏名',
          message: expect.stringContaining('と異なります') as string,
        },
      ]);
      const real = await runKaname(['import', 'training', file, '--db', dbPath, '--json'], env);
      expect(real.status).toBe(0);
      expect(JSON.parse(real.stdout)).toMatchObject({ ok: true, dryRun: false, inserted: 2, errors: [] });
      const text = await runKaname(['import', 'training', file, '--db', dbPath], env);
      expect(text.status).toBe(0);
      expect(text.stderr).toContain('警告が1件あります');
      expect(text.stdout).toContain('変更なし 2');
    });

    it('an existing kind prints warnings: [], and export and template write both sheets', async () => {
      const out = path.join(dir, 'cli-export.xlsx');
      const exported = await runKaname(['export', 'training', '--db', dbPath, '--out', out, '--fy', String(fy)], env);
      expect(exported.status).toBe(0);
      const again = await runKaname(['import', 'training', out, '--db', dbPath, '--dry-run', '--json'], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, inserted: 0, updated: 0, warnings: [] });

      const awards = path.join(dir, 'cli-awards.xlsx');
      expect((await runKaname(['export', 'awards', '--db', dbPath, '--out', awards], env)).status).toBe(0);
      const dry = await runKaname(['import', 'awards', awards, '--db', dbPath, '--dry-run', '--json'], env);
      expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, warnings: [] });

      const template = path.join(dir, 'cli-template.xlsx');
      const t = await runKaname(['template', 'training', '--out', template]);
      expect(t.status).toBe(0);
      const wb = await loadXlsx(fs.readFileSync(template));
      expect(wb.getWorksheet('研修一覧')).toBeDefined();
      expect(wb.getWorksheet('研修受講記録')).toBeDefined();
    });
  });
});

// The API checks the kind like any other: training is a kind of excel:template and excel:export.
describe('研修 channels', () => {
  it('excel:template answers a file named after the kind', async () => {
    const ctx = await freshAdmin();
    const t = ok(await callApi(ctx, 'excel:template', { kind: 'training' }));
    expect(t.fileName).toBe('研修_テンプレート.xlsx');
    const e = ok(await callApi(ctx, 'excel:export', { kind: 'training', fy }));
    expect(e.fileName).toBe(`研修_${fy}年度.xlsx`);
  });
});
