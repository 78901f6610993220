import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import type { FillForm, FillWorkbook } from '../../shared/evaluator-fill';
import { checkFillForm, fillProgress } from '../../shared/evaluator-fill';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Result } from '../../shared/result';
import { commitForms, sheetOf, textOf, unwrap } from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx, toBuffer, workbookWith } from '../helpers/xlsx';

/**
 * The evaluator's side of the evaluator workbook, on a real demo copy: HR exports the kakaricho's
 * workbook; on another machine with no office database (a bare AppContext, no login) the
 * evaluator opens it, fills it on screen and saves it; HR imports the saved file. The file keeps its
 * protection and its record, and only the open cells change.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-evaluator-fill-');
const opened: AppContext[] = [];

afterAll(() => {
  for (const c of opened) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function fail<T>(r: Result<T>): { code: string; message: string } {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('filling an evaluator workbook in Kaname', () => {
  let admin: AppContext;
  let away: AppContext;
  let subjectNo: string;
  let exported: Buffer;
  let kakarichoNo: string;
  const exportNow = async () =>
    Buffer.from(
      unwrap(await callApi(admin, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo: kakarichoNo })).data,
      'base64',
    );

  beforeAll(async () => {
    const dbPath = await demoCopy(dir);
    admin = await loggedIn(dbPath, 'admin', demoPass);
    opened.push(admin);
    const db = admin.office!.db;
    kakarichoNo = (
      db
        .prepare(
          `SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'`,
        )
        .get() as { no: string }
    ).no;
    subjectNo = (
      db
        .prepare(
          `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id
           JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
           WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')`,
        )
        .get(fy) as { no: string }
    ).no;
    exported = await exportNow();
    // The evaluator's own machine: no office database at all, nobody logged in.
    away = new AppContext(path.join(dir, 'elsewhere', 'kaname.db'));
  });

  const open = async (file: Buffer): Promise<FillWorkbook> =>
    unwrap(await callApi(away, 'fill:open', { fileName: '人事考課票.xlsx', data: file.toString('base64') }));
  const subjectForm = (wb: FillWorkbook): FillForm => {
    const f = wb.forms.find((x) => x.staffNo === subjectNo);
    if (!f) throw new Error('subject form missing');
    return f;
  };

  /** The values a 1次 enters: every goal at its default (or B), with a comment; ratings 4; 所見. */
  function filled(form: FillForm): Record<string, string> {
    const values: Record<string, string> = {};
    for (const c of form.cells) {
      const f = c.field;
      if (!f) continue;
      if (f.kind === 'rating') values[f.key] = '4';
      else if (f.kind === 'level') values[f.key] = form.rules.find((r) => r.levelKey === f.key)?.defaultLevel ?? 'B';
      else if (f.key === 'comment') values[f.key] = '年間を通じて着実に取り組んだ。\n次年度も期待する。';
      else if (f.key.endsWith('.comment')) values[f.key] = `${f.label}：計画どおり`;
    }
    return values;
  }

  it('opens with no office and no login: the forms, their fields, choices, defaults and the evaluator', async () => {
    expect(away.office).toBeNull();
    const wb = await open(exported);
    expect(wb.fy).toBe(fy);
    expect(wb.evaluatorName).not.toBe('');
    expect(wb.forms.length).toBeGreaterThan(0);
    const form = subjectForm(wb);
    expect(form.role).toBe('first');
    const levels = form.cells.filter((c) => c.field?.kind === 'level');
    expect(levels.length).toBe(form.rules.length);
    expect(levels[0]!.field!.choices).toEqual(['S', 'A', 'B', 'C', 'D']);
    const ratings = form.cells.filter((c) => c.field?.kind === 'rating');
    expect(ratings.length).toBeGreaterThanOrEqual(6);
    // The 1次 level starts from its default, as in the sheet.
    for (const r of form.rules) if (r.defaultLevel) expect(form.values[r.levelKey]).toBe(r.defaultLevel);
    // Locked context is there to read: the person's number and the self-evaluation.
    expect(form.cells.some((c) => c.style === 'value' && c.text === subjectNo)).toBe(true);
    expect(form.cells.some((c) => c.style === 'label' && c.text === '自己評価')).toBe(true);
    expect(fillProgress(form, form.values).filled).toBeLessThan(fillProgress(form, form.values).total);
  });

  it('saves the same workbook with only the open cells written; HR imports it and the values are on the appraisal', async () => {
    const form = subjectForm(await open(exported));
    const values = filled(form);
    expect(checkFillForm(form, values)).toEqual([]);
    const saved = unwrap(
      await callApi(away, 'fill:write', {
        fileName: '人事考課票.xlsx',
        data: exported.toString('base64'),
        entries: [{ sheetName: form.sheetName, values }],
      }),
    );
    expect(saved.fileName).toBe('人事考課票.xlsx');
    const file = Buffer.from(saved.data, 'base64');

    // Still protected, the record still very hidden, the open cells still open, nothing live.
    const wb = await loadXlsx(file);
    expect(wb.getWorksheet('_kaname')?.state).toBe('veryHidden');
    for (const ws of wb.worksheets.filter((w) => w.name !== '_kaname')) {
      expect((ws as unknown as { sheetProtection: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    }
    const ws = sheetOf(wb, subjectNo);
    const commentCell = form.cells.find((c) => c.field?.key === 'comment')!;
    const cell = ws.getCell(commentCell.row, commentCell.col);
    expect(textOf(cell)).toBe('年間を通じて着実に取り組んだ。\n次年度も期待する。');
    expect(cell.protection?.locked).toBe(false);
    const rating = form.cells.find((c) => c.field?.kind === 'rating')!;
    expect(ws.getCell(rating.row, rating.col).value).toBe(4);
    expect(ws.getCell(rating.row, rating.col).dataValidation).toMatchObject({ type: 'list' });

    // Opened again, it shows what was saved: a draft can be continued later.
    const again = subjectForm(await open(file));
    expect(again.values).toEqual({ ...form.values, ...values });

    // HR's import accepts it as if it had been filled in Excel.
    const preview = unwrap(
      await callApi(admin, 'import:preview', { kind: 'appraisals', fileName: 'back.xlsx', data: saved.data }),
    );
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toMatchObject({ updated: 1, errors: 0 });
    await commitForms(admin, preview.token);
    const view = unwrap(await callApi(admin, 'appraisal:get', { fy, staffNo: subjectNo }));
    expect(view.status).toBe('自己評価済');
    expect(view.ratings.every((r) => r.first === 4)).toBe(true);
    expect(view.comments.first).toBe('年間を通じて着実に取り組んだ。\n次年度も期待する。');
    expect(view.goals.map((g) => g.first.level)).toEqual(view.goals.map((g) => g.firstDefault?.level ?? 'B'));
  });

  it('checks as the import does: a departure from the default needs a reason; a draft may be saved without it, HR’s import refuses it', async () => {
    // The earlier test's import moved the appraisal's version: a fresh export, as HR would send.
    const fresh = await exportNow();
    const form = subjectForm(await open(fresh));
    const rule = form.rules.find((r) => r.defaultLevel !== null) ?? form.rules[0]!;
    const other = rule.defaultLevel === 'D' ? 'C' : 'D';
    const values = { ...filled(form), [rule.levelKey]: other, [rule.reasonKey]: '' };
    const problems = checkFillForm(form, values);
    if (rule.defaultLevel !== null) {
      expect(problems).toEqual([expect.objectContaining({ key: rule.reasonKey, missingReason: true })]);
      expect(problems[0]!.message).toMatch(new RegExp(`目標${rule.goal + 1}: .*理由を入力してください`, 'u'));
    }
    const saved = unwrap(
      await callApi(away, 'fill:write', {
        fileName: 'x.xlsx',
        data: fresh.toString('base64'),
        entries: [{ sheetName: form.sheetName, values }],
      }),
    );
    expect(checkFillForm(form, { ...values, [rule.reasonKey]: '地域での活動を重く見た' })).toEqual([]);
    const preview = unwrap(
      await callApi(admin, 'import:preview', { kind: 'appraisals', fileName: 'back.xlsx', data: saved.data }),
    );
    if (rule.defaultLevel !== null) {
      expect(preview.counts.errors).toBe(1);
      expect(preview.problems.map((p) => p.message).join('\n')).toMatch(/理由を入力してください/u);
    } else {
      expect(preview.counts.errors).toBe(0);
    }
  });

  it('refuses a value the import would refuse, an unknown field and another sheet, naming the sheet and field', async () => {
    const form = subjectForm(await open(exported));
    const write = (values: Record<string, string>, sheetName = form.sheetName) =>
      callApi(away, 'fill:write', {
        fileName: 'x.xlsx',
        data: exported.toString('base64'),
        entries: [{ sheetName, values }],
      });
    const level = form.cells.find((c) => c.field?.kind === 'level')!.field!;
    const bad = fail(await write({ [level.key]: 'E' }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain(`シート「${form.sheetName}」`);
    expect(bad.message).toContain(level.label);
    const rating = form.cells.find((c) => c.field?.kind === 'rating')!.field!;
    expect(fail(await write({ [rating.key]: '6' })).message).toContain('1〜5の整数');
    const long = fail(await write({ comment: 'あ'.repeat(2001) }));
    expect(long.message).toContain('2000文字以内');
    expect(fail(await write({ zz: 'x' })).message).toContain('記入欄「zz」はありません');
    expect(fail(await write({}, 'よそのシート')).message).toContain('この記入用ブックの様式ではありません');
    // A locked cell cannot be addressed at all: keys are field keys, never addresses.
    expect(fail(await write({ B3: '999' })).code).toBe('VALIDATION');
  });

  it('refuses a file that is not an evaluator workbook, and an older export without the description', async () => {
    const plain = await workbookWith([{ name: '表彰', header: ['年度'], rows: [[2025]] }]);
    const notOurs = fail(await callApi(away, 'fill:open', { fileName: 'a.xlsx', data: plain.toString('base64') }));
    expect(notOurs.message).toContain('評価者用の記入用ブック');
    const old = await loadXlsx(exported);
    old.getWorksheet('_kaname')!.getCell('B1').value = null;
    const oldFile = await toBuffer(old);
    const tooOld = fail(await callApi(away, 'fill:open', { fileName: 'b.xlsx', data: oldFile.toString('base64') }));
    expect(tooOld.message).toContain('古い版');
    const garbage = fail(
      await callApi(away, 'fill:open', { fileName: 'c.xlsx', data: Buffer.from('not a zip').toString('base64') }),
    );
    expect(garbage.code).toBe('VALIDATION');
  });
});
