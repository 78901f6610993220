import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { AppraisalView } from '../../shared/contract';
import type { FillWorkbook } from '../../shared/evaluator-fill';
import type { ImportPreview, WorkbookKind } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import {
  busySection,
  cellBeside,
  commitForms,
  edited,
  exportForms,
  goal,
  setMbo,
  setSelfReport,
  sheetOf,
  textOf,
  unwrap,
} from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, toBuffer } from '../helpers/xlsx';

/**
 * Importing a workbook that holds nothing new, on real demo copies: an evaluator workbook nobody
 * touched (in Excel, or saved back from the evaluator's Kaname with no edits), and any workbook
 * imported a second time right after its own commit. Each is "unchanged" and writes nothing — the
 * 1次's pre-filled default level (the cross-section rating or the zero-incident proposal) is what
 * the export wrote, not a rating the evaluator gave. A form changed in Kaname since the export is
 * still refused when the workbook would overwrite it.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-workbook-reimport-');
const opened: AppContext[] = [];
const staleText = /Kaname上で出力後に更新されています/u;

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let admin: AppContext;
let db: Db;

beforeEach(async () => {
  admin = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  opened.push(admin);
  db = admin.office!.db;
});

const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;

function kakarichoNo(): string {
  return one<{ no: string }>(
    `SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'`,
  ).no;
}

/** The kakaricho's 1次 subject at 自己評価済 (the demo's evaluator workbook case). */
function subjectNo(): string {
  return one<{ no: string }>(
    `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id
     JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
     WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')
     ORDER BY s.staff_no`,
    fy,
  ).no;
}

/** Makes the subject's first goal without a default a 正確性重視 goal with no incidents: the proposal A. */
function addProposal(staffNo: string): void {
  const goalId = one<{ id: number } | undefined>(
    `SELECT g.id FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id JOIN staff s ON s.id = m.staff_id
     WHERE m.fy = ? AND s.staff_no = ? AND g.first_level IS NULL
       AND NOT EXISTS (SELECT 1 FROM cross_ratings c WHERE c.goal_id = g.id AND c.level IS NOT NULL)
     ORDER BY g.position LIMIT 1`,
    fy,
    staffNo,
  )?.id;
  expect(goalId).toBeDefined();
  db.prepare(`UPDATE mbo_goals SET type = '正確性重視', incidents = 0 WHERE id = ?`).run(goalId);
}

/** Everything an appraisal import could write, as one comparable snapshot. */
function appraisalData(): string {
  return JSON.stringify(
    ['appraisals', 'appraisal_ratings', 'mbo_sheets', 'mbo_goals', 'cross_ratings'].map((t) =>
      db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
    ),
  );
}

function auditSince(id: number): string[] {
  return (db.prepare('SELECT action FROM audit_log WHERE id > ? ORDER BY id').all(id) as { action: string }[]).map(
    (r) => r.action,
  );
}

const lastAuditId = () => one<{ id: number | null }>('SELECT max(id) AS id FROM audit_log').id ?? 0;

async function exportEvaluator(evaluatorNo: string): Promise<Buffer | null> {
  const r = await callApi(admin, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo });
  if (!r.ok && r.error.code === 'NOT_FOUND') return null;
  return Buffer.from(unwrap(r).data, 'base64');
}

async function preview(kind: WorkbookKind, file: Buffer): Promise<ImportPreview> {
  return unwrap(
    await callApi(admin, 'import:preview', { kind, fileName: `${kind}.xlsx`, data: file.toString('base64') }),
  );
}

const view = async (staffNo: string): Promise<AppraisalView> =>
  unwrap(await callApi(admin, 'appraisal:get', { fy, staffNo }));

/** Previews the file (expecting every form unchanged), commits it, and checks nothing but the import was recorded. */
async function expectNothingTaken(kind: WorkbookKind, file: Buffer, before = appraisalData): Promise<void> {
  const p = await preview(kind, file);
  expect(p.problems).toEqual([]);
  expect(p.counts).toMatchObject({ inserted: 0, updated: 0, errors: 0, unchanged: p.counts.total });
  expect(p.changes.every((c) => c.status === 'unchanged' && c.diffs.length === 0)).toBe(true);
  const data = before();
  const audit = lastAuditId();
  const r = await commitForms(admin, p.token);
  expect(r).toMatchObject({ inserted: 0, updated: 0, errors: 0 });
  expect(before()).toBe(data);
  expect(auditSince(audit)).toEqual(['import.commit']);
}

function rowOf(ws: ExcelJS.Worksheet, col: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (textOf(ws.getCell(r, col)).split('\n')[0] === text) return r;
  throw new Error(`${text} not found in column ${col}`);
}

function goalStart(ws: ExcelJS.Worksheet, goalNo: number): number {
  for (let r = 1; r <= ws.rowCount; r++) if (textOf(ws.getCell(r, 1)).startsWith(`目標${goalNo}　`)) return r;
  throw new Error(`goal ${goalNo} not found`);
}

function levelCell(ws: ExcelJS.Worksheet, goalNo: number): ExcelJS.Cell {
  const start = goalStart(ws, goalNo);
  for (let r = start + 1; r <= ws.rowCount; r++) {
    if (textOf(ws.getCell(r, 1)) === '1次評価（評語）') return ws.getCell(r, 2);
  }
  throw new Error(`no 1次 level in goal ${goalNo}`);
}

/** Fills the subject's sheet as a 1次 would in Excel: levels left as pre-filled (B where none), ratings, 所見. */
function fill(ws: ExcelJS.Worksheet, v: AppraisalView): void {
  v.goals.forEach((g, i) => {
    if (g.firstDefault === null) levelCell(ws, i + 1).value = 'B';
  });
  for (const r of v.ratings) ws.getCell(rowOf(ws, 1, r.item), 4).value = 4;
  ws.getCell(rowOf(ws, 1, '1次評価者の所見'), 2).value = '年間を通じて着実に取り組んだ';
}

describe('an evaluator workbook nobody touched', () => {
  it('imports as all unchanged: the pre-filled cross-section default and zero-incident proposal are not ratings', async () => {
    const subject = subjectNo();
    addProposal(subject);
    const v = await view(subject);
    expect(v.goals.map((g) => g.firstDefault?.source ?? null)).toEqual(expect.arrayContaining(['cross', 'proposal']));
    expect(v.goals.every((g) => g.first.level === null)).toBe(true);
    const file = (await exportEvaluator(kakarichoNo()))!;
    // The sheet shows the defaults as the starting values...
    const ws = sheetOf(await loadXlsx(file), subject);
    v.goals.forEach((g, i) => {
      if (g.firstDefault) expect(textOf(levelCell(ws, i + 1))).toBe(g.firstDefault.level);
    });
    // ...and taking it back as it is changes nothing.
    await expectNothingTaken('appraisals', file);
    const after = await view(subject);
    expect(after.version).toBe(v.version);
    expect(after.goals.map((g) => g.first.level)).toEqual(v.goals.map(() => null));
  });

  it('every evaluator of the demo: an untouched workbook is all unchanged', async () => {
    const evaluators = (
      db
        .prepare(
          `SELECT first_id AS id FROM evaluator_assignments WHERE fy = @fy AND first_id IS NOT NULL
           UNION SELECT second_id FROM evaluator_assignments WHERE fy = @fy AND second_id IS NOT NULL
           UNION SELECT c.evaluator_id FROM cross_ratings c
           UNION SELECT staff_id FROM area_assignments WHERE fy = @fy AND role = 'リーダー'`,
        )
        .all({ fy }) as { id: number }[]
    ).map((r) => one<{ no: string }>('SELECT staff_no AS no FROM staff WHERE id = ?', r.id).no);
    let workbooks = 0;
    const roles = new Set<string>();
    for (const no of evaluators) {
      const file = await exportEvaluator(no);
      if (!file) continue;
      workbooks += 1;
      for (const ws of (await loadXlsx(file)).worksheets) roles.add(textOf(ws.getCell('A1')));
      const p = await preview('appraisals', file);
      expect(p.problems, no).toEqual([]);
      expect(p.counts.unchanged, no).toBe(p.counts.total);
    }
    expect(workbooks).toBeGreaterThan(1);
    expect([...roles].some((t) => t.includes('2次評価'))).toBe(true);
  });

  it('saved back from the evaluator’s Kaname with no edits, once or twice, it is still all unchanged', async () => {
    const subject = subjectNo();
    addProposal(subject);
    const file = (await exportEvaluator(kakarichoNo()))!;
    const away = new AppContext(path.join(dir, `away-${Date.now()}`, 'kaname.db'));
    const open = async (data: Buffer): Promise<FillWorkbook> =>
      unwrap(await callApi(away, 'fill:open', { fileName: 'x.xlsx', data: data.toString('base64') }));
    // What the fill screen sends on 保存: every form with the values it opened with.
    const save = async (data: Buffer): Promise<Buffer> => {
      const wb = await open(data);
      const saved = unwrap(
        await callApi(away, 'fill:write', {
          fileName: 'x.xlsx',
          data: data.toString('base64'),
          entries: wb.forms.map((f) => ({ sheetName: f.sheetName, values: f.values })),
        }),
      );
      return Buffer.from(saved.data, 'base64');
    };
    const once = await save(file);
    const form = (await open(once)).forms.find((f) => f.staffNo === subject)!;
    // Reopened, the defaults are still the starting values.
    for (const r of form.rules) if (r.defaultLevel) expect(form.values[r.levelKey]).toBe(r.defaultLevel);
    expect(form.rules.map((r) => r.source)).toEqual(expect.arrayContaining(['cross', 'proposal']));
    await expectNothingTaken('appraisals', once);
    await expectNothingTaken('appraisals', await save(once));
  });

  it('filled around the defaults, the defaults are taken with the rest (as the appraisal screen saves them)', async () => {
    const subject = subjectNo();
    const v = await view(subject);
    const wb = await loadXlsx((await exportEvaluator(kakarichoNo()))!);
    fill(sheetOf(wb, subject), v);
    const p = await preview('appraisals', await toBuffer(wb));
    expect(p.counts).toMatchObject({ updated: 1, errors: 0 });
    const withDefault = v.goals.findIndex((g) => g.firstDefault !== null);
    expect(p.changes[0]!.diffs).toContainEqual({
      field: `目標${withDefault + 1} 1次評価（評語）`,
      before: '',
      after: v.goals[withDefault]!.firstDefault!.level,
    });
    await commitForms(admin, p.token);
    expect((await view(subject)).goals.map((g) => g.first.level)).toEqual(
      v.goals.map((g) => g.firstDefault?.level ?? 'B'),
    );
  });
});

describe('a workbook imported again right after its own commit', () => {
  it('evaluator workbook: unchanged, not stale; a further edit to it is still refused as stale', async () => {
    const subject = subjectNo();
    const v = await view(subject);
    const wb = await loadXlsx((await exportEvaluator(kakarichoNo()))!);
    fill(sheetOf(wb, subject), v);
    const file = await toBuffer(wb);
    const first = await preview('appraisals', file);
    expect(first.counts).toMatchObject({ updated: 1, errors: 0 });
    expect((await commitForms(admin, first.token)).updated).toBe(1);
    expect((await view(subject)).version).toBe(v.version + 1);

    await expectNothingTaken('appraisals', file);

    // The same workbook with a value that differs from what is stored now: stale, refused.
    const more = await edited(file, (w) => {
      const ws = sheetOf(w, subject);
      ws.getCell(rowOf(ws, 1, '1次評価者の所見'), 2).value = '書き直した所見';
    });
    const p = await preview('appraisals', more);
    expect(p.counts.errors).toBe(1);
    expect(p.problems[0]!.message).toMatch(staleText);
    expect((await view(subject)).comments.first).toBe('年間を通じて着実に取り組んだ');
  });

  it('evaluator workbook changed in Kaname after the export: a workbook with other values is still refused', async () => {
    const subject = subjectNo();
    const v = await view(subject);
    const wb = await loadXlsx((await exportEvaluator(kakarichoNo()))!);
    fill(sheetOf(wb, subject), v);
    const kakaricho = await loggedIn(admin.dbPath, 'kakaricho', demoPass);
    opened.push(kakaricho);
    unwrap(
      await callApi(kakaricho, 'appraisal:save', { fy, staffNo: subject, version: v.version, comment: '画面で入力' }),
    );
    const p = await preview('appraisals', await toBuffer(wb));
    expect(p.counts.errors).toBe(1);
    expect(p.problems[0]!.message).toMatch(staleText);
    const data = appraisalData();
    await commitForms(admin, p.token);
    expect(appraisalData()).toBe(data);
    expect((await view(subject)).comments.first).toBe('画面で入力');
  });

  describe('staff workbooks', () => {
    let person: string;
    beforeEach(() => {
      db.prepare('DELETE FROM mbo_sheets WHERE fy = ?').run(fy);
      db.prepare('DELETE FROM self_reports WHERE fy = ?').run(fy);
      person = busySection(db).staffNos[0]!;
    });
    const mboData = () =>
      JSON.stringify([db.prepare('SELECT * FROM mbo_sheets').all(), db.prepare('SELECT * FROM mbo_goals').all()]);
    const selfReportData = () => JSON.stringify(db.prepare('SELECT * FROM self_reports').all());

    it('目標管理シート: unchanged after its own commit, not stale', async () => {
      setMbo(db, fy, person, [
        goal({ weight: 60 }),
        goal({ category: '地域担当目標', title: '地域を歩く', weight: 40 }),
      ]);
      const file = await exportForms(admin, { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: person });
      const filled = await edited(file, (wb) => {
        cellBeside(sheetOf(wb, person), '目標', '目標1').value = '窓口の待ち時間を10分短縮する';
        cellBeside(sheetOf(wb, person), '内容', '目標2').value = '月に2回、担当地域を歩く\n気づきを記録する';
      });
      const first = await preview('mbo', filled);
      expect(first.counts).toMatchObject({ updated: 1, errors: 0 });
      await commitForms(admin, first.token);
      await expectNothingTaken('mbo', filled, mboData);
    });

    it('自己申告書 (with the confidential sections): unchanged after its own commit, not stale', async () => {
      setSelfReport(db, fy, person, { fields: { duties: '窓口業務' } });
      const file = await exportForms(admin, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo: person });
      const filled = await edited(file, (wb) => {
        const ws = sheetOf(wb, person);
        cellBeside(ws, '現在の担当業務').value = '窓口業務と電話対応';
        cellBeside(ws, '業務量').value = '多い';
        cellBeside(ws, '希望する所属・職務（第1希望）').value = '企画課';
        cellBeside(ws, '健康状態').value = '定期通院あり';
      });
      const first = await preview('selfreports', filled);
      expect(first.counts).toMatchObject({ updated: 1, errors: 0 });
      await commitForms(admin, first.token);
      await expectNothingTaken('selfreports', filled, selfReportData);
    });

    it('a staff form changed in Kaname after the export: a workbook with other values is still refused', async () => {
      setMbo(db, fy, person, [goal({ weight: 60 }), goal({ category: '地域担当目標', weight: 40 })]);
      const file = await exportForms(admin, { kind: 'mbo', purpose: 'roundtrip', fy, staffNo: person });
      setMbo(db, fy, person, [goal({ weight: 30 }), goal({ category: '地域担当目標', weight: 70 })]);
      const changed = await edited(file, (wb) => {
        cellBeside(sheetOf(wb, person), '目標', '目標1').value = '新しい目標';
      });
      const p = await preview('mbo', changed);
      expect(p.changes).toEqual([expect.objectContaining({ key: person, status: 'error' })]);
      expect(p.problems[0]?.message).toMatch(staleText);
      // The values Kaname holds now, typed into that old workbook, are nothing to take: unchanged.
      const same = await edited(file, (wb) => {
        cellBeside(sheetOf(wb, person), 'ウェイト（%）', '目標1').value = 30;
        cellBeside(sheetOf(wb, person), 'ウェイト（%）', '目標2').value = 70;
      });
      await expectNothingTaken('mbo', same, mboData);
    });
  });
});
