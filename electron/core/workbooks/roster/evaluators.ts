import type { ImportProblem } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import type { Db } from '../../db/connection';
import {
  endEvaluatorAssignment,
  insertEvaluatorAssignment,
  openEvaluatorAssignments,
  updateEvaluators,
} from '../../staff/assignments.repo';
import type { EvaluatorAssignment } from '../../staff/assignments.repo';
import { staffSnapshot } from '../../staff/org.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { ensureCycle } from '../../staff/staff.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { evaluatorSheet } from '../io/specs';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportPlan, RowOutcome } from '../plan';
import { staffNoLookup } from '../staff-numbers';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import type { RosterModule } from '../kind';
import { kindLabels } from '../io/specs';
import { sheetDownload, who } from './sheet-file';
import type { CellOut } from '../io/writer';
import { evaluatorExportRows } from '../roster-export.repo';

type Role = 'first' | 'second' | 'adjuster';
const roleLabels: Record<Role, string> = { first: '1次評価者', second: '2次評価者', adjuster: '調整者' };

type Target = { fy: number; staff: StaffRecord } & Record<Role, StaffRecord | null>;

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The 評価者 sheet: who evaluates whom in a year. A change during the year ends the old assignment
 * the day before and starts the new one today, so the history shows both evaluators.
 */
export function planEvaluators(db: Db, read: SheetRead): ImportPlan {
  const problems: ImportProblem[] = [...read.problems];
  const staff = new Map(staffSnapshot(db).map((s) => [s.staffNo, s]));
  const byId = new Map([...staff.values()].map((s) => [s.id, s]));
  const lookup = staffNoLookup(staff);
  const open = new Map<number, Map<number, EvaluatorAssignment>>();
  const openFor = (fy: number) => {
    let m = open.get(fy);
    if (!m) {
      m = openEvaluatorAssignments(db, fy);
      open.set(fy, m);
    }
    return m;
  };
  const keys: { row: number; key: [number, string] | null; column: string | null }[] = [];
  const labels = new Map<number, { key: string; label: string }>();
  const targets: { row: number; target: Target; columns: Record<Role, string | null> }[] = [];
  for (const source of read.rows) {
    const f = new RowFields(evaluatorSheet, read, source, problems);
    const fy = f.fiscalYear('fy');
    const staffNo = f.staffNo('staffNo', true);
    const found = staffNo ? lookup.find(staffNo) : undefined;
    const person = found && 'person' in found ? found.person : undefined;
    if (found && 'message' in found) f.problem('staffNo', found.message);
    const evaluators = {} as Record<Role, StaffRecord | null>;
    for (const role of ['first', 'second', 'adjuster'] as const) {
      const no = f.staffNo(role, role === 'first');
      const hit = no ? lookup.find(no, `${roleLabels[role]}の職員番号`) : undefined;
      const who = hit && 'person' in hit ? hit.person : undefined;
      evaluators[role] = who ?? null;
      if (hit && 'message' in hit) f.problem(role, hit.message);
      else if (who && staffNo === no) f.problem(role, `本人（${no}）を${roleLabels[role]}にはできません。`);
    }
    labels.set(source.row, { key: staffNo ? `${fy ?? ''} ${staffNo}` : '', label: person?.name ?? '' });
    keys.push({
      row: source.row,
      key: fy && staffNo ? [fy, staffNo] : null,
      column: letterOf(read, 'staffNo'),
    });
    if (f.ok && fy && person) {
      const columns = {
        first: letterOf(read, 'first'),
        second: letterOf(read, 'second'),
        adjuster: letterOf(read, 'adjuster'),
      };
      targets.push({ row: source.row, target: { fy, staff: person, ...evaluators }, columns });
    }
  }
  checkDuplicates(keys, read, '職員番号', ([fy, no]) => `${fy}年度の職員番号 ${no} `, problems);

  const name = (s: StaffRecord | null | undefined) => (s ? `${s.staffNo} ${s.name}` : '');
  const outcomes: RowOutcome[] = targets.map(({ row, target, columns }) => {
    const current = openFor(target.fy).get(target.staff.id);
    // A retired evaluator may stay where already assigned (so an export re-imports), but not be newly named.
    for (const role of ['first', 'second', 'adjuster'] as const) {
      const who = target[role];
      if (who && !who.active && current?.[`${role}Id`] !== who.id) {
        problems.push({
          sheet: read.sheet,
          row,
          column: columns[role],
          field: roleLabels[role],
          message: `${roleLabels[role]}（${who.staffNo} ${who.name}）は退職しています。`,
        });
      }
    }
    const d = current
      ? diffs(
          (['first', 'second', 'adjuster'] as const).map((role) =>
            diff(roleLabels[role], name(byId.get(current[`${role}Id`] ?? -1)), name(target[role])),
          ),
        )
      : null;
    return { row, key: `${target.fy} ${target.staff.staffNo}`, label: target.staff.name, diffs: d };
  });

  return summarise(read, problems, outcomes, labels, (tx, audit) => {
    const today = todayIso();
    for (const { target } of targets) {
      ensureCycle(tx, target.fy);
      const ids = {
        firstId: target.first?.id ?? null,
        secondId: target.second?.id ?? null,
        adjusterId: target.adjuster?.id ?? null,
      };
      const current = openFor(target.fy).get(target.staff.id);
      const after = {
        fy: target.fy,
        staffNo: target.staff.staffNo,
        first: target.first?.staffNo ?? null,
        second: target.second?.staffNo ?? null,
        adjuster: target.adjuster?.staffNo ?? null,
      };
      if (!current) {
        insertEvaluatorAssignment(tx, {
          fy: target.fy,
          staffId: target.staff.id,
          ...ids,
          effectiveFrom: `${target.fy}-04-01`,
          effectiveTo: null,
        });
        audit.append({
          action: 'evaluators.assign',
          entity: 'evaluator_assignment',
          entityId: `${target.fy}:${target.staff.staffNo}`,
          after,
        });
        continue;
      }
      if (current.firstId === ids.firstId && current.secondId === ids.secondId && current.adjusterId === ids.adjusterId)
        continue;
      const before = {
        fy: target.fy,
        staffNo: target.staff.staffNo,
        first: byId.get(current.firstId ?? -1)?.staffNo ?? null,
        second: byId.get(current.secondId ?? -1)?.staffNo ?? null,
        adjuster: byId.get(current.adjusterId ?? -1)?.staffNo ?? null,
      };
      const inYear = today >= `${target.fy}-04-01` && today <= `${target.fy + 1}-03-31`;
      if (inYear && current.effectiveFrom < today) {
        // A change during the year: the old evaluators keep their period, the new ones start today.
        endEvaluatorAssignment(tx, current.id, dayBefore(today));
        insertEvaluatorAssignment(tx, {
          fy: target.fy,
          staffId: target.staff.id,
          ...ids,
          effectiveFrom: today,
          effectiveTo: null,
        });
      } else {
        updateEvaluators(tx, current.id, ids);
      }
      audit.append({
        action: 'evaluators.change',
        entity: 'evaluator_assignment',
        entityId: `${target.fy}:${target.staff.staffNo}`,
        before,
        after,
      });
    }
  });
}

function evaluatorRows(db: Db, fy: number): CellOut[][] {
  const staff = new Map(staffSnapshot(db).map((s) => [s.id, s]));
  return evaluatorExportRows(db, fy).map((r) => {
    const [no, name] = who(staff.get(r.staff_id));
    const [f, fName] = who(staff.get(r.first_id ?? -1));
    const [s, sName] = who(staff.get(r.second_id ?? -1));
    const [a, aName] = who(staff.get(r.adjuster_id ?? -1));
    return [fy, no, f, s, a, name, fName, sName, aName];
  });
}

/** The 評価者 sheet: export, parse and plan (docs/workbooks.md). */
export const evaluatorsWorkbook: RosterModule = {
  kind: 'evaluators',
  label: kindLabels.evaluators,
  parse: (fileName, file) => parseSheetFile('evaluators', fileName, file),
  plan: (db, parsed, options) => rosterPlan(planEvaluators(db, parsed.read), parsed.read, options),
  export: (db, fy, sink) =>
    sheetDownload(
      'evaluators',
      evaluatorRows(db, fy),
      [
        { header: '（参考）氏名', width: 14 },
        { header: '（参考）1次評価者', width: 14 },
        { header: '（参考）2次評価者', width: 14 },
        { header: '（参考）調整者', width: 14 },
      ],
      fy,
      sink,
    ),
};
