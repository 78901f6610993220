import crypto from 'node:crypto';
import type { FileDownload, Parsed, WorkbookKind } from '../../../../shared/contract';
import { maxPrintForms } from '../../../../shared/contract';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { AppError } from '../../../../shared/result';
import { inlineSink } from '../../api/outbox';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { appendAudit } from '../../system/audit.repo';
import type { Keychain } from '../../keys/keychain';
import type { Session } from '../../office/office.service';
import { countPeople, insertFormExport, peopleFor, sectionExists } from '../form-exports.repo';
import type { FormExportItem } from '../form-exports.repo';
import { getMeta } from '../../db/meta.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { cellsHash, normalised, sheetNameFor } from '../io/form-sheet';
import { formsBookTo } from '../io/forms-book';
import type { FormSheetOut } from '../io/forms-book';
import { requireCycle } from '../../access/evaluation-access';
import { confidentialSections, exportHoldsConfidential } from '../../access/confidentiality';
import { staffByNo } from '../../staff/staff.repo';
import { formLabels } from './common';
import { metaMarker, metaSheetName } from './meta';
import type { FormKindModule, LayoutContext, Purpose } from './common';
import { mboModule } from './mbo-form';
import { selfReportModule } from './self-report-form';

const formsPerTurn = 25;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A form kind's module; `keys` (the caller's) open and seal the 自己申告書's sealed sections (docs/sealed-data.md). */
export function moduleFor(db: Db, kind: WorkbookKind, keys: Keychain): FormKindModule<unknown> {
  // The appraisal's evaluator workbooks have their own export and import (appraisal-workbook.ts, evaluator-import.ts).
  if (kind === 'appraisals') throw new AppError('VALIDATION', '人事考課票は評価者ごとの記入用ブックで扱います。');
  return (kind === 'mbo' ? mboModule(db) : selfReportModule(db, keys)) as FormKindModule<unknown>;
}

type Scope = { section: string | null; staffNo: string | null; label: string; person: StaffRecord | null };

function scopeOf(db: Db, input: Parsed<'forms:export'>): Scope {
  if (input.staffNo !== undefined) {
    const person = staffByNo(db, input.staffNo);
    if (!person) throw new AppError('NOT_FOUND', `職員番号 ${input.staffNo} の職員は見つかりません。`);
    return { section: null, staffNo: person.staffNo, label: `${person.staffNo} ${person.name}`, person };
  }
  const section = input.section ?? null;
  if (section !== null && !sectionExists(db, section)) {
    throw new AppError('NOT_FOUND', `所属「${section}」は見つかりません。`, 'section');
  }
  return { section, staffNo: null, label: section ?? '全職員', person: null };
}

function safeFilePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/gu, '_');
}

/**
 * A workbook of forms, one worksheet per person laid out like the paper form: print-ready (all
 * locked), or the staff workbook to fill in (the person's own fields open, recorded as an export so
 * that the import can check it). HR only; the confidential self-report sections go only into one
 * person's export, and such an export is audited. They are stored sealed and opened with the
 * exporting login's keys, on top of the role check (docs/sealed-data.md): sections those keys do not
 * open are printed as omitted, the sheet says why, and the audit records them as withheld.
 */
export async function exportForms(
  db: Db,
  session: Session,
  input: Parsed<'forms:export'>,
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  const { actor } = session;
  requireCycle(db, input.fy);
  const purpose: Purpose = input.purpose;
  const scope = scopeOf(db, input);
  if (scope.person === null && countPeople(db, input.kind, input.fy, scope.section) > maxPrintForms) {
    throw new AppError(
      'VALIDATION',
      `対象が${maxPrintForms.toLocaleString('ja-JP')}人を超えるため、1つのブックには出力できません。所属（課）を選んで出力してください。`,
      'section',
    );
  }
  const people = peopleFor(db, input.kind, input.fy, scope);
  if (people.length === 0) throw new AppError('NOT_FOUND', '出力する対象の職員がいません。');

  const mod = moduleFor(db, input.kind, session.keys);
  const includeConfidential = exportHoldsConfidential(input.kind, scope.person !== null);
  const ctx: LayoutContext = { fy: input.fy, purpose, includeConfidential };
  const token = crypto.randomBytes(16).toString('hex');
  const officeName = getMeta(db, 'office_name') ?? '';
  const header = `${officeName}　${fiscalYearLabel(input.fy)}　${formLabels[input.kind]}`;

  const items: (FormExportItem & { staffNo: string })[] = [];
  // Whether the one person's sections were left out because the keys did not open them.
  let withheld = false;
  async function* forms(): AsyncGenerator<FormSheetOut> {
    const taken = new Set<string>([metaSheetName.toLowerCase()]);
    for (const [i, person] of people.entries()) {
      // A print of everyone takes ~10 ms a form: let other calls (another window's autosave) through
      // every few dozen forms instead of holding the main process for the whole run.
      if (i > 0 && i % formsPerTurn === 0) await nextTurn();
      const record = mod.load(db, input.fy, person.id);
      if (includeConfidential) {
        withheld ||= confidentialSections.some((k) => mod.confidentialValue(record, input.fy, person.id, k) === null);
      }
      const editable = purpose === 'roundtrip' && mod.editable(record);
      const layout = mod.layout(person, record, ctx, editable);
      const name = sheetNameFor(`${person.staffNo} ${person.name}`, taken);
      if (purpose === 'roundtrip') {
        const valueOf = (c: { value: string | number | null }) => normalised(c.value);
        items.push({
          staffId: person.id,
          staffNo: person.staffNo,
          sheetName: name,
          formVersion: mod.version(record),
          lockedHash: cellsHash(token, layout, 'locked', valueOf),
          openHash: cellsHash(token, layout, 'open', valueOf),
          editable,
        });
      }
      yield { name, layout };
    }
  }
  const metaRows = (): (string | number)[][] => [
    [metaMarker],
    [token],
    [input.kind],
    [input.fy],
    [],
    ...items.map((it) => [it.sheetName, it.staffNo]),
  ];

  const audit = () =>
    db.transaction(() => {
      const common = {
        kind: input.kind,
        fy: input.fy,
        scope: scope.label,
        purpose,
        forms: people.length,
        // Left out because the exporting login's keys did not open them (docs/sealed-data.md).
        ...(withheld ? { confidentialWithheld: [...confidentialSections] } : {}),
      };
      if (purpose === 'roundtrip') {
        const id = insertFormExport(db, { token, kind: input.kind, fy: input.fy, scope: scope.label, actor }, items);
        appendAudit(db, actor, { action: 'forms.export', entity: 'form_export', entityId: id, after: common });
      } else {
        appendAudit(db, actor, { action: 'forms.print', entity: 'form_export', entityId: null, after: common });
      }
      if (includeConfidential && scope.person && !withheld) {
        appendAudit(db, actor, {
          action: 'selfReport.exportConfidential',
          entity: 'self_report',
          entityId: `${input.fy}:${scope.person.staffNo}`,
          after: { fy: input.fy, staffNo: scope.person.staffNo, purpose, sections: [...confidentialSections] },
        });
      }
    })();

  const suffix = purpose === 'print' ? '印刷用' : '記入用';
  return formsBookTo(sink, {
    fileName: `${formLabels[input.kind]}_${input.fy}年度_${safeFilePart(scope.label)}_${suffix}.xlsx`,
    header,
    forms: forms(),
    ...(purpose === 'roundtrip' ? { meta: { name: metaSheetName, rows: metaRows } } : {}),
    done: audit,
  });
}
