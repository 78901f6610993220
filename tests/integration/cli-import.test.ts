import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/connection';
import { csvFile } from '../fixtures/bad-files';
import type { Cell } from '../fixtures/workbooks';
import {
  auditSince,
  book,
  count,
  dbState,
  findRow,
  japanese,
  maxId,
  setRow,
  sha256,
  sheetValues,
  staffRows,
  withRawDb,
} from '../fixtures/workbooks';
import { runKaname } from '../helpers/cli';
import type { CliEnv as Env, CliRun as Run } from '../helpers/cli';
import { demoCopy, demoPass, tempDir } from '../helpers/office';
import { loadXlsx, staffHeader, toBuffer } from '../helpers/xlsx';

/**
 * `kaname import / export / template / staff` (its run(), in this process) against a copy of the demo office:
 * the same engine as the app, its one-line JSON report, and its exit codes
 * (0 ok / 1 rejected, nothing written / 2 usage / 3 auth or permission).
 */

const kaname = runKaname;

/** `--json` output: exactly one line holding one JSON object, and no stack trace. */
function json(r: Run): Record<string, unknown> {
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /mu);
  expect(r.stdout.endsWith('\n')).toBe(true);
  const lines = r.stdout.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const value = JSON.parse(lines[0]!) as unknown;
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Record<string, unknown>;
}

const admin: Env = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };
const reportKeys = ['ok', 'dryRun', 'kind', 'inserted', 'updated', 'unchanged', 'errors', 'warnings'];

let dir: string;
let dbPath: string;

function raw<T>(fn: (d: Db) => T): Promise<T> {
  return withRawDb(dbPath, 'admin', demoPass, fn);
}

function fileHash(file: string): string {
  return sha256(fs.readFileSync(file));
}

/**
 * What a run that must write nothing may leave behind: its own login (one audit row and the
 * account's last-login time), and nothing else in any table an import touches.
 */
async function expectOnlyLogins(
  before: Record<string, string>,
  auditMark: number,
  logins: number,
  run: () => Promise<void>,
): Promise<void> {
  await run();
  const after = await raw((d) => ({ state: dbState(d), audit: auditSince(d, auditMark) }));
  const { audit_log: _a, ...rest } = after.state;
  const { audit_log: _b, ...restBefore } = before;
  expect(rest).toEqual(restBefore);
  expect(after.audit.map((a) => a.action)).toEqual(Array<string>(logins).fill('auth.login'));
}

async function snapshot(): Promise<{ state: Record<string, string>; auditMark: number }> {
  return raw((d) => ({ state: dbState(d), auditMark: maxId(d, 'audit_log') }));
}

beforeAll(async () => {
  dir = tempDir('kaname-cli-import-');
  dbPath = await demoCopy(dir);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kaname template and export', () => {
  it('writes the empty staff template and the export; a dry run of the export is all unchanged and writes nothing', async () => {
    const template = path.join(dir, 'out', '職員名簿_テンプレート.xlsx');
    const exported = path.join(dir, 'out', 'staff.xlsx');
    const [t, e] = await Promise.all([
      kaname(['template', 'staff', '--out', template, '--json']),
      kaname(['export', 'staff', '--db', dbPath, '--out', exported, '--json'], admin),
    ]);
    expect(t.status).toBe(0);
    expect(json(t)).toEqual({ ok: true, kind: 'staff', file: template });
    const ws = (await loadXlsx(fs.readFileSync(template))).getWorksheet('職員名簿')!;
    expect(sheetValues(ws)).toEqual([staffHeader]);
    expect(e.status).toBe(0);
    // The fields HR's scripts read, and the audit chain's signed head the export carried (extended in issue 17).
    const exportJson = json(e);
    expect(exportJson['signedHead']).toHaveProperty('entries');
    expect({ ...exportJson, signedHead: undefined }).toEqual({ ok: true, kind: 'staff', file: exported });

    const total = await raw((d) => count(d, 'staff'));
    const { state, auditMark } = await snapshot();
    await expectOnlyLogins(state, auditMark, 1, async () => {
      const r = await kaname(['import', 'staff', exported, '--db', dbPath, '--dry-run', '--json'], admin);
      expect(r.status).toBe(0);
      const report = json(r);
      expect(Object.keys(report)).toEqual(reportKeys);
      expect(report).toEqual({
        ok: true,
        dryRun: true,
        kind: 'staff',
        inserted: 0,
        updated: 0,
        unchanged: total,
        errors: [],
        warnings: [],
      });
    });
  });
});

describe('kaname import', () => {
  const badRows: Cell[][] = [
    ['000701', '試験　一郎', 'しけん　いちろう', '総務課', '総務担当', '主任', null, '行政', '正規', '2020/4/1'],
    ['000702', '試験　二郎', 'しけん　じろう', '総務課', '総務担当', '係員', null, '行政', '正規', '令和7年2月30日'],
  ];

  it('refuses a file with errors (JSON and text) or a non-workbook: exit 1, errors located, nothing written', async () => {
    const file = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(file, await book({ name: '職員名簿', rows: [staffHeader, ...badRows] }));
    const csv = path.join(dir, 'roster.xlsx');
    fs.writeFileSync(csv, csvFile);
    const { state, auditMark } = await snapshot();
    await expectOnlyLogins(state, auditMark, 3, async () => {
      // Without --dry-run: a rejected file is never committed.
      const [inJson, inText, notXlsx] = await Promise.all([
        kaname(['import', 'staff', file, '--db', dbPath, '--json'], admin),
        kaname(['import', 'staff', file, '--db', dbPath], admin),
        kaname(['import', 'staff', csv, '--db', dbPath, '--json'], admin),
      ]);

      expect(inJson.status).toBe(1);
      const report = json(inJson);
      expect(Object.keys(report)).toEqual(reportKeys);
      expect(report).toEqual({
        ok: false,
        dryRun: false,
        kind: 'staff',
        inserted: 0,
        updated: 0,
        unchanged: 0,
        errors: [
          {
            sheet: '職員名簿',
            row: 2,
            column: 'F',
            field: '職位',
            message:
              '「主任」は使えません。次のいずれかにしてください: 区長 / 副区長 / 課長 / 課長代理 / 係長 / 係員。',
          },
          { sheet: '職員名簿', row: 3, column: 'J', field: '採用日', message: '存在しない日付です（令和7年2月30日）' },
        ],
        warnings: [],
      });

      expect(inText.status).toBe(1);
      expect(inText.stdout).toBe('');
      expect(inText.stderr).toContain('エラーが2件あるため取り込みませんでした');
      expect(inText.stderr).toContain('シート「職員名簿」 2行目 F列 「職位」: 「主任」は使えません。');
      expect(inText.stderr).toContain('シート「職員名簿」 3行目 J列 「採用日」: 存在しない日付です（令和7年2月30日）');

      // A file refused as a whole is reported in the same shape, with no location.
      expect(notXlsx.status).toBe(1);
      const whole = json(notXlsx);
      expect(whole).toMatchObject({ ok: false, dryRun: false, kind: 'staff', inserted: 0, updated: 0, unchanged: 0 });
      const errors = whole.errors as { message: string }[];
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ sheet: '職員名簿', row: null, column: null, field: null });
      expect(errors[0]!.message).toMatch(japanese);
    });
  });

  it('commits without --dry-run: exit 0 with the counts, and the import is logged', async () => {
    const exported = path.join(dir, 'out', 'staff.xlsx');
    const wb = await loadXlsx(fs.readFileSync(exported));
    const ws = wb.getWorksheet('職員名簿')!;
    const someone = await raw((d) => staffRows(d, "s.position = '係員' AND s.active = 1")[0]!);
    ws.getRow(findRow(ws, 1, someone.staffNo)).getCell(12).value = '防災士';
    setRow(ws, ws.rowCount + 1, ['000711', '新人　花子', 'しんじん　はなこ', '総務課', '総務担当', '係員']);
    const file = path.join(dir, 'commit.xlsx');
    fs.writeFileSync(file, await toBuffer(wb));
    const total = await raw((d) => count(d, 'staff'));
    const logs = await raw((d) => count(d, 'import_log'));

    const r = await kaname(['import', 'staff', file, '--db', dbPath, '--json'], admin);
    expect(r.status).toBe(0);
    expect(json(r)).toEqual({
      ok: true,
      dryRun: false,
      kind: 'staff',
      inserted: 1,
      updated: someone.qualifications === '防災士' ? 0 : 1,
      unchanged: someone.qualifications === '防災士' ? total : total - 1,
      errors: [],
      warnings: [],
    });
    const after = await raw((d) => ({
      total: count(d, 'staff'),
      logs: d.prepare('SELECT actor, kind, file_name, file_hash, inserted FROM import_log ORDER BY id').all(),
      quals: staffRows(d, 's.staff_no = ?', someone.staffNo)[0]!.qualifications,
    }));
    expect(after.total).toBe(total + 1);
    expect(after.quals).toBe('防災士');
    expect(after.logs).toHaveLength(logs + 1);
    expect(after.logs.at(-1)).toEqual({
      actor: 'admin',
      kind: 'staff',
      file_name: 'commit.xlsx',
      file_hash: fileHash(file),
      inserted: 1,
    });
  });

  it('refuses accounts other than HR with exit 3, and writes no import', async () => {
    const file = path.join(dir, 'out', 'staff.xlsx');
    const logs = await raw((d) => count(d, 'import_log'));
    // The personnel office may list staff, but not import.
    const r = await kaname(['import', 'staff', file, '--db', dbPath, '--json'], {
      KANAME_PASSWORD: demoPass,
      KANAME_USER: 'jinji',
    });
    expect(r.status).toBe(3);
    expect(json(r)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'この操作は人事担当のアカウントだけが行えます。' },
    });
    expect(await raw((d) => count(d, 'import_log'))).toBe(logs);
  });

  it('exits 2 for an unknown kind or a missing FILE, 1 for a FILE that does not exist, touching nothing', async () => {
    const file = path.join(dir, 'out', 'staff.xlsx');
    const missing = path.join(dir, 'no-such-file.xlsx');
    const before = [fileHash(dbPath), fileHash(`${dbPath}.keys`)];
    const [unknownKind, missingFile, noSuchFile] = await Promise.all([
      kaname(['import', 'people', file, '--db', dbPath, '--json'], admin),
      kaname(['import', 'staff', '--db', dbPath, '--json'], admin),
      kaname(['import', 'staff', missing, '--db', dbPath, '--json'], admin),
    ]);
    expect(unknownKind.status).toBe(2);
    expect(json(unknownKind)).toEqual({
      ok: false,
      error: {
        code: 'USAGE',
        message:
          '種類は staff / evaluators / areas / awards / results / measures / training のいずれかにしてください（指定: people）。',
      },
    });
    expect(missingFile.status).toBe(2);
    expect(json(missingFile)).toEqual({
      ok: false,
      error: { code: 'USAGE', message: 'kaname import <kind> <file> の形で指定してください。' },
    });
    // The file is read before logging in, so a missing one is rejected input with nothing written.
    expect(noSuchFile.status).toBe(1);
    expect(json(noSuchFile)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `ファイルを読めません: ${missing}` },
    });
    expect([fileHash(dbPath), fileHash(`${dbPath}.keys`)]).toEqual(before);
  });
});

describe('kaname staff --json', () => {
  it('lists every staff member, retired too, with the documented fields and ISO dates', async () => {
    const r = await kaname(['staff', '--db', dbPath, '--json'], admin);
    expect(r.status).toBe(0);
    const out = json(r) as { ok: boolean; staff: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['ok', 'staff']);
    const stored = await raw((d) => staffRows(d));
    expect(out.staff).toHaveLength(stored.length);
    expect(out.staff.map((s) => s['staffNo']).sort()).toEqual(stored.map((s) => s.staffNo));
    expect(out.staff.filter((s) => s['active'] === false).length).toBe(stored.filter((s) => s.active === 0).length);
    for (const s of out.staff) {
      expect(Object.keys(s).sort()).toEqual(
        [
          'staffNo',
          'name',
          'kana',
          'section',
          'line',
          'position',
          'gradeGroup',
          'jobType',
          'employment',
          'hiredOn',
          'postedOn',
          'qualifications',
          'active',
        ].sort(),
      );
      for (const key of ['hiredOn', 'postedOn']) {
        if (s[key] !== null) expect(s[key]).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      }
      expect(typeof s['active']).toBe('boolean');
    }
    const someone = stored.find((s) => s.staffNo === '000711')!;
    expect(out.staff.find((s) => s['staffNo'] === '000711')).toEqual({
      staffNo: '000711',
      name: '新人　花子',
      kana: 'しんじん　はなこ',
      section: '総務課',
      line: '総務担当',
      position: '係員',
      gradeGroup: '係員級',
      jobType: '',
      employment: '正規',
      hiredOn: someone.hiredOn,
      postedOn: someone.postedOn,
      qualifications: '',
      active: true,
    });
  });
});
