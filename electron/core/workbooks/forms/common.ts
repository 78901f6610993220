import type { FieldDiff, FormKind, ImportProblem, WorkbookKind } from '../../../../shared/contract';
import { eraYearLabel } from '../../../../shared/fiscal-year';
import type { Db } from '../../db/connection';
import type { Actor } from '../../system/audit.repo';
import type { StaffRecord } from '../../staff/org.repo';
import type { CellsRead, FormGrid, FormLayout } from '../io/form-sheet';

export type Purpose = 'print' | 'roundtrip';

/** What a layout needs besides the form: the year, why it is printed, and whether confidential sections go in. */
export type LayoutContext = {
  fy: number;
  purpose: Purpose;
  /** Health and family circumstances: only in one person's export for HR (docs/confidentiality.md). */
  includeConfidential: boolean;
};

/** What a form kind's import decides for one worksheet whose identity, hashes and version already passed. */
export type FormOutcome = {
  problems: ImportProblem[];
  diffs: FieldDiff[];
  /** True when the person had no form yet. */
  isNew: boolean;
  /** Writes the form (inside the commit's transaction); null when nothing is to be written. */
  write: ((db: Db, actor: Actor) => void) | null;
};

/** Everything one kind of form brings: how to load, lay out, and read back a person's form. */
export type FormKindModule<R> = {
  kind: FormKind;
  label: string;
  load: (db: Db, fy: number, staffId: number) => R | undefined;
  /** The form's version in Kaname, 0 when the person has none yet. */
  version: (record: R | undefined) => number;
  /** Whether the person may still write the form (and so whether the staff workbook opens it). */
  editable: (record: R | undefined) => boolean;
  statusOf: (record: R | undefined) => string;
  layout: (person: StaffRecord, record: R | undefined, ctx: LayoutContext, editable: boolean) => FormLayout;
  /** Reads the open cells of an editable form, checks every rule and prepares the write. */
  evaluate: (args: {
    db: Db;
    fy: number;
    person: StaffRecord;
    record: R | undefined;
    layout: FormLayout;
    cells: CellsRead;
    sheet: string;
  }) => FormOutcome;
  /**
   * A confidential field's text as the module's keys open it (compared with the file, never shown):
   * the stored value is sealed (docs/sealed-data.md), so it is never compared as stored. Null when
   * the keys do not open it; '' for kinds without any.
   */
  confidentialValue: (record: R | undefined, fy: number, staffId: number, key: string) => string | null;
};

export const formLabels: Record<WorkbookKind, string> = {
  selfreports: '自己申告書',
  mbo: '目標管理シート',
  appraisals: '人事考課票',
};

export function formTitle(kind: WorkbookKind, fy: number): string {
  return `${eraYearLabel(fy)}度 ${formLabels[kind]}`;
}

/** The person block every form starts with; 職員番号 is always at B{row of the first pair}. */
export function personBlock(g: FormGrid, p: StaffRecord, status: string): void {
  g.pair({ label: '職員番号', value: p.staffNo }, { label: '氏名', value: p.name });
  g.pair({ label: '所属', value: p.section ?? '' }, { label: '担当', value: p.line ?? '' });
  g.pair({ label: '職名', value: p.position }, { label: '状態', value: status });
}

/** Row of the 職員番号 cell: after the title and the subtitle. */
export const staffNoAddress = 'B3';

/** '2026-05-12T…' → '2026年5月12日'; empty when none. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso);
  if (!m) return '';
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
