import type { appChannels, LockState } from '../../../shared/api/app';
import type { AppContext } from '../api/context';
import type { Handlers } from '../api/handlers';
import { createDemoOffice, defaultDemoPassword } from '../demo/demo';
import { openEvaluatorWorkbook, writeEvaluatorWorkbook } from '../workbooks/forms/evaluator-fill';
import { changeOwnPassword } from './accounts.service';
import { AppError } from '../../../shared/result';
import { auditLogout, checkUnlock, saveIdleMinutes } from './idle-lock.service';
import { authFailedMessage, createOffice, publicSession, sessionOf, unlockOffice } from './office.service';

/** The app, login and logout, and filling an evaluator workbook (shared/api/app.ts, docs/channels.md). */
export const appHandlers: Handlers<typeof appChannels> = {
  'app:status': ({ ctx }) => ctx.status(),
  'app:createOffice': async ({ ctx, input }) => {
    const { office, first, keys } = await createOffice(ctx.dbPath, {
      officeName: input.officeName,
      accounts: [
        { login: input.login, displayName: input.displayName, role: 'hr', staffNo: null, password: input.password },
      ],
    });
    const session = sessionOf(first, keys);
    ctx.begin(office, session);
    return publicSession(session);
  },
  'app:createDemo': async ({ ctx }) => {
    const { office, keys } = await createDemoOffice(ctx.dbPath, defaultDemoPassword, true);
    office.db.close();
    office.dataKey.fill(0);
    keys.wipe();
    return ctx.status();
  },
  'fill:open': ({ input }) => openEvaluatorWorkbook(input.fileName, Buffer.from(input.data, 'base64')),
  'fill:write': ({ input }) => writeEvaluatorWorkbook(input.fileName, Buffer.from(input.data, 'base64'), input.entries),
  'auth:login': async ({ ctx, input }) => {
    const { office, account, keys } = await unlockOffice(ctx.dbPath, input.login, input.password);
    const session = sessionOf(account, keys);
    ctx.begin(office, session);
    return publicSession(session);
  },
  'auth:logout': ({ ctx }) => {
    if (ctx.office && ctx.session) auditLogout(ctx.office.db, ctx.session);
    ctx.end();
    return null;
  },
  'auth:changePassword': async ({ ctx, office, session, input }) => {
    const account = await changeOwnPassword(office, session, input.current, input.next);
    const next = sessionOf(account, session.keys);
    ctx.session = next;
    return publicSession(next);
  },
  // The screen lock (docs/idle-lock.md).
  'auth:lock': ({ ctx, input }) => {
    ctx.lock(input.reason ?? 'idle');
    return lockOf(ctx);
  },
  'auth:unlock': async ({ ctx, office, session, input }) => {
    if (!ctx.isLocked()) return lockOf(ctx);
    const outcome = await checkUnlock(office, session, input.password);
    // Logged out (or another login) while the password was being checked: nothing to unlock.
    if (ctx.office !== office) throw new AppError('UNAUTHENTICATED', 'ログインしてください。');
    if (outcome === 'disabled') {
      ctx.end();
      throw new AppError('UNAUTHENTICATED', authFailedMessage);
    }
    ctx.unlock();
    return lockOf(ctx);
  },
  'auth:heartbeat': ({ ctx, input }) => {
    if (input.active && !ctx.isLocked()) ctx.touch();
    return lockOf(ctx);
  },
  'auth:setIdleLock': ({ ctx, office, session, input }) => {
    ctx.setIdleMinutes(saveIdleMinutes(office.db, session, input.idleMinutes));
    return lockOf(ctx);
  },
};

function lockOf(ctx: AppContext): LockState {
  const state = ctx.lockState();
  if (!state) throw new AppError('UNAUTHENTICATED', 'ログインしてください。');
  return state;
}
