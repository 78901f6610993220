import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { confidentialOmitted } from '../../electron/core/access/confidentiality';
import { emptyKeychain, withheldMessage } from '../../electron/core/keys/keychain';
import { exportForms as exportFormsCore } from '../../electron/core/workbooks/forms/export';
import { commitImport, parseImport, previewImport, previewOf } from '../../electron/core/workbooks/importer';
import { runInWorker } from '../../electron/core/workbooks/import-thread';
import { selfReportLabels } from '../../shared/self-report';
import { currentFy } from '../fixtures/workbooks';
import { cellBeside, commitForms, edited, exportForms, previewForms, sheetOf, textOf, unwrap } from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/*
 * The 自己申告書's sealed sections through the Excel paths (docs/sealed-data.md, docs/workbooks.md):
 * HR's one-person export opens them with HR's keys, a section's export never holds them, an edited
 * workbook's import seals what it takes, and a login whose keys cannot seal gets the form refused.
 */

const dir = tempDir('kaname-forms-sealed-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fy = currentFy();
const health = '腰痛の治療のため月1回通院しています（封印テスト）';
const edit = '定期通院は終了、経過観察のみ（封印テスト）';
const sealedPrefix = 'kaname-sealed:';

let hr: AppContext;
let person: AppContext;
let db: Db;
let staffNo: string;
let section: string;

async function allText(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
  return parts.join('\n');
}

function storedOf(no: string): { health: string; family: string } {
  return db
    .prepare(
      `SELECT r.health_note AS health, r.family_note AS family FROM self_reports r
       JOIN staff s ON s.id = r.staff_id WHERE r.fy = ? AND s.staff_no = ?`,
    )
    .get(fy, no) as { health: string; family: string };
}

beforeEach(async () => {
  const dbPath = await demoCopy(dir);
  hr = await loggedIn(dbPath, 'admin', demoPass);
  person = await loggedIn(dbPath, 'shokuin', demoPass);
  db = hr.office!.db;
  staffNo = person.session!.staffNo!;
  section = (
    db
      .prepare('SELECT sec.name AS name FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE s.staff_no = ?')
      .get(staffNo) as { name: string }
  ).name;
  // The person's report, open again and written on the screen: stored sealed by the service.
  let view = unwrap(await callApi(person, 'selfReport:get', { fy }));
  if (view.status !== '未提出') {
    view = unwrap(await callApi(hr, 'selfReport:reopen', { fy, staffNo, reason: 'テストのため差し戻し' }));
  }
  unwrap(await callApi(person, 'selfReport:save', { fy, version: view.version, duties: '窓口業務', health }));
  expect(storedOf(staffNo).health.startsWith(sealedPrefix)).toBe(true);
});

describe('the self-report workbooks and the sealed sections', () => {
  it("HR's one-person export opens them; a section's export never holds them, nor any sealed string", async () => {
    for (const purpose of ['print', 'roundtrip'] as const) {
      const one = await exportForms(hr, { kind: 'selfreports', purpose, fy, staffNo });
      expect(textOf(cellBeside(sheetOf(await loadXlsx(one), staffNo), selfReportLabels.health))).toBe(health);
      expect(await allText(one)).not.toContain(sealedPrefix);
      const all = await exportForms(hr, { kind: 'selfreports', purpose, fy, section });
      const text = await allText(all);
      expect(text).not.toContain(health);
      expect(text).not.toContain(sealedPrefix);
    }
  });

  it('an edited one-person workbook re-imports sealed, and the person and HR read the edit', async () => {
    const file = await exportForms(hr, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo });
    // Re-imported as exported: the opened text equals the file's, so nothing changed.
    const same = unwrap(await previewForms(hr, 'selfreports', file));
    expect(same.changes).toEqual([expect.objectContaining({ key: staffNo, status: 'unchanged' })]);
    const changed = await edited(file, (wb) => {
      cellBeside(sheetOf(wb, staffNo), selfReportLabels.health).value = edit;
    });
    const preview = unwrap(await previewForms(hr, 'selfreports', changed));
    expect(preview.problems).toEqual([]);
    expect(preview.changes).toEqual([
      expect.objectContaining({
        key: staffNo,
        status: 'changed',
        diffs: [{ field: selfReportLabels.health, before: '（非公開項目を変更）', after: '（非公開項目を変更）' }],
      }),
    ]);
    expect(JSON.stringify(preview)).not.toContain(edit);
    expect(await commitForms(hr, preview.token)).toMatchObject({ updated: 1, errors: 0 });

    // The column holds only sealed values: this person's, and no row holds a text in the clear.
    expect(storedOf(staffNo).health.startsWith(sealedPrefix)).toBe(true);
    const rows = db.prepare('SELECT health_note AS h, family_note AS f FROM self_reports').all() as {
      h: string;
      f: string;
    }[];
    const clear = rows.flatMap((r) => [r.h, r.f]).filter((v) => v !== '' && !v.startsWith(sealedPrefix));
    expect(clear).toEqual([]);
    const audit = db.prepare("SELECT before, after FROM audit_log WHERE action = 'selfReport.import'").all() as {
      before: string;
      after: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).toContain('（非公開項目を変更）');
    expect(JSON.stringify(audit)).not.toContain(edit);

    // The person on their screen, and HR, read the edit.
    expect(unwrap(await callApi(person, 'selfReport:get', { fy })).confidential?.health).toBe(edit);
    expect(unwrap(await callApi(hr, 'selfReport:get', { fy, staffNo })).confidential?.health).toBe(edit);
    // The same workbook again: what Kaname holds now, opened, is what it says — nothing to take.
    const again = unwrap(await previewForms(hr, 'selfreports', changed));
    expect(again.changes).toEqual([expect.objectContaining({ key: staffNo, status: 'unchanged' })]);
  });

  it('parsed in the import worker, the form is still compared opened: the keys stay on the main thread', async () => {
    const file = await exportForms(hr, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo });
    const changed = await edited(file, (wb) => {
      cellBeside(sheetOf(wb, staffNo), selfReportLabels.health).value = edit;
    });
    const keys = hr.session!.keys;
    expect((await runInWorker('selfreports', 'a.xlsx', file, { options: { keys }, use: 'always' })).ranIn).toBe(
      'worker',
    );
    const saved = process.env['KANAME_IMPORT_WORKER'];
    process.env['KANAME_IMPORT_WORKER'] = '1';
    try {
      const input = { kind: 'selfreports' as const, fileName: 'a.xlsx', token: 'w', options: { keys } };
      const same = await previewImport(db, { ...input, file });
      expect(same.preview.changes).toEqual([expect.objectContaining({ key: staffNo, status: 'unchanged' })]);
      const next = await previewImport(db, { ...input, file: changed });
      expect(next.preview.changes).toEqual([expect.objectContaining({ key: staffNo, status: 'changed' })]);
    } finally {
      if (saved === undefined) delete process.env['KANAME_IMPORT_WORKER'];
      else process.env['KANAME_IMPORT_WORKER'] = saved;
    }
  });

  it('an import whose keys cannot seal refuses the form at the cell, and writes nothing', async () => {
    const file = await exportForms(hr, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo });
    const changed = await edited(file, (wb) => {
      cellBeside(sheetOf(wb, staffNo), selfReportLabels.health).value = edit;
    });
    const before = storedOf(staffNo);
    const parsed = await parseImport('selfreports', 'selfreports.xlsx', changed);
    // No keys: the login holds nothing that reaches this person's key.
    const preview = previewOf(db, parsed, 't', { keys: emptyKeychain() });
    const cell = cellBeside(sheetOf(await loadXlsx(changed), staffNo), selfReportLabels.health);
    expect(preview.changes).toEqual([expect.objectContaining({ key: staffNo, status: 'error' })]);
    expect(preview.problems).toEqual([
      expect.objectContaining({
        sheet: sheetOf(await loadXlsx(changed), staffNo).name,
        row: Number(cell.row),
        column: 'B',
        field: selfReportLabels.health,
        message: expect.stringContaining('封印できない') as unknown,
      }),
    ]);
    expect(commitImport(db, hr.session!.actor, parsed, {})).toMatchObject({ updated: 0, errors: 1 });
    expect(storedOf(staffNo)).toEqual(before);
  });

  it('an export whose keys do not open the sections prints them as omitted and says why', async () => {
    const session = { ...hr.session!, keys: emptyKeychain() };
    const download = await exportFormsCore(db, session, { kind: 'selfreports', purpose: 'print', fy, staffNo });
    const file = Buffer.from(download.data, 'base64');
    const ws = sheetOf(await loadXlsx(file), staffNo);
    expect(textOf(cellBeside(ws, selfReportLabels.health))).toBe(confidentialOmitted);
    expect(textOf(cellBeside(ws, selfReportLabels.family))).toBe(confidentialOmitted);
    expect(textOf(ws.getCell('A2'))).toBe(withheldMessage.selfReport);
    const text = await allText(file);
    expect(text).not.toContain(health);
    expect(text).not.toContain(sealedPrefix);
    // Audited as withheld, never as an export of the sections.
    const entries = db
      .prepare("SELECT action, after FROM audit_log WHERE action IN ('forms.print', 'selfReport.exportConfidential')")
      .all() as { action: string; after: string }[];
    expect(entries.map((e) => e.action)).toEqual(['forms.print']);
    expect(JSON.parse(entries[0]!.after)).toMatchObject({ confidentialWithheld: ['health', 'family'] });
  });
});
