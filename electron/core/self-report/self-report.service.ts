import type { Parsed, PersonRef, SelfReportFields, SelfReportPerson, SelfReportView } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { submitProblems, submitRefusal } from '../../../shared/self-report';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import { toPersonRef } from '../staff/org.repo';
import type { StaffRecord } from '../staff/org.repo';
import { evaluatorsInForce, formAccess } from '../access/evaluation-access';
import { staffById } from '../staff/staff.repo';
import type { FormAccess } from '../access/evaluation-access';
import { confidentialMask, confidentialSections, maskedChanges, mayReadConfidential } from '../access/confidentiality';
import { emptySelfReportState, getSelfReport, insertSelfReport, updateSelfReport } from './self-report.repo';
import type { SelfReportRecord, SelfReportState } from './self-report.repo';
import { assertYearWritable, yearOpenTo } from '../access/closed-year';
import { isSealed as isSealedValue } from '../keys/ciphers';
import { officeHasKeys as officeSeals } from '../keys/seal-office';
import type { Session } from '../office/office.service';
import { withheldMessage } from '../keys/keychain';
import type { Keychain } from '../keys/keychain';
import { selfReportField } from '../keys/sealed-fields';
import type { ConfidentialPart } from '../keys/sealed-fields';

/*
 * The self-report (自己申告書, docs/confidentiality.md) and its confidentiality rule (the rule itself:
 * access/confidentiality.ts, shared with the Excel forms), enforced here on every screen path:
 *
 * - Who may read a report at all: the person, their 1次/2次/調整者 in that year (an evaluator
 *   account whose linked staff member is on an assignment in force: no end date, or one not yet
 *   passed — the same rule as the staff list), HR and personnel. Anyone else gets NOT_FOUND with the
 *   same message as a report of nobody.
 * - The confidential sections (health, family circumstances) go only to the person, their 調整者
 *   and HR. For everyone else they are left out of the returned object (`confidential: null`,
 *   `confidentialHidden: true`), never sent and blanked.
 * - Every time someone other than the person receives them, 'selfReport.readConfidential' is
 *   audited (no values, only which report and which sections).
 * - Writes are audited with before → after of the changed items; a changed confidential item shows
 *   as '（非公開項目を変更）' on both sides, so the audit viewer and its export never show them.
 * - The confidential sections are stored sealed under the person's key (docs/sealed-data.md): the
 *   record holds them as stored, they are opened for the view with the caller's keys, and a reader
 *   the role check admits but whose keys do not open them gets them withheld, with the reason.
 */

export const confidentialAuditMask = confidentialMask;

const staleMessage =
  'この自己申告書は、別の画面または別の人によって更新されています。最新の内容を読み込み直してから、もう一度入力してください。';

function stale(): AppError {
  return new AppError('CONFLICT', staleMessage);
}

/** The person, their 調整者 and HR: the only ones who receive health and family circumstances. */
export { mayReadConfidential };

type Access = FormAccess<never>;

/**
 * Finds whose report is meant (the caller's own when staffNo is omitted) and how the caller stands
 * to them; refuses with NOT_FOUND when they may not read it, exactly as if it did not exist.
 */
function access(db: Db, session: Session, fy: number, staffNo: string | undefined): Access {
  return formAccess(db, session, fy, staffNo, '自己申告書');
}

function personOf(r: StaffRecord): SelfReportPerson {
  return { staffNo: r.staffNo, name: r.name, section: r.section, line: r.line, position: r.position };
}

function personRef(db: Db, id: number | null): PersonRef | null {
  const r = id === null ? undefined : staffById(db, id);
  return r ? toPersonRef(r) : null;
}

/**
 * The form's 「所属長」: the person's 調整者 on the assignment in force that year (the latest when
 * more than one is), or null when none is set (docs/self-report.md).
 */
function adjusterOf(db: Db, fy: number, subjectId: number): PersonRef | null {
  const current = evaluatorsInForce(db, fy, subjectId)[0];
  return personRef(db, current?.adjusterId ?? null);
}

function entityId(fy: number, staffNo: string): string {
  return `${fy}:${staffNo}`;
}

/**
 * The report as this caller may see it. Handing the confidential sections to anyone but the person
 * is audited here, so no read path can skip it. Call inside a transaction.
 */
function viewFor(
  db: Db,
  session: Session,
  fy: number,
  a: Access,
  record: SelfReportRecord | undefined,
): SelfReportView {
  const state: SelfReportState = record ?? emptySelfReportState();
  const status = state.status;
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const open = yearOpenTo(session, fy);
  const base = {
    fy,
    person: personOf(a.subject),
    status,
    version: record?.version ?? 0,
    submittedAt: state.submittedAt,
    interviewedAt: state.interviewedAt,
    reopenReason: state.reopenReason,
    reopenedAt: state.reopenedAt,
    updatedAt: record?.updatedAt ?? null,
    fields: { ...state.fields, preferences: [...state.fields.preferences] },
    interview: {
      interviewOn: state.interview.interviewOn,
      record: state.interview.record,
      opinion: state.interview.opinion,
      interviewer: personRef(db, state.interview.interviewerId),
    },
    relation: a.relation,
    can: {
      edit: open && a.relation === 'self' && status === '未提出',
      submit: open && a.relation === 'self' && status === '未提出',
      interview: open && a.relation === 'adjuster' && status !== '未提出',
      reopen: session.role === 'hr' && status !== '未提出',
    },
    adjuster: adjusterOf(db, fy, a.subject.id),
  };
  if (!mayReadConfidential(a.relation)) return { ...base, confidential: null, confidentialHidden: true };
  const opened = openConfidential(db, session, fy, a.subject.id, state);
  if (!opened) return { ...base, confidential: null, confidentialHidden: true, withheld: withheldMessage.selfReport };
  if (record && a.relation !== 'self') {
    appendAudit(db, session.actor, {
      action: 'selfReport.readConfidential',
      entity: 'self_report',
      entityId: entityId(fy, a.subject.staffNo),
      after: { fy, staffNo: a.subject.staffNo, relation: a.relation, sections: [...confidentialSections] },
    });
  }
  return { ...base, confidential: opened, confidentialHidden: false };
}

// ---------- sealed sections ----------

/** The confidential sections as this caller's keys open them, or null when they do not. */
export function openConfidential(
  db: Db,
  session: Session,
  fy: number,
  staffId: number,
  state: Pick<SelfReportState, 'confidential'>,
): { health: string; family: string } | null {
  const health = session.keys.open(db, selfReportField(staffId, fy, 'health'), state.confidential.health);
  const family = session.keys.open(db, selfReportField(staffId, fy, 'family'), state.confidential.family);
  return health === null || family === null ? null : { health, family };
}

/**
 * The confidential sections to store after a write: a section given a new text is sealed; one not
 * sealed yet (never written, or written before the office had keys) is sealed as it is, so every
 * stored report holds both sealed once the office has keys. A new text this caller cannot seal is
 * refused; an unchanged one it cannot seal stays as it was.
 */
export function sealConfidential(
  db: Db,
  keys: Keychain,
  fy: number,
  staffId: number,
  stored: SelfReportState['confidential'],
  changed: Partial<Record<ConfidentialPart, string>>,
  refusal: (part: ConfidentialPart) => string = () => withheldMessage.selfReport,
): SelfReportState['confidential'] {
  const out = { ...stored };
  for (const part of confidentialSections) {
    const next = changed[part];
    if (next === undefined && isSealedValue(stored[part])) continue;
    const sealed = keys.seal(db, selfReportField(staffId, fy, part), next ?? stored[part]);
    if (sealed !== null) out[part] = sealed;
    else if (next !== undefined && officeSeals(db)) throw new AppError('FORBIDDEN', refusal(part));
    else if (next !== undefined) out[part] = next;
  }
  return out;
}

// ---------- audit ----------

/**
 * A report flattened to the items the audit log compares. The confidential sections are not among
 * them: they are stored sealed (a new seal of the same text differs), so a write names the sections
 * it changed and each shows only as the mask.
 */
function auditItems(s: SelfReportState): Record<string, unknown> {
  return {
    status: s.status,
    ...s.fields,
    interviewOn: s.interview.interviewOn,
    interviewRecord: s.interview.record,
    opinion: s.interview.opinion,
    submittedAt: s.submittedAt,
    interviewedAt: s.interviewedAt,
    reopenReason: s.reopenReason,
  };
}

/** Only what changed, before → after; a changed health or family item is masked on both sides. */
export function auditDiff(
  before: SelfReportState,
  after: SelfReportState,
  changedSections: readonly ConfidentialPart[] = [],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const diff = maskedChanges(auditItems(before), auditItems(after));
  for (const part of changedSections) {
    diff.before[part] = confidentialMask;
    diff.after[part] = confidentialMask;
  }
  return diff;
}

// ---------- writes ----------

/** Line breaks as LF; nothing else is changed while the person is still typing (autosave). */
function text(s: string): string {
  return s.replace(/\r\n?/gu, '\n');
}

/** The next state after a save: omitted items are kept as they are. */
function applySave(
  db: Db,
  session: Session,
  fy: number,
  staffId: number,
  current: SelfReportState,
  input: Parsed<'selfReport:save'>,
): { next: SelfReportState; changedSections: ConfidentialPart[] } {
  const fields: SelfReportFields = { ...current.fields };
  const t = (v: string | undefined, old: string) => (v === undefined ? old : text(v));
  const c = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  fields.duties = t(input.duties, fields.duties);
  fields.workload = c(input.workload, fields.workload);
  fields.aptitude = c(input.aptitude, fields.aptitude);
  fields.aptitudeNote = t(input.aptitudeNote, fields.aptitudeNote);
  fields.fulfilment = t(input.fulfilment, fields.fulfilment);
  fields.meaningful = c(input.meaningful, fields.meaningful);
  fields.transferWish = c(input.transferWish, fields.transferWish);
  if (input.preferences !== undefined) {
    fields.preferences = input.preferences.map((p) => text(p).trim()).filter((p) => p !== '');
  }
  fields.transferReason = t(input.transferReason, fields.transferReason);
  fields.transferTiming = t(input.transferTiming, fields.transferTiming);
  fields.careerFuture = t(input.careerFuture, fields.careerFuture);
  fields.careerSkills = t(input.careerSkills, fields.careerSkills);
  fields.selfDevelopment = t(input.selfDevelopment, fields.selfDevelopment);
  fields.qualificationsWanted = t(input.qualificationsWanted, fields.qualificationsWanted);
  fields.postingInterest = c(input.postingInterest, fields.postingInterest);
  fields.postingNote = t(input.postingNote, fields.postingNote);
  fields.comments = t(input.comments, fields.comments);
  // Only a section whose text really changed is sealed again: autosave repeats unchanged texts.
  const opened = openConfidential(db, session, fy, staffId, current);
  const changed: Partial<Record<ConfidentialPart, string>> = {};
  for (const part of confidentialSections) {
    const given = input[part];
    if (given !== undefined && (opened === null || text(given) !== opened[part])) changed[part] = text(given);
  }
  const confidential = sealConfidential(db, session.keys, fy, staffId, current.confidential, changed);
  return { next: { ...current, fields, confidential }, changedSections: Object.keys(changed) as ConfidentialPart[] };
}

/**
 * Writes the next state of a report that was at `version` (0: not written yet) and audits it; a
 * version that is no longer the stored one is refused with CONFLICT.
 */
function write(
  db: Db,
  session: Session,
  fy: number,
  a: Access,
  current: SelfReportRecord | undefined,
  version: number,
  next: SelfReportState,
  action: string,
  changedSections: readonly ConfidentialPart[] = [],
): void {
  if (version !== (current?.version ?? 0)) throw stale();
  const now = new Date().toISOString();
  if (current) {
    if (!updateSelfReport(db, current.id, version, next, now)) throw stale();
  } else {
    insertSelfReport(db, fy, a.subject.id, next, now);
  }
  const diff = auditDiff(current ?? emptySelfReportState(), next, changedSections);
  appendAudit(db, session.actor, {
    action,
    entity: 'self_report',
    entityId: entityId(fy, a.subject.staffNo),
    before: diff.before,
    after: diff.after,
  });
}

function requireSelf(a: Access): void {
  if (a.relation !== 'self') {
    throw new AppError('FORBIDDEN', '自己申告書は本人だけが入力・提出できます。');
  }
}

function requireDraft(current: SelfReportRecord | undefined): void {
  if (current && current.status !== '未提出') {
    throw new AppError(
      'CONFLICT',
      `この自己申告書は${current.status}のため編集できません。修正が必要な場合は人事担当に差し戻しを依頼してください。`,
    );
  }
}

export function getSelfReportView(db: Db, session: Session, input: Parsed<'selfReport:get'>): SelfReportView {
  return db.transaction(() => {
    const a = access(db, session, input.fy, input.staffNo);
    return viewFor(db, session, input.fy, a, getSelfReport(db, input.fy, a.subject.id));
  })();
}

/** The person's own sections, while 未提出. Saving nothing new writes nothing (autosave may repeat). */
export function saveSelfReport(db: Db, session: Session, input: Parsed<'selfReport:save'>): SelfReportView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'selfReport:save');
    const a = access(db, session, input.fy, input.staffNo);
    requireSelf(a);
    const current = getSelfReport(db, input.fy, a.subject.id);
    requireDraft(current);
    if (input.version !== (current?.version ?? 0)) throw stale();
    const before = current ?? emptySelfReportState();
    const { next, changedSections } = applySave(db, session, input.fy, a.subject.id, before, input);
    const diff = auditDiff(before, next, changedSections);
    if (current && Object.keys(diff.after).length === 0) return viewFor(db, session, input.fy, a, current);
    write(db, session, input.fy, a, current, input.version, next, 'selfReport.save', changedSections);
    return viewFor(db, session, input.fy, a, getSelfReport(db, input.fy, a.subject.id));
  })();
}

export function submitSelfReport(db: Db, session: Session, input: Parsed<'selfReport:submit'>): SelfReportView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'selfReport:submit');
    const a = access(db, session, input.fy, undefined);
    const current = getSelfReport(db, input.fy, a.subject.id);
    requireDraft(current);
    if (input.version !== (current?.version ?? 0)) throw stale();
    const state = current ?? emptySelfReportState();
    // Every problem in one message (docs/self-report.md); the field is the first one, in form order.
    const problems = submitProblems(state.fields);
    const [first] = problems;
    if (first) throw new AppError('VALIDATION', submitRefusal(problems), first.field);
    const next: SelfReportState = { ...state, status: '提出済', submittedAt: new Date().toISOString() };
    write(db, session, input.fy, a, current, input.version, next, 'selfReport.submit');
    return viewFor(db, session, input.fy, a, getSelfReport(db, input.fy, a.subject.id));
  })();
}

/** The 所属長 interview record and opinion: only the 調整者 of the person in that year, after submission. */
export function recordInterview(db: Db, session: Session, input: Parsed<'selfReport:interview'>): SelfReportView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'selfReport:interview');
    const a = access(db, session, input.fy, input.staffNo);
    if (a.relation !== 'adjuster') {
      throw new AppError('FORBIDDEN', '面談記録と所属長所見は、この職員の調整者（所属長）だけが入力できます。');
    }
    const current = getSelfReport(db, input.fy, a.subject.id);
    if (!current || current.status === '未提出') {
      throw new AppError('CONFLICT', 'まだ提出されていない自己申告書には面談記録を入力できません。');
    }
    const next: SelfReportState = {
      ...current,
      status: '面談済',
      interview: {
        interviewOn: input.interviewOn,
        record: text(input.record),
        opinion: text(input.opinion),
        interviewerId: a.viewerStaffId,
      },
      interviewedAt: current.interviewedAt ?? new Date().toISOString(),
    };
    write(db, session, input.fy, a, current, input.version, next, 'selfReport.interview');
    return viewFor(db, session, input.fy, a, getSelfReport(db, input.fy, a.subject.id));
  })();
}

/**
 * HR sends a submitted report back to 未提出 with a reason (kept on the report and audited). The
 * interview record stays as written; the submission and interview times are cleared.
 */
export function reopenSelfReport(db: Db, session: Session, input: Parsed<'selfReport:reopen'>): SelfReportView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'selfReport:reopen');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getSelfReport(db, input.fy, a.subject.id);
    if (!current || current.status === '未提出') {
      throw new AppError('CONFLICT', 'この自己申告書はまだ提出されていないため、差し戻せません。');
    }
    const next: SelfReportState = {
      ...current,
      status: '未提出',
      submittedAt: null,
      interviewedAt: null,
      reopenReason: input.reason,
      reopenedAt: new Date().toISOString(),
    };
    write(db, session, input.fy, a, current, current.version, next, 'selfReport.reopen');
    return viewFor(db, session, input.fy, a, getSelfReport(db, input.fy, a.subject.id));
  })();
}
