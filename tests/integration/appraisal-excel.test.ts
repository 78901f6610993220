import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { AppraisalView } from '../../shared/contract';
import type { ImportPreview, Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Result } from '../../shared/result';
import { commitForms, setSelfReport, sheetOf, textOf, unwrap } from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, toBuffer } from '../helpers/xlsx';

/**
 * The appraisal's Excel on real encrypted demo copies: the print exports (人事考課票, 状況一覧, the
 * ranking, the distribution, the 開示 sheet) and the evaluator workbook round trip for the demo's
 * kakaricho (the 1次 of a member at 自己評価済), with every rejection.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-appraisal-excel-');
const secret = { health: '通院中につき配慮を要する（機密HEALTH）', family: '親の介護のため配慮を要する（機密FAMILY）' };
const opened: AppContext[] = [];

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function office() {
  const dbPath = await demoCopy(dir);
  const admin = await loggedIn(dbPath, 'admin', demoPass);
  const jinji = await loggedIn(dbPath, 'jinji', demoPass);
  const kucho = await loggedIn(dbPath, 'kucho', demoPass);
  opened.push(admin, jinji, kucho);
  const db = admin.office!.db;
  const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
  const kakarichoNo = one<{ no: string }>(
    `SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'`,
  ).no;
  const subjectNo = one<{ no: string }>(
    `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id
     JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
     WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')`,
    fy,
  ).no;
  for (const no of (db.prepare('SELECT staff_no AS no FROM staff').all() as { no: string }[]).map((r) => r.no)) {
    setSelfReport(db, fy, no, secret);
  }
  return { admin, jinji, kucho, db, kakarichoNo, subjectNo };
}

async function download(ctx: AppContext, req: Input<'appraisal:export'>): Promise<Buffer> {
  return Buffer.from(unwrap(await callApi(ctx, 'appraisal:export', req)).data, 'base64');
}

/** Every value of every sheet (hidden ones too), as text. */
function allText(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(ws.name);
    ws.eachRow((row) => row.eachCell((c) => out.push(textOf(c))));
  });
  return out.join('\n');
}

function noLiveCells(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value as unknown;
        expect(typeof v === 'object' && v !== null && ('formula' in v || 'hyperlink' in v), c.address).toBe(false);
      }),
    ),
  );
}

function staffNames(db: Db): Map<string, string> {
  return new Map(
    (db.prepare('SELECT staff_no AS no, name FROM staff').all() as { no: string; name: string }[]).map((r) => [
      r.no,
      r.name,
    ]),
  );
}

function rowOf(ws: ExcelJS.Worksheet, col: number, text: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (textOf(ws.getCell(r, col)).split('\n')[0] === text) return r;
  throw new Error(`${text} not found in column ${col}`);
}

/** The value cell of a label inside a goal's block (the block starts at its section heading). */
function goalCell(ws: ExcelJS.Worksheet, goalNo: number, label: string): ExcelJS.Cell {
  let start = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (textOf(ws.getCell(r, 1)).startsWith(`目標${goalNo}　`)) {
      start = r;
      break;
    }
  }
  expect(start).toBeGreaterThan(0);
  for (let r = start + 1; r <= ws.rowCount; r++) {
    for (const c of [1, 3]) if (textOf(ws.getCell(r, c)) === label) return ws.getCell(r, c + 1);
  }
  throw new Error(`${label} not found in goal ${goalNo}`);
}

function previewAppraisals(ctx: AppContext, file: Buffer): Promise<Result<ImportPreview>> {
  return callApi(ctx, 'import:preview', {
    kind: 'appraisals',
    fileName: 'appraisals.xlsx',
    data: file.toString('base64'),
  });
}

function ok<T>(r: Result<T>): T {
  return unwrap(r);
}

describe('appraisal exports', () => {
  let o: Awaited<ReturnType<typeof office>>;
  beforeAll(async () => {
    o = await office();
  });

  it('人事考課票: one print-ready sheet per person with goals, stages, competency, scores; no self-report secrets', async () => {
    const view = ok(await callApi(o.admin, 'appraisal:get', { fy, staffNo: o.subjectNo }));
    const wb = await loadXlsx(await download(o.admin, { fy, what: 'forms', section: view.person.section ?? '' }));
    expect(wb.worksheets.length).toBeGreaterThan(1);
    const ws = sheetOf(wb, o.subjectNo);
    expect(textOf(ws.getCell('A1'))).toMatch(/^令和\d+年度 人事考課票$/u);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
    expect(ws.headerFooter.oddFooter).toContain('取扱注意');
    const text = allText(wb);
    expect(text).toContain(view.goals[0]!.title);
    expect(text).toContain('能力評価（1〜5）');
    expect(text).toContain('絶対評価点');
    for (const r of view.ratings) expect(text).toContain(r.item);
    expect(text).not.toContain('機密HEALTH');
    expect(text).not.toContain('機密FAMILY');
    noLiveCells(wb);
  });

  it('状況一覧 and the distribution name no one; personnel may take them but not per-person forms', async () => {
    const names = [...staffNames(o.db).values()];
    for (const what of ['status', 'distribution'] as const) {
      const wb = await loadXlsx(await download(o.jinji, { fy, what }));
      const text = allText(wb);
      expect(text).toContain('課長代理級');
      expect(text).toContain('第1区分');
      for (const n of names) expect(text, `${what} names ${n}`).not.toContain(n);
      expect(wb.worksheets[0]!.headerFooter.oddFooter).toContain('取扱注意');
      noLiveCells(wb);
    }
    const status = await loadXlsx(await download(o.admin, { fy, what: 'status' }));
    expect(allText(status)).toContain('自己評価済');
    // The named ranking follows the ranking screen's rule, which the personnel office reads (docs/access.md).
    for (const what of ['forms', 'disclosure', 'evaluator'] as const) {
      const r = await callApi(o.jinji, 'appraisal:export', { fy, what, evaluatorNo: o.kakarichoNo });
      expect(!r.ok && r.error.code, what).toBe('FORBIDDEN');
    }
  });

  it('ranking: quotas against the result at the top, then every ranked person with the tie flagged', async () => {
    const ranking = ok(await callApi(o.admin, 'appraisal:ranking', { fy, population: '課長代理級' })).result!;
    const wb = await loadXlsx(await download(o.admin, { fy, what: 'ranking', population: '課長代理級' }));
    const ws = wb.getWorksheet('課長代理級')!;
    expect(ws.headerFooter.oddFooter).toContain('取扱注意');
    const quotaHead = rowOf(ws, 1, '区分');
    expect(textOf(ws.getCell(quotaHead + 1, 1))).toBe('第1区分');
    expect(ws.getCell(quotaHead + 1, 3).value).toBe(ranking.figures[0]!.quota);
    const head = rowOf(ws, 1, '順位');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: head });
    const rows: string[] = [];
    for (let r = head + 1; r <= ws.rowCount; r++) rows.push(textOf(ws.getCell(r, 2)));
    expect(rows).toEqual(ranking.rows.map((x) => x.staffNo));
    const tied = ranking.rows.filter((x) => x.tie).map((x) => x.staffNo);
    expect(tied.length).toBeGreaterThan(0);
    for (let r = head + 1; r <= ws.rowCount; r++) {
      const flagged = textOf(ws.getCell(r, 8)).startsWith('同点');
      expect(flagged).toBe(tied.includes(textOf(ws.getCell(r, 2))));
    }
    expect(allText(wb)).not.toContain('機密');
    noLiveCells(wb);
  });

  it('開示: only 確定 appraisals, each sheet holds the person’s own result and nobody else', async () => {
    const refused = await callApi(o.admin, 'appraisal:export', { fy, what: 'disclosure' });
    expect(!refused.ok && refused.error.code).toBe('NOT_FOUND');
    let view = ok(await callApi(o.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
    const [a, b] = view.result!.ties[0]!.ids as [string, string];
    ok(await callApi(o.kucho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: a, rankClass: 1 }));
    ok(await callApi(o.kucho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: b, rankClass: 2 }));
    view = ok(await callApi(o.kucho, 'appraisal:confirmRanking', { fy, population: '課長代理級' }));
    const wb = await loadXlsx(await download(o.admin, { fy, what: 'disclosure' }));
    expect(wb.worksheets).toHaveLength(view.result!.rows.length);
    const names = staffNames(o.db);
    for (const ws of wb.worksheets) {
      const no = ws.name.split(' ')[0]!;
      const mine: AppraisalView = ok(await callApi(o.admin, 'appraisal:get', { fy, staffNo: no }));
      const text = allText({ eachSheet: (f: (w: ExcelJS.Worksheet) => void) => f(ws) } as ExcelJS.Workbook);
      expect(text).toContain(mine.person.name);
      expect(text).toContain(`第${mine.rankClass}区分`);
      for (const [otherNo, name] of names) {
        if (otherNo === no) continue;
        expect(text, `${no}'s sheet names ${name}`).not.toContain(name);
        expect(text).not.toContain(otherNo);
      }
      expect(text).not.toContain('機密');
    }
    noLiveCells(wb);
  });
});

describe('evaluator workbook round trip', () => {
  let o: Awaited<ReturnType<typeof office>>;
  beforeAll(async () => {
    o = await office();
  });

  const exportFor = async () => download(o.admin, { fy, what: 'evaluator', evaluatorNo: o.kakarichoNo });
  const subjectView = async () => ok(await callApi(o.admin, 'appraisal:get', { fy, staffNo: o.subjectNo }));

  /** Fills the subject's sheet as the 1次 would: every goal at its default (or B), ratings, 所見. */
  function fill(wb: ExcelJS.Workbook, view: AppraisalView, rating: string | number = 4): ExcelJS.Worksheet {
    const ws = sheetOf(wb, o.subjectNo);
    view.goals.forEach((g, i) => {
      const cell = goalCell(ws, i + 1, '1次評価（評語）');
      cell.value = g.firstDefault?.level ?? 'B';
      goalCell(ws, i + 1, '1次コメント').value = `目標${i + 1}は計画どおり`;
    });
    for (const r of view.ratings) ws.getCell(rowOf(ws, 1, r.item), 4).value = rating;
    ws.getCell(rowOf(ws, 1, '1次評価者の所見'), 2).value = '年間を通じて着実に取り組んだ';
    return ws;
  }

  async function preview(file: Buffer): Promise<ImportPreview> {
    return ok(await previewAppraisals(o.admin, file));
  }

  it('holds only the evaluator’s forms, their fields open with dropdowns, the default pre-filled, no secrets', async () => {
    const view = await subjectView();
    const wb = await loadXlsx(await exportFor());
    expect(wb.getWorksheet('_kaname')?.state).toBe('veryHidden');
    const ws = sheetOf(wb, o.subjectNo);
    expect(textOf(ws.getCell('A1'))).toContain('1次評価 記入用');
    const level = goalCell(ws, 1, '1次評価（評語）');
    expect(level.protection?.locked).toBe(false);
    expect(level.dataValidation).toMatchObject({ type: 'list', formulae: ['"S,A,B,C,D"'] });
    const withDefault = view.goals.findIndex((g) => g.firstDefault !== null);
    if (withDefault >= 0) {
      expect(textOf(goalCell(ws, withDefault + 1, '1次評価（評語）'))).toBe(
        view.goals[withDefault]!.firstDefault!.level,
      );
    }
    const rating = ws.getCell(rowOf(ws, 1, view.ratings[0]!.item), 4);
    expect(rating.protection?.locked).toBe(false);
    expect(rating.dataValidation).toMatchObject({ type: 'list', formulae: ['"1,2,3,4,5"'] });
    expect(ws.getCell('B3').protection?.locked).not.toBe(false);
    expect((ws as unknown as { sheetProtection: unknown }).sheetProtection).toBeTruthy();
    // Every sheet is an appraisal the evaluator writes now.
    for (const sheet of wb.worksheets.filter((w) => w.name !== '_kaname')) {
      const no = sheet.name.split(' ')[0]!;
      const v = ok(await callApi(o.admin, 'appraisal:get', { fy, staffNo: no }));
      expect(['自己評価済', '1次評価済', '未着手']).toContain(v.status);
    }
    const text = allText(wb);
    expect(text).not.toContain('機密');
    noLiveCells(wb);
  });

  it('a filled workbook imports: the levels, ratings and 所見 appear on the appraisal, saved not submitted', async () => {
    const view = await subjectView();
    const file = await toBuffer(fill(await loadXlsx(await exportFor()), view).workbook);
    const p = await preview(file);
    // The preview names the workbook, not a sentence (issue 16: the note on submitting is shown apart).
    expect(p.sheet).toContain('人事考課票');
    expect(p.sheet).not.toContain('提出は');
    expect(p.problems).toEqual([]);
    expect(p.counts).toMatchObject({ updated: 1, errors: 0 });
    const r = await commitForms(o.admin, p.token);
    expect(r.updated).toBe(1);
    const after = await subjectView();
    expect(after.status).toBe('自己評価済');
    expect(after.version).toBe(view.version + 1);
    expect(after.goals.map((g) => g.first.level)).toEqual(view.goals.map((g) => g.firstDefault?.level ?? 'B'));
    expect(after.ratings.every((x) => x.first === 4)).toBe(true);
    expect(after.comments.first).toBe('年間を通じて着実に取り組んだ');
    const audit = o.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'appraisal.import' AND entity_id = ?")
      .get(`${fy}:${o.subjectNo}`) as { n: number };
    expect(audit.n).toBe(1);
    // The same file again: it holds what Kaname holds now, so there is nothing to take — unchanged, not stale.
    const again = await preview(file);
    expect(again.problems).toEqual([]);
    expect(again.counts).toMatchObject({ updated: 0, errors: 0, unchanged: 1 });
  });

  it('rejects changed locked cells, out-of-range values and a departure without a reason, each at its cell', async () => {
    const view = await subjectView();
    const base = await exportFor();

    const locked = await loadXlsx(base);
    fill(locked, view).getCell('B4').value = '別の所属';
    let p = await preview(await toBuffer(locked));
    expect(p.counts.errors).toBe(1);
    expect(p.problems[0]).toMatchObject({ row: 4, column: 'B' });
    expect(p.problems[0]!.message).toMatch(/ロック/u);

    const range = await loadXlsx(base);
    const ws = fill(range, view, 7);
    goalCell(ws, 1, '1次評価（評語）').value = 'X';
    p = await preview(await toBuffer(range));
    expect(p.counts.errors).toBe(1);
    expect(p.problems.some((x) => /S・A・B・C・D/u.test(x.message) && x.column === 'B')).toBe(true);
    expect(p.problems.filter((x) => /1〜5の整数/u.test(x.message))).toHaveLength(view.ratings.length);

    const withDefault = view.goals.findIndex((g) => g.firstDefault !== null);
    expect(withDefault).toBeGreaterThanOrEqual(0);
    const depart = await loadXlsx(base);
    const w2 = fill(depart, view);
    const d = view.goals[withDefault]!.firstDefault!.level;
    goalCell(w2, withDefault + 1, '1次評価（評語）').value = d === 'C' ? 'B' : 'C';
    p = await preview(await toBuffer(depart));
    expect(p.counts.errors).toBe(1);
    const reasonCell = goalCell(w2, withDefault + 1, '既定と異なる場合の理由');
    expect(p.problems[0]).toMatchObject({ row: Number(reasonCell.row), column: 'B' });
    expect(p.problems[0]!.message).toMatch(/理由を入力してください/u);
    goalCell(w2, withDefault + 1, '既定と異なる場合の理由').value = '年度後半の取組を踏まえた';
    p = await preview(await toBuffer(depart));
    expect(p.counts).toMatchObject({ errors: 0, updated: 1 });
    // Nothing was written by the previews.
    expect((await subjectView()).version).toBe(view.version);
  });

  it('rejects a stale form and a form whose 1次 changed after the export; the others still commit', async () => {
    const view = await subjectView();
    const wb = await loadXlsx(await exportFor());
    fill(wb, view);
    const others = wb.worksheets.filter((w) => w.name !== '_kaname' && !w.name.startsWith(`${o.subjectNo} `));
    // A sheet someone added is not the evaluator's either.
    const extra = wb.addWorksheet('追加');
    extra.getCell('B3').value = o.subjectNo;
    extra.getCell('A1').value = 'x';
    // Someone changes the appraisal in Kaname after the export (the 1次 saves a comment in the app).
    const kakaricho = await loggedIn(o.admin.dbPath, 'kakaricho', demoPass);
    opened.push(kakaricho);
    ok(
      await callApi(kakaricho, 'appraisal:save', {
        fy,
        staffNo: o.subjectNo,
        version: view.version,
        comment: '画面で入力',
      }),
    );
    let p = await preview(await toBuffer(wb));
    const subjectProblems = p.problems.filter((x) => x.sheet.startsWith(`${o.subjectNo} `));
    expect(subjectProblems[0]!.message).toMatch(/出力後に更新されています/u);
    expect(p.problems.some((x) => x.sheet === '追加' && /対象者のものではありません/u.test(x.message))).toBe(true);

    // A fresh export, then HR moves the person to another 1次.
    const fresh = await loadXlsx(await exportFor());
    fill(fresh, await subjectView());
    const other = o.db
      .prepare(
        `SELECT id FROM staff WHERE position IN ('係長', '課長代理') AND active = 1
         AND id <> (SELECT staff_id FROM accounts WHERE login = 'kakaricho') ORDER BY staff_no LIMIT 1`,
      )
      .get() as { id: number };
    o.db
      .prepare(
        `UPDATE evaluator_assignments SET first_id = ? WHERE fy = ? AND effective_to IS NULL
         AND staff_id = (SELECT id FROM staff WHERE staff_no = ?)`,
      )
      .run(other.id, fy, o.subjectNo);
    p = await preview(await toBuffer(fresh));
    const notMine = p.problems.filter((x) => x.sheet.startsWith(`${o.subjectNo} `));
    expect(notMine).toHaveLength(1);
    expect(notMine[0]!.message).toMatch(/記入する段階ではありません/u);
    expect(p.counts.errors).toBe(1);
    expect(p.counts.total).toBe(1 + others.length);
    const r = await commitForms(o.admin, p.token);
    expect(r.errors).toBe(1);
    expect((await subjectView()).comments.first).toBe('画面で入力');
  });

  it('refuses a file that is not an evaluator workbook, and an MBO workbook given as appraisals', async () => {
    const mbo = Buffer.from(
      unwrap(await callApi(o.admin, 'forms:export', { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: o.subjectNo }))
        .data,
      'base64',
    );
    const r = await previewAppraisals(o.admin, mbo);
    expect(!r.ok && r.error.message).toMatch(/目標管理シートの記入用ブックです/u);
    const none = await callApi(o.admin, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo: o.subjectNo });
    expect(!none.ok && none.error.code).toBe('NOT_FOUND');
  });
});
