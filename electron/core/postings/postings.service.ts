import type { ApplicationRow, MyApplication, PostingRow, PostingsView } from '../../../shared/api/postings';
import { closedYearRefusal, isClosedYear } from '../../../shared/closed-year';
import type { Parsed } from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { postingOpen } from '../../../shared/postings';
import type { ApplicationStatus, PostingStatus } from '../../../shared/postings';
import { AppError } from '../../../shared/result';
import type { Role } from '../../../shared/roles';
import { assertYearWritable } from '../access/closed-year';
import { requireCycle } from '../access/evaluation-access';
import type { Db } from '../db/connection';
import { isSealed } from '../keys/ciphers';
import { withheldMessage } from '../keys/keychain';
import { officeHasKeys } from '../keys/seal-office';
import { applicationField } from '../keys/sealed-fields';
import type { ApplicationPart } from '../keys/sealed-fields';
import { linkedStaffId } from '../office/accounts.repo';
import type { Session } from '../office/office.service';
import { staffByNo } from '../staff/staff.repo';
import { appendAudit } from '../system/audit.repo';
import {
  applicationById,
  applicationCounts,
  applicationOf,
  applicationsOfPosting,
  applicationsOfStaff,
  applicationsOfStaffInYear,
  insertApplication,
  insertPosting,
  postingById,
  postingsOfYear,
  reopenApplication,
  sectionIdByName,
  setApplicationStatus,
  setPostingStatus,
  updatePosting,
} from './postings.repo';
import type { ApplicationRecord, PostingRecord } from './postings.repo';

/*
 * 庁内公募 (docs/postings.md). A posting is public: every session lists the year's postings. An
 * application is confidential: it is returned only to the applicant (their own, in postings:list)
 * and to HR and the personnel office (postings:applicants, postings:ofStaff, postings:export, and
 * HR's record/decide answers), and every such read of someone else's application is audited as
 * 'posting.applications.read'. An evaluator — the applicant's 1次, 2次 or 調整者 — never gets one.
 * Audit entries hold ids, states and counts, never a motivation or an outcome note.
 *
 * Sealed (docs/postings.md "Sealed", docs/sealed-data.md): both texts are stored sealed under the
 * applicant's postings key. Every read opens them with the caller's keys after the role check; when
 * the keys do not open them the application comes with empty texts and `withheld`. Every write seals.
 */

/** Who reads other people's applications: HR and the personnel office (docs/postings.md). */
export function readsApplications(role: Role): boolean {
  return role === 'hr' || role === 'personnel';
}

const withdrawable: readonly ApplicationStatus[] = ['応募', '選考中'];

/** The status moves HR may make (docs/postings.md): forward, and back from 締切 to 募集中. */
const statusMoves: Record<PostingStatus, readonly PostingStatus[]> = {
  募集中: ['締切'],
  締切: ['選考終了', '募集中'],
  選考終了: [],
};

function isOpen(p: PostingRecord, today = todayIso()): boolean {
  return postingOpen(p.status, p.deadline, today);
}

// ---------- sealed texts ----------

type Applicant = Pick<ApplicationRecord, 'staffId' | 'postingId'>;

type OpenedTexts = { motivation: string; outcomeNote: string; withheld?: string };

/**
 * The application's texts as the caller's keys open them; empty with `withheld` when they do not
 * open. A sealed value that does not belong to this application (copied from another row, or
 * altered) is an error (DB_CORRUPT from the keychain), never shown.
 */
function openTexts(db: Db, session: Session, a: ApplicationRecord): OpenedTexts {
  const motivation = session.keys.open(db, applicationField(a.staffId, a.postingId, 'motivation'), a.motivation);
  const outcomeNote = session.keys.open(db, applicationField(a.staffId, a.postingId, 'outcome'), a.outcomeNote);
  if (motivation === null || outcomeNote === null) {
    return { motivation: '', outcomeNote: '', withheld: withheldMessage.postings };
  }
  return { motivation, outcomeNote };
}

/**
 * A text to store: sealed for the applicant (empty texts too, so an empty one cannot be told apart).
 * Refused when this login cannot seal it while the office has keys; stored plain only in an office
 * that has no keys yet (upgraded, before its first HR login), which seals it then.
 */
function sealText(db: Db, session: Session, a: Applicant, part: ApplicationPart, text: string): string {
  const sealed = session.keys.seal(db, applicationField(a.staffId, a.postingId, part), text);
  if (sealed !== null) return sealed;
  if (officeHasKeys(db)) throw new AppError('FORBIDDEN', withheldMessage.postings);
  return text;
}

/** The texts of a new or reopened application: its motivation and an empty outcome note, both sealed. */
function newTexts(
  db: Db,
  session: Session,
  a: Applicant,
  motivation: string,
): { motivation: string; outcomeNote: string } {
  return {
    motivation: sealText(db, session, a, 'motivation', motivation),
    outcomeNote: sealText(db, session, a, 'outcome', ''),
  };
}

/** A stored text a write leaves unchanged: kept, and sealed on the way when it is still plain. */
function keepSealed(db: Db, session: Session, a: Applicant, part: ApplicationPart, stored: string): string {
  if (isSealed(stored)) return stored;
  return session.keys.seal(db, applicationField(a.staffId, a.postingId, part), stored) ?? stored;
}

function mine(db: Db, session: Session, a: ApplicationRecord, open: boolean): MyApplication {
  const texts = openTexts(db, session, a);
  return {
    id: a.id,
    status: a.status,
    motivation: texts.motivation,
    appliedAt: a.appliedAt,
    canWithdraw: open && withdrawable.includes(a.status),
    ...(texts.withheld === undefined ? {} : { withheld: texts.withheld }),
  };
}

function toApplicationRow(db: Db, session: Session, a: ApplicationRecord): ApplicationRow {
  const texts = openTexts(db, session, a);
  return {
    id: a.id,
    postingId: a.postingId,
    postingTitle: a.postingTitle,
    postingKind: a.postingKind,
    fy: a.fy,
    staffNo: a.staffNo,
    name: a.name,
    section: a.section,
    position: a.position,
    motivation: texts.motivation,
    status: a.status,
    outcomeNote: texts.outcomeNote,
    source: a.source,
    appliedAt: a.appliedAt,
    updatedAt: a.updatedAt,
    ...(texts.withheld === undefined ? {} : { withheld: texts.withheld }),
  };
}

/** Rows for HR and the personnel office, each opened with the caller's keys. */
function toApplicationRows(db: Db, session: Session, records: readonly ApplicationRecord[]): ApplicationRow[] {
  return records.map((a) => toApplicationRow(db, session, a));
}

/**
 * The year's postings as the caller sees them: every posting, whether it takes applications now,
 * the number of applications for HR and the personnel office only, and the caller's own application.
 */
export function listPostings(db: Db, session: Session, input: Parsed<'postings:list'>): PostingsView {
  requireCycle(db, input.fy);
  const today = todayIso();
  const counts = readsApplications(session.role) ? applicationCounts(db, input.fy) : null;
  const own = linkedStaffId(db, session.accountId);
  const ownByPosting = new Map(
    (own === null ? [] : applicationsOfStaffInYear(db, own, input.fy)).map((a) => [a.postingId, a]),
  );
  const postings: PostingRow[] = postingsOfYear(db, input.fy).map((p) => {
    const open = isOpen(p, today);
    const a = ownByPosting.get(p.id);
    return {
      id: p.id,
      fy: p.fy,
      kind: p.kind,
      title: p.title,
      section: p.section,
      team: p.team,
      description: p.description,
      conditions: p.conditions,
      capacity: p.capacity,
      deadline: p.deadline,
      status: p.status,
      open,
      applicantCount: counts === null ? null : (counts.get(p.id) ?? 0),
      mine: a ? mine(db, session, a, open) : null,
    };
  });
  return { fy: input.fy, postings };
}

export function findPosting(db: Db, fy: number, id: number): PostingRecord {
  const p = postingById(db, id);
  if (!p || p.fy !== fy) throw new AppError('NOT_FOUND', 'この公募は見つかりません。画面を読み込み直してください。');
  return p;
}

function postingAuditItems(p: PostingRecord | null) {
  return (
    p && {
      種別: p.kind,
      件名: p.title,
      所属: p.section,
      チーム: p.team,
      内容: p.description,
      応募資格: p.conditions,
      募集人数: p.capacity,
      締切: p.deadline,
      状態: p.status,
    }
  );
}

function auditPosting(db: Db, session: Session, action: string, before: PostingRecord | null, after: PostingRecord) {
  appendAudit(db, session.actor, {
    action,
    entity: 'posting',
    entityId: after.id,
    before: postingAuditItems(before),
    after: postingAuditItems(after),
  });
}

/** An application write, audited with ids and states only (never the motivation or the note). */
function auditApplication(
  db: Db,
  session: Session,
  action: string,
  a: ApplicationRecord,
  before: ApplicationStatus | null,
): void {
  appendAudit(db, session.actor, {
    action,
    entity: 'posting_application',
    entityId: a.id,
    before: before === null ? null : { 状態: before },
    after: { 公募: a.postingId, 職員番号: a.staffNo, 状態: a.status, 提出: a.source === 'paper' ? '紙' : 'アプリ' },
  });
}

/** Every read of other people's applications leaves this row: what was read and how many. */
export function auditApplicationsRead(
  db: Db,
  session: Session,
  what: { postingId: number } | { staffNo: string },
  count: number,
  channel: string,
): void {
  appendAudit(db, session.actor, {
    action: 'posting.applications.read',
    entity: 'postingId' in what ? 'posting' : 'staff',
    entityId: 'postingId' in what ? what.postingId : what.staffNo,
    after: {
      ...('postingId' in what ? { 公募: what.postingId } : { 職員番号: what.staffNo }),
      件数: count,
      操作: channel,
    },
  });
}

function assertReader(session: Session): void {
  if (!readsApplications(session.role)) {
    throw new AppError('FORBIDDEN', '応募の内容を見られるのは、人事担当と人事配置担当だけです。');
  }
}

function assertHr(session: Session): void {
  if (session.role !== 'hr') throw new AppError('FORBIDDEN', '公募と応募を登録・変更できるのは人事担当だけです。');
}

/** The deadline lies in the posting's fiscal year (docs/postings.md). */
function checkDeadline(fy: number, deadline: string): void {
  if (deadline < `${fy}-04-01` || deadline > `${fy + 1}-03-31`) {
    throw new AppError(
      'VALIDATION',
      `締切は${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）の日付にしてください。`,
      'deadline',
    );
  }
}

/** Creates or edits a posting (HR). A new posting starts 募集中; the status moves with setStatus. */
export function savePosting(db: Db, session: Session, input: Parsed<'postings:save'>): PostingsView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'postings:save');
    assertHr(session);
    requireCycle(db, input.fy);
    checkDeadline(input.fy, input.deadline);
    let sectionId: number | null = null;
    if (input.section !== null && input.section !== '') {
      sectionId = sectionIdByName(db, input.section);
      if (sectionId === null) {
        throw new AppError(
          'VALIDATION',
          `所属「${input.section}」は組織にありません。一覧から選んでください。`,
          'section',
        );
      }
    }
    const fields = {
      kind: input.kind,
      title: input.title,
      sectionId,
      team: input.team.trim(),
      description: input.description.trim(),
      conditions: input.conditions.trim(),
      capacity: input.capacity,
      deadline: input.deadline,
    };
    const now = new Date().toISOString();
    if (input.id === null) {
      const id = insertPosting(db, { ...fields, fy: input.fy, status: '募集中' }, now);
      auditPosting(db, session, 'posting.create', null, findPosting(db, input.fy, id));
    } else {
      const before = findPosting(db, input.fy, input.id);
      updatePosting(db, before.id, fields, now);
      auditPosting(db, session, 'posting.update', before, findPosting(db, input.fy, before.id));
    }
    return listPostings(db, session, { fy: input.fy });
  })();
}

/** Moves a posting 募集中 → 締切 → 選考終了, or back from 締切 to 募集中 (HR). */
export function setPostingStatusEntry(db: Db, session: Session, input: Parsed<'postings:setStatus'>): PostingsView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'postings:setStatus');
    assertHr(session);
    requireCycle(db, input.fy);
    const before = findPosting(db, input.fy, input.id);
    if (before.status !== input.status) {
      if (!statusMoves[before.status].includes(input.status)) {
        throw new AppError('CONFLICT', `「${before.status}」の公募を「${input.status}」にはできません。`, 'status');
      }
      setPostingStatus(db, before.id, input.status, new Date().toISOString());
      auditPosting(db, session, 'posting.status', before, findPosting(db, input.fy, before.id));
    }
    return listPostings(db, session, { fy: input.fy });
  })();
}

/** A posting's applications for HR and the personnel office, as an audited read. */
export function postingApplicants(db: Db, session: Session, input: Parsed<'postings:applicants'>): ApplicationRow[] {
  return db.transaction(() => {
    assertReader(session);
    requireCycle(db, input.fy);
    const p = findPosting(db, input.fy, input.postingId);
    const rows = toApplicationRows(db, session, applicationsOfPosting(db, p.id));
    auditApplicationsRead(db, session, { postingId: p.id }, rows.length, 'postings:applicants');
    return rows;
  })();
}

/** A person's applications over every year for HR and the personnel office, as an audited read. */
export function staffApplications(db: Db, session: Session, input: Parsed<'postings:ofStaff'>): ApplicationRow[] {
  return db.transaction(() => {
    assertReader(session);
    const s = staffByNo(db, input.staffNo);
    if (!s) throw new AppError('NOT_FOUND', `職員番号 ${input.staffNo} の職員は見つかりません。`, 'staffNo');
    const rows = toApplicationRows(db, session, applicationsOfStaff(db, s.id));
    auditApplicationsRead(db, session, { staffNo: s.staffNo }, rows.length, 'postings:ofStaff');
    return rows;
  })();
}

/**
 * The caller's own part (apply, withdraw): a person with a staff record, not the personnel office
 * (which only reads), and never in a closed year — its postings' deadlines have passed, and there is
 * no confirmation for a staff member to give.
 */
function ownStaffId(db: Db, session: Session, fy: number, what: string): number {
  if (session.role === 'personnel') {
    throw new AppError('FORBIDDEN', `人事配置担当のアカウントでは${what}できません（閲覧のみ）。`);
  }
  if (isClosedYear(fy, new Date())) throw new AppError('FORBIDDEN', closedYearRefusal(fy));
  const id = linkedStaffId(db, session.accountId);
  if (id === null) {
    throw new AppError(
      'FORBIDDEN',
      `このアカウントは職員に紐づいていないため、${what}できません。人事担当に確認してください。`,
    );
  }
  return id;
}

function closedMessage(p: PostingRecord): string {
  return p.status === '募集中'
    ? `この公募は締切（${p.deadline}）を過ぎたため、受け付けていません。`
    : `この公募は「${p.status}」のため、受け付けていません。`;
}

/** The caller applies with their motivation; after 辞退, applying again while open reopens the same application. */
export function applyToPosting(db: Db, session: Session, input: Parsed<'postings:apply'>): PostingsView {
  return db.transaction(() => {
    const staffId = ownStaffId(db, session, input.fy, '応募');
    requireCycle(db, input.fy);
    const p = findPosting(db, input.fy, input.postingId);
    if (!isOpen(p)) throw new AppError('CONFLICT', closedMessage(p));
    const motivation = input.motivation.trim();
    if (motivation === '') throw new AppError('VALIDATION', '志望動機を入力してください。', 'motivation');
    const current = applicationOf(db, p.id, staffId);
    const now = new Date().toISOString();
    if (current && current.status !== '辞退') throw new AppError('CONFLICT', 'この公募にはすでに応募しています。');
    const who = { staffId, postingId: p.id };
    const texts = newTexts(db, session, who, motivation);
    if (current) {
      reopenApplication(db, current.id, { ...texts, source: 'app' }, now);
      auditApplication(db, session, 'posting.reapply', applicationById(db, current.id)!, current.status);
    } else {
      const id = insertApplication(db, { ...who, ...texts, status: '応募', source: 'app' }, now);
      auditApplication(db, session, 'posting.apply', applicationById(db, id)!, null);
    }
    return listPostings(db, session, { fy: input.fy });
  })();
}

/** The applicant withdraws (辞退) their own application while the posting is open and nothing is decided. */
export function withdrawApplication(db: Db, session: Session, input: Parsed<'postings:withdraw'>): PostingsView {
  return db.transaction(() => {
    const staffId = ownStaffId(db, session, input.fy, '辞退');
    requireCycle(db, input.fy);
    const a = applicationById(db, input.applicationId);
    // Someone else's application answers exactly as a missing one: its existence is not told.
    if (!a || a.staffId !== staffId || a.fy !== input.fy) {
      throw new AppError('NOT_FOUND', 'この応募は見つかりません。画面を読み込み直してください。');
    }
    const p = findPosting(db, input.fy, a.postingId);
    if (!isOpen(p)) throw new AppError('CONFLICT', `${closedMessage(p)}辞退は人事担当に連絡してください。`);
    if (!withdrawable.includes(a.status)) {
      throw new AppError('CONFLICT', `この応募は「${a.status}」のため、辞退できません。`);
    }
    const note = keepSealed(db, session, a, 'outcome', a.outcomeNote);
    setApplicationStatus(db, a.id, '辞退', note, new Date().toISOString());
    auditApplication(db, session, 'posting.withdraw', applicationById(db, a.id)!, a.status);
    return listPostings(db, session, { fy: input.fy });
  })();
}

/** HR's answer after a write: the posting's applications, itself an audited read. */
function applicantsAfterWrite(db: Db, session: Session, postingId: number, channel: string): ApplicationRow[] {
  const rows = toApplicationRows(db, session, applicationsOfPosting(db, postingId));
  auditApplicationsRead(db, session, { postingId }, rows.length, channel);
  return rows;
}

/** HR records a paper application for a person (until the selection has ended). */
export function recordPaperApplication(db: Db, session: Session, input: Parsed<'postings:record'>): ApplicationRow[] {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'postings:record');
    assertHr(session);
    requireCycle(db, input.fy);
    const p = findPosting(db, input.fy, input.postingId);
    if (p.status === '選考終了')
      throw new AppError('CONFLICT', 'この公募は選考を終了しているため、応募を登録できません。');
    const s = staffByNo(db, input.staffNo);
    if (!s) throw new AppError('VALIDATION', `職員番号 ${input.staffNo} の職員は見つかりません。`, 'staffNo');
    const current = applicationOf(db, p.id, s.id);
    const now = new Date().toISOString();
    const motivation = input.motivation.trim();
    if (current && current.status !== '辞退') {
      throw new AppError('CONFLICT', `職員番号 ${s.staffNo} の職員は、この公募にすでに応募しています。`, 'staffNo');
    }
    const who = { staffId: s.id, postingId: p.id };
    const texts = newTexts(db, session, who, motivation);
    if (current) {
      reopenApplication(db, current.id, { ...texts, source: 'paper' }, now);
      auditApplication(db, session, 'posting.record', applicationById(db, current.id)!, current.status);
    } else {
      const id = insertApplication(db, { ...who, ...texts, status: '応募', source: 'paper' }, now);
      auditApplication(db, session, 'posting.record', applicationById(db, id)!, null);
    }
    return applicantsAfterWrite(db, session, p.id, 'postings:record');
  })();
}

/** HR moves an application on (選考中, 採用, 不採用, 辞退) and notes the outcome. */
export function decideApplication(db: Db, session: Session, input: Parsed<'postings:decide'>): ApplicationRow[] {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'postings:decide');
    assertHr(session);
    requireCycle(db, input.fy);
    const a = applicationById(db, input.applicationId);
    if (!a || a.fy !== input.fy) {
      throw new AppError('NOT_FOUND', 'この応募は見つかりません。画面を読み込み直してください。');
    }
    if (input.status === '応募') {
      throw new AppError('VALIDATION', '状態は「選考中」「採用」「不採用」「辞退」から選んでください。', 'status');
    }
    const note = sealText(db, session, a, 'outcome', input.outcomeNote.trim());
    setApplicationStatus(db, a.id, input.status, note, new Date().toISOString());
    auditApplication(db, session, 'posting.decide', applicationById(db, a.id)!, a.status);
    return applicantsAfterWrite(db, session, a.postingId, 'postings:decide');
  })();
}

/** A posting's applications for the export (HR), audited as a read by the caller. */
export function applicantsForExport(
  db: Db,
  session: Session,
  fy: number,
  postingId: number,
): { posting: PostingRecord; rows: ApplicationRow[] } {
  return db.transaction(() => {
    assertHr(session);
    requireCycle(db, fy);
    const posting = findPosting(db, fy, postingId);
    const rows = toApplicationRows(db, session, applicationsOfPosting(db, posting.id));
    auditApplicationsRead(db, session, { postingId: posting.id }, rows.length, 'postings:export');
    return { posting, rows };
  })();
}
