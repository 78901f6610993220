import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../electron/core/mbo/mbo.repo';
import { currentFy } from '../fixtures/workbooks';
import { busySection, cellBeside, edited, goal, setMbo, sheetOf } from '../helpers/forms';
import { runKaname } from '../helpers/cli';
import type { CliRun as Run } from '../helpers/cli';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/** `kaname export|import selfreports|mbo` (its run(), in this process): the same engine and report shape as the app. */

function kaname(args: string[]): Promise<Run> {
  return runKaname(args, { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' });
}

function json(r: Run): Record<string, unknown> {
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const fy = currentFy();
let dir: string;
let dbPath: string;
let section: string;
let people: string[];

beforeAll(async () => {
  dir = tempDir();
  dbPath = await demoCopy(dir);
  const ctx = await loggedIn(dbPath, 'admin', demoPass);
  const db = ctx.office!.db;
  db.prepare('DELETE FROM mbo_sheets WHERE fy = ?').run(fy);
  ({ section, staffNos: people } = busySection(db));
  setMbo(db, fy, people[0]!, [goal({ weight: 60 }), goal({ category: '地域担当目標', weight: 40 })]);
  ctx.end();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaname export / import of form workbooks', () => {
  it('exports a section workbook, imports the valid form and reports the rejected one (exit 1)', async () => {
    const out = path.join(dir, 'mbo.xlsx');
    const exp = await kaname([
      'export',
      'mbo',
      '--db',
      dbPath,
      '--out',
      out,
      '--fy',
      String(fy),
      '--section',
      section,
      '--json',
    ]);
    expect(exp.status).toBe(0);
    expect(json(exp)).toMatchObject({ ok: true, kind: 'mbo', purpose: 'roundtrip', fy });
    const [a, b] = people as [string, string];
    const file = await edited(fs.readFileSync(out), (wb) => {
      cellBeside(sheetOf(wb, a), '目標', '目標1').value = 'CLIで直した目標';
      cellBeside(sheetOf(wb, b), '区分', '目標1').value = '地域担当目標';
      cellBeside(sheetOf(wb, b), 'ウェイト（%）', '目標1').value = 180;
    });
    const filled = path.join(dir, 'mbo-filled.xlsx');
    fs.writeFileSync(filled, file);

    const dry = await kaname(['import', 'mbo', filled, '--db', dbPath, '--dry-run', '--json']);
    expect(dry.status).toBe(1);
    const d = json(dry);
    expect(d).toMatchObject({ ok: false, dryRun: true, kind: 'mbo', inserted: 0, updated: 1, rejected: 1 });
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['ok', 'dryRun', 'kind', 'inserted', 'updated', 'unchanged', 'errors']),
    );
    const errors = d['errors'] as { sheet: string; message: string }[];
    expect(errors.every((e) => e.sheet.startsWith(`${b} `))).toBe(true);
    expect(errors.map((e) => e.message).join()).toContain('配分（ウェイト）は1〜100の整数で入力してください');

    const run = await kaname(['import', 'mbo', filled, '--db', dbPath, '--json']);
    expect(run.status).toBe(1);
    expect(json(run)).toMatchObject({ ok: false, dryRun: false, updated: 1, rejected: 1 });
    const ctx = await loggedIn(dbPath, 'admin', demoPass);
    const id = (ctx.office!.db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(a) as { id: number }).id;
    expect(getSheet(ctx.office!.db, fy, id)?.goals[0]?.title).toBe('CLIで直した目標');
    ctx.end();
  });

  it('prints, refuses a scope-less staff workbook and a foreign file with exit codes 2 / 1', async () => {
    const out = path.join(dir, 'print.xlsx');
    const p = await kaname(['export', 'selfreports', '--db', dbPath, '--out', out, '--staff', people[0]!, '--print']);
    expect(p.status).toBe(0);
    expect((await loadXlsx(fs.readFileSync(out))).worksheets).toHaveLength(1);
    const noScope = await kaname(['export', 'mbo', '--db', dbPath, '--out', out, '--json']);
    expect(noScope.status).toBe(1);
    expect(JSON.stringify(json(noScope))).toContain('所属（課）または職員を選んで');
    const stray = await kaname(['export', 'staff', '--db', dbPath, '--out', out, '--section', section]);
    expect(stray.status).toBe(2);
    const foreign = await kaname(['import', 'selfreports', out, '--db', dbPath, '--json']);
    expect(foreign.status).toBe(1);
    expect(JSON.stringify(json(foreign))).toContain('記入用ブックではありません');
  });
});
