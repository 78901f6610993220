import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/main/api/context';
import { dispatch } from '../../electron/main/api/dispatch';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import { channelNames } from '../../shared/channels';
import type { ChannelName } from '../../shared/channels';
import type { Role } from '../../shared/roles';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Who may call what, written out by hand so that a change to the access map must change this too. */
const hrOnly: ChannelName[] = [
  'accounts:list',
  'accounts:create',
  'accounts:update',
  'accounts:disable',
  'accounts:enable',
  'accounts:resetPassword',
  'staff:options',
  'audit:list',
  'system:verify',
  'system:backup',
  'system:backups',
  'import:preview',
  'import:commit',
  'import:log',
  'excel:template',
  'excel:export',
  'selfReport:reopen',
  'selfReport:progress',
  'mbo:reopen',
  'forms:export',
  'appraisal:unlock',
  'appraisal:nameCross',
  'awards:save',
  'awards:decide',
  'awards:revoke',
  'appraisal:saveConfig',
  'appraisal:resetConfig',
  'appraisal:exclude',
];
/** Evaluators, HR and personnel (a staff member has no one else's sheets to list). */
const notStaff: ChannelName[] = ['mbo:list', 'appraisal:list', 'appraisal:status', 'appraisal:ranking'];
/** HR and evaluators (the 調整者 decides ranking ties; the personnel office only reads). */
const hrAndEvaluators: ChannelName[] = ['appraisal:decideTie', 'appraisal:confirmRanking'];
/** HR and personnel (the personnel office takes the appraisal's reports that name no one; checked in the service). */
const hrAndPersonnel: ChannelName[] = ['appraisal:export'];
const anySession: ChannelName[] = [
  'auth:logout',
  'auth:changePassword',
  'cycles:list',
  'org:sections',
  'staff:list',
  'staff:detail',
  'areas:overview',
  // scoped in the service (see self-report.test.ts)
  'selfReport:get',
  'selfReport:save',
  'selfReport:submit',
  'selfReport:interview',
  // written by the area's team and HR, checked in the service (see area-log.test.ts)
  'areaLog:get',
  'areaLog:addPatrol',
  'areaLog:addStudy',
  'areaLog:remove',
  // scoped in the service (see mbo.test.ts)
  'mbo:get',
  'mbo:save',
  'mbo:submit',
  'mbo:approve',
  'mbo:sendBack',
  'mbo:revise',
  // scoped in the service (see appraisal.test.ts)
  'appraisal:get',
  'appraisal:save',
  'appraisal:submit',
  'appraisal:sendBack',
  'appraisal:cross',
  'awards:list',
  // the cycle's appraisal configuration: read by every screen that shows it, changed by HR only
  'appraisal:config',
];
const publicChannels: ChannelName[] = [
  'app:status',
  'app:createOffice',
  'app:createDemo',
  'fill:open',
  'fill:write',
  'auth:login',
];

const demoLogins: Record<Role, string> = { hr: 'admin', evaluator: 'kakaricho', staff: 'shokuin', personnel: 'jinji' };

function sample(channel: ChannelName, targetId: number): unknown {
  switch (channel) {
    case 'app:createOffice':
      return { officeName: '別の区役所', login: 'other', displayName: '別人', password: 'password-1' };
    case 'auth:login':
      return { login: 'nobody', password: 'password-1' };
    case 'auth:changePassword':
      return { current: 'not-the-password', next: 'password-2' };
    case 'accounts:create':
      return { login: 'matrix1', displayName: '行列', role: 'staff', staffNo: null, password: 'password-1' };
    case 'accounts:update':
      return { id: targetId, displayName: '変更後', role: 'hr', staffNo: null };
    case 'accounts:disable':
      return { id: targetId };
    case 'accounts:enable':
    case 'accounts:resetPassword':
      return { id: targetId, password: 'password-9' };
    case 'staff:options':
      return { query: '田' };
    case 'audit:list':
      return { offset: 0, limit: 10 };
    case 'staff:list':
      return { query: '田', active: 'all' };
    case 'staff:detail':
      return { staffNo: '000001', fy: 2026 };
    case 'areas:overview':
      return { fy: 2026 };
    case 'import:preview':
      return { kind: 'staff', fileName: 'x.xlsx', data: Buffer.from('not a workbook').toString('base64') };
    case 'import:commit':
      return { token: 'abcdefghijklmnopqrstuv' };
    case 'excel:template':
      return { kind: 'staff' };
    case 'excel:export':
      return { kind: 'areas', fy: 2026 };
    case 'areaLog:get':
      return { fy: 2026, area: '中浜' };
    // Writing needs a place on the area's team (area-log.test.ts); here an unknown area answers NOT_FOUND.
    case 'areaLog:addPatrol':
      return { fy: 2026, area: '存在しない地域', onDate: '2026-05-01', pair: ['000001'], notes: '巡回', findings: '' };
    case 'areaLog:addStudy':
      return {
        fy: 2026,
        area: '存在しない地域',
        onDate: '2026-05-01',
        topic: '勉強会',
        notes: '',
        attendees: ['000001'],
      };
    case 'areaLog:remove':
      return { fy: 2026, area: '存在しない地域', kind: 'patrol', id: 1 };
    case 'selfReport:get':
      return { fy: 2026 };
    case 'selfReport:save':
      return { fy: 2026, version: 0, duties: '行列の確認' };
    case 'selfReport:submit':
      return { fy: 2026, version: 99 };
    case 'selfReport:interview':
      return { fy: 2026, staffNo: '000001', version: 1, interviewOn: '2026-07-01', record: '面談', opinion: '' };
    case 'selfReport:reopen':
      return { fy: 2026, staffNo: '000001', reason: '行列の確認' };
    case 'selfReport:progress':
    case 'mbo:list':
    case 'mbo:get':
      return { fy: 2026 };
    case 'mbo:save':
      return { fy: 2026, version: 99, selfMidComment: '行列の確認' };
    case 'mbo:submit':
      return { fy: 2026, version: 99, stage: 'goals' };
    case 'mbo:approve':
      return { fy: 2026, staffNo: '000001', version: 99, comment: '' };
    case 'mbo:sendBack':
      return { fy: 2026, staffNo: '000001', version: 99, comment: '行列の確認' };
    case 'mbo:revise':
      return {
        fy: 2026,
        version: 99,
        goalId: 1,
        reason: '行列の確認',
        goal: {
          category: '業務目標',
          title: '行列',
          content: '',
          standard: '',
          priority: null,
          weight: 100,
          difficulty: 'B',
          schedule: '',
          type: '通常',
        },
      };
    case 'appraisal:get':
    case 'appraisal:list':
    case 'appraisal:status':
    case 'awards:list':
      return { fy: 2026 };
    case 'appraisal:ranking':
      return { fy: 2026, population: '係長級' };
    case 'appraisal:save':
      return { fy: 2026, version: 99, comment: '行列の確認' };
    case 'appraisal:submit':
      return { fy: 2026, version: 99 };
    case 'appraisal:sendBack':
      return { fy: 2026, staffNo: '000001', version: 99, reason: '行列の確認' };
    case 'appraisal:unlock':
      return { fy: 2026, staffNo: '000001', reason: '行列の確認' };
    case 'appraisal:cross':
      return { fy: 2026, goalId: 999_999, level: 'A', comment: '' };
    case 'appraisal:nameCross':
      return { fy: 2026, goalId: 999_999, evaluatorNo: null, role: '' };
    case 'appraisal:decideTie':
      return { fy: 2026, population: '係長級', staffNo: '000001', rankClass: 1 };
    case 'appraisal:confirmRanking':
      return { fy: 2026, population: '係長級' };
    case 'appraisal:exclude':
      return { fy: 2026, staffNo: '000001', reason: '行列の確認' };
    case 'awards:save':
      return {
        fy: 2026,
        id: null,
        title: '行列',
        category: '能力開発・向上',
        awardedOn: '2026-05-01',
        groupName: '',
        nominator: '',
        recipients: ['000001'],
      };
    case 'awards:decide':
      return { fy: 2026, id: 999_999, decidedOn: '2026-05-01' };
    case 'awards:revoke':
      return { fy: 2026, id: 999_999, reason: '行列の確認' };
    case 'mbo:reopen':
      return { fy: 2026, staffNo: '000001', reason: '行列の確認' };
    case 'forms:export':
      return { kind: 'mbo', purpose: 'roundtrip', fy: 2026, staffNo: '000001' };
    case 'appraisal:export':
      return { fy: 2026, what: 'status' };
    case 'appraisal:config':
    case 'appraisal:resetConfig':
      return { fy: 2026 };
    case 'appraisal:saveConfig':
      return { fy: 2026, config: JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as unknown };
    default:
      return {};
  }
}

/** Everything a forbidden call could have touched: the database's tables and the keyring. */
function snapshot(ctx: AppContext): string {
  const db = ctx.office!.db;
  const h = crypto.createHash('sha256');
  for (const t of [
    'accounts',
    'audit_log',
    'meta',
    'staff',
    'sections',
    'lines',
    'evaluator_assignments',
    'area_assignments',
    'import_log',
    'self_reports',
    'area_patrols',
    'area_studies',
    'mbo_sheets',
    'mbo_goals',
    'mbo_goal_revisions',
    'form_exports',
    'form_export_items',
    'cycles',
    'appraisals',
    'appraisal_ratings',
    'cross_ratings',
    'awards',
    'award_recipients',
    'ranking_confirmations',
    'appraisal_exports',
    'ranking_exclusions',
  ])
    h.update(JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
  h.update(fs.readFileSync(`${ctx.dbPath}.keys`));
  return h.digest('hex');
}

describe('role × channel matrix', () => {
  it('covers every channel of the contract', () => {
    expect(
      [...hrOnly, ...notStaff, ...hrAndEvaluators, ...hrAndPersonnel, ...anySession, ...publicChannels].sort(),
    ).toEqual([...channelNames].sort());
  });

  for (const role of ['hr', 'evaluator', 'staff', 'personnel'] as const) {
    it(`${role}: forbidden calls fail with FORBIDDEN and change nothing; allowed ones pass the check`, async () => {
      const dbPath = await demoCopy(dir);
      const ctx = await loggedIn(dbPath, demoLogins[role], demoPass);
      const target = ctx.office!.db.prepare("SELECT id FROM accounts WHERE login = 'shokuin'").get() as { id: number };
      for (const channel of channelNames.filter((c) => c !== 'auth:logout' && c !== 'auth:login')) {
        const before = snapshot(ctx);
        const r = await dispatch(ctx, channel, sample(channel, target.id));
        const allowed =
          role === 'hr' ||
          (!hrOnly.includes(channel) &&
            !(role === 'staff' && notStaff.includes(channel)) &&
            !(role !== 'evaluator' && hrAndEvaluators.includes(channel)) &&
            !(role !== 'personnel' && hrAndPersonnel.includes(channel)));
        if (allowed) {
          expect(r.ok ? 'ok' : r.error.code, `${role} ${channel}`).not.toBe('FORBIDDEN');
        } else {
          expect(r.ok ? 'ok' : r.error.code, `${role} ${channel}`).toBe('FORBIDDEN');
          expect(snapshot(ctx), `${role} ${channel} changed data`).toBe(before);
        }
      }
      expect((await dispatch(ctx, 'auth:logout', {})).ok).toBe(true);
      expect(ctx.session).toBeNull();
    });
  }

  it('without a login every non-public channel is refused with UNAUTHENTICATED', async () => {
    const dbPath = await demoCopy(dir);
    const ctx = new AppContext(dbPath);
    for (const channel of [...hrOnly, ...notStaff, ...hrAndEvaluators, ...hrAndPersonnel, ...anySession]) {
      const r = await dispatch(ctx, channel, sample(channel, 1));
      expect(r.ok ? 'ok' : r.error.code, channel).toBe('UNAUTHENTICATED');
    }
  });

  it('rejects malformed arguments and unknown channels with a Japanese message', async () => {
    const dbPath = await demoCopy(dir);
    const ctx = await loggedIn(dbPath, 'admin', demoPass);
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
    ctx.end();
  });
});
