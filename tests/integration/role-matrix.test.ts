import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import type { Db } from '../../electron/core/db/connection';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import { channelNames } from '../../shared/channels';
import type { ChannelName } from '../../shared/channels';
import type { AreasOverview, SelfReportList, SelfReportView } from '../../shared/contract';
import type { AppraisalList, AwardRow, RankingView, StatusTable } from '../../shared/contract';
import type { MboList, PostingsView, TrainingAttendeePage, TrainingYearView } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { ErrorCode, Result } from '../../shared/result';
import { demoLoginInfo, demoLogins, demoPersonWhere } from '../helpers/demo-people';
import type { DemoLogin, DemoPerson, LoginInfo } from '../helpers/demo-people';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { ok } from '../helpers/result';

/**
 * Every channel × every demo login × own / in-scope / out-of-scope target, with the outcome each
 * cell must have written out from the rules (docs/access.md, docs/confidentiality.md; shared/contract.ts access), not
 * from what the code answers, and the outputs checked for what the caller must not receive.
 *
 * The logins (README "The first five minutes"): admin (hr), jinji (personnel), kucho (区長, the
 * 調整者 of the 課長級 and 課長代理級), kacho (a 課長, 2次 of the section's 係長/係員), kakaricho (a 係長,
 * 1次 of the 係員 on their line), shokuin (a 係員 on kakaricho's line).
 *
 * Targets, resolved from the demo's data at the start (and each checked to exist):
 * - own: the login's own staff member (the logins' own forms are left empty by the demo);
 * - in: a person in the login's scope, with the form at the stage where the login acts where the
 *   demo has one — for kakaricho a 係員 they are 1次 of (kacho is their 2次; the demo has no
 *   appraisal waiting for kacho, so kacho's is kakaricho's), for kucho a person they are 調整者 of;
 *   HR, personnel and the 係員 take kakaricho's (for the 係員 a line colleague, whom staff cannot reach);
 * - out: a 係員 of another section, in nobody's scope but HR's and personnel's.
 * For the 地域カルテ the targets are areas: the login's own team, the in-scope person's area when it is
 * not the login's, and an area none of the logins is on.
 *
 * A cell runs on a copy of the demo whose data no earlier cell changed: a login's context is kept
 * while its calls change nothing, and replaced by a fresh copy once one did (logins cost a scrypt).
 * A refused call must change nothing at all (database and keyring).
 *
 * Cells marked "rule from issue 10" follow rules being changed by other work on issue 10.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-role-matrix-');

type Who = 'own' | 'in' | 'out';
const whos: Who[] = ['own', 'in', 'out'];
type Outcome = 'ok' | ErrorCode;
/** One cell: the outcome, or the several the rules allow. */
type Cell = Outcome | { anyOf: Outcome[] };
const anyOf = (...outcomes: Outcome[]): Cell => ({ anyOf: outcomes });
type Family = 'selfReport' | 'mbo' | 'appraisal';

type World = {
  info: Record<DemoLogin, LoginInfo>;
  inScope: Record<Family, Record<DemoLogin, DemoPerson>>;
  outOfScope: Record<Family, DemoPerson>;
  /** Version of each form by staff id (0 when the form does not exist yet). */
  version: Record<Family, Map<number, number>>;
  status: Record<Family, Map<number, string>>;
  /** The first goal of each person's MBO sheet. */
  goal: Map<number, number>;
  /** The confidential texts of each person's self-report (health, family). */
  confidential: Map<number, string[]>;
  areaTarget: Record<DemoLogin, Record<Who, string | null>>;
  /** A member of each area's team, and a patrol of each area written by none of the logins. */
  areaMember: Map<string, string>;
  areaPatrol: Map<string, number>;
  tie: { population: string; staffNo: string };
  /** Names the area overview gives HR (the unassigned, sheets without a 地域担当目標). */
  overviewNames: string[];
  awards: { pending: number; decided: number; revokeReason: string };
  /** Everyone each evaluator login is 調整者 of. */
  adjusterOf: Record<DemoLogin, Set<string>>;
  /** A course of the year (研修). */
  course: number;
  /** The open posting, its deadline, and shokuin's application to it with its 志望動機 (庁内公募). */
  postings: { open: number; deadline: string; application: number; motivation: string };
  /**
   * The plan's measures (docs/measures.md): 意見交換会 (a section measure), a KPI-tracked measure with
   * no records, kacho's 課, and a record of this year held by kacho's 課.
   */
  plan: { meeting: number; kpiMeasure: number; kachoSection: string; kachoRecord: number };
};
let w: World;

const SKIP = Symbol('n/a');

function person(login: DemoLogin, who: Who, family: Family): DemoPerson {
  if (who === 'own') return w.info[login].person;
  return who === 'in' ? w.inScope[family][login] : w.outOfScope[family];
}
const no = (login: DemoLogin, who: Who, family: Family = 'selfReport') => person(login, who, family).staffNo;
const versionOf = (family: Family, p: DemoPerson) => w.version[family].get(p.id) ?? 0;

// ---------- the matrix ----------

const OK = 'ok';
const FB = 'FORBIDDEN';
const NF = 'NOT_FOUND';
const VA = 'VALIDATION';
const CF = 'CONFLICT';

type Want = Cell | [Cell, Cell, Cell];
type Row = {
  channel: ChannelName;
  /** Set when one channel has several rows (appraisal:export). */
  label?: string;
  /** Rows without targets run once per login. */
  targeted: boolean;
  req: (login: DemoLogin, who: Who) => unknown;
  want: Record<DemoLogin, Want>;
  /** What the caller must (not) receive: a list of problems, empty when the output is right. */
  check?: (login: DemoLogin, who: Who, value: unknown) => string[];
  /** A refused call that may record something (a failed login counts towards the back-off). */
  refusalRecords?: boolean;
  /** The call ends the session (logout): the next cell needs a new login. */
  endsSession?: boolean;
};

/** Allowed for HR only (the role gate: every other login is refused before anything is looked at). */
const hrOnly = (admin: Want): Record<DemoLogin, Want> => ({
  admin,
  jinji: FB,
  kucho: FB,
  kacho: FB,
  kakaricho: FB,
  shokuin: FB,
});
const everyone = (cell: Want): Record<DemoLogin, Want> => ({
  admin: cell,
  jinji: cell,
  kucho: cell,
  kacho: cell,
  kakaricho: cell,
  shokuin: cell,
});

/**
 * Reading a person's form (docs/confidentiality.md): the person, their 1次/2次/調整者, HR and personnel;
 * anyone else is told it does not exist.
 */
const readForm: Record<DemoLogin, Want> = {
  admin: [OK, OK, OK],
  jinji: [OK, OK, OK],
  kucho: [OK, OK, NF],
  kacho: [OK, OK, NF],
  kakaricho: [OK, OK, NF],
  shokuin: [OK, NF, NF],
};
/**
 * Writing what only the person writes (their self-report, their goals): HR and personnel, who may
 * read every form, are refused (FORBIDDEN); an evaluator of the person too; anyone who may not even
 * read it gets NOT_FOUND.
 */
const ownerWrites = (own: Cell): Record<DemoLogin, Want> => ({
  admin: [own, FB, FB],
  jinji: [own, FB, FB],
  kucho: [own, FB, NF],
  kacho: [own, FB, NF],
  kakaricho: [own, FB, NF],
  shokuin: [own, NF, NF],
});

function confidentialCheck(login: DemoLogin, who: Who, value: unknown): string[] {
  const v = value as SelfReportView;
  // docs/confidentiality.md: health and family only for the person, the 調整者 and HR — absent for everyone else.
  const allowed = who === 'own' || login === 'admin' || (login === 'kucho' && who === 'in');
  if (allowed) return v.confidential === null ? ['confidential sections missing for a reader allowed them'] : [];
  const texts = w.confidential.get(person(login, who, 'selfReport').id) ?? [];
  const problems: string[] = [];
  if (v.confidential !== null) problems.push('confidential sections sent (must be null)');
  if (texts.some((t) => JSON.stringify(value).includes(t))) problems.push('a confidential text is in the output');
  return problems;
}

/**
 * Who a login may look up in the staff list (docs/confidentiality.md): HR and personnel everyone, an evaluator
 * their people, staff themself.
 */
function staffVisible(login: DemoLogin, who: Who): boolean {
  if (who === 'own' || login === 'admin' || login === 'jinji') return true;
  return who === 'in' && login !== 'shokuin';
}

const goalDraft = {
  category: '地域担当目標',
  title: '行列の確認',
  content: '',
  standard: '',
  priority: null,
  weight: 100,
  difficulty: 'B',
  schedule: '',
  type: '通常',
} as const;

const rows: Row[] = [
  // ---- public: the same for everyone, whatever the session ----
  {
    channel: 'app:status',
    targeted: false,
    req: () => ({}),
    want: everyone(OK),
    check: (login, _who, v) =>
      (v as { session: { login: string } | null }).session?.login === login ? [] : ['status names another session'],
  },
  {
    channel: 'app:createOffice',
    targeted: false,
    req: () => ({ officeName: '別の区役所', login: 'other', displayName: '別人', password: 'password-1' }),
    want: everyone('DB_EXISTS'),
  },
  { channel: 'app:createDemo', targeted: false, req: () => ({}), want: everyone('DB_EXISTS') },
  {
    channel: 'fill:open',
    targeted: false,
    req: () => ({ fileName: 'x.xlsx', data: Buffer.from('not a workbook').toString('base64') }),
    want: everyone(VA),
  },
  {
    channel: 'fill:write',
    targeted: false,
    req: () => ({ fileName: 'x.xlsx', data: Buffer.from('not a workbook').toString('base64'), entries: [] }),
    want: everyone(VA),
  },
  {
    channel: 'auth:login',
    targeted: false,
    req: () => ({ login: 'nobody', password: 'password-1' }),
    want: everyone('AUTH_FAILED'),
    refusalRecords: true,
  },
  // ---- the session's own ----
  {
    channel: 'auth:changePassword',
    targeted: false,
    req: () => ({ current: demoPass, next: 'demo-password-2' }),
    want: everyone(OK),
  },
  { channel: 'auth:logout', targeted: false, req: () => ({}), want: everyone(OK), endsSession: true },
  // The screen lock (docs/idle-lock.md): every session may lock itself, report activity and unlock
  // with its own password; a locked session answers nothing else, so the next cell logs in afresh.
  { channel: 'auth:lock', targeted: false, req: () => ({}), want: everyone(OK), endsSession: true },
  { channel: 'auth:unlock', targeted: false, req: () => ({ password: demoPass }), want: everyone(OK) },
  { channel: 'auth:heartbeat', targeted: false, req: () => ({ active: true }), want: everyone(OK) },
  { channel: 'auth:setIdleLock', targeted: false, req: () => ({ idleMinutes: 20 }), want: hrOnly(OK) },
  { channel: 'cycles:list', targeted: false, req: () => ({}), want: everyone(OK) },
  { channel: 'org:sections', targeted: false, req: () => ({}), want: everyone(OK) },
  // ---- accounts (HR): own account / another account / an account that does not exist ----
  {
    channel: 'accounts:list',
    targeted: false,
    req: () => ({}),
    want: hrOnly(OK),
    check: (_l, _w, v) =>
      /"(password|passwordHash|salt|slot|wrapped)[^"]*"/iu.test(JSON.stringify(v)) ? ['a secret is listed'] : [],
  },
  {
    channel: 'accounts:create',
    targeted: true,
    req: (login, who) => ({
      login: `matrix-${who}`,
      displayName: '行列',
      role: 'staff',
      staffNo: who === 'own' ? w.info[login].person.staffNo : no(login, who),
      password: 'password-1',
    }),
    // One account per staff member: the login's own person has one already.
    want: hrOnly([CF, OK, OK]),
  },
  {
    channel: 'accounts:update',
    targeted: true,
    req: (login, who) => ({
      id: accountTarget(login, who),
      displayName: '変更後',
      role: roleOfTarget(login, who),
      staffNo: who === 'out' ? null : w.info[accountLogin(login, who)].person.staffNo,
    }),
    // Renaming one's own account keeps its role; an unknown account is not found.
    want: hrOnly([OK, OK, NF]),
  },
  {
    channel: 'accounts:disable',
    targeted: true,
    req: (login, who) => ({ id: accountTarget(login, who) }),
    // HR cannot lock itself out.
    want: hrOnly([VA, OK, NF]),
  },
  {
    channel: 'accounts:enable',
    targeted: true,
    req: (login, who) => ({ id: accountTarget(login, who), password: 'password-9' }),
    // Enabling an account that is not disabled changes nothing to refuse: it is a no-op or a conflict.
    want: hrOnly([anyOf(OK, CF), anyOf(OK, CF), NF]),
  },
  {
    channel: 'accounts:resetPassword',
    targeted: true,
    req: (login, who) => ({ id: accountTarget(login, who), password: 'password-9' }),
    want: hrOnly([OK, OK, NF]),
  },
  // ---- HR's tools ----
  { channel: 'staff:options', targeted: false, req: () => ({ query: '田' }), want: hrOnly(OK) },
  { channel: 'audit:list', targeted: false, req: () => ({ offset: 0, limit: 10 }), want: hrOnly(OK) },
  { channel: 'system:verify', targeted: false, req: () => ({}), want: hrOnly(OK) },
  { channel: 'system:backup', targeted: false, req: () => ({}), want: hrOnly(OK) },
  { channel: 'system:backups', targeted: false, req: () => ({}), want: hrOnly(OK) },
  {
    channel: 'import:preview',
    targeted: false,
    req: () => ({ kind: 'staff', fileName: 'x.xlsx', data: Buffer.from('not a workbook').toString('base64') }),
    want: hrOnly(VA),
  },
  { channel: 'import:commit', targeted: false, req: () => ({ token: 'abcdefghijklmnopqrstuv' }), want: hrOnly(NF) },
  { channel: 'import:progress', targeted: false, req: () => ({}), want: hrOnly(OK) },
  { channel: 'import:prepare', targeted: false, req: () => ({}), want: hrOnly(OK) },
  { channel: 'import:log', targeted: false, req: () => ({}), want: hrOnly(OK) },
  { channel: 'excel:template', targeted: false, req: () => ({ kind: 'staff' }), want: hrOnly(OK) },
  { channel: 'excel:export', targeted: false, req: () => ({ kind: 'areas', fy }), want: hrOnly(OK) },
  // ---- people ----
  {
    channel: 'staff:list',
    targeted: true,
    req: (login, who) => ({ query: no(login, who), active: 'all', fy }),
    want: everyone(OK),
    check: (login, who, v) => {
      const n = (v as { rows: unknown[] }).rows.length;
      return n === (staffVisible(login, who) ? 1 : 0) ? [] : [`${n} rows`];
    },
  },
  {
    channel: 'staff:detail',
    targeted: true,
    req: (login, who) => ({ staffNo: no(login, who), fy }),
    want: {
      admin: [OK, OK, OK],
      jinji: [OK, OK, OK],
      kucho: [OK, OK, NF],
      kacho: [OK, OK, NF],
      kakaricho: [OK, OK, NF],
      shokuin: [OK, NF, NF],
    },
  },
  {
    channel: 'areas:overview',
    targeted: false,
    req: () => ({ fy }),
    want: everyone(OK),
    // rule from issue 10: the names of the unassigned and of sheets without a 地域担当目標 are for HR
    // and the area's leader (none of the other logins leads an area); the others get counts.
    check: (login, _who, v) => {
      if (login === 'admin') return [];
      const { areas: _areas, ...rest } = v as AreasOverview;
      const text = JSON.stringify(rest);
      const leaked = w.overviewNames.filter((n) => text.includes(n));
      const problems = leaked.length ? [`${leaked.length} names of the unassigned / without an area goal`] : [];
      // Withheld lists are absent (null), not empty lists that would read as "nobody".
      const o = v as AreasOverview;
      if (o.unassigned !== null || o.mboCoverage.withoutAreaGoal !== null) problems.push('withheld lists are not null');
      return problems;
    },
  },
  // A team's members are the office's public organisation chart, as in the overview (docs/organisation.md).
  {
    channel: 'areas:team',
    targeted: false,
    req: (login) => ({ fy, area: w.areaTarget[login].out, page: { offset: 0, limit: 50 } }),
    want: everyone(OK),
  },
  // The overview's name lists, a page at a time: the same rule as the overview (none of the other logins leads an area).
  {
    channel: 'areas:people',
    label: 'areas:people unassigned',
    targeted: false,
    req: () => ({ fy, list: 'unassigned', page: { offset: 0, limit: 50 } }),
    want: hrOnly(OK),
  },
  {
    channel: 'areas:people',
    label: 'areas:people withoutAreaGoal',
    targeted: false,
    req: () => ({ fy, list: 'withoutAreaGoal', page: { offset: 0, limit: 50 } }),
    want: hrOnly(OK),
  },
  // ---- self-report (docs/confidentiality.md) ----
  {
    channel: 'selfReport:get',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who) }),
    want: readForm,
    check: confidentialCheck,
  },
  {
    channel: 'selfReport:save',
    targeted: true,
    req: (login, who) => ({
      fy,
      staffNo: no(login, who),
      version: versionOf('selfReport', person(login, who, 'selfReport')),
      duties: '行列の確認',
    }),
    want: ownerWrites(OK),
    check: confidentialCheck,
  },
  {
    channel: 'selfReport:submit',
    targeted: false,
    // Only one's own: an empty report is refused at its first missing answer.
    req: () => ({ fy, version: 0 }),
    want: everyone(VA),
  },
  {
    channel: 'selfReport:interview',
    targeted: true,
    req: (login, who) => ({
      fy,
      staffNo: no(login, who),
      version: versionOf('selfReport', person(login, who, 'selfReport')),
      interviewOn: `${fy}-07-01`,
      record: '面談',
      opinion: '',
    }),
    // Only the person's 調整者 (所属長) records the interview, once the report is submitted.
    want: {
      admin: [FB, FB, FB],
      jinji: [FB, FB, FB],
      kucho: [FB, OK, NF],
      kacho: [FB, FB, NF],
      kakaricho: [FB, FB, NF],
      shokuin: [FB, NF, NF],
    },
    check: confidentialCheck,
  },
  {
    channel: 'selfReport:reopen',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who), reason: '行列の確認' }),
    // HR reopens a submitted report; one never submitted has nothing to reopen.
    want: hrOnly([CF, OK, OK]),
  },
  { channel: 'selfReport:progress', targeted: false, req: () => ({ fy }), want: hrOnly(OK) },
  // 担当職員の自己申告: the people the caller may read (no report content), never for staff.
  {
    channel: 'selfReport:list',
    targeted: false,
    req: () => ({ fy }),
    want: { ...everyone(OK), shokuin: FB },
    check: (login, _who, v) => listCheck(login, (v as SelfReportList).rows, 'selfReport'),
  },
  // ---- 地域カルテ (docs/organisation.md): read by everyone, written by the area's team and HR ----
  {
    channel: 'areaLog:get',
    targeted: true,
    req: (login, who) => areaReq(login, who, {}),
    want: everyone([OK, OK, OK]),
    check: (login, who, v) =>
      (v as { canWrite: boolean }).canWrite === (login === 'admin' || who === 'own') ? [] : ['canWrite is wrong'],
  },
  {
    channel: 'areaLog:addPatrol',
    targeted: true,
    req: (login, who) =>
      areaReq(login, who, { onDate: `${fy}-05-01`, pair: [pairFor(login, who)], notes: '巡回', findings: '' }),
    want: { ...everyone([OK, FB, FB]), admin: [OK, OK, OK] },
  },
  {
    channel: 'areaLog:addStudy',
    targeted: true,
    req: (login, who) =>
      areaReq(login, who, { onDate: `${fy}-05-01`, topic: '勉強会', notes: '', attendees: [pairFor(login, who)] }),
    want: { ...everyone([OK, FB, FB]), admin: [OK, OK, OK] },
  },
  {
    channel: 'areaLog:remove',
    targeted: true,
    req: (login, who) => {
      const area = w.areaTarget[login][who];
      return area === null ? SKIP : { fy, area, kind: 'patrol', id: w.areaPatrol.get(area) };
    },
    // Removed by whoever wrote the entry, or HR — not by the rest of the team.
    want: { ...everyone([FB, FB, FB]), admin: [OK, OK, OK] },
  },
  // ---- MBO sheet (docs/scores.md) ----
  {
    channel: 'mbo:get',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who, 'mbo') }),
    want: readForm,
  },
  {
    channel: 'mbo:save',
    targeted: true,
    req: (login, who) => ({
      fy,
      staffNo: no(login, who, 'mbo'),
      version: versionOf('mbo', person(login, who, 'mbo')),
      goals: [goalDraft],
    }),
    want: ownerWrites(OK),
  },
  {
    channel: 'mbo:submit',
    targeted: false,
    // Only one's own: a sheet without goals is refused.
    req: () => ({ fy, version: 0, stage: 'goals' }),
    want: everyone(VA),
  },
  {
    channel: 'mbo:approve',
    targeted: true,
    req: (login, who) => ({
      fy,
      staffNo: no(login, who, 'mbo'),
      version: versionOf('mbo', person(login, who, 'mbo')),
      comment: '',
    }),
    // Only the person's 1次 approves (the in-scope sheet is 提出済).
    want: {
      admin: [FB, FB, FB],
      jinji: [FB, FB, FB],
      kucho: [FB, FB, NF],
      kacho: [FB, FB, NF],
      kakaricho: [FB, OK, NF],
      shokuin: [FB, NF, NF],
    },
  },
  {
    channel: 'mbo:sendBack',
    targeted: true,
    req: (login, who) => ({
      fy,
      staffNo: no(login, who, 'mbo'),
      version: versionOf('mbo', person(login, who, 'mbo')),
      comment: '行列の確認',
    }),
    want: {
      admin: [FB, FB, FB],
      jinji: [FB, FB, FB],
      kucho: [FB, FB, NF],
      kacho: [FB, FB, NF],
      kakaricho: [FB, OK, NF],
      shokuin: [FB, NF, NF],
    },
  },
  {
    channel: 'mbo:revise',
    targeted: true,
    req: (login, who) => {
      const p = person(login, who, 'mbo');
      return {
        fy,
        staffNo: p.staffNo,
        version: versionOf('mbo', p),
        goalId: w.goal.get(p.id) ?? 999_999,
        reason: '行列の確認',
        goal: goalDraft,
      };
    },
    // The person or their 1次 revise a goal of an approved sheet: the own sheet is not written yet
    // and the in-scope one is 提出済 (not yet approved), so neither may be revised now.
    want: {
      admin: [CF, FB, FB],
      jinji: [CF, FB, FB],
      kucho: [CF, FB, NF],
      kacho: [CF, FB, NF],
      kakaricho: [CF, CF, NF],
      shokuin: [CF, NF, NF],
    },
  },
  {
    channel: 'mbo:reopen',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who, 'mbo'), reason: '行列の確認' }),
    // HR reopens a submitted sheet (the in- and out-of-scope are 提出済); the own is not written.
    want: hrOnly([CF, OK, OK]),
  },
  {
    channel: 'mbo:list',
    targeted: false,
    req: () => ({ fy }),
    want: { ...everyone(OK), shokuin: FB },
    check: (login, _who, v) => listCheck(login, (v as MboList).rows, 'mbo'),
  },
  {
    channel: 'forms:export',
    targeted: true,
    req: (login, who) => ({ kind: 'mbo', purpose: 'roundtrip', fy, staffNo: no(login, who, 'mbo') }),
    want: hrOnly([OK, OK, OK]),
  },
  // ---- appraisal (docs/cycle.md, docs/scores.md) ----
  {
    channel: 'appraisal:export',
    label: 'appraisal:export forms (named)',
    targeted: true,
    req: (login, who) => ({ fy, what: 'forms', staffNo: no(login, who, 'appraisal') }),
    // A person's 人事考課票 names them: HR only.
    want: hrOnly([OK, OK, OK]),
  },
  {
    channel: 'appraisal:export',
    label: 'appraisal:export status (names no one)',
    targeted: false,
    req: () => ({ fy, what: 'status' }),
    want: { ...hrOnly(OK), jinji: OK },
  },
  {
    channel: 'appraisal:export',
    label: 'appraisal:export ranking (named)',
    targeted: false,
    req: () => ({ fy, what: 'ranking', population: w.tie.population }),
    // rule from issue 10: one rule with the ranking screen — HR and the personnel office.
    want: { ...hrOnly(OK), jinji: OK },
  },
  {
    channel: 'appraisal:get',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who, 'appraisal') }),
    want: readForm,
  },
  {
    channel: 'appraisal:save',
    targeted: true,
    req: (login, who) => {
      const p = person(login, who, 'appraisal');
      return { fy, staffNo: p.staffNo, version: versionOf('appraisal', p), comment: '行列の確認' };
    },
    // The evaluator of the open stage writes it (the in-scope appraisals wait for kakaricho's 1次 and
    // kucho's 調整; kacho's is kakaricho's, not yet at the 2次: CONFLICT); HR and personnel have no
    // stage; the person writes their own at 未着手.
    want: {
      admin: [OK, FB, FB],
      jinji: [OK, FB, FB],
      kucho: [OK, OK, NF],
      kacho: [OK, CF, NF],
      kakaricho: [OK, OK, NF],
      shokuin: [OK, NF, NF],
    },
  },
  {
    channel: 'appraisal:submit',
    targeted: true,
    req: (login, who) => {
      const p = person(login, who, 'appraisal');
      return { fy, staffNo: p.staffNo, version: versionOf('appraisal', p) };
    },
    // Nothing is rated yet, so a stage that may be submitted is refused as incomplete (VALIDATION).
    // HR may submit the 1次 or 2次 stage for its evaluator (the in- and out-of-scope wait for a 1次).
    want: {
      admin: [VA, VA, VA],
      jinji: [VA, FB, FB],
      // The 調整者's stage needs no rating of its own: the 2次評価済 appraisal may be submitted as it is.
      kucho: [VA, anyOf(OK, VA), NF],
      kacho: [VA, CF, NF],
      kakaricho: [VA, VA, NF],
      shokuin: [VA, NF, NF],
    },
  },
  {
    channel: 'appraisal:sendBack',
    targeted: true,
    req: (login, who) => {
      const p = person(login, who, 'appraisal');
      return { fy, staffNo: p.staffNo, version: versionOf('appraisal', p), reason: '行列の確認' };
    },
    // The evaluator of the open stage sends back (the person cannot send back their own); HR only at 調整済.
    want: {
      admin: [FB, CF, CF],
      jinji: [FB, FB, FB],
      kucho: [FB, OK, NF],
      kacho: [FB, CF, NF],
      kakaricho: [FB, OK, NF],
      shokuin: [FB, NF, NF],
    },
  },
  {
    channel: 'appraisal:unlock',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who, 'appraisal'), reason: '行列の確認' }),
    // Only a 確定 appraisal is unlocked, and not by its own person (HR's own is its 本人's): none of these is.
    want: hrOnly([FB, CF, CF]),
  },
  {
    channel: 'appraisal:cross',
    targeted: true,
    req: (login, who) => ({
      fy,
      goalId: w.goal.get(person(login, who, 'appraisal').id) ?? 999_999,
      level: 'A',
      comment: '',
    }),
    // Only the named cross-section evaluator rates a goal; none of the logins is named on these. The
    // own targets have no goal.
    want: {
      admin: [NF, FB, FB],
      jinji: [NF, FB, FB],
      kucho: [NF, FB, NF],
      kacho: [NF, FB, NF],
      kakaricho: [NF, FB, NF],
      shokuin: [NF, NF, NF],
    },
  },
  {
    channel: 'appraisal:nameCross',
    targeted: true,
    req: (login, who) => ({
      fy,
      goalId: w.goal.get(person(login, who, 'appraisal').id) ?? 999_999,
      evaluatorNo: w.info.kucho.person.staffNo,
      role: 'プロジェクトチームリーダー',
    }),
    want: hrOnly([NF, OK, OK]),
  },
  {
    channel: 'appraisal:list',
    targeted: false,
    req: () => ({ fy }),
    want: { ...everyone(OK), shokuin: FB },
    check: (login, _who, v) => listCheck(login, (v as AppraisalList).rows, 'appraisal'),
  },
  // The evaluator workbook's picker (docs/workbooks.md): HR exports the evaluators' books.
  { channel: 'appraisal:evaluators', targeted: false, req: () => ({ fy }), want: hrOnly(OK) },
  {
    channel: 'appraisal:status',
    targeted: false,
    req: () => ({ fy }),
    want: { ...everyone(OK), shokuin: FB },
    // rule from issue 10: no one but HR receives a figure computed from fewer than 3 people.
    check: (login, _who, v) => {
      if (login === 'admin') return [];
      const small: string[] = [];
      for (const g of (v as StatusTable).groups) {
        if (g.scored < 3 && g.average !== null) small.push(g.gradeGroup);
        for (const s of g.sections)
          if (s.scored < 3 && s.average !== null) small.push(`${g.gradeGroup} ${s.section} (${s.scored})`);
      }
      return small.length ? [`averages of fewer than 3 people: ${small.join(', ')}`] : [];
    },
  },
  {
    channel: 'appraisal:ranking',
    targeted: false,
    req: () => ({ fy }),
    // rule from issue 10: the personnel role reads the named ranking, on screen as in the export.
    want: { ...everyone(OK), shokuin: FB },
    check: (login, _who, v) => rankingCheck(login, v as RankingView),
  },
  {
    channel: 'appraisal:decideTie',
    targeted: true,
    req: (login, who) =>
      who === 'in'
        ? { fy, population: w.tie.population, staffNo: w.tie.staffNo, rankClass: null }
        : who === 'own'
          ? { fy, population: w.tie.population, staffNo: w.info[login].person.staffNo, rankClass: null }
          : { fy, population: '係長級', staffNo: w.outOfScope.appraisal.staffNo, rankClass: null },
    // The population's 調整者 and HR decide a tie; a person not in a tie is refused (VALIDATION) —
    // rule from issue 10: only to those with access; everyone else gets FORBIDDEN whatever the input.
    want: {
      admin: [VA, OK, VA],
      jinji: FB,
      kucho: [VA, OK, FB],
      kacho: [FB, FB, FB],
      kakaricho: [FB, FB, FB],
      shokuin: FB,
    },
  },
  {
    channel: 'appraisal:confirmRanking',
    targeted: false,
    req: () => ({ fy, population: w.tie.population }),
    // The population still has an undecided tie (CONFLICT) for the 調整者 and HR; no one else may
    // confirm, nor learn whether the population exists (an evaluator who is nobody's 調整者 sees none).
    want: { admin: CF, jinji: FB, kucho: CF, kacho: anyOf(FB, NF), kakaricho: anyOf(FB, NF), shokuin: FB },
  },
  {
    channel: 'appraisal:exclude',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who, 'appraisal'), reason: '行列の確認' }),
    // HR takes a member of a population out; the logins' own have no appraisal but are members.
    want: hrOnly([anyOf(OK, NF), OK, OK]),
  },
  { channel: 'appraisal:config', targeted: false, req: () => ({ fy }), want: everyone(OK) },
  {
    channel: 'appraisal:saveConfig',
    targeted: false,
    req: () => ({ fy, config: JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as unknown }),
    // The year has submitted appraisals: its configuration is fixed.
    want: hrOnly(CF),
  },
  { channel: 'appraisal:resetConfig', targeted: false, req: () => ({ fy }), want: hrOnly(CF) },
  // ---- awards (docs/scores.md, docs/access.md) ----
  {
    channel: 'awards:list',
    targeted: false,
    req: () => ({ fy }),
    want: everyone(OK),
    // rule from issue 10: staff see decided awards only; revocation reasons are for HR only.
    check: (login, _who, v) => {
      const list = v as AwardRow[];
      const problems: string[] = [];
      if (login === 'shokuin' && list.some((a) => a.status !== '決定')) problems.push('undecided awards listed');
      if (
        login !== 'admin' &&
        (list.some((a) => a.revokeReason !== null) || JSON.stringify(v).includes(w.awards.revokeReason))
      )
        problems.push('a revocation reason is sent');
      return problems;
    },
  },
  {
    channel: 'awards:save',
    targeted: true,
    req: (login, who) => ({
      fy,
      id: null,
      title: '行列',
      category: '能力開発・向上',
      awardedOn: `${fy}-05-01`,
      groupName: '',
      nominator: '',
      recipients: [no(login, who)],
    }),
    want: hrOnly([OK, OK, OK]),
  },
  {
    channel: 'awards:decide',
    targeted: false,
    req: () => ({ fy, id: w.awards.pending, decidedOn: `${fy}-05-01` }),
    want: hrOnly(OK),
  },
  {
    channel: 'awards:revoke',
    targeted: false,
    req: () => ({ fy, id: w.awards.decided, reason: '行列の確認' }),
    want: hrOnly(OK),
  },
  // ---- training (docs/training.md): the course list for all, attendance by scope ----
  {
    channel: 'training:list',
    targeted: false,
    req: () => ({ fy }),
    want: everyone(OK),
    check: (login, _who, v) => {
      const view = v as TrainingYearView;
      const seen = new Set(view.courses.flatMap((c) => c.attendees.map((a) => a.staffNo)));
      const problems: string[] = [];
      if (login === 'shokuin' && [...seen].some((n) => n !== w.info.shokuin.person.staffNo))
        problems.push('another person’s attendance is sent to a 係員');
      if ((login === 'admin' || login === 'jinji') !== (view.scope === 'all')) problems.push(`scope ${view.scope}`);
      return problems;
    },
  },
  {
    channel: 'training:saveCourse',
    targeted: false,
    req: () => ({
      fy,
      id: null,
      title: '行列の研修',
      category: '接遇研修',
      provider: '',
      audience: '全職員',
      usefulForWard: false,
      section: null,
      line: null,
    }),
    want: hrOnly(OK),
  },
  // A course's attendees, a page at a time: the same scope as the list (a 係員 sees only themself).
  {
    channel: 'training:attendees',
    targeted: false,
    req: () => ({ fy, courseId: w.course, page: { offset: 0, limit: 100 } }),
    want: everyone(OK),
    check: (login, _who, v) => {
      const view = v as TrainingAttendeePage;
      const problems: string[] = [];
      if (login === 'shokuin' && view.rows.some((a) => a.staffNo !== w.info.shokuin.person.staffNo))
        problems.push('another person’s attendance is sent to a 係員');
      if ((login === 'admin' || login === 'jinji') !== (view.scope === 'all')) problems.push(`scope ${view.scope}`);
      return problems;
    },
  },
  { channel: 'training:deleteCourse', targeted: false, req: () => ({ fy, id: w.course }), want: hrOnly(OK) },
  {
    channel: 'training:saveAttendance',
    targeted: true,
    req: (login, who) => ({
      fy,
      courseId: w.course,
      attendees: [{ staffNo: no(login, who), attendedOn: `${fy}-06-01`, hours: 2, completed: true, shared: false }],
    }),
    want: hrOnly([OK, OK, OK]),
  },
  // A person's training history: as their staff page (the person, their evaluators, HR, personnel).
  {
    channel: 'training:history',
    targeted: true,
    req: (login, who) => ({ staffNo: no(login, who) }),
    want: readForm,
  },
  // ---- 庁内公募 (docs/postings.md): postings for all, applications for the applicant, HR, personnel ----
  {
    channel: 'postings:list',
    targeted: false,
    req: () => ({ fy }),
    want: everyone(OK),
    check: (login, _who, v) => {
      const view = v as PostingsView;
      const problems: string[] = [];
      const counts = view.postings.some((p) => p.applicantCount !== null);
      if (counts !== (login === 'admin' || login === 'jinji')) problems.push('applicant counts to the wrong reader');
      if (login !== 'shokuin' && JSON.stringify(v).includes(w.postings.motivation))
        problems.push('shokuin’s 志望動機 is sent to another login');
      return problems;
    },
  },
  {
    channel: 'postings:save',
    targeted: false,
    req: () => ({
      fy,
      id: null,
      kind: '庁内公募',
      title: '行列の公募',
      section: null,
      team: '',
      description: '',
      conditions: '',
      capacity: 1,
      deadline: w.postings.deadline,
    }),
    want: hrOnly(OK),
  },
  {
    channel: 'postings:setStatus',
    targeted: false,
    req: () => ({ fy, id: w.postings.open, status: '締切' }),
    want: hrOnly(OK),
  },
  {
    channel: 'postings:applicants',
    targeted: false,
    req: () => ({ fy, postingId: w.postings.open }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  {
    channel: 'postings:ofStaff',
    targeted: true,
    req: (login, who) => ({ staffNo: no(login, who) }),
    want: { admin: [OK, OK, OK], jinji: [OK, OK, OK], kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  // Anyone with a staff record applies (shokuin already has); the personnel office only reads.
  {
    channel: 'postings:apply',
    targeted: false,
    req: () => ({ fy, postingId: w.postings.open, motivation: '行列の確認' }),
    want: { admin: OK, jinji: FB, kucho: OK, kacho: OK, kakaricho: OK, shokuin: CF },
  },
  // Only the applicant withdraws; to anyone else the application does not exist.
  {
    channel: 'postings:withdraw',
    targeted: false,
    req: () => ({ fy, applicationId: w.postings.application }),
    want: { admin: NF, jinji: FB, kucho: NF, kacho: NF, kakaricho: NF, shokuin: OK },
  },
  {
    channel: 'postings:record',
    targeted: false,
    req: () => ({ fy, postingId: w.postings.open, staffNo: w.info.kacho.person.staffNo, motivation: '紙の応募' }),
    want: hrOnly(OK),
  },
  {
    channel: 'postings:decide',
    targeted: false,
    req: () => ({ fy, applicationId: w.postings.application, status: '選考中', outcomeNote: '' }),
    want: hrOnly(OK),
  },
  {
    channel: 'postings:export',
    targeted: false,
    req: () => ({ fy, postingId: w.postings.open }),
    want: hrOnly(OK),
  },
  // ---- the plan's figures: office-wide, naming nobody ----
  { channel: 'kpi:list', targeted: false, req: () => ({ fy }), want: everyone(OK) },
  // ---- the plan's dashboard, measures and report (docs/plan.md, docs/measures.md, docs/home.md) ----
  {
    channel: 'plan:dashboard',
    targeted: false,
    req: () => ({ fy }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  {
    channel: 'plan:measures',
    targeted: false,
    req: () => ({ fy }),
    want: { admin: OK, jinji: OK, kucho: OK, kacho: OK, kakaricho: OK, shokuin: FB },
  },
  {
    channel: 'plan:saveMeasure',
    targeted: false,
    req: () => ({
      fy,
      measure: {
        id: null,
        plan: '次期プラン',
        headingNo: 6,
        heading: '新しい柱',
        code: '6-(1)',
        title: '新しい取組み',
        description: '',
        targetText: '全課実施',
        targetFy: null,
        unit: 'section',
        required: 1,
        kpiId: null,
        fromFy: fy,
        toFy: null,
        active: true,
      },
    }),
    want: hrOnly(OK),
  },
  { channel: 'plan:deleteMeasure', targeted: false, req: () => ({ fy, id: w.plan.kpiMeasure }), want: hrOnly(OK) },
  // HR records for any 課; a 課長 for their own (kacho's 課 here); nobody else records.
  {
    channel: 'plan:saveRecord',
    targeted: false,
    req: () => ({
      fy,
      id: null,
      measureId: w.plan.meeting,
      heldOn: `${fy}-06-15`,
      section: w.plan.kachoSection,
      line: null,
      participants: 8,
      people: [],
      note: '意見交換会',
    }),
    want: { admin: OK, jinji: FB, kucho: FB, kacho: OK, kakaricho: FB, shokuin: FB },
  },
  {
    channel: 'plan:deleteRecord',
    targeted: false,
    req: () => ({ fy, id: w.plan.kachoRecord }),
    want: { admin: OK, jinji: FB, kucho: FB, kacho: OK, kakaricho: FB, shokuin: FB },
  },
  // Every login has a home page; what it holds is the viewer's own (tests/integration/home.test.ts).
  {
    channel: 'home:view',
    targeted: false,
    req: () => ({ fy }),
    want: everyone(OK),
    check: (login, _who, v) => {
      if (login === 'admin' || login === 'jinji') return [];
      return JSON.stringify(v).includes(w.outOfScope.appraisal.staffNo)
        ? ['an out-of-scope person on the home page']
        : [];
    },
  },
  {
    channel: 'plan:report',
    targeted: false,
    req: () => ({ fy, format: 'xlsx' }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  // ---- 人事配置資料 (docs/placement.md): HR and the personnel office, nobody else ----
  {
    channel: 'placement:list',
    targeted: false,
    req: () => ({ fy }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  {
    channel: 'placement:summary',
    targeted: true,
    req: (login, who) => ({ fy, staffNo: no(login, who) }),
    want: { admin: [OK, OK, OK], jinji: [OK, OK, OK], kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
    // The confidential sections never reach a summary, whoever reads it (docs/confidentiality.md).
    check: (login, who, v) => {
      const texts = w.confidential.get(person(login, who, 'selfReport').id) ?? [];
      return texts.some((t) => JSON.stringify(v).includes(t)) ? ['a confidential text is in the summary'] : [];
    },
  },
  {
    channel: 'placement:pdf',
    targeted: false,
    req: () => ({ what: 'summaries', fy, staffNos: [w.info.shokuin.person.staffNo] }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
  {
    channel: 'placement:sectionXlsx',
    targeted: false,
    req: () => ({ fy, section: w.info.shokuin.person.section }),
    want: { admin: OK, jinji: OK, kucho: FB, kacho: FB, kakaricho: FB, shokuin: FB },
  },
];

/** Accounts: the login's own, another demo login's (shokuin's, or kakaricho's for shokuin), or none. */
function accountLogin(login: DemoLogin, who: Who): DemoLogin {
  if (who === 'own') return login;
  return login === 'shokuin' ? 'kakaricho' : 'shokuin';
}
function accountTarget(login: DemoLogin, who: Who): number {
  return who === 'out' ? 999_999 : w.info[accountLogin(login, who)].accountId;
}
function roleOfTarget(login: DemoLogin, who: Who): string {
  return who === 'out' ? 'staff' : w.info[accountLogin(login, who)].role;
}

function areaReq(login: DemoLogin, who: Who, rest: Record<string, unknown>): unknown {
  const area = w.areaTarget[login][who];
  return area === null ? SKIP : { fy, area, ...rest };
}
/** The pair / attendee: the login on its own team, else (HR) a member of the area's team. */
function pairFor(login: DemoLogin, who: Who): string {
  if (who === 'own') return w.info[login].person.staffNo;
  return login === 'admin' ? w.areaMember.get(w.areaTarget[login][who]!)! : w.info[login].person.staffNo;
}

/** A list of forms: an evaluator's holds their in-scope person and no one out of scope. */
function listCheck(login: DemoLogin, listed: { person: { staffNo: string } }[], family: Family): string[] {
  const nos = new Set(listed.map((r) => r.person.staffNo));
  const problems: string[] = [];
  if (!nos.has(w.inScope[family][login].staffNo)) problems.push('the in-scope person is missing');
  const outs = (['selfReport', 'mbo', 'appraisal'] as const).map((f) => w.outOfScope[f].staffNo);
  if (login !== 'admin' && login !== 'jinji' && outs.some((n) => nos.has(n)))
    problems.push('out-of-scope people listed');
  return problems;
}

/** An evaluator's ranking names only people they are 調整者 of (docs/ranking.md: results only to their readers). */
function rankingCheck(login: DemoLogin, v: RankingView): string[] {
  if (login === 'admin' || login === 'jinji' || !v.result) return [];
  const named = [...v.result.rows, ...v.result.waiting, ...v.result.excluded].map((r) => r.staffNo);
  const foreign = named.filter((n) => !w.adjusterOf[login].has(n));
  return foreign.length ? [`${foreign.length} people named who are not the login's to adjust`] : [];
}

// ---------- contexts: one per login on a copy no cell has changed ----------

type Live = { ctx: AppContext; changes: number; keys: string; state: string };
const live = new Map<DemoLogin, Live>();
const opened: AppContext[] = [];

const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (t) => t.name,
  );

/** Everything a call could have touched: every table and the keyring. */
function stateHash(ctx: AppContext): string {
  const db = ctx.office!.db;
  const h = crypto.createHash('sha256');
  for (const t of tables(db)) h.update(JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()));
  h.update(fs.readFileSync(`${ctx.dbPath}.keys`));
  return h.digest('hex');
}
const totalChanges = (ctx: AppContext) =>
  (ctx.office!.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const keysOf = (ctx: AppContext) => fs.readFileSync(`${ctx.dbPath}.keys`, 'utf8');

async function contextFor(login: DemoLogin): Promise<Live> {
  const had = live.get(login);
  if (had) return had;
  const ctx = await loggedIn(await demoCopy(dir), login, demoPass);
  opened.push(ctx);
  const l: Live = { ctx, changes: totalChanges(ctx), keys: keysOf(ctx), state: stateHash(ctx) };
  live.set(login, l);
  return l;
}
function retire(login: DemoLogin): void {
  const l = live.get(login);
  if (l?.ctx.office) l.ctx.end();
  live.delete(login);
}

/** Runs one cell; returns the outcome and whether the copy's data changed. */
async function runCell(row: Row, login: DemoLogin, who: Who): Promise<{ outcome: string; problems: string[] }> {
  const req = row.req(login, who);
  if (req === SKIP) return { outcome: 'n/a', problems: [] };
  const l = await contextFor(login);
  const r = (await dispatch(l.ctx, row.channel, req)) as Result<unknown>;
  const outcome = r.ok ? 'ok' : r.error.code;
  const problems: string[] = [];
  if (r.ok && row.check) problems.push(...row.check(login, who, r.value));
  if (!r.ok && !/[\u3040-\u30ff\u4e00-\u9fff]/u.test(r.error.message)) problems.push('message not in Japanese');
  if (row.endsSession || !l.ctx.office) {
    retire(login);
    return { outcome, problems };
  }
  const touched = totalChanges(l.ctx) !== l.changes || keysOf(l.ctx) !== l.keys;
  if (touched) {
    const changed = stateHash(l.ctx) !== l.state;
    if (changed && !r.ok && !row.refusalRecords) problems.push('a refused call changed data');
    // Whatever changed, the next cell starts from an untouched copy.
    retire(login);
  }
  return { outcome, problems };
}

const outcomesOf = (cell: Cell): string[] => (typeof cell === 'string' ? [cell] : cell.anyOf);

// ---------- resolving the demo's people ----------

beforeAll(async () => {
  const admin = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  opened.push(admin);
  const db = admin.office!.db;
  const info = demoLoginInfo(db, fy);
  const sid = (l: DemoLogin) => info[l].person.id;
  const loginIds = demoLogins.map(sid).join(',');
  const conf = "(sr.health_note <> '' OR sr.family_note <> '') DESC, s.staff_no";
  // Out of scope: a 係員 of a section holding none of the logins, whom no login evaluates.
  const outside = `s.position = '係員' AND s.section_id NOT IN (SELECT section_id FROM staff WHERE id IN (${loginIds}))
     AND ea.first_id NOT IN (${loginIds}) AND ea.second_id NOT IN (${loginIds}) AND ea.adjuster_id NOT IN (${loginIds})`;
  const first = (l: DemoLogin) => `ea.first_id = ${sid(l)}`;
  const srIn = demoPersonWhere(
    db,
    fy,
    'a submitted self-report for kakaricho',
    `${first('kakaricho')} AND sr.status = '提出済'`,
    conf,
  );
  const mboIn = demoPersonWhere(
    db,
    fy,
    'a submitted MBO sheet for kakaricho',
    `${first('kakaricho')} AND m.status = '提出済'`,
  );
  const apIn = demoPersonWhere(
    db,
    fy,
    'an appraisal waiting for kakaricho',
    `${first('kakaricho')} AND ap.status = '自己評価済'`,
  );
  const forAll = (p: DemoPerson) =>
    ({ admin: p, jinji: p, kucho: p, kacho: p, kakaricho: p, shokuin: p }) as Record<DemoLogin, DemoPerson>;
  const inScope: World['inScope'] = {
    selfReport: {
      ...forAll(srIn),
      kucho: demoPersonWhere(
        db,
        fy,
        'a submitted self-report kucho adjusts',
        `ea.adjuster_id = ${sid('kucho')} AND sr.status = '提出済'`,
        conf,
      ),
    },
    mbo: {
      ...forAll(mboIn),
      kucho: demoPersonWhere(
        db,
        fy,
        'an MBO sheet kucho adjusts',
        `ea.adjuster_id = ${sid('kucho')} AND m.status = '提出済'`,
      ),
    },
    appraisal: {
      ...forAll(apIn),
      kucho: demoPersonWhere(
        db,
        fy,
        'an appraisal waiting for kucho (調整者)',
        `ea.adjuster_id = ${sid('kucho')} AND ap.status = '2次評価済'`,
      ),
    },
  };
  // The in-scope people are where the matrix says they are.
  expect(
    db.prepare('SELECT first_id FROM evaluator_assignments WHERE fy = ? AND staff_id = ?').get(fy, srIn.id),
  ).toEqual({
    first_id: sid('kakaricho'),
  });
  expect(
    db.prepare('SELECT second_id FROM evaluator_assignments WHERE fy = ? AND staff_id = ?').get(fy, srIn.id),
  ).toEqual({
    second_id: sid('kacho'),
  });
  const outOfScope: World['outOfScope'] = {
    selfReport: demoPersonWhere(
      db,
      fy,
      'a submitted self-report out of every login’s scope',
      `${outside} AND sr.status = '提出済'`,
      conf,
    ),
    mbo: demoPersonWhere(db, fy, 'a submitted MBO sheet out of scope', `${outside} AND m.status = '提出済'`),
    appraisal: demoPersonWhere(
      db,
      fy,
      'an appraisal waiting for its 1次, out of scope',
      `${outside} AND ap.status = '自己評価済'`,
    ),
  };
  const byId = (sql: string) =>
    new Map((db.prepare(sql).all(fy) as { id: number; v: number | string }[]).map((r) => [r.id, r.v]));
  const version = {
    selfReport: byId('SELECT staff_id AS id, version AS v FROM self_reports WHERE fy = ?'),
    mbo: byId('SELECT staff_id AS id, version AS v FROM mbo_sheets WHERE fy = ?'),
    appraisal: byId('SELECT staff_id AS id, version AS v FROM appraisals WHERE fy = ?'),
  } as World['version'];
  const status = {
    selfReport: byId('SELECT staff_id AS id, status AS v FROM self_reports WHERE fy = ?'),
    mbo: byId('SELECT staff_id AS id, status AS v FROM mbo_sheets WHERE fy = ?'),
    appraisal: byId('SELECT staff_id AS id, status AS v FROM appraisals WHERE fy = ?'),
  } as World['status'];
  const goal = new Map(
    (
      db
        .prepare(
          `SELECT m.staff_id AS id, min(g.id) AS goal FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id
           WHERE m.fy = ? GROUP BY m.staff_id`,
        )
        .all(fy) as { id: number; goal: number }[]
    ).map((r) => [r.id, r.goal]),
  );
  const confidential = new Map(
    (
      db
        .prepare('SELECT staff_id AS id, health_note AS h, family_note AS f FROM self_reports WHERE fy = ?')
        .all(fy) as {
        id: number;
        h: string;
        f: string;
      }[]
    ).map((r) => [r.id, [r.h, r.f].filter((t) => t !== '')]),
  );
  expect(confidential.get(srIn.id)?.length, 'the in-scope self-report has a confidential section').toBeGreaterThan(0);
  expect(confidential.get(inScope.selfReport.kucho.id)?.length).toBeGreaterThan(0);

  // Areas: the login's own team; the in-scope person's area when it is another; one no login is on.
  const areaOf = (id: number) =>
    (
      db
        .prepare(
          'SELECT ar.name FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id WHERE aa.fy = ? AND aa.staff_id = ?',
        )
        .get(fy, id) as { name: string } | undefined
    )?.name ?? null;
  const loginAreas = new Set(demoLogins.map((l) => info[l].area));
  const patrols = db
    .prepare(
      `SELECT ar.name AS area, min(p.id) AS id FROM area_patrols p JOIN areas ar ON ar.id = p.area_id
       WHERE p.fy = ? AND (p.written_by IS NULL OR p.written_by NOT IN (SELECT id FROM accounts WHERE login IN ('admin','jinji','kucho','kacho','kakaricho','shokuin')))
       GROUP BY ar.name`,
    )
    .all(fy) as { area: string; id: number }[];
  const areaPatrol = new Map(patrols.map((p) => [p.area, p.id]));
  const otherArea = patrols.find((p) => !loginAreas.has(p.area))?.area;
  expect(otherArea, 'an area with a patrol and none of the logins').toBeDefined();
  const areaTarget = {} as World['areaTarget'];
  for (const l of demoLogins) {
    const own = info[l].area;
    const theirs = areaOf(inScope.selfReport[l].id);
    areaTarget[l] = {
      own,
      in: theirs !== own && theirs !== null && areaPatrol.has(theirs) ? theirs : null,
      out: otherArea!,
    };
    if (own !== null) expect(areaPatrol.has(own), `a patrol in ${l}'s area`).toBe(true);
  }
  const areaMember = new Map(
    (
      db
        .prepare(
          `SELECT ar.name AS area, min(s.staff_no) AS no FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id
           JOIN staff s ON s.id = aa.staff_id WHERE aa.fy = ? GROUP BY ar.name`,
        )
        .all(fy) as { area: string; no: string }[]
    ).map((r) => [r.area, r.no]),
  );
  // None of the non-HR logins leads an area (else the overview's names rule would differ for them).
  const leaders = db
    .prepare("SELECT staff_id AS id FROM area_assignments WHERE fy = ? AND role = 'リーダー'")
    .all(fy) as { id: number }[];
  expect(leaders.filter((r) => demoLogins.some((l) => sid(l) === r.id))).toEqual([]);
  const overview = ok(await dispatch(admin, 'areas:overview', { fy }));
  const overviewNames = [...(overview.unassigned ?? []), ...(overview.mboCoverage.withoutAreaGoal ?? [])].map(
    (p) => p.name,
  );
  expect(overviewNames.length, 'the demo has unassigned people or sheets without an area goal').toBeGreaterThan(0);

  const ranking = ok(await dispatch(admin, 'appraisal:ranking', { fy, population: '課長代理級' }));
  const tied = ranking.result?.ties[0]?.ids[0];
  expect(tied, 'the demo’s 課長代理級 has a tie to decide').toBeDefined();

  const award = (status: string) =>
    db
      .prepare('SELECT id, revoke_reason AS reason FROM awards WHERE fy = ? AND status = ? ORDER BY id LIMIT 1')
      .get(fy, status) as { id: number; reason: string | null } | undefined;
  const pending = award('推薦中');
  const decided = award('決定');
  const revoked = award('取消');
  expect([pending, decided, revoked].every(Boolean), 'pending, decided and revoked awards').toBe(true);

  const adjusterOf = {} as World['adjusterOf'];
  for (const l of demoLogins) {
    adjusterOf[l] = new Set(
      (
        db
          .prepare(
            `SELECT s.staff_no AS no FROM evaluator_assignments e JOIN staff s ON s.id = e.staff_id
             WHERE e.fy = ? AND e.adjuster_id = ? AND e.effective_to IS NULL`,
          )
          .all(fy, sid(l)) as { no: string }[]
      ).map((r) => r.no),
    );
  }

  const course = db.prepare('SELECT id FROM training_courses WHERE fy = ? ORDER BY id LIMIT 1').get(fy) as
    { id: number } | undefined;
  expect(course, 'a course of the year').toBeDefined();
  const open = db
    .prepare("SELECT id, deadline FROM postings WHERE fy = ? AND status = '募集中' ORDER BY id LIMIT 1")
    .get(fy) as { id: number; deadline: string } | undefined;
  expect(open, 'an open posting').toBeDefined();
  const application = db
    .prepare('SELECT id, motivation FROM posting_applications WHERE posting_id = ? AND staff_id = ?')
    .get(open!.id, sid('shokuin')) as { id: number; motivation: string } | undefined;
  expect(application, 'shokuin’s application to the open posting').toBeDefined();

  const measureId = (code: string) =>
    (db.prepare('SELECT id FROM plan_measures WHERE code = ?').get(code) as { id: number } | undefined)?.id;
  const kachoSection = (
    db
      .prepare('SELECT s.name FROM staff st JOIN sections s ON s.id = st.section_id WHERE st.id = ?')
      .get(sid('kacho')) as { name: string } | undefined
  )?.name;
  const kachoRecord = db
    .prepare(
      `SELECT r.id FROM measure_records r JOIN sections s ON s.id = r.section_id
        WHERE r.fy = ? AND s.name = ? ORDER BY r.id LIMIT 1`,
    )
    .get(fy, kachoSection) as { id: number } | undefined;
  expect([measureId('3-(2)'), measureId('1-(3)'), kachoSection, kachoRecord], 'the plan targets').not.toContain(
    undefined,
  );

  w = {
    plan: {
      meeting: measureId('3-(2)')!,
      kpiMeasure: measureId('1-(3)')!,
      kachoSection: kachoSection!,
      kachoRecord: kachoRecord!.id,
    },
    course: course!.id,
    postings: {
      open: open!.id,
      deadline: open!.deadline,
      application: application!.id,
      motivation: application!.motivation,
    },
    info,
    inScope,
    outOfScope,
    version,
    status,
    goal,
    confidential,
    areaTarget,
    areaMember,
    areaPatrol,
    tie: { population: '課長代理級', staffNo: tied! },
    overviewNames,
    awards: { pending: pending!.id, decided: decided!.id, revokeReason: revoked!.reason ?? '' },
    adjusterOf,
  };
  // Every resolved person exists and HR can open them: no cell can quietly fall to NOT_FOUND.
  const everyPerson = [
    ...demoLogins.map((l) => info[l].person),
    ...Object.values(inScope).flatMap((m) => Object.values(m)),
    ...Object.values(outOfScope),
  ];
  for (const p of everyPerson) ok(await dispatch(admin, 'staff:detail', { staffNo: p.staffNo, fy }));
  expect(status.mbo.get(mboIn.id)).toBe('提出済');
  expect(status.appraisal.get(apIn.id)).toBe('自己評価済');
  admin.end();
});

afterAll(() => {
  for (const c of opened) if (c.office) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('role × channel × target matrix', () => {
  it('covers every channel of the contract', () => {
    expect([...new Set(rows.map((r) => r.channel))].sort()).toEqual([...channelNames].sort());
  });

  for (const row of rows) {
    it(row.label ?? row.channel, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const login of demoLogins) {
        const cells = row.want[login];
        for (const [i, who] of (row.targeted ? whos : (['own'] as Who[])).entries()) {
          const cell: Cell = Array.isArray(cells) ? cells[i]! : cells;
          const label = row.targeted ? `${login} → ${who}` : login;
          if (row.req(login, who) === SKIP) {
            // No such target for this login (the 区長 is on no area team; the in-scope person shares the area).
            got.push(`${label}: n/a`);
            want.push(`${label}: n/a`);
            continue;
          }
          const { outcome, problems } = await runCell(row, login, who);
          const allowedOutcomes = outcomesOf(cell);
          const shown = allowedOutcomes.join('|');
          got.push(
            `${label}: ${allowedOutcomes.includes(outcome) ? shown : outcome}${problems.map((p) => ` [${p}]`).join('')}`,
          );
          want.push(`${label}: ${shown}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  it('the personnel role gets one answer for the ranking on screen and as an export (rule from issue 10)', async () => {
    const l = await contextFor('jinji');
    const screen = await dispatch(l.ctx, 'appraisal:ranking', { fy });
    const file = await dispatch(l.ctx, 'appraisal:export', { fy, what: 'ranking' });
    expect(file.ok ? 'ok' : file.error.code).toBe(screen.ok ? 'ok' : screen.error.code);
    retire('jinji');
  });

  it('without a login every non-public channel is refused with UNAUTHENTICATED', async () => {
    const ctx = new AppContext(await demoCopy(dir));
    for (const row of rows) {
      if (row.channel.startsWith('app:') || row.channel.startsWith('fill:') || row.channel === 'auth:login') continue;
      const req = row.req('admin', 'in');
      const r = await dispatch(ctx, row.channel, req === SKIP ? {} : req);
      expect(r.ok ? 'ok' : r.error.code, row.channel).toBe('UNAUTHENTICATED');
    }
  });

  it('rejects malformed arguments and unknown channels with a Japanese message', async () => {
    const ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    opened.push(ctx);
    const bad = await dispatch(ctx, 'accounts:create', {
      login: 'ok-name',
      displayName: 'x',
      role: 'root',
      staffNo: null,
      password: 'password-1',
    });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'VALIDATION', field: 'role' });
    const extra = await dispatch(ctx, 'audit:list', { offset: 0, limit: 10, sql: 'DROP TABLE accounts' });
    expect(!extra.ok && extra.error.code).toBe('VALIDATION');
    const notObject = await dispatch(ctx, 'accounts:disable', 'DROP TABLE accounts');
    expect(!notObject.ok && notObject.error.code).toBe('VALIDATION');
    const unknown = await dispatch(ctx, 'db:exec', { sql: 'x' });
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'UNKNOWN_CHANNEL', message: '不明な操作です。' });
  });
});
