import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { emptyAppraisalState, insertAppraisal } from '../../electron/core/appraisal/appraisal.repo';
import type { Db } from '../../electron/core/db/connection';
import { demoAccounts, generateDemoWard } from '../../electron/core/demo/demo-ward';
import { historyOfStaff, historyOfYear } from '../../electron/core/placement/history.repo';
import { getSelfReport } from '../../electron/core/self-report/self-report.repo';
import { transfersOf } from '../../electron/core/staff/staff.repo';
import type { ImportPreview } from '../../shared/contract';
import type { Cell, StaffDbRow } from '../fixtures/workbooks';
import {
  auditSince,
  book,
  commit,
  currentFy,
  db,
  expectLocated,
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
import { loadXlsx } from '../helpers/xlsx';

/**
 * The 人事考課結果 sheet (past years' results) through the one importer, against copies of the demo
 * office, with workbooks written by exceljs as a spreadsheet would: every error refuses the whole
 * file at its row and column, a 氏名 that differs from the stored one and a year confirmed in Kaname
 * are warnings (the latter row skipped), re-import and export → re-import change nothing. Also what
 * the demo office holds for the placement summaries (history, transfers, wishes).
 */

let dir: string;
const contexts: AppContext[] = [];
const fy = currentFy();
const header = ['年度', '職員番号', '絶対評価点', '区分', '氏名'];

beforeAll(() => {
  dir = tempDir('kaname-import-results-');
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

const resultsBook = (rows: Cell[][], head: Cell[] = header): Promise<Buffer> =>
  book({ name: '人事考課結果', rows: [head, ...rows] });

/** The imported results and the import log, hashed: what a refused import must leave alone. */
function historyState(d: Db): string {
  const rows = [
    d.prepare('SELECT * FROM appraisal_history ORDER BY fy, staff_id').all(),
    d.prepare('SELECT count(*) AS n FROM import_log').get(),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

const stored = (d: Db, staffId: number) => historyOfStaff(d, staffId).map((h) => [h.fy, h.score, h.rankClass]);

/** Full-width digits, as some files carry them. */
const wide = (s: string) => s.replace(/\d/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function activeStaff(d: Db, n: number): StaffDbRow[] {
  const list = staffRows(d, "s.active = 1 AND s.position <> '区長'").slice(0, n);
  expect(list).toHaveLength(n);
  return list;
}

describe('人事考課結果の取り込み', () => {
  describe('a file written by hand: the forms of 年度 and 区分, a name warning, re-import, a change', () => {
    let ctx: AppContext;
    let people: StaffDbRow[];
    let file: Buffer;
    const old = fy - 5;

    const rows = (): Cell[][] => {
      const [a, b, c, d, e] = people as [StaffDbRow, StaffDbRow, StaffDbRow, StaffDbRow, StaffDbRow];
      return [
        [old, a.staffNo, 78.5, '第2区分', a.name],
        // 和暦 with full-width digits, a full-width score, a full-width class, the name respaced.
        [wide(fyAsEra(old)), b.staffNo, '６５．２５', '３', ` ${b.name.replace('　', ' ')} `],
        [old, c.staffNo, null, '第１区分', null],
        // A 氏名 that is someone else's: a warning, and the row still imports.
        [`${old}年度`, d.staffNo, 80, null, '別人　花子'],
        [old - 1, a.staffNo, 3.456, 1, null],
        [old, e.staffNo, '90点', '第四区分', e.name],
      ];
    };

    beforeAll(async () => {
      ctx = await freshAdmin();
      people = activeStaff(db(ctx), 5);
      file = await resultsBook(rows());
    });

    it('previews clean with one warning, commits, and is logged and audited', async () => {
      const p = await previewOk(ctx, 'results', file, '人事考課結果.xlsx');
      expect(p.problems).toEqual([]);
      expect(p.sheet).toBe('人事考課結果');
      const d4 = people[3]!;
      expect(p.warnings).toEqual([
        {
          sheet: '人事考課結果',
          row: 5,
          column: 'E',
          field: '氏名',
          message: expect.stringContaining(`職員番号 ${d4.staffNo} の登録氏名「${d4.name}」と異なります`) as string,
        },
      ]);
      expect(p.counts).toEqual({ total: 6, inserted: 6, updated: 0, unchanged: 0, errors: 0 });
      expect(p.changes.map((c) => [c.row, c.key, c.status])).toEqual(
        [2, 3, 4, 5, 6, 7].map((row, i) => [row, people[[0, 1, 2, 3, 0, 4][i]!]!.staffNo, 'new']),
      );
      const auditMark = maxId(db(ctx), 'audit_log');
      const result = ok(await commit(ctx, p.token));
      expect(result).toMatchObject({ kind: 'results', inserted: 6, updated: 0, unchanged: 0, errors: 0 });

      const d = db(ctx);
      const [a, b, c, dd, e] = people as [StaffDbRow, StaffDbRow, StaffDbRow, StaffDbRow, StaffDbRow];
      const mine = (id: number) => stored(d, id).filter(([y]) => y! <= old);
      expect(mine(a.id)).toEqual([
        [old - 1, 3.46, 1],
        [old, 78.5, 2],
      ]);
      expect(mine(b.id)).toEqual([[old, 65.25, 3]]);
      expect(mine(c.id)).toEqual([[old, null, 1]]);
      expect(mine(dd.id)).toEqual([[old, 80, null]]);
      expect(mine(e.id)).toEqual([[old, 90, 4]]);
      const log = d
        .prepare('SELECT kind, file_name AS fileName, inserted FROM import_log ORDER BY id DESC LIMIT 1')
        .get();
      expect(log).toEqual({ kind: 'results', fileName: '人事考課結果.xlsx', inserted: 6 });
      const audit = auditSince(d, auditMark);
      expect(audit.map((x) => x.action)).toEqual(['appraisalHistory.import', 'import.commit']);
      const entry = d
        .prepare('SELECT entity_id AS entityId, after FROM audit_log WHERE id > ? ORDER BY id LIMIT 1')
        .get(auditMark) as { entityId: string; after: string };
      expect(entry.entityId).toBe('6件');
      expect(JSON.parse(entry.after)).toEqual({
        fields: ['年度', '職員番号', '絶対評価点', '区分'],
        rows: [
          [old, a.staffNo, 78.5, '第2区分'],
          [old, b.staffNo, 65.25, '第3区分'],
          [old, c.staffNo, null, '第1区分'],
          [old, dd.staffNo, 80, ''],
          [old - 1, a.staffNo, 3.46, '第1区分'],
          [old, e.staffNo, 90, '第4区分'],
        ],
      });
    });

    it('the same file again changes nothing', async () => {
      const before = JSON.stringify(db(ctx).prepare('SELECT * FROM appraisal_history ORDER BY fy, staff_id').all());
      const p = await previewOk(ctx, 'results', file);
      expect(p.problems).toEqual([]);
      expect(p.changes).toEqual([]);
      expect(p.counts).toEqual({ total: 6, inserted: 0, updated: 0, unchanged: 6, errors: 0 });
      ok(await commit(ctx, p.token));
      expect(JSON.stringify(db(ctx).prepare('SELECT * FROM appraisal_history ORDER BY fy, staff_id').all())).toBe(
        before,
      );
    });

    it('a changed score and a cleared class show before → after, and are written and audited', async () => {
      const changed = rows();
      changed[0]![2] = 79;
      changed[0]![3] = null;
      const p = await previewOk(ctx, 'results', await resultsBook(changed));
      expect(p.changes.map((c) => [c.row, c.status, c.diffs])).toEqual([
        [
          2,
          'changed',
          [
            { field: '絶対評価点', before: '78.5', after: '79' },
            { field: '区分', before: '第2区分', after: '' },
          ],
        ],
      ]);
      expect(p.counts).toMatchObject({ updated: 1, unchanged: 5 });
      const mark = maxId(db(ctx), 'audit_log');
      ok(await commit(ctx, p.token));
      const a = people[0]!;
      expect(stored(db(ctx), a.id).find(([y]) => y === old)).toEqual([old, 79, null]);
      const entries = db(ctx)
        .prepare(
          'SELECT action, entity_id AS entityId, before AS b, after AS a FROM audit_log WHERE id > ? ORDER BY id',
        )
        .all(mark) as { action: string; entityId: string; b: string | null; a: string }[];
      expect(entries.map((e) => e.action)).toEqual(['appraisalHistory.import', 'import.commit']);
      expect(entries[0]!.entityId).toBe(`${old}/${a.staffNo}`);
      expect(JSON.parse(entries[0]!.b!)).toEqual({
        fields: ['年度', '職員番号', '絶対評価点', '区分'],
        rows: [[old, a.staffNo, 78.5, '第2区分']],
      });
      expect(JSON.parse(entries[0]!.a)).toEqual({
        fields: ['年度', '職員番号', '絶対評価点', '区分'],
        rows: [[old, a.staffNo, 79, '']],
      });
    });
  });

  describe('rejected, with every problem located', () => {
    let ctx: AppContext;
    let people: StaffDbRow[];

    beforeAll(async () => {
      ctx = await freshAdmin();
      people = activeStaff(db(ctx), 3);
    });

    async function rejected(rows: Cell[][], head?: Cell[]) {
      const before = historyState(db(ctx));
      const out = await expectRejected(ctx, 'results', await resultsBook(rows, head));
      expect(historyState(db(ctx))).toBe(before);
      return out;
    }

    it('each error at its sheet, row, column and field, in Japanese; nothing written', async () => {
      const [a, b, c] = people as [StaffDbRow, StaffDbRow, StaffDbRow];
      const { problems, preview: p } = await rejected([
        [fy - 2, '999999', 70, 3, null], // 2: unknown 職員番号
        [fy + 1, a.staffNo, 70, 3, null], // 3: a year not yet begun
        [fy - 2, a.staffNo, 'よい', 3, null], // 4: a score that is no number
        [fy - 3, b.staffNo, 250, 3, null], // 5: above 200
        [fy - 4, b.staffNo, -1, 3, null], // 6: below 0
        [fy - 5, b.staffNo, 70, 6, null], // 7: class 6
        [fy - 6, b.staffNo, 70, 'S', null], // 8: class S
        [fy - 7, c.staffNo, null, null, c.name], // 9: neither score nor class
        [fy - 8, c.staffNo, 70, 3, null], // 10: the same key as row 11
        [fy - 8, c.staffNo, 71, 3, null], // 11
        ['来年', c.staffNo, 70, 3, null], // 12: 年度 unreadable
      ]);
      expectLocated(problems, '人事考課結果');
      const at = (row: number) => problems.filter((x) => x.row === row).map((x) => [x.column, x.field, x.message]);
      expect(at(2)).toEqual([['B', '職員番号', '職員番号 999999 は職員名簿にありません。']]);
      expect(at(3)).toEqual([
        [
          'A',
          '年度',
          `${fy + 1}年度はまだ始まっていません。人事考課結果は今年度（${fy}年度）までの年度で入力してください。`,
        ],
      ]);
      expect(at(4)).toEqual([['C', '絶対評価点', '絶対評価点「よい」は0以上200以下の数にしてください（78.5 など）。']]);
      expect(at(5)).toEqual([['C', '絶対評価点', '絶対評価点「250」は0以上200以下の数にしてください（78.5 など）。']]);
      expect(at(6)).toEqual([['C', '絶対評価点', '絶対評価点「-1」は0以上200以下の数にしてください（78.5 など）。']]);
      expect(at(7)).toEqual([
        ['D', '区分', '区分「6」は読めません。第1区分〜第5区分（または 1〜5）で入力してください。'],
      ]);
      expect(at(8)).toEqual([
        ['D', '区分', '区分「S」は読めません。第1区分〜第5区分（または 1〜5）で入力してください。'],
      ]);
      expect(at(9)).toEqual([
        ['C', '絶対評価点', '絶対評価点と区分がどちらも空欄です。どちらか（または両方）を入力してください。'],
      ]);
      expect(at(10)).toEqual([['B', '職員番号', `${fy - 8}年度の職員番号 ${c.staffNo}が11行目にもあります。`]]);
      expect(at(11)).toEqual([['B', '職員番号', `${fy - 8}年度の職員番号 ${c.staffNo}が10行目と重複しています。`]]);
      expect(at(12)).toEqual([['A', '年度', '年度「来年」を読めません。2025 や 令和7年度 の形で入力してください。']]);
      expect(p.counts).toEqual({ total: 11, inserted: 0, updated: 0, unchanged: 0, errors: 11 });
      expect(p.changes.every((ch) => ch.status === 'error')).toBe(true);
    });

    it('a lost leading zero is named; a sheet with neither result column is refused at its header', async () => {
      const a = staffRows(db(ctx), "s.active = 1 AND s.staff_no LIKE '0%'")[0]!;
      const shortened = a.staffNo.replace(/^0+/u, '');
      const { problems } = await rejected([[fy - 2, Number(shortened), 70, 3, null]]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ row: 2, column: 'B', field: '職員番号' });
      expect(problems[0]!.message).toContain(`先頭の0が失われている可能性があります（${a.staffNo}？）`);
      const before = historyState(db(ctx));
      const p = await previewOk(ctx, 'results', await resultsBook([[fy - 2, a.staffNo]], ['年度', '職員番号']));
      expect(p.problems).toEqual([
        {
          sheet: '人事考課結果',
          row: 1,
          column: null,
          field: null,
          message: '「絶対評価点」と「区分」の列がどちらもありません。少なくとも一方の列を加えてください。',
        },
      ]);
      failure(await commit(ctx, p.token), 'VALIDATION');
      expect(historyState(db(ctx))).toBe(before);
    });

    it('only HR may import: the personnel office may not preview', async () => {
      const jinji = await loggedIn(ctx.dbPath, 'jinji', demoPass);
      contexts.push(jinji);
      const file = await resultsBook([[fy - 2, people[0]!.staffNo, 70, 3, null]]);
      failure(await preview(jinji, 'results', file), 'FORBIDDEN');
    });
  });

  describe('a year confirmed in Kaname is never overwritten', () => {
    let ctx: AppContext;
    let confirmedPerson: StaffDbRow;
    let other: StaffDbRow;
    let p: ImportPreview;
    const year = fy - 1;

    beforeAll(async () => {
      ctx = await freshAdmin();
      const d = db(ctx);
      const withHistory = activeStaff(d, 40).filter((s) => historyOfYear(d, year).has(s.id));
      [confirmedPerson, other] = withHistory as [StaffDbRow, StaffDbRow];
      // The person's appraisal of that year is 確定 in Kaname, with its class.
      insertAppraisal(
        d,
        year,
        confirmedPerson.id,
        { ...emptyAppraisalState(), status: '確定', rankClass: 2 },
        new Date().toISOString(),
      );
    });

    it('the row is a warning at its 年度, skipped and counted unchanged; the other rows import', async () => {
      const d = db(ctx);
      const before = historyOfYear(d, year).get(confirmedPerson.id)!;
      p = await previewOk(
        ctx,
        'results',
        await resultsBook([
          [year, other.staffNo, 1.5, 5, null],
          [year, confirmedPerson.staffNo, 1.5, 5, null],
        ]),
      );
      expect(p.problems).toEqual([]);
      expect(p.warnings).toEqual([
        {
          sheet: '人事考課結果',
          row: 3,
          column: 'A',
          field: '年度',
          message: `${confirmedPerson.name}（${confirmedPerson.staffNo}）の${year}年度の人事考課は Kaname で確定しています（第2区分）。確定した結果を上書きしないため、この行は取り込みません。`,
        },
      ]);
      expect(p.counts).toEqual({ total: 2, inserted: 0, updated: 1, unchanged: 1, errors: 0 });
      expect(p.changes.map((c) => [c.row, c.status])).toEqual([[2, 'changed']]);
      ok(await commit(ctx, p.token));
      expect(historyOfYear(d, year).get(confirmedPerson.id)).toEqual(before);
      expect(historyOfYear(d, year).get(other.id)).toMatchObject({ score: 1.5, rankClass: 5 });
    });

    it('a person with no stored row for a confirmed year gets none either', async () => {
      const d = db(ctx);
      const fresh = activeStaff(d, 60).find((s) => !historyOfYear(d, year).has(s.id) && s.id !== confirmedPerson.id);
      if (!fresh) throw new Error('the demo should leave someone without a result for the year');
      insertAppraisal(d, year, fresh.id, { ...emptyAppraisalState(), status: '確定', rankClass: 3 }, '2026-01-01');
      const q = await previewOk(ctx, 'results', await resultsBook([[year, fresh.staffNo, 3.2, 3, null]]));
      expect(q.warnings.map((w) => [w.row, w.field])).toEqual([[2, '年度']]);
      ok(await commit(ctx, q.token));
      expect(historyOfYear(d, year).has(fresh.id)).toBe(false);
    });

    it('the export leaves the confirmed year out and re-imports unchanged, with no warning', async () => {
      const d = db(ctx);
      const file = await exportFile(ctx, 'results', null);
      const wb = await loadXlsx(file);
      const ws = wb.getWorksheet('人事考課結果')!;
      const values = sheetValues(ws);
      expect(values[0]).toEqual([...header, '（参考）所属', '（参考）職層']);
      const rowsOut = values.slice(1);
      const total = (d.prepare('SELECT count(*) AS n FROM appraisal_history').get() as { n: number }).n;
      expect(rowsOut).toHaveLength(total - 1);
      expect(rowsOut.some((r) => r[0] === year && r[1] === confirmedPerson.staffNo)).toBe(false);
      const mark = historyState(d);
      const again = await previewOk(ctx, 'results', file, '人事考課結果_再取込.xlsx');
      expect(again.problems).toEqual([]);
      expect(again.warnings).toEqual([]);
      expect(again.changes).toEqual([]);
      expect(again.counts).toEqual({ total: total - 1, inserted: 0, updated: 0, unchanged: total - 1, errors: 0 });
      ok(await commit(ctx, again.token));
      const after = d.prepare('SELECT fy, staff_id, score, rank_class FROM appraisal_history ORDER BY 1, 2').all();
      expect(historyState(d)).not.toBe(mark); // only the import log grew
      expect(after).toHaveLength(total);
    });
  });

  describe('template, export and the import worker', () => {
    let ctx: AppContext;

    beforeAll(async () => {
      ctx = await freshAdmin();
    });

    it('the template has the headers, notes and the 区分 dropdown; the channels name the files', async () => {
      const t = await templateBook(ctx, 'results');
      const ws = t.getWorksheet('人事考課結果')!;
      expect(sheetValues(ws)).toEqual([header]);
      expect(noteText(ws.getCell('A1'))).toContain('必須');
      expect(noteText(ws.getCell('C1'))).toContain('0以上200以下');
      expect(noteText(ws.getCell('D1'))).toContain('第1区分 / 第2区分 / 第3区分 / 第4区分 / 第5区分');
      expect(noteText(ws.getCell('E1'))).toContain('取り込みません');
      const names = ok(await callApi(ctx, 'excel:template', { kind: 'results' })).fileName;
      expect(names).toBe('人事考課結果_テンプレート.xlsx');
      const e = ok(await callApi(ctx, 'excel:export', { kind: 'results', fy: fy - 2 }));
      expect(e.fileName).toBe(`人事考課結果_${fy - 2}年度まで.xlsx`);
      // Up to fy-2: the demo's fy-3 and fy-2, nothing of fy-1.
      const years = sheetValues((await loadXlsx(Buffer.from(e.data, 'base64'))).getWorksheet('人事考課結果')!)
        .slice(1)
        .map((r) => r[0]);
      expect(new Set(years)).toEqual(new Set([fy - 3, fy - 2]));
    });

    it('runs the same in the import worker (KANAME_IMPORT_WORKER=1)', async () => {
      const person = activeStaff(db(ctx), 1)[0]!;
      const previous = process.env['KANAME_IMPORT_WORKER'];
      process.env['KANAME_IMPORT_WORKER'] = '1';
      try {
        const file = await resultsBook([[fy - 9, person.staffNo, 3.5, '第3区分', '違う　名前']]);
        const p = ok(await preview(ctx, 'results', file));
        expect(p.problems).toEqual([]);
        expect(p.warnings.map((w) => [w.row, w.column, w.field])).toEqual([[2, 'E', '氏名']]);
        expect(ok(await commit(ctx, p.token)).inserted).toBe(1);
      } finally {
        if (previous === undefined) delete process.env['KANAME_IMPORT_WORKER'];
        else process.env['KANAME_IMPORT_WORKER'] = previous;
      }
      expect(historyOfYear(db(ctx), fy - 9).get(person.id)).toMatchObject({ score: 3.5, rankClass: 3 });
    });
  });

  describe('kaname import|export|template results', () => {
    let dbPath: string;
    let person: StaffDbRow;
    const env = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };

    beforeAll(async () => {
      dbPath = await demoCopy(dir);
      person = await withRawDb(dbPath, 'admin', demoPass, (d) => activeStaff(d, 1)[0]!);
    });

    it('--dry-run --json reports the counts and the warnings and writes nothing; then the commit', async () => {
      const file = path.join(dir, 'cli-人事考課結果.xlsx');
      fs.writeFileSync(
        file,
        await resultsBook([
          [fy - 7, person.staffNo, 3.1, '第3区分', '別の　名前'],
          [fy - 6, person.staffNo, 3.4, 2, person.name],
        ]),
      );
      const before = await withRawDb(dbPath, 'admin', demoPass, historyState);
      const dry = await runKaname(['import', 'results', file, '--db', dbPath, '--dry-run', '--json'], env);
      expect(dry.status).toBe(0);
      const report = JSON.parse(dry.stdout) as Record<string, unknown>;
      expect(Object.keys(report)).toEqual([
        'ok',
        'dryRun',
        'kind',
        'inserted',
        'updated',
        'unchanged',
        'errors',
        'warnings',
      ]);
      expect(report).toMatchObject({ ok: true, dryRun: true, kind: 'results', inserted: 2, updated: 0, errors: [] });
      expect(report['warnings']).toEqual([
        {
          sheet: '人事考課結果',
          row: 2,
          column: 'E',
          field: '氏名',
          message: expect.stringContaining('と異なります') as string,
        },
      ]);
      expect(await withRawDb(dbPath, 'admin', demoPass, historyState)).toBe(before);

      const real = await runKaname(['import', 'results', file, '--db', dbPath, '--json'], env);
      expect(real.status).toBe(0);
      expect(JSON.parse(real.stdout)).toMatchObject({ ok: true, dryRun: false, inserted: 2 });
      const rows = await withRawDb(dbPath, 'admin', demoPass, (d) =>
        stored(d, person.id).filter(([y]) => y! <= fy - 6),
      );
      expect(rows).toEqual([
        [fy - 7, 3.1, 3],
        [fy - 6, 3.4, 2],
      ]);
    });

    it('an error exits 1 with the located problem; export and template write the sheet', async () => {
      const bad = path.join(dir, 'cli-bad.xlsx');
      fs.writeFileSync(bad, await resultsBook([[fy - 2, person.staffNo, 300, 3, null]]));
      const r = await runKaname(['import', 'results', bad, '--db', dbPath, '--dry-run', '--json'], env);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({
        ok: false,
        errors: [{ sheet: '人事考課結果', row: 2, column: 'C', field: '絶対評価点' }],
      });

      const out = path.join(dir, 'cli-export.xlsx');
      expect((await runKaname(['export', 'results', '--db', dbPath, '--out', out], env)).status).toBe(0);
      const again = await runKaname(['import', 'results', out, '--db', dbPath, '--dry-run', '--json'], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, inserted: 0, updated: 0, warnings: [] });

      const template = path.join(dir, 'cli-template.xlsx');
      expect((await runKaname(['template', 'results', '--out', template])).status).toBe(0);
      const wb = await loadXlsx(fs.readFileSync(template));
      expect(sheetValues(wb.getWorksheet('人事考課結果')!)).toEqual([header]);
    });
  });
});

describe('the demo office for the placement summaries', () => {
  let d: Db;
  const accounts = demoAccounts(generateDemoWard(fy));

  beforeAll(async () => {
    d = db(await freshAdmin());
  });

  it('holds imported results for fy-3 … fy-1 for most active staff, classes in the default shape per 職層', () => {
    const active = staffRows(d, "s.active = 1 AND s.position <> '区長'");
    for (let year = fy - 3; year <= fy - 1; year += 1) {
      const h = historyOfYear(d, year);
      const hiredBy = active.filter((s) => s.hiredOn !== null && s.hiredOn <= `${year}-04-01`);
      expect(hiredBy.filter((s) => h.has(s.id)).length / hiredBy.length).toBeGreaterThan(0.9);
      const rows = [...h.values()];
      expect(rows.every((r) => r.score !== null && r.score >= 1 && r.score <= 5 && r.rankClass !== null)).toBe(true);
      const share = (c: number) => rows.filter((r) => r.rankClass === c).length / rows.length;
      expect(share(3)).toBeGreaterThan(0.5);
      expect(share(2)).toBeGreaterThan(0.15);
      expect(share(1)).toBeLessThan(0.1);
      expect(share(5)).toBeLessThan(0.1);
      // Within a 職層, a better class never has a lower score than a worse one.
      for (const group of new Set(active.map((s) => s.gradeGroup))) {
        const ids = new Set(active.filter((s) => s.gradeGroup === group).map((s) => s.id));
        const mine = rows.filter((r) => ids.has(r.staffId));
        for (let c = 1; c < 5; c += 1) {
          const better = mine.filter((r) => r.rankClass === c).map((r) => r.score!);
          const worse = mine.filter((r) => r.rankClass! > c).map((r) => r.score!);
          if (better.length > 0 && worse.length > 0)
            expect(Math.min(...better)).toBeGreaterThanOrEqual(Math.max(...worse));
        }
      }
    }
    expect(historyOfYear(d, fy).size).toBe(0);
  });

  it('gives the logins’ people and most people posted after hiring a transfer on their 現所属配属日', () => {
    const movable = staffRows(
      d,
      "s.active = 1 AND s.employment <> '会計年度任用' AND s.position NOT IN ('区長', '副区長') AND s.posted_on > s.hired_on",
    );
    const matching = movable.filter((s) => {
      const t = transfersOf(d, s.id);
      return t[0]?.onDate === s.postedOn && t[0].toSection === s.section && t[0].fromSection !== s.section;
    });
    expect(matching.length / movable.length).toBeGreaterThan(0.6);
    for (const a of accounts) {
      const s = staffRows(d, 's.staff_no = ?', a.staffNo!)[0]!;
      if (s.position === '区長' || s.postedOn === null || s.hiredOn === null || s.postedOn <= s.hiredOn) continue;
      expect(
        matching.map((m) => m.staffNo),
        a.login,
      ).toContain(s.staffNo);
    }
    // Every transfer is dated within the person's service, the last one on the posting date.
    for (const s of movable) {
      const t = transfersOf(d, s.id);
      for (const x of t) expect(x.onDate >= s.hiredOn! && x.onDate <= s.postedOn!).toBe(true);
    }
  });

  it('has people five or more years in post wishing to move, in at least two sections, reasons true', () => {
    const wishing = staffRows(d, 's.active = 1').flatMap((s) => {
      const r = getSelfReport(d, fy, s.id);
      return r?.fields.transferWish === '異動希望' && r.status !== '未提出' ? [{ s, r }] : [];
    });
    const longInPost = wishing.filter(({ s }) => s.postedOn !== null && s.postedOn <= `${fy - 5}-04-01`);
    expect(longInPost.length).toBeGreaterThanOrEqual(4);
    expect(new Set(longInPost.map(({ s }) => s.section)).size).toBeGreaterThanOrEqual(2);
    for (const { r } of longInPost) {
      expect(r.fields.preferences.length).toBeGreaterThan(0);
      expect(r.fields.transferReason).toMatch(/現所属で([6-9]|\d\d)年目/u);
    }
  });
});
