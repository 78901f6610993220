import type { FileDownload, ImportKind } from '../../../../shared/contract';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import type { Db } from '../../db/connection';
import { awardsOfYear } from '../../appraisal/appraisal.repo';
import { allStaff, staffFields } from '../../staff/org.repo';
import { kindLabels, sheetSpecs } from '../io/specs';
import { writeImportSheet } from '../io/writer';
import type { CellOut, ExtraColumn } from '../io/writer';

function download(fileName: string, buf: Buffer): FileDownload {
  return { fileName, data: buf.toString('base64') };
}

/** An empty sheet for HR to fill: headers, notes, dropdowns. */
export async function templateFor(kind: ImportKind): Promise<FileDownload> {
  const buf = await writeImportSheet(sheetSpecs[kind], [], { confidential: false });
  return download(`${kindLabels[kind]}_テンプレート.xlsx`, buf);
}

function staffRows(db: Db): CellOut[][] {
  return allStaff(db).map((s) => staffFields.map((f) => (f === 'active' ? (s.active ? '在職' : '退職') : s[f])));
}

type Named = { staffNo: string; name: string };
const who = (s: Named | undefined): [CellOut, string] => [s?.staffNo ?? null, s?.name ?? ''];

function evaluatorRows(db: Db, fy: number): CellOut[][] {
  const staff = new Map(allStaff(db).map((s) => [s.id, s]));
  const rows = db
    .prepare(
      `SELECT ea.staff_id, ea.first_id, ea.second_id, ea.adjuster_id FROM evaluator_assignments ea
       JOIN staff s ON s.id = ea.staff_id WHERE ea.fy = ? AND ea.effective_to IS NULL ORDER BY s.staff_no`,
    )
    .all(fy) as { staff_id: number; first_id: number | null; second_id: number | null; adjuster_id: number | null }[];
  return rows.map((r) => {
    const [no, name] = who(staff.get(r.staff_id));
    const [f, fName] = who(staff.get(r.first_id ?? -1));
    const [s, sName] = who(staff.get(r.second_id ?? -1));
    const [a, aName] = who(staff.get(r.adjuster_id ?? -1));
    return [fy, no, f, s, a, name, fName, sName, aName];
  });
}

function areaRows(db: Db, fy: number): CellOut[][] {
  const staff = new Map(allStaff(db).map((s) => [s.id, s]));
  const rows = db
    .prepare(
      `SELECT a.name AS area, aa.staff_id, aa.role, aa.partner_id FROM area_assignments aa
       JOIN areas a ON a.id = aa.area_id JOIN staff s ON s.id = aa.staff_id
       WHERE aa.fy = ? ORDER BY a.name, aa.role DESC, s.staff_no`,
    )
    .all(fy) as { area: string; staff_id: number; role: string; partner_id: number | null }[];
  return rows.map((r) => {
    const [no, name] = who(staff.get(r.staff_id));
    const [p, pName] = who(staff.get(r.partner_id ?? -1));
    return [fy, r.area, no, r.role, p, name, pName];
  });
}

/** The year's awards, one row per recipient; revoked awards stay out (they are changed only on screen). */
function awardRows(db: Db, fy: number): CellOut[][] {
  if (!db.prepare('SELECT 1 FROM cycles WHERE fy = ?').get(fy)) return [];
  const staff = new Map(allStaff(db).map((s) => [s.id, s]));
  return awardsOfYear(db, fy)
    .filter((a) => a.status !== '取消')
    .flatMap((a) =>
      a.recipients
        .flatMap((id) => {
          const s = staff.get(id);
          return s ? [s] : [];
        })
        .sort((x, y) => x.staffNo.localeCompare(y.staffNo))
        .map((s) => [
          fy,
          a.title,
          a.category,
          a.awardedOn,
          s.staffNo,
          a.groupName,
          a.nominator,
          a.status,
          a.decidedOn,
          s.name,
          s.section ?? '',
        ]),
    );
}

const extras: Record<ImportKind, ExtraColumn[]> = {
  staff: [],
  evaluators: [
    { header: '（参考）氏名', width: 14 },
    { header: '（参考）1次評価者', width: 14 },
    { header: '（参考）2次評価者', width: 14 },
    { header: '（参考）調整者', width: 14 },
  ],
  areas: [
    { header: '（参考）氏名', width: 14 },
    { header: '（参考）ペア', width: 14 },
  ],
  awards: [
    { header: '（参考）氏名', width: 14 },
    { header: '（参考）所属', width: 16 },
  ],
};

/** The current data in the template's layout, so that it re-imports as unchanged. */
export async function exportData(db: Db, kind: ImportKind, fy: number | null): Promise<FileDownload> {
  const year = fy ?? fiscalYearOf(new Date());
  const rows =
    kind === 'staff'
      ? staffRows(db)
      : kind === 'evaluators'
        ? evaluatorRows(db, year)
        : kind === 'awards'
          ? awardRows(db, year)
          : areaRows(db, year);
  const buf = await writeImportSheet(sheetSpecs[kind], rows, { confidential: true, extra: extras[kind] });
  const suffix = kind === 'staff' ? '' : `_${year}年度`;
  return download(`${kindLabels[kind]}${suffix}.xlsx`, buf);
}
