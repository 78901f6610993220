import { useCallback, useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import type { AppStatus, SessionInfo } from '../../shared/contract';
import { errorMessage, onUnauthenticated, request } from './client';
import { CenteredPage } from './ui/centered-page';
import { ChangePasswordDialog } from './features/settings/change-password-dialog';
import { Loading } from './ui/loading';
import { useNotify } from './notify';
import { EvaluatorFill } from './features/appraisal/evaluator-fill';
import { FirstStart } from './features/start/first-start';
import { Login } from './features/start/login';
import { Shell } from './shell/shell';
import { LockScreen } from './ui/lock-screen';
import { useScreenLock } from './hooks/useScreenLock';
import { useManualLock } from './shell/manual-lock';
import { SessionContext } from './session';
import type { SessionContextValue } from './session';

type Boot = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; status: AppStatus };

/** Everything follows app:status: first start, login, forced password change, or the shell. */
export function App() {
  const notify = useNotify();
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  const [loginNotice, setLoginNotice] = useState<string | null>(null);
  /** Filling an evaluator workbook: before any login, with or without an office on this machine. */
  const [filling, setFilling] = useState(false);

  const loadStatus = useCallback(async () => {
    try {
      setBoot({ kind: 'ready', status: await request('app:status', {}) });
    } catch (e) {
      setBoot({ kind: 'failed', message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  const setSession = useCallback(
    (session: SessionInfo | null) => {
      // Whoever comes next starts with a clean screen: no message left over from the last person.
      if (session === null) notify.clear();
      setBoot((b) => (b.kind === 'ready' ? { kind: 'ready', status: { ...b.status, session } } : b));
    },
    [notify],
  );

  // A call refused for lack of a session means it ended (timeout, restart): back to login.
  useEffect(
    () =>
      onUnauthenticated(() => {
        setLoginNotice('ログインの有効期限が切れたか、ログアウトされました。もう一度ログインしてください。');
        setSession(null);
      }),
    [setSession],
  );

  const logout = useCallback(async () => {
    try {
      await request('auth:logout', {});
    } catch (e) {
      notify.error(e);
    }
    setLoginNotice(null);
    setSession(null);
  }, [notify, setSession]);

  const status = boot.kind === 'ready' ? boot.status : null;
  const session = status?.session ?? null;
  // The screen lock runs while someone is logged in; the shell stays mounted under it (docs/idle-lock.md).
  const lock = useScreenLock(status?.lock, session !== null);
  // Locking by hand: in the shell only (not over the first login's forced password change).
  const lockNow = useManualLock(
    session !== null && !session.mustChangePassword && !lock.state.locked,
    lock.set,
    notify.error,
  );
  const ctx = useMemo<SessionContextValue | null>(
    () =>
      status && session
        ? { status, session, setSession, logout, lock: lock.state, setLock: lock.set, lockNow: lockNow.lock }
        : null,
    [status, session, setSession, logout, lock.state, lock.set, lockNow.lock],
  );
  const lockScreen =
    ctx && lock.state.locked ? (
      <LockScreen
        session={ctx.session}
        officeName={ctx.status.officeName}
        idleMinutes={lock.state.idleMinutes}
        manual={lockNow.manual}
        onUnlocked={lock.set}
        onLogout={() => void logout()}
      />
    ) : null;

  if (boot.kind === 'loading') {
    return (
      <CenteredPage>
        <Loading label="起動しています…" />
      </CenteredPage>
    );
  }
  if (boot.kind === 'failed') {
    return (
      <CenteredPage>
        <Box sx={{ maxWidth: 560, width: '100%' }}>
          <Alert
            severity="error"
            action={
              <Button color="inherit" size="small" onClick={() => void loadStatus()}>
                再試行
              </Button>
            }
          >
            {boot.message}
          </Alert>
        </Box>
      </CenteredPage>
    );
  }

  const ready = boot.status;
  if (filling && !ctx) return <EvaluatorFill onBack={() => setFilling(false)} />;
  if (!ready.dbExists) {
    return (
      <FirstStart
        onDemoCreated={(s) => setBoot({ kind: 'ready', status: { ...s, session: null } })}
        onOfficeCreated={() => void loadStatus()}
        onFillWorkbook={() => setFilling(true)}
      />
    );
  }
  if (!ctx) {
    return (
      <Login
        status={ready}
        notice={loginNotice}
        onFillWorkbook={() => setFilling(true)}
        onLoggedIn={(s) => {
          setLoginNotice(null);
          setSession(s);
        }}
      />
    );
  }
  if (ctx.session.mustChangePassword) {
    return (
      <CenteredPage subtitle={ready.officeName}>
        <ChangePasswordDialog open forced onChanged={setSession} onLogout={() => void logout()} />
        {lockScreen}
      </CenteredPage>
    );
  }
  return (
    <SessionContext.Provider value={ctx}>
      <Shell />
      {lockScreen}
    </SessionContext.Provider>
  );
}
