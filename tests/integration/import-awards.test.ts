import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { ImportProblem } from '../../shared/contract';
import type { Cell, StaffDbRow } from '../fixtures/workbooks';
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
  sheetValues,
  staffRows,
  templateBook,
} from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/** The 表彰 sheet against the demo office, through the app's dispatcher, with files written as a user would. */

let dir: string;
const contexts: AppContext[] = [];
const fy = currentFy();
const header = ['年度', '表彰名', '区分', '授与日', '職員番号', 'グループ名', '推薦者', '決定', '決定日'];

beforeAll(() => {
  dir = tempDir('kaname-import-awards-');
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

function awardsBook(rows: Cell[][]): Promise<Buffer> {
  return book({ name: '表彰', rows: [header, ...rows] });
}

/** Awards and their recipients, hashed: what a refused import must leave alone. */
function awardState(d: Db): string {
  const rows = [
    d.prepare('SELECT * FROM awards ORDER BY id').all(),
    d.prepare('SELECT * FROM award_recipients ORDER BY award_id, staff_id').all(),
    d.prepare('SELECT count(*) AS n FROM import_log').get(),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Active 係員 who hold no award this year (the demo gives some of them one). */
function clerksWithoutAwards(d: Db, n: number): StaffDbRow[] {
  const holders = new Set(
    (
      d
        .prepare('SELECT r.staff_id AS id FROM award_recipients r JOIN awards a ON a.id = r.award_id WHERE a.fy = ?')
        .all(fy) as { id: number }[]
    ).map((r) => r.id),
  );
  return staffRows(d, "s.position = '係員' AND s.active = 1")
    .filter((s) => !holders.has(s.id))
    .slice(0, n);
}

function managers(d: Db): StaffDbRow[] {
  return staffRows(d, "s.grade_group = '課長代理級' AND s.active = 1");
}

async function rejected(ctx: AppContext, rows: Cell[][]): Promise<ImportProblem[]> {
  const before = awardState(db(ctx));
  const { problems } = await expectRejected(ctx, 'awards', await awardsBook(rows));
  expect(awardState(db(ctx))).toBe(before);
  expectLocated(problems, '表彰');
  return problems;
}

const on = (month: number, day: number) => {
  const y = month >= 4 ? fy : fy + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

describe('表彰の取り込み', () => {
  describe('accepted', () => {
    let ctx: AppContext;
    let clerks: StaffDbRow[];
    beforeAll(async () => {
      ctx = await freshAdmin();
      clerks = clerksWithoutAwards(db(ctx), 4);
      expect(clerks).toHaveLength(4);
    });

    it('imports a group award and a personal one, then the same file again as unchanged', async () => {
      const [a, b, c] = clerks as [StaffDbRow, StaffDbRow, StaffDbRow];
      const file = await awardsBook([
        // A group: three rows with the same 年度・表彰名・授与日・区分; dates and 年度 typed in different ways.
        [
          fy,
          '防災訓練の企画運営',
          '地域担当制の活用',
          excelDate(on(8, 20)),
          a.staffNo,
          '防災チーム',
          '区民協働課長',
          '決定',
          excelDate(on(9, 1)),
        ],
        [
          `令和${fy - 2018}年度`,
          '防災訓練の企画運営',
          '(1)地域担当制の活用',
          on(8, 20),
          b.staffNo,
          '防災チーム',
          '区民協働課長',
          null,
          null,
        ],
        [
          fy,
          '防災訓練の企画運営',
          '地域担当制の活用',
          `${fy}/8/20`,
          c.staffNo,
          null,
          '区民協働課長',
          '決定',
          `${on(9, 1).replace(/-/gu, '/')}`,
        ],
        [fy, '研修講師の担当', '能力開発・向上', excelDate(on(11, 5)), a.staffNo, null, '総務課長', null, null],
      ]);
      const lastAudit = maxId(db(ctx), 'audit_log');
      const { preview, result } = await importFile(ctx, 'awards', file);
      expect(preview.counts).toEqual({ total: 4, inserted: 4, updated: 0, unchanged: 0, errors: 0 });
      expect(result).toMatchObject({ kind: 'awards', inserted: 4, updated: 0, unchanged: 0 });

      const list = ok(await callApi(ctx, 'awards:list', { fy }));
      const group = list.find((x) => x.title === '防災訓練の企画運営')!;
      expect(group).toMatchObject({
        category: '地域担当制の活用',
        kind: 'internal',
        awardedOn: on(8, 20),
        groupName: '防災チーム',
        nominator: '区民協働課長',
        status: '決定',
        decidedOn: on(9, 1),
      });
      expect(group.recipients.map((r) => r.staffNo).sort()).toEqual([a.staffNo, b.staffNo, c.staffNo].sort());
      expect(list.find((x) => x.title === '研修講師の担当')).toMatchObject({ status: '推薦中', decidedOn: null });

      const audit = db(ctx).prepare('SELECT action, entity FROM audit_log WHERE id > ? ORDER BY id').all(lastAudit) as {
        action: string;
        entity: string;
      }[];
      expect(audit.filter((x) => x.action === 'award.import')).toHaveLength(2);
      expect(audit.at(-1)).toEqual({ action: 'import.commit', entity: 'import' });
      const log = db(ctx).prepare('SELECT kind, inserted FROM import_log ORDER BY id DESC LIMIT 1').get();
      expect(log).toEqual({ kind: 'awards', inserted: 4 });

      const before = awardState(db(ctx));
      const again = await previewOk(ctx, 'awards', file);
      expect(again.problems).toEqual([]);
      expect(again.changes).toEqual([]);
      expect(again.counts).toEqual({ total: 4, inserted: 0, updated: 0, unchanged: 4, errors: 0 });
      expect(awardState(db(ctx))).toBe(before);
    });

    it('shows changes to a registered award before → after and writes them in one go', async () => {
      const [a, b, , d] = clerks as [StaffDbRow, StaffDbRow, StaffDbRow, StaffDbRow];
      // The group loses c and gains d, gets a new nominator; the personal award is decided.
      const file = await awardsBook([
        [
          fy,
          '防災訓練の企画運営',
          '地域担当制の活用',
          on(8, 20),
          a.staffNo,
          '防災チーム',
          '区民協働課長代理',
          '決定',
          on(9, 1),
        ],
        [
          fy,
          '防災訓練の企画運営',
          '地域担当制の活用',
          on(8, 20),
          b.staffNo,
          '防災チーム',
          '区民協働課長代理',
          '決定',
          on(9, 1),
        ],
        [
          fy,
          '防災訓練の企画運営',
          '地域担当制の活用',
          on(8, 20),
          d.staffNo,
          '防災チーム',
          '区民協働課長代理',
          '決定',
          on(9, 1),
        ],
        [fy, '研修講師の担当', '能力開発・向上', on(11, 5), a.staffNo, null, '総務課長', '決定', on(12, 1)],
      ]);
      const p = await previewOk(ctx, 'awards', file);
      expect(p.problems).toEqual([]);
      expect(p.counts).toEqual({ total: 4, inserted: 0, updated: 3, unchanged: 1, errors: 0 });
      const c = clerks[2]!;
      expect(p.changes.find((x) => x.row === 2)?.diffs).toEqual([
        { field: '推薦者', before: '区民協働課長', after: '区民協働課長代理' },
        { field: '受賞者から外す', before: `${c.staffNo} ${c.name}`, after: '' },
      ]);
      expect(p.changes.find((x) => x.row === 4)?.diffs).toEqual([
        { field: '受賞者', before: '', after: `${d.staffNo} ${d.name}` },
      ]);
      expect(p.changes.find((x) => x.row === 5)?.diffs).toEqual([
        { field: '状態', before: '推薦中', after: '決定' },
        { field: '決定日', before: '', after: on(12, 1).replace(/^(\d+)-0?(\d+)-0?(\d+)$/u, '$1/$2/$3') },
      ]);
      ok(await commit(ctx, p.token));
      const group = ok(await callApi(ctx, 'awards:list', { fy })).find((x) => x.title === '防災訓練の企画運営')!;
      expect(group.recipients.map((r) => r.staffNo).sort()).toEqual([a.staffNo, b.staffNo, d.staffNo].sort());
      expect(group.nominator).toBe('区民協働課長代理');
    });

    it('a decided award adds its bonus on the appraisal; a pending one shows the note', async () => {
      const a = clerks[0]!;
      const view = ok(await callApi(ctx, 'appraisal:get', { fy, staffNo: a.staffNo }));
      // 防災訓練 (+0.2) and 研修講師 (+0.2), both decided now.
      expect(view.scores.bonus.total).toBe(0.4);
      expect(view.scores.bonus.lines).toEqual(
        expect.arrayContaining([
          { title: '防災訓練の企画運営（防災チーム）', kind: 'internal', points: 0.2, note: null },
          { title: '研修講師の担当', kind: 'internal', points: 0.2, note: null },
        ]),
      );

      const e = clerksWithoutAwards(db(ctx), 1)[0]!;
      await importFile(
        ctx,
        'awards',
        await awardsBook([
          [fy, '職員提案 奨励賞', '人材開発センター表彰', on(10, 3), e.staffNo, null, null, '推薦中', null],
        ]),
      );
      const pending = ok(await callApi(ctx, 'appraisal:get', { fy, staffNo: e.staffNo }));
      expect(pending.scores.bonus).toEqual({
        total: 0,
        lines: [
          { title: '職員提案 奨励賞', kind: 'external', points: 0, note: '表彰委員会の決定前のため、まだ加点しません' },
        ],
      });
    });

    it('an explicit 推薦中 cannot undo a decision, and a revoked award cannot be imported over', async () => {
      const a = clerks[0]!;
      const undo = await rejected(ctx, [
        [fy, '研修講師の担当', '能力開発・向上', on(11, 5), a.staffNo, null, '総務課長', '推薦中', null],
      ]);
      expect(undo[0]).toMatchObject({ row: 2, field: '決定' });
      expect(undo[0]!.message).toContain('推薦中には戻せません');

      const award = ok(await callApi(ctx, 'awards:list', { fy })).find((x) => x.title === '研修講師の担当')!;
      ok(await callApi(ctx, 'awards:revoke', { fy, id: award.id, reason: '重複して登録したため' }));
      const revoked = await rejected(ctx, [
        [fy, '研修講師の担当', '能力開発・向上', on(11, 5), a.staffNo, null, '総務課長', '決定', on(12, 1)],
      ]);
      expect(revoked[0]!.message).toContain('取り消されています（理由: 重複して登録したため）');
    });

    it('the export of the year re-imports as unchanged, and the template carries the dropdowns', async () => {
      const file = await exportFile(ctx, 'awards', fy);
      const wb = await loadXlsx(file);
      const ws = wb.getWorksheet('表彰')!;
      const values = sheetValues(ws);
      expect(values[0]).toEqual([...header, '（参考）氏名', '（参考）所属']);
      const live = ok(await callApi(ctx, 'awards:list', { fy })).filter((x) => x.status !== '取消');
      const rows = live.reduce((n, x) => n + x.recipients.length, 0);
      expect(values).toHaveLength(rows + 1);
      expect(values.some((v) => v[1] === '業務マニュアルの全面改訂')).toBe(false); // the demo's revoked award

      const before = awardState(db(ctx));
      const p = await previewOk(ctx, 'awards', file, '表彰_再取込.xlsx');
      expect(p.problems).toEqual([]);
      expect(p.changes).toEqual([]);
      expect(p.counts).toEqual({ total: rows, inserted: 0, updated: 0, unchanged: rows, errors: 0 });
      expect(awardState(db(ctx))).toBe(before);

      const t = await templateBook(ctx, 'awards');
      const tws = t.getWorksheet('表彰')!;
      expect(sheetValues(tws)).toEqual([header]);
      expect(noteText(tws.getCell('C1'))).toContain('人材開発センター表彰');
      const validations = (tws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } })
        .dataValidations.model;
      const listed = Object.entries(validations).map(([range, v]) => [range.split(':')[0], v.formulae[0]]);
      expect(listed.map(([r]) => r)).toEqual(expect.arrayContaining(['C2', 'H2']));
    });
  });

  describe('rejected, with every problem located', () => {
    let ctx: AppContext;
    let clerk: StaffDbRow;
    beforeAll(async () => {
      ctx = await freshAdmin();
      clerk = clerksWithoutAwards(db(ctx), 1)[0]!;
    });

    it('an unknown 職員番号', async () => {
      const problems = await rejected(ctx, [
        [fy, '表彰A', '能力開発・向上', on(6, 1), '999999', null, null, null, null],
      ]);
      expect(problems).toEqual([
        { sheet: '表彰', row: 2, column: 'E', field: '職員番号', message: '職員番号 999999 は職員名簿にありません。' },
      ]);
    });

    it('a 区分 that is not one of the five', async () => {
      const problems = await rejected(ctx, [
        [fy, '表彰A', '区長表彰', on(6, 1), clerk.staffNo, null, null, null, null],
      ]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ row: 2, column: 'C', field: '区分' });
      expect(problems[0]!.message).toContain('「区長表彰」は使えません');
    });

    it('a 授与日 outside the 年度', async () => {
      const problems = await rejected(ctx, [
        [fy, '表彰A', '能力開発・向上', `${fy}-03-31`, clerk.staffNo, null, null, null, null],
      ]);
      expect(problems).toEqual([
        {
          sheet: '表彰',
          row: 2,
          column: 'D',
          field: '授与日',
          message: `授与日 ${fy}/3/31 は${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません。年度か授与日を直してください。`,
        },
      ]);
    });

    it('決定 without a 決定日, and a 決定日 without 決定', async () => {
      const problems = await rejected(ctx, [
        [fy, '表彰A', '能力開発・向上', on(6, 1), clerk.staffNo, null, null, '決定', null],
        [fy, '表彰B', '能力開発・向上', on(6, 1), clerk.staffNo, null, null, null, on(6, 10)],
      ]);
      expect(problems.map((p) => [p.row, p.column, p.field])).toEqual([
        [2, 'I', '決定日'],
        [3, 'H', '決定'],
      ]);
      expect(problems[0]!.message).toBe('「決定」の行には決定日（表彰委員会が決定した日）を入力してください。');
    });

    it('the same recipient twice in one award', async () => {
      const problems = await rejected(ctx, [
        [fy, '表彰A', '能力開発・向上', on(6, 1), clerk.staffNo, 'チームA', null, null, null],
        [fy, '表彰A', '能力開発・向上', on(6, 1), clerk.staffNo, 'チームA', null, null, null],
      ]);
      expect(problems.map((p) => [p.row, p.field])).toEqual([
        [2, '職員番号'],
        [3, '職員番号'],
      ]);
      expect(problems[1]!.message).toBe(`同じ表彰の受賞者（職員番号 ${clerk.staffNo}）が2行目と重複しています。`);
    });

    it('conflicting group names within one award', async () => {
      const other = clerksWithoutAwards(db(ctx), 2)[1]!;
      const problems = await rejected(ctx, [
        [fy, '表彰A', '能力開発・向上', on(6, 1), clerk.staffNo, 'チームA', null, null, null],
        [fy, '表彰A', '能力開発・向上', on(6, 1), other.staffNo, 'チームB', null, null, null],
      ]);
      expect(problems).toEqual([
        {
          sheet: '表彰',
          row: 3,
          column: 'F',
          field: 'グループ名',
          message:
            '同じ表彰（年度・表彰名・授与日・区分が同じ行）の中でグループ名が異なります（2行目は「チームA」、この行は「チームB」）。',
        },
      ]);
    });

    it('lists every problem of a file at once, and a manager is accepted (the bonus rule decides, not the import)', async () => {
      const m = managers(db(ctx))[0]!;
      const p = await previewOk(
        ctx,
        'awards',
        await awardsBook([
          [fy, '表彰A', '能力開発・向上', on(6, 1), m.staffNo, null, null, null, null],
          [fy, null, '区長表彰', 'いつか', '999999', null, null, '済', null],
        ]),
      );
      expect(p.problems.every((x) => x.row === 3)).toBe(true);
      expect(p.problems.map((x) => x.field).sort()).toEqual(['表彰名', '区分', '授与日', '職員番号', '決定'].sort());
      expect(p.counts).toMatchObject({ total: 2, inserted: 1, errors: 1 });
      failure(await commit(ctx, p.token), 'VALIDATION');
    });

    it('a file without the 表彰 sheet is refused with its sheets named', async () => {
      const p = await previewOk(ctx, 'awards', await book({ name: '名簿', rows: [['氏名'], ['山田']] }));
      expect(p.problems[0]?.message).toMatch(/^見出し行が見つかりません|^必須の列/u);
      const other = await previewOk(
        ctx,
        'awards',
        await book({ name: 'その他', rows: [['x'] as Cell[]] }, { name: '別', rows: [['y'] as Cell[]] }),
      );
      expect(other.problems[0]?.message).toBe(
        'シート「表彰」が見つかりません（このファイルのシート: 「その他」、「別」）。',
      );
    });
  });
});
