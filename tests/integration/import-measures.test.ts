import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Cell } from '../fixtures/workbooks';
import {
  book,
  commit,
  currentFy,
  db,
  excelDate,
  expectLocated,
  expectRejected,
  exportFile,
  failure,
  importFile,
  maxId,
  noteText,
  ok,
  previewOk,
  problemAt,
  sheetValues,
  templateBook,
  withRawDb,
} from '../fixtures/workbooks';
import { runKaname } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/** The 取組み実施記録 sheet against the demo office, through the app's dispatcher and the CLI, with real .xlsx files. */

let dir: string;
const contexts: AppContext[] = [];
const fy = currentFy();
const sheet = '取組み実施記録';
const header = ['年度', '取組み番号', '実施日', '課', '担当', '参加者数', '内容'];

beforeAll(() => {
  dir = tempDir('kaname-import-measures-');
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

const recordsBook = (rows: Cell[][]) => book({ name: sheet, rows: [header, ...rows] });

/** Records, their people and the import log, hashed: what a refused import must leave alone. */
function state(d: Db): string {
  const rows = [
    d.prepare('SELECT * FROM measure_records ORDER BY id').all(),
    d.prepare('SELECT * FROM measure_record_people ORDER BY record_id, staff_id').all(),
    d.prepare('SELECT count(*) AS n FROM import_log').get(),
    d.prepare('SELECT count(*) AS n FROM audit_log').get(),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Two 課 with active staff, each with one of its 担当. */
function units(d: Db): { section: string; line: string }[] {
  return d
    .prepare(
      `SELECT sec.name AS section, MIN(l.name) AS line FROM staff s JOIN sections sec ON sec.id = s.section_id
        JOIN lines l ON l.id = s.line_id WHERE s.active = 1 GROUP BY sec.id ORDER BY sec.sort LIMIT 2`,
    )
    .all() as { section: string; line: string }[];
}

const on = (month: number, day: number) => {
  const y = month >= 4 ? fy : fy + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

describe('取組み実施記録の取り込み', () => {
  it('the template has the headers with notes', async () => {
    const ctx = await freshAdmin();
    const ws = (await templateBook(ctx, 'measures')).getWorksheet(sheet)!;
    expect(sheetValues(ws)).toEqual([header]);
    expect(noteText(ws.getCell('B1'))).toContain('3-(2)');
  });

  it('imports records of a 課, a 担当 and the office, then the same file again as unchanged; the status moves', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const [a, b] = units(d) as [{ section: string; line: string }, { section: string; line: string }];
    const before = ok(await callApi(ctx, 'plan:measures', { fy }));
    const cleaning = before.measures.find((m) => m.code === '3-(3)')!.records;
    const file = await recordsBook([
      [fy, '3-(2)', excelDate(on(4, 20)), a.section, null, 15, '第1回 意見交換会'],
      [`令和${fy - 2018}年度`, '３－（２）', `${fy}/4/21`, b.section, null, '８人', null],
      [fy, '4-(1)', on(4, 22), a.section, a.line, 4, '連絡会'],
      [fy, '3-(3)', on(4, 23), null, null, null, '清掃'],
    ]);
    const mark = maxId(d, 'audit_log');
    const { preview, result } = await importFile(ctx, 'measures', file);
    expect(preview.counts).toEqual({ total: 4, inserted: 4, updated: 0, unchanged: 0, errors: 0 });
    expect(result).toMatchObject({ kind: 'measures', inserted: 4 });
    const after = ok(await callApi(ctx, 'plan:measures', { fy }));
    expect(after.measures.find((m) => m.code === '3-(3)')!.records).toBe(cleaning + 1);
    const mine = after.records.filter((r) => r.source === 'import');
    expect(mine.map((r) => [r.code, r.heldOn, r.section, r.line, r.participants, r.note])).toEqual([
      ['3-(2)', on(4, 20), a.section, null, 15, '第1回 意見交換会'],
      ['3-(2)', on(4, 21), b.section, null, 8, ''],
      ['4-(1)', on(4, 22), a.section, a.line, 4, '連絡会'],
      ['3-(3)', on(4, 23), null, null, 0, '清掃'],
    ]);
    expect(mine.every((r) => r.createdBy === 'admin')).toBe(true);
    const audit = d.prepare('SELECT action FROM audit_log WHERE id > ? ORDER BY id').all(mark) as { action: string }[];
    expect(audit.map((x) => x.action)).toEqual([...Array<string>(4).fill('measureRecord.import'), 'import.commit']);
    expect(d.prepare('SELECT kind, inserted FROM import_log ORDER BY id DESC LIMIT 1').get()).toEqual({
      kind: 'measures',
      inserted: 4,
    });

    const s = state(d);
    const again = await previewOk(ctx, 'measures', file);
    expect(again.problems).toEqual([]);
    expect(again.counts).toEqual({ total: 4, inserted: 0, updated: 0, unchanged: 4, errors: 0 });
    expect(state(d)).toBe(s);

    // A change of 参加者数 and 内容 shows before → after.
    const changed = await recordsBook([[fy, '3-(2)', on(4, 20), a.section, null, 16, '第1回 意見交換会（報告済）']]);
    const p = await previewOk(ctx, 'measures', changed);
    expect(p.counts).toMatchObject({ inserted: 0, updated: 1 });
    expect(p.changes[0]!.diffs).toEqual([
      { field: '参加者数', before: '15', after: '16' },
      { field: '内容', before: '第1回 意見交換会', after: '第1回 意見交換会（報告済）' },
    ]);
    ok(await commit(ctx, p.token));
  });

  it('refuses bad rows with their sheet, row, column and message, and writes nothing', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const [a, b] = units(d) as [{ section: string; line: string }, { section: string; line: string }];
    const s = state(d);
    const file = await recordsBook([
      [fy, '9-(9)', on(5, 1), a.section, null, 3, null], // 2: unknown measure
      [fy, '3-(2)', on(5, 1), null, null, 3, null], // 3: section measure without a 課
      [fy, '4-(1)', on(5, 1), a.section, null, 3, null], // 4: line measure without a 担当
      [fy, '4-(1)', on(5, 1), a.section, b.line === a.line ? '無い担当' : b.line, 3, null], // 5: 担当 of another 課
      [fy, '3-(2)', `${fy + 1}/4/1`, a.section, null, 3, null], // 6: outside the year
      [fy, '3-(2)', on(5, 2), '無い課', null, 3, null], // 7: unknown 課
      [fy, '2-(1)', on(5, 2), null, null, 3, null], // 8: KPI-tracked
      [fy, '3-(2)', on(5, 3), a.section, null, '三人', null], // 9: bad count
      [fy, '3-(2)', on(5, 4), a.section, null, 3, null], // 10
      [fy, '3-(2)', on(5, 4), a.section, null, 4, null], // 11: same record as row 10
      [fy, '4-(3)', on(5, 5), null, null, 3, null], // 12: fine on its own
    ]);
    const { problems } = await expectRejected(ctx, 'measures', file);
    expectLocated(problems, sheet);
    expect(problemAt(problems, 2, '取組み番号').message).toContain('取組み番号「9-(9)」の取組みはありません');
    expect(problemAt(problems, 3, '課').message).toContain('課ごとの取組みです');
    expect(problemAt(problems, 4, '担当').message).toContain('担当ごとの取組みです');
    expect(problemAt(problems, 5, '担当').message).toContain(`は${a.section}にありません`);
    expect(problemAt(problems, 6, '実施日').message).toContain(
      `${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません`,
    );
    expect(problemAt(problems, 7, '課').message).toContain('課「無い課」はありません');
    expect(problemAt(problems, 8, '取組み番号').message).toContain('指標');
    expect(problemAt(problems, 9, '参加者数').message).toContain('0以上100000以下の整数');
    expect(problemAt(problems, 10, '実施日').message).toContain('11行目にもあります');
    expect(problemAt(problems, 11, '実施日').message).toContain('10行目と重複しています');
    expect(problems.some((p) => p.row === 12)).toBe(false);
    expect(problemAt(problems, 5, '担当').column).toBe('E');
    expect(state(d)).toBe(s);
  });

  it('exports the year in the import layout; the export re-imports as unchanged', async () => {
    const ctx = await freshAdmin();
    const d = db(ctx);
    const n = (d.prepare('SELECT count(*) AS n FROM measure_records WHERE fy = ?').get(fy - 1) as { n: number }).n;
    expect(n).toBeGreaterThan(30);
    const file = await exportFile(ctx, 'measures', fy - 1);
    const ws = (await loadXlsx(file)).getWorksheet(sheet)!;
    expect(sheetValues(ws)[0]).toEqual([...header, '（参考）取組み名']);
    expect(ws.rowCount).toBe(n + 1);
    const s = state(d);
    const p = await previewOk(ctx, 'measures', file);
    expect(p.problems).toEqual([]);
    expect(p.changes).toEqual([]);
    expect(p.counts).toEqual({ total: n, inserted: 0, updated: 0, unchanged: n, errors: 0 });
    expect(
      failure(await callApi(ctx, 'excel:export', { kind: 'measures', fy: 1900 } as never), 'VALIDATION'),
    ).toBeTruthy();
    expect(state(d)).toBe(s);
  });
});

describe('kaname import measures', () => {
  it('previews with --dry-run, then imports; a bad file exits 1 with located errors', async () => {
    const dbPath = await demoCopy(dir);
    const env = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };
    const good = path.join(dir, 'records.xlsx');
    fs.writeFileSync(good, await recordsBook([[fy, '4-(2)', on(6, 6), null, null, 11, 'ランチミーティング']]));
    const dry = await runKaname(['import', 'measures', good, '--db', dbPath, '--dry-run', '--json'], env);
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dryRun: true, kind: 'measures', inserted: 1, errors: [] });
    const run = await runKaname(['import', 'measures', good, '--db', dbPath, '--json'], env);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, dryRun: false, kind: 'measures', inserted: 1 });
    const stored = await withRawDb(dbPath, 'admin', demoPass, (d) =>
      d.prepare("SELECT participants, source FROM measure_records WHERE note = 'ランチミーティング'").all(),
    );
    expect(stored).toEqual([{ participants: 11, source: 'import' }]);

    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, await recordsBook([[fy, '3-(2)', on(6, 7), null, null, 1, null]]));
    const refused = await runKaname(['import', 'measures', bad, '--db', dbPath, '--json'], env);
    expect(refused.status).toBe(1);
    const report = JSON.parse(refused.stdout) as {
      errors: { sheet: string; row: number; column: string; message: string }[];
    };
    expect(report.errors[0]).toMatchObject({ sheet, row: 2, column: 'D' });
    expect(report.errors[0]!.message).toContain('課ごとの取組みです');
  });
});
