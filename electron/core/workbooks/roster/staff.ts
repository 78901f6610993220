import type { ImportProblem } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import {
  employments,
  gradeGroupOf,
  gradeGroups,
  positions,
  staffFieldLabels as fieldLabels,
} from '../../../../shared/org';
import type { Employment, GradeGroup, Position } from '../../../../shared/org';
import type { Db } from '../../db/connection';
import {
  allStaff,
  staffFields,
  insertLine,
  insertSection,
  insertTransfer,
  lineIds,
  lineKey,
  sectionIds,
  staffSnapshot,
  staffWriter,
} from '../../staff/org.repo';
import type { StaffRecord, StaffValues } from '../../staff/org.repo';
import type { AuditWriter } from '../../system/audit.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { activeAliases, activeValues, staffSheet } from '../io/specs';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportOptions, ImportPlan, RowLabels, RowOutcome } from '../plan';
import { newStaffCheck } from '../staff-numbers';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import type { RosterModule } from '../kind';
import { kindLabels } from '../io/specs';
import type { CellOut } from '../io/writer';
import { sheetDownload } from './sheet-file';

/** The values a roster row sets; section and line by name (created when new). */
type Target = Omit<StaffValues, 'sectionId' | 'lineId'> & { section: string; line: string | null };

type Parsed = {
  row: number;
  staffNoColumn: string | null;
  target: Target | null;
  staffNo: string | null;
  name: string;
};

function activeLabel(active: boolean): string {
  return active ? '在職' : '退職';
}

/** A field's value: the file's, else (column absent) the stored one, else the fallback. */
function keep<T>(value: T | null | undefined, stored: T | undefined, fallback: T): T {
  return value === undefined ? (stored ?? fallback) : (value ?? fallback);
}

/** Reads one roster row; fields whose column is absent keep the stored value (or the default). */
function parseRow(f: RowFields, staffNo: string | null | undefined, existing: StaffRecord | undefined): Target | null {
  const name = f.text('name', true);
  const kana = f.text('kana');
  const section = f.text('section', true);
  const line = f.text('line');
  const position = f.code<Position>('position', positions, {}, true);
  const gradeGroup = f.code<GradeGroup>('gradeGroup', gradeGroups);
  const jobType = f.text('jobType');
  const employment = f.code<Employment>('employment', employments);
  const hiredOn = f.date('hiredOn');
  const postedOn = f.date('postedOn');
  const qualifications = f.text('qualifications');
  const active = f.code('active', activeValues, activeAliases);
  if (hiredOn && postedOn && postedOn < hiredOn)
    f.problem('postedOn', `現所属配属日（${postedOn}）が採用日（${hiredOn}）より前です。`);
  if (!f.ok || !staffNo || !name || !section || !position) return null;
  const positionChanged = existing !== undefined && existing.position !== position;
  return {
    staffNo,
    name,
    kana: keep(kana, existing?.kana, ''),
    section,
    // Without a 担当 column the stored 担当 is kept only while the person stays in the same 課.
    line: line === undefined ? (existing && existing.section === section ? existing.line : null) : line || null,
    position,
    // 職層 follows 職位 when blank, or when 職位 changes and the file has no 職層 column.
    gradeGroup:
      gradeGroup ??
      (gradeGroup === undefined && existing && !positionChanged ? existing.gradeGroup : gradeGroupOf(position)),
    jobType: keep(jobType, existing?.jobType, ''),
    employment: keep(employment, existing?.employment, '正規'),
    hiredOn: keep(hiredOn, existing?.hiredOn, null),
    // A move to another 課 in a file without 現所属配属日 starts the new posting today.
    postedOn:
      postedOn === undefined && existing && existing.section !== section
        ? todayIso()
        : keep(postedOn, existing?.postedOn, null),
    qualifications: keep(qualifications, existing?.qualifications, ''),
    active: active === undefined ? (existing?.active ?? true) : active !== '退職',
  };
}

function changesOf(before: StaffRecord, t: Target) {
  return diffs([
    diff(fieldLabels.name, before.name, t.name),
    diff(fieldLabels.kana, before.kana, t.kana),
    diff(fieldLabels.section, before.section, t.section),
    diff(fieldLabels.line, before.line, t.line),
    diff(fieldLabels.position, before.position, t.position),
    diff(fieldLabels.gradeGroup, before.gradeGroup, t.gradeGroup),
    diff(fieldLabels.jobType, before.jobType, t.jobType),
    diff(fieldLabels.employment, before.employment, t.employment),
    diff(fieldLabels.hiredOn, before.hiredOn, t.hiredOn),
    diff(fieldLabels.postedOn, before.postedOn, t.postedOn),
    diff(fieldLabels.qualifications, before.qualifications, t.qualifications),
    diff(fieldLabels.active, activeLabel(before.active), activeLabel(t.active)),
  ]);
}

function auditView(v: Target | StaffRecord): Record<string, unknown> {
  return Object.fromEntries(staffFields.map((f) => [f, v[f]]));
}

/**
 * The 職員名簿 sheet: upsert by 職員番号; a change of 所属 or 担当 is kept as a transfer. An unknown
 * 職員番号 that may be a stored person's with its zeros lost is a 'confirm' problem until the user
 * confirms the row is a new person (docs/import-staff-numbers.md).
 */
export function planStaff(db: Db, read: SheetRead, options: ImportOptions = {}): ImportPlan {
  return planStaffFrom(staffSnapshot(db), read, options);
}

/** Rows between two progress reports of a plan. */
const rowsPerReport = 2000;

/**
 * planStaff against a snapshot of the stored staff instead of the database: what the import worker
 * runs for a preview (importer.ts), reporting the share of rows read through `progress` (0–1).
 */
export function planStaffFrom(
  stored: readonly StaffRecord[],
  read: SheetRead,
  options: ImportOptions = {},
  progress?: (fraction: number) => void,
): ImportPlan {
  const problems: ImportProblem[] = [...read.problems];
  const existing = new Map(stored.map((s) => [s.staffNo, s]));
  const askNew = options.confirmNewStaff ? null : newStaffCheck(existing);
  const parsed: Parsed[] = [];
  const staffNoColumn = letterOf(read, 'staffNo');
  for (const [i, source] of read.rows.entries()) {
    if (progress && i % rowsPerReport === 0) progress(i / read.rows.length);
    const f = new RowFields(staffSheet, read, source, problems);
    const staffNo = f.staffNo('staffNo', true);
    const target = parseRow(f, staffNo, staffNo ? existing.get(staffNo) : undefined);
    parsed.push({
      row: source.row,
      staffNoColumn,
      target,
      staffNo: staffNo ?? null,
      // The label of a row that failed; a valid row is labelled by its parsed name.
      name: target ? target.name : f.peek('name'),
    });
  }
  checkDuplicates(
    parsed.map((p) => ({ row: p.row, key: p.staffNo, column: p.staffNoColumn })),
    read,
    '職員番号',
    (k) => `職員番号 ${k} `,
    problems,
  );
  if (askNew) {
    for (const p of parsed) {
      if (!p.target) continue;
      const message = askNew(p.target.staffNo, p.target.name, p.target.kana);
      if (message === null) continue;
      problems.push({
        sheet: read.sheet,
        row: p.row,
        column: p.staffNoColumn,
        field: '職員番号',
        message,
        kind: 'confirm',
      });
    }
  }
  // Labels are looked up only for the rows that failed; the rows are in sheet order.
  const labels: RowLabels = { get: (row) => labelOf(parsed, row) };
  const outcomes: RowOutcome[] = [];
  const valid: Valid[] = [];
  for (const p of parsed) {
    if (!p.target) continue;
    const before = existing.get(p.target.staffNo);
    const changes = before ? changesOf(before, p.target) : null;
    outcomes.push({ row: p.row, key: p.target.staffNo, label: p.target.name, diffs: changes });
    // Unchanged rows need no writing; only new and changed ones are kept for the commit.
    if (changes === null || changes.length > 0) valid.push({ target: p.target, before });
  }
  return summarise(read, problems, outcomes, labels, (tx, audit) => applyStaff(tx, audit, valid));
}

type Valid = { target: Target; before: StaffRecord | undefined };

/** The label of a parsed row by its Excel row number (the rows ascend: a binary search). */
function labelOf(parsed: readonly Parsed[], row: number): { key: string; label: string } | undefined {
  let lo = 0;
  let hi = parsed.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = parsed[mid] as Parsed;
    if (p.row === row) return { key: p.staffNo ?? '', label: p.name };
    if (p.row < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** New staff are audited in batches of this many records (one entry per batch, every field kept). */
const createdPerAuditEntry = 500;

function applyStaff(db: Db, audit: AuditWriter, rows: Valid[]): void {
  const sections = sectionIds(db);
  const lines = lineIds(db);
  const writer = staffWriter(db);
  const today = todayIso();
  const sectionId = (name: string): number => {
    let id = sections.get(name);
    if (id === undefined) {
      id = insertSection(db, name);
      sections.set(name, id);
      audit.append({ action: 'section.create', entity: 'section', entityId: id, after: { name } });
    }
    return id;
  };
  const lineId = (secId: number, section: string, name: string | null): number | null => {
    if (name === null) return null;
    let id = lines.get(lineKey(secId, name));
    if (id === undefined) {
      id = insertLine(db, secId, name);
      lines.set(lineKey(secId, name), id);
      audit.append({ action: 'line.create', entity: 'line', entityId: id, after: { section, name } });
    }
    return id;
  };
  // Each batch entry keeps every field of every new record, as a table (field names once).
  let created: unknown[][] = [];
  const flushCreated = (): void => {
    if (created.length === 0) return;
    audit.append({
      action: 'staff.create',
      entity: 'staff',
      entityId: `${created.length}件`,
      after: { fields: staffFields, rows: created },
    });
    created = [];
  };
  for (const { target, before } of rows) {
    const secId = sectionId(target.section);
    const values: StaffValues = {
      staffNo: target.staffNo,
      name: target.name,
      kana: target.kana,
      sectionId: secId,
      lineId: lineId(secId, target.section, target.line),
      position: target.position,
      gradeGroup: target.gradeGroup,
      jobType: target.jobType,
      employment: target.employment,
      hiredOn: target.hiredOn,
      postedOn: target.postedOn,
      qualifications: target.qualifications,
      active: target.active,
    };
    if (!before) {
      writer.insert(values);
      created.push(staffFields.map((f) => target[f]));
      if (created.length >= createdPerAuditEntry) flushCreated();
      continue;
    }
    writer.update(before.id, values);
    audit.append({
      action: 'staff.update',
      entity: 'staff',
      entityId: before.id,
      before: auditView(before),
      after: auditView(target),
    });
    if (before.sectionId !== values.sectionId || before.lineId !== values.lineId) {
      const onDate = target.postedOn && target.postedOn !== before.postedOn ? target.postedOn : today;
      insertTransfer(db, {
        staffId: before.id,
        onDate,
        fromSectionId: before.sectionId,
        fromLineId: before.lineId,
        toSectionId: values.sectionId,
        toLineId: values.lineId,
      });
    }
  }
  flushCreated();
}

function staffRows(db: Db): CellOut[][] {
  return allStaff(db).map((s) => staffFields.map((f) => (f === 'active' ? (s.active ? '在職' : '退職') : s[f])));
}

/** The 職員名簿: export, parse and plan (docs/workbooks.md). */
export const staffWorkbook: RosterModule = {
  kind: 'staff',
  label: kindLabels.staff,
  parse: (fileName, file) => parseSheetFile('staff', fileName, file),
  plan: (db, parsed, options) => rosterPlan(planStaff(db, parsed.read, options), parsed.read, options),
  export: (db, fy, sink) => sheetDownload('staff', staffRows(db), [], fy, sink),
};
