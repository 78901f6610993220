import type { ImportProblem } from '../../../../shared/contract';
import { areaRoles } from '../../../../shared/org';
import type { AreaRole } from '../../../../shared/org';
import type { Db } from '../../db/connection';
import {
  areaAssignments,
  areaIds,
  clearAreaPartner,
  insertArea,
  upsertAreaAssignment,
} from '../../staff/assignments.repo';
import type { AreaAssignment } from '../../staff/assignments.repo';
import { staffSnapshot } from '../../staff/org.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { ensureCycle } from '../../staff/staff.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { areaSheet } from '../io/specs';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportPlan, RowOutcome } from '../plan';
import { staffNoLookup } from '../staff-numbers';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import type { RosterModule } from '../kind';
import { kindLabels } from '../io/specs';
import { sheetDownload, who } from './sheet-file';
import type { CellOut } from '../io/writer';
import { areaExportRows } from '../roster-export.repo';

type Target = {
  row: number;
  fy: number;
  area: string;
  staff: StaffRecord;
  role: AreaRole;
  partner: StaffRecord | null;
  partnerColumn: string | null;
};

/**
 * The 地域担当 sheet: each person's area team for a year, role and pair partner. A partner must be
 * on the same area's team that year (in this file, or already registered).
 */
export function planAreas(db: Db, read: SheetRead): ImportPlan {
  const problems: ImportProblem[] = [...read.problems];
  const staff = new Map(staffSnapshot(db).map((s) => [s.staffNo, s]));
  const byId = new Map([...staff.values()].map((s) => [s.id, s]));
  const lookup = staffNoLookup(staff);
  const stored = new Map<number, Map<number, AreaAssignment>>();
  const storedFor = (fy: number) => {
    let m = stored.get(fy);
    if (!m) {
      m = areaAssignments(db, fy);
      stored.set(fy, m);
    }
    return m;
  };
  const keys: { row: number; key: [number, string] | null; column: string | null }[] = [];
  const labels = new Map<number, { key: string; label: string }>();
  const targets: Target[] = [];
  for (const source of read.rows) {
    const f = new RowFields(areaSheet, read, source, problems);
    const fy = f.fiscalYear('fy');
    const area = f.text('area', true);
    const staffNo = f.staffNo('staffNo', true);
    const role = f.code<AreaRole>('role', areaRoles, {}, true);
    const partnerNo = f.staffNo('partner');
    const found = staffNo ? lookup.find(staffNo) : undefined;
    const foundPartner = partnerNo ? lookup.find(partnerNo, 'ペアの職員番号') : undefined;
    const person = found && 'person' in found ? found.person : undefined;
    const partner = foundPartner && 'person' in foundPartner ? foundPartner.person : undefined;
    if (found && 'message' in found) f.problem('staffNo', found.message);
    if (foundPartner && 'message' in foundPartner) f.problem('partner', foundPartner.message);
    if (partnerNo && partnerNo === staffNo) f.problem('partner', `本人（${partnerNo}）をペアにはできません。`);
    labels.set(source.row, { key: staffNo ? `${fy ?? ''} ${staffNo}` : '', label: person?.name ?? '' });
    keys.push({
      row: source.row,
      key: fy && staffNo ? [fy, staffNo] : null,
      column: letterOf(read, 'staffNo'),
    });
    if (f.ok && fy && area && person && role) {
      targets.push({
        row: source.row,
        fy,
        area,
        staff: person,
        role,
        partner: partner ?? null,
        partnerColumn: letterOf(read, 'partner'),
      });
    }
  }
  checkDuplicates(keys, read, '職員番号', ([fy, no]) => `${fy}年度の職員番号 ${no} `, problems);

  // The partner's area that year: from this file first, else as registered.
  const fileArea = new Map(targets.map((t) => [`${t.fy}:${t.staff.id}`, t.area]));
  for (const t of targets) {
    if (!t.partner) continue;
    const theirs = fileArea.get(`${t.fy}:${t.partner.id}`) ?? storedFor(t.fy).get(t.partner.id)?.area;
    if (theirs === undefined) {
      problems.push({
        sheet: read.sheet,
        row: t.row,
        column: t.partnerColumn,
        field: 'ペア',
        message: `ペアの職員（${t.partner.staffNo} ${t.partner.name}）は${t.fy}年度の地域担当に登録されていません。`,
      });
    } else if (theirs !== t.area) {
      problems.push({
        sheet: read.sheet,
        row: t.row,
        column: t.partnerColumn,
        field: 'ペア',
        message: `ペアの職員（${t.partner.staffNo} ${t.partner.name}）は別の地域（${theirs}）の担当です。`,
      });
    }
  }

  const name = (s: StaffRecord | null | undefined) => (s ? `${s.staffNo} ${s.name}` : '');
  // Someone registered (and not in this file) whose pair partner moves to another area, or takes
  // another partner, would be left paired across teams: that pair is dissolved, shown on the mover's row.
  const inFile = new Set(targets.map((t) => `${t.fy}:${t.staff.id}`));
  // Who names whom as partner, per year: one pass over the stored assignments, not one per row.
  const partneredBy = new Map<string, AreaAssignment[]>();
  for (const fy of new Set(targets.map((t) => t.fy))) {
    for (const a of storedFor(fy).values()) {
      if (a.partnerId === null) continue;
      const key = `${fy}:${a.partnerId}`;
      partneredBy.set(key, [...(partneredBy.get(key) ?? []), a]);
    }
  }
  const staleFor = (t: Target): AreaAssignment[] =>
    (partneredBy.get(`${t.fy}:${t.staff.id}`) ?? []).filter(
      (other) =>
        !inFile.has(`${t.fy}:${other.staffId}`) && (other.area !== t.area || (t.partner?.id ?? null) !== other.staffId),
    );

  const outcomes: RowOutcome[] = targets.map((t) => {
    const current = storedFor(t.fy).get(t.staff.id);
    const unpaired = staleFor(t).map((other) =>
      diff(`ペア解除（${name(byId.get(other.staffId))}）`, name(t.staff), ''),
    );
    const d = current
      ? diffs([
          diff('地域', current.area, t.area),
          diff('役割', current.role, t.role),
          diff('ペア', name(byId.get(current.partnerId ?? -1)), name(t.partner)),
          ...unpaired,
        ])
      : null;
    return { row: t.row, key: `${t.fy} ${t.staff.staffNo}`, label: t.staff.name, diffs: d };
  });

  return summarise(read, problems, outcomes, labels, (tx, audit) => {
    const areas = areaIds(tx);
    for (const t of targets) {
      for (const other of staleFor(t)) {
        clearAreaPartner(tx, t.fy, other.staffId);
        audit.append({
          action: 'area.unpair',
          entity: 'area_assignment',
          entityId: `${t.fy}:${byId.get(other.staffId)?.staffNo ?? other.staffId}`,
          before: { area: other.area, partner: t.staff.staffNo },
          after: { area: other.area, partner: null },
        });
      }
      let areaId = areas.get(t.area);
      if (areaId === undefined) {
        areaId = insertArea(tx, t.area);
        areas.set(t.area, areaId);
        audit.append({ action: 'area.create', entity: 'area', entityId: areaId, after: { name: t.area } });
      }
      const current = storedFor(t.fy).get(t.staff.id);
      const partnerId = t.partner?.id ?? null;
      if (current && current.areaId === areaId && current.role === t.role && current.partnerId === partnerId) continue;
      ensureCycle(tx, t.fy);
      upsertAreaAssignment(tx, { fy: t.fy, staffId: t.staff.id, areaId, role: t.role, partnerId });
      audit.append({
        action: current ? 'area.change' : 'area.assign',
        entity: 'area_assignment',
        entityId: `${t.fy}:${t.staff.staffNo}`,
        before: current
          ? { area: current.area, role: current.role, partner: byId.get(current.partnerId ?? -1)?.staffNo ?? null }
          : undefined,
        after: { area: t.area, role: t.role, partner: t.partner?.staffNo ?? null },
      });
    }
  });
}

function areaRows(db: Db, fy: number): CellOut[][] {
  const staff = new Map(staffSnapshot(db).map((s) => [s.id, s]));
  return areaExportRows(db, fy).map((r) => {
    const [no, name] = who(staff.get(r.staff_id));
    const [p, pName] = who(staff.get(r.partner_id ?? -1));
    return [fy, r.area, no, r.role, p, name, pName];
  });
}

/** The 地域担当 sheet: export, parse and plan (docs/workbooks.md). */
export const areasWorkbook: RosterModule = {
  kind: 'areas',
  label: kindLabels.areas,
  parse: (fileName, file) => parseSheetFile('areas', fileName, file),
  plan: (db, parsed, options) => rosterPlan(planAreas(db, parsed.read), parsed.read, options),
  export: (db, fy, sink) =>
    sheetDownload(
      'areas',
      areaRows(db, fy),
      [
        { header: '（参考）氏名', width: 14 },
        { header: '（参考）ペア', width: 14 },
      ],
      fy,
      sink,
    ),
};
