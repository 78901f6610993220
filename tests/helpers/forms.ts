import type ExcelJS from 'exceljs';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Actor } from '../../electron/core/system/audit.repo';
import { getSheet, goalStateOf, emptySheetState } from '../../electron/core/mbo/mbo.repo';
import type { MboSheetState } from '../../electron/core/mbo/mbo.repo';
import {
  emptySelfReportState,
  getSelfReport,
  insertSelfReport,
  updateSelfReport,
} from '../../electron/core/self-report/self-report.repo';
import type { SelfReportState } from '../../electron/core/self-report/self-report.repo';
import { writeSheet } from '../../electron/core/mbo/mbo.service';
import type { FormKind, ImportPreview, ImportResult, Input } from '../../shared/contract';
import type { GoalDraft } from '../../shared/mbo';
import type { Result } from '../../shared/result';
import { callApi } from './office';
import { loadXlsx, toBuffer } from './xlsx';

/** Helpers for the form workbook tests: export through the API, and cells found as a person would find them. */

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function exportForms(ctx: AppContext, req: Input<'forms:export'>): Promise<Buffer> {
  return Buffer.from(unwrap(await callApi(ctx, 'forms:export', req)).data, 'base64');
}

export async function previewForms(ctx: AppContext, kind: FormKind, file: Buffer): Promise<Result<ImportPreview>> {
  return callApi(ctx, 'import:preview', { kind, fileName: `${kind}.xlsx`, data: file.toString('base64') });
}

export async function commitForms(ctx: AppContext, token: string): Promise<ImportResult> {
  return unwrap(await callApi(ctx, 'import:commit', { token }));
}

export const system: Actor = { id: null, label: 'テスト' };

export function goal(over: Partial<GoalDraft> = {}): GoalDraft {
  return {
    category: '業務目標',
    title: '窓口の待ち時間を短縮する',
    content: '受付の手順を見直す',
    standard: '平均待ち時間15分以内',
    priority: null,
    weight: 50,
    difficulty: 'B',
    schedule: '4月〜3月',
    type: '通常',
    ...over,
  };
}

/** Sets a person's MBO sheet to these goals and this status (through the service's one write path). */
export function setMbo(
  db: Db,
  fy: number,
  staffNo: string,
  goals: GoalDraft[],
  status: MboSheetState['status'] = '未提出',
) {
  const person = db.prepare('SELECT id, staff_no AS staffNo FROM staff WHERE staff_no = ?').get(staffNo) as {
    id: number;
    staffNo: string;
  };
  db.transaction(() => {
    const current = getSheet(db, fy, person.id);
    writeSheet(
      db,
      system,
      fy,
      person,
      current,
      current?.version ?? 0,
      { state: { ...(current ?? emptySheetState()), status }, goals: goals.map(goalStateOf) },
      'test.setup',
    );
  })();
}

export function textOf(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** The value cell beside a label, the n-th time the label appears after a heading (or from the top). */
export function cellBeside(ws: ExcelJS.Worksheet, label: string, after?: string): ExcelJS.Cell {
  let start = 1;
  if (after !== undefined) {
    for (let r = 1; r <= ws.rowCount; r++) {
      if (textOf(ws.getCell(r, 1)) === after) {
        start = r + 1;
        break;
      }
    }
  }
  for (let r = start; r <= ws.rowCount; r++) {
    for (const c of [1, 3]) {
      if (textOf(ws.getCell(r, c)).split('\n')[0] === label) return ws.getCell(r, c + 1);
    }
  }
  throw new Error(`label ${label} not found`);
}

export function sheetOf(wb: ExcelJS.Workbook, staffNo: string): ExcelJS.Worksheet {
  const ws = wb.worksheets.find((w) => w.name.startsWith(`${staffNo} `));
  if (!ws) throw new Error(`no sheet for ${staffNo}`);
  return ws;
}

/** Opens a workbook, lets the test edit it as a person would in Excel, and saves it. */
export async function edited(file: Buffer, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = await loadXlsx(file);
  edit(wb);
  return toBuffer(wb);
}

/** Active staff of the section with the most people (the tests need several). */
export function busySection(db: Db): { section: string; staffNos: string[] } {
  const row = db
    .prepare(
      `SELECT sec.name AS section FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE s.active = 1
       GROUP BY sec.id ORDER BY count(*) DESC LIMIT 1`,
    )
    .get() as { section: string };
  const staffNos = (
    db
      .prepare(
        `SELECT s.staff_no AS staffNo FROM staff s JOIN sections sec ON sec.id = s.section_id
         WHERE s.active = 1 AND sec.name = ? ORDER BY s.staff_no`,
      )
      .all(row.section) as { staffNo: string }[]
  ).map((r) => r.staffNo);
  return { section: row.section, staffNos };
}

/** Sets a person's self-report (through the repo, as the services store it). */
export function setSelfReport(
  db: Db,
  fy: number,
  staffNo: string,
  over: {
    fields?: Partial<SelfReportState['fields']>;
    health?: string;
    family?: string;
    status?: SelfReportState['status'];
  },
): void {
  const id = (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number }).id;
  const current = getSelfReport(db, fy, id);
  const base = current ?? emptySelfReportState();
  const next: SelfReportState = {
    ...base,
    status: over.status ?? base.status,
    fields: { ...base.fields, ...over.fields },
    confidential: { health: over.health ?? base.confidential.health, family: over.family ?? base.confidential.family },
  };
  const now = new Date().toISOString();
  if (current) updateSelfReport(db, current.id, current.version, next, now);
  else insertSelfReport(db, fy, id, next, now);
}
