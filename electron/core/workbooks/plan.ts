import type { Keychain } from '../keys/keychain';
import type { FieldDiff, ImportCounts, ImportProblem, RowChange } from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { AuditWriter } from '../system/audit.repo';
import type { SheetRead } from './io/sheet-reader';
import type { KindPlan } from './kind';

/**
 * What an importer decides for a file against the database as it is: every problem, every row's
 * status and changes, and the function that writes it (called inside one transaction).
 */
export type ImportPlan = {
  counts: ImportCounts;
  problems: ImportProblem[];
  changes: RowChange[];
  apply: (db: Db, audit: AuditWriter) => void;
};

/** What the user decided for this import beyond the file (both optional; the preview and the commit pass them). */
export type ImportOptions = {
  /** Unknown 職員番号 the 職員名簿 import asked about ('confirm' problems) are new people. */
  confirmNewStaff?: boolean;
  /**
   * The importing login's keys (docs/sealed-data.md): forms seal their confidential sections with
   * them, and the commit brings the key grants up to date with them. Absent: nothing is sealed.
   */
  keys?: Keychain;
};

export type Planner = (db: Db, read: SheetRead, options: ImportOptions) => ImportPlan;

/** The key and label of a row by its Excel row number, for listing the rows that failed (a Map will do). */
export type RowLabels = Pick<ReadonlyMap<number, { key: string; label: string }>, 'get'>;

/** A row that read cleanly: its key, a label for people, and its changes (null when it is new). */
export type RowOutcome = { row: number; key: string; label: string; diffs: FieldDiff[] | null };

/**
 * Counts and lists the rows: a row with any problem is an error (even if it read cleanly before a
 * later check, such as a duplicate, found it); new and changed rows are listed; unchanged rows only
 * counted.
 */
export function summarise(
  read: SheetRead,
  problems: ImportProblem[],
  outcomes: RowOutcome[],
  labels: RowLabels,
  apply: ImportPlan['apply'],
): ImportPlan {
  const errorRows = new Set(problems.flatMap((p) => (p.row !== null && p.row > read.headerRow ? [p.row] : [])));
  const counts: ImportCounts = {
    total: read.rows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors: errorRows.size,
  };
  const changes: RowChange[] = [];
  for (const row of errorRows) {
    const l = labels.get(row) ?? { key: '', label: '' };
    changes.push({ row, key: l.key, label: l.label, status: 'error', diffs: [] });
  }
  for (const o of outcomes) {
    if (errorRows.has(o.row)) continue;
    if (o.diffs === null) {
      counts.inserted += 1;
      changes.push({ row: o.row, key: o.key, label: o.label, status: 'new', diffs: [] });
    } else if (o.diffs.length > 0) {
      counts.updated += 1;
      changes.push({ row: o.row, key: o.key, label: o.label, status: 'changed', diffs: o.diffs });
    } else {
      counts.unchanged += 1;
    }
  }
  changes.sort((a, b) => a.row - b.row);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { counts, problems, changes, apply };
}

export function diff(
  field: string,
  before: string | null | undefined,
  after: string | null | undefined,
): FieldDiff | null {
  const b = before ?? '';
  const a = after ?? '';
  return a === b ? null : { field, before: b, after: a };
}

export function diffs(list: (FieldDiff | null)[]): FieldDiff[] {
  return list.filter((d): d is FieldDiff => d !== null);
}

/** Duplicate keys name both rows: the first gets "also in row N", every later one "same as row M". */
export function checkDuplicates<T>(
  items: { row: number; key: T | null; column: string | null }[],
  read: SheetRead,
  field: string,
  describe: (key: T) => string,
  problems: ImportProblem[],
): void {
  const first = new Map<string, { row: number; column: string | null }>();
  const flagged = new Set<number>();
  for (const item of items) {
    if (item.key === null) continue;
    // One call's keys are all of one type: text keys are compared as they are.
    const k = typeof item.key === 'string' ? item.key : JSON.stringify(item.key);
    const seen = first.get(k);
    if (!seen) {
      first.set(k, { row: item.row, column: item.column });
      continue;
    }
    problems.push({
      sheet: read.sheet,
      row: item.row,
      column: item.column,
      field,
      message: `${describe(item.key)}が${seen.row}行目と重複しています。`,
    });
    if (!flagged.has(seen.row)) {
      flagged.add(seen.row);
      problems.push({
        sheet: read.sheet,
        row: seen.row,
        column: seen.column,
        field,
        message: `${describe(item.key)}が${item.row}行目にもあります。`,
      });
    }
  }
}

/**
 * A roster sheet's plan as the importer takes it: all or nothing (any problem refuses the file), the
 * sheet's name as the preview's content, and who confirmed new 職員番号 in the audit entry.
 */
export function rosterPlan(plan: ImportPlan, read: SheetRead, options: ImportOptions): KindPlan {
  return {
    sheet: read.sheet,
    counts: plan.counts,
    problems: plan.problems,
    changes: plan.changes,
    commits: 'whole',
    apply: (db, _actor, audit) => plan.apply(db, audit),
    // Who confirmed that unknown 職員番号 are new people is part of the record.
    record: { tail: options.confirmNewStaff ? { confirmedNewStaff: true } : {} },
  };
}
