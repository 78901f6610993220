import type { FileDownload, FormKind, ImportProblem, Parsed } from '../../../../shared/contract';
import { AppError } from '../../../../shared/result';
import type { Db } from '../../db/connection';
import { formExportByToken, formExportItems } from '../form-exports.repo';
import type { FormExportItem, FormExportRecord } from '../form-exports.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { addressOf, cellsHash, normalised } from '../io/form-sheet';
import type { FormCell } from '../io/form-sheet';
import { staffById } from '../../staff/staff.repo';
import type { Session } from '../../office/office.service';
import { emptyKeychain } from '../../keys/keychain';
import type { KindPlan, ParsedForms, WorkbookModule } from '../kind';
import type { ImportOptions } from '../plan';
import { parseForms } from '../parse';
import { formLabels } from './common';
import type { FormKindModule } from './common';
import { exportForms, moduleFor } from './export';
import { lockedProblems, planSheets, rejectedOf, staleMessage } from './form-plan';
import type { FormDecision, FormSheet } from './form-plan';
import { metaMarker } from './meta';

/*
 * The import of a staff workbook (記入用ブック). Whose forms a file holds, which cells were locked,
 * and the version of each form at export all come from the export's record in the database (found
 * by the token on the workbook's very hidden sheet), never from the file. Each worksheet is one form
 * and is decided on its own: unchanged, new or changed (written), or rejected with every reason at
 * its sheet, row and column. The valid forms are committed even when others are rejected, and the
 * rejected ones are listed — nothing is dropped silently.
 */

const closedMessage = (status: string) =>
  `この様式は出力時に「${status}」で編集できない状態でした（提出済のため編集できません）。変更は取り込みません。`;

function findExport(db: Db, parsed: ParsedForms): FormExportRecord {
  const label = formLabels[parsed.kind];
  const record = parsed.token === null ? undefined : formExportByToken(db, parsed.token);
  if (!record) {
    throw new AppError(
      'VALIDATION',
      parsed.token === null && parsed.marker !== metaMarker
        ? `このファイルは Kaname で出力した${label}の記入用ブックではありません。「取込・出力」の「記入用ブックを出力」で出力したファイルに記入して取り込んでください。`
        : `この記入用ブックはこの事業所で出力されたものではありません（別の事業所のデータベースで出力されたか、出力の記録が見つかりません）。`,
    );
  }
  if (record.kind !== parsed.kind) {
    throw new AppError(
      'VALIDATION',
      `このファイルは${formLabels[record.kind]}の記入用ブックです。取り込むデータの種類を「${formLabels[record.kind]}」にしてください。`,
    );
  }
  return record;
}

function decide(
  db: Db,
  mod: FormKindModule<unknown>,
  exp: FormExportRecord,
  item: FormExportItem,
  person: StaffRecord,
  sheet: FormSheet,
  row: number,
): FormDecision {
  const fy = exp.fy;
  const record = mod.load(db, fy, person.id);
  const layout = mod.layout(person, record, { fy, purpose: 'roundtrip', includeConfidential: false }, item.editable);
  const { cells } = sheet;
  const fileValue = (c: FormCell) => normalised(cells.get(addressOf(c.row, c.col)) ?? { kind: 'empty' });
  const base = { row, key: person.staffNo, label: person.name };
  const rejected = (problems: ImportProblem[]): FormDecision => ({
    change: { ...base, status: 'error', diffs: [] },
    problems,
    write: null,
  });

  const masters = new Set(layout.cells.map((c) => addressOf(c.row, c.col)));
  const extra = [...cells.keys()].filter((a) => !masters.has(a));
  const lockedChanged = cellsHash(exp.token, layout, 'locked', fileValue) !== item.lockedHash || extra.length > 0;
  const current = mod.version(record);
  const stale = current !== item.formVersion;
  const problems: ImportProblem[] = [];
  if (lockedChanged) problems.push(...lockedProblems(sheet.name, layout, cells, !stale, extra));

  // Compared with the text the importing login's keys open, never with the stored (sealed) value
  // (docs/sealed-data.md); one the keys do not open counts as changed, and the form decides.
  const confidentialChanged = layout.cells.some((c) => {
    if (!c.confidential || !c.field) return false;
    const v = fileValue(c);
    if (v === '') return false;
    const held = mod.confidentialValue(record, fy, person.id, c.field.key);
    return held === null || v !== normalised(held);
  });
  const openChanged = cellsHash(exp.token, layout, 'open', fileValue) !== item.openHash || confidentialChanged;
  const unchanged: FormDecision = { change: { ...base, status: 'unchanged', diffs: [] }, problems: [], write: null };
  if (!lockedChanged && !openChanged) return unchanged;
  if (stale && !lockedChanged && item.editable) {
    // Filled, but with exactly what Kaname holds now (this very workbook, already committed):
    // nothing to take and nothing to overwrite. Any other value would undo a change made since
    // (docs/workbook-import.md).
    const again = mod.evaluate({ db, fy, person, record, layout, cells, sheet: sheet.name });
    if (again.problems.length === 0 && again.diffs.length === 0) return unchanged;
  }

  if (stale) problems.push({ sheet: sheet.name, row: null, column: null, field: null, message: staleMessage });
  if (problems.length > 0) return rejected(problems);
  if (!item.editable) {
    return rejected([
      { sheet: sheet.name, row: null, column: null, field: null, message: closedMessage(mod.statusOf(record)) },
    ]);
  }
  const outcome = mod.evaluate({ db, fy, person, record, layout, cells, sheet: sheet.name });
  if (outcome.problems.length > 0) return rejected(outcome.problems);
  if (outcome.write === null || outcome.diffs.length === 0) return unchanged;
  return {
    change: { ...base, status: outcome.isNew ? 'new' : 'changed', diffs: outcome.diffs },
    problems: [],
    write: outcome.write,
  };
}

/**
 * Decides every form of a staff workbook against the database as it is now, opening and sealing the
 * confidential sections with the importing login's keys (none given: an empty keychain, which opens
 * nothing sealed and cannot seal for anyone who already has a key).
 */
export function planForms(db: Db, parsed: ParsedForms, options: ImportOptions = {}): KindPlan {
  const exp = findExport(db, parsed);
  const mod = moduleFor(db, parsed.kind, options.keys ?? emptyKeychain());
  const items = new Map(formExportItems(db, exp.id).map((i) => [i.sheetName, i]));
  const { counts, problems, changes, writes } = planSheets(
    parsed.sheets,
    (sheet) => {
      const item = items.get(sheet.name);
      const person = item ? staffById(db, item.staffId) : undefined;
      return {
        listed: item !== undefined,
        subject: item && person ? { item, person, staffNo: person.staffNo } : undefined,
      };
    },
    ({ item, person }, sheet, row) => decide(db, mod, exp, item, person, sheet, row),
  );
  return {
    sheet: `${formLabels[parsed.kind]} ${exp.fy}年度（${exp.scope}）`,
    counts,
    problems,
    changes,
    commits: 'valid',
    apply: (tx, actor) => {
      for (const write of writes) write(tx, actor);
    },
    record: { head: { exportId: exp.id }, tail: { rejected: rejectedOf(changes) } },
  };
}

type FormsExport = (db: Db, session: Session, input: Parsed<'forms:export'>) => Promise<FileDownload>;

function staffWorkbookOf(kind: FormKind): WorkbookModule<ParsedForms, FormsExport> {
  return {
    kind,
    label: formLabels[kind],
    parse: (fileName, file) => parseForms(kind, fileName, file),
    plan: (db, parsed, options) => planForms(db, parsed, options),
    export: exportForms,
  };
}

/** The 自己申告書's staff workbook: export, parse and plan (the form itself: self-report-form.ts). */
export const selfReportsWorkbook = staffWorkbookOf('selfreports');
/** The 目標管理シート's staff workbook: export, parse and plan (the form itself: mbo-form.ts). */
export const mboWorkbook = staffWorkbookOf('mbo');
