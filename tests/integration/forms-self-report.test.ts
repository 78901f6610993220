import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { getSelfReport } from '../../electron/core/self-report/self-report.repo';
import { selfReportField } from '../../electron/core/keys/sealed-fields';
import { currentFy } from '../fixtures/workbooks';
import {
  busySection,
  cellBeside,
  commitForms,
  edited,
  exportForms,
  previewForms,
  setSelfReport,
  sheetOf,
  textOf,
  unwrap,
} from '../helpers/forms';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fy = currentFy();
const health = '持病の通院のため月1回休暇を取得';
const family = '親の介護のため時短勤務を希望';
let ctx: AppContext;
let db: Db;
let section: string;
let people: string[];

function reportOf(staffNo: string) {
  const id = (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number }).id;
  return getSelfReport(db, fy, id);
}

/** The stored sections as the logged-in HR account's keys open them. */
function openedOf(staffNo: string) {
  const id = (db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number }).id;
  const stored = getSelfReport(db, fy, id)!.confidential;
  const keys = ctx.session!.keys;
  return {
    health: keys.open(db, selfReportField(id, fy, 'health'), stored.health),
    family: keys.open(db, selfReportField(id, fy, 'family'), stored.family),
  };
}

/** Every XML part of the .xlsx, inflated: what anyone who unzips the file can read. */
async function allText(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
  return parts.join('\n');
}

beforeEach(async () => {
  ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  db = ctx.office!.db;
  db.prepare('DELETE FROM self_reports WHERE fy = ?').run(fy);
  ({ section, staffNos: people } = busySection(db));
});

describe('self-report staff workbook round trip', () => {
  it('a section workbook never carries the confidential sections, and importing it never wipes them', async () => {
    const [a, b, c, d] = people as [string, string, string, string];
    setSelfReport(db, fy, a, { fields: { duties: '窓口業務' }, health, family: '' });
    setSelfReport(db, fy, b, { fields: { duties: '庶務', workload: '適当' }, health, family, status: '提出済' });
    const file = await exportForms(ctx, { kind: 'selfreports', purpose: 'roundtrip', fy, section });
    const xml = await allText(file);
    expect(xml).not.toContain(health);
    expect(xml).not.toContain(family);
    const wb0 = await loadXlsx(file);
    const healthCell = cellBeside(sheetOf(wb0, a), '健康状態');
    expect(healthCell.value ?? null).toBeNull();
    expect(healthCell.protection?.locked).toBe(false);
    expect(textOf(sheetOf(wb0, a).getCell(healthCell.row as unknown as number, 1))).toContain(
      '本人のみ記入（提出後は調整者と人事担当のみ閲覧）',
    );
    expect(cellBeside(sheetOf(wb0, a), '業務量').dataValidation).toMatchObject({ type: 'list' });

    const changed = await edited(file, (wb) => {
      const wa = sheetOf(wb, a);
      cellBeside(wa, '現在の担当業務').value = '窓口業務と電話対応';
      cellBeside(wa, '業務量').value = '多い';
      cellBeside(wa, '市民や社会にとって意義のある仕事だと感じますか').value = '4 ややそう思う';
      cellBeside(wa, '希望する所属・職務（第1希望）').value = '企画課';
      cellBeside(wa, '家庭の事情（介護・育児など）').value = family;
      // b: submitted; typing into it anyway.
      cellBeside(sheetOf(wb, b), '現在の担当業務').value = '変更';
      // c: not a choice of the list.
      cellBeside(sheetOf(wb, c), '業務量').value = 'たくさん';
      // d: too long.
      cellBeside(sheetOf(wb, d), '現在の担当業務').value = 'あ'.repeat(1001);
    });
    const preview = unwrap(await previewForms(ctx, 'selfreports', changed));
    const byKey = new Map(preview.changes.map((ch) => [ch.key, ch]));
    expect(byKey.get(a)?.status).toBe('changed');
    expect(byKey.get(a)?.diffs).toEqual(
      expect.arrayContaining([
        { field: '現在の担当業務', before: '窓口業務', after: '窓口業務と電話対応' },
        { field: '業務量', before: '', after: '多い' },
        { field: '「意義のある仕事」', before: '', after: '4 ややそう思う' },
        { field: '希望する所属・職務', before: '', after: '企画課' },
        { field: '家庭の事情（介護・育児など）', before: '（非公開項目を変更）', after: '（非公開項目を変更）' },
      ]),
    );
    expect(JSON.stringify(preview)).not.toContain(family);
    expect(byKey.get(b)?.status).toBe('error');
    expect(byKey.get(c)?.status).toBe('error');
    expect(byKey.get(d)?.status).toBe('error');
    const at = (staffNo: string) => preview.problems.filter((p) => p.sheet.startsWith(`${staffNo} `));
    expect(at(c)).toEqual([
      expect.objectContaining({
        column: 'B',
        field: '業務量',
        message: expect.stringContaining('「多い」「適当」「少ない」') as unknown,
      }),
    ]);
    expect(at(d)[0]).toMatchObject({
      column: 'B',
      field: '現在の担当業務',
      message: expect.stringContaining('1000文字以内') as unknown,
    });
    expect(at(b)[0]?.message).toContain('ロックされたセル');

    const result = await commitForms(ctx, preview.token);
    expect(result).toMatchObject({ updated: 1, errors: 3 });
    const ra = reportOf(a)!;
    expect(ra.status).toBe('未提出');
    expect(ra.fields).toMatchObject({
      duties: '窓口業務と電話対応',
      workload: '多い',
      meaningful: 4,
      preferences: ['企画課'],
    });
    // The empty health cell kept what Kaname holds; the family cell the person filled was taken.
    // Both are stored sealed (docs/sealed-data.md): never the text, and HR's keys open them.
    expect(ra.confidential.health).toMatch(/^kaname-sealed:/u);
    expect(ra.confidential.family).toMatch(/^kaname-sealed:/u);
    expect(openedOf(a)).toEqual({ health, family });
    expect(reportOf(b)!.fields.duties).toBe('庶務');
    const audit = db
      .prepare("SELECT before, after FROM audit_log WHERE action IN ('selfReport.import', 'import.commit')")
      .all();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(family);
    expect(JSON.stringify(audit)).not.toContain(health);
  });

  it("one person's workbook for HR includes the confidential sections, audited, and re-imports unchanged", async () => {
    const [a] = people as [string];
    setSelfReport(db, fy, a, { fields: { duties: '窓口業務' }, health, family });
    const file = await exportForms(ctx, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo: a });
    const ws = sheetOf(await loadXlsx(file), a);
    expect(textOf(cellBeside(ws, '健康状態'))).toBe(health);
    const audit = db
      .prepare("SELECT entity_id, after FROM audit_log WHERE action = 'selfReport.exportConfidential'")
      .all() as { entity_id: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(`${fy}:${a}`);
    expect(audit[0]?.after).not.toContain(health);
    const preview = unwrap(await previewForms(ctx, 'selfreports', file));
    expect(preview.changes).toEqual([expect.objectContaining({ key: a, status: 'unchanged' })]);
    expect(preview.problems).toEqual([]);
    // A form nobody has written yet, filled in Excel: new.
    const [, b] = people as [string, string];
    const fileB = await exportForms(ctx, { kind: 'selfreports', purpose: 'roundtrip', fy, staffNo: b });
    const filled = await edited(fileB, (wb) => {
      cellBeside(sheetOf(wb, b), '現在の担当業務').value = '=SUM(1)で始まる説明';
      cellBeside(sheetOf(wb, b), '異動の希望').value = '継続希望';
    });
    const p2 = unwrap(await previewForms(ctx, 'selfreports', filled));
    expect(p2.changes[0]?.status).toBe('new');
    await commitForms(ctx, p2.token);
    expect(reportOf(b)!.fields).toMatchObject({ duties: '=SUM(1)で始まる説明', transferWish: '継続希望' });
  });
});
