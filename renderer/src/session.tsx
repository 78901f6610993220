import { createContext, useContext } from 'react';
import type { AppStatus, LockState, SessionInfo } from '../../shared/contract';

export type SessionContextValue = {
  status: AppStatus;
  session: SessionInfo;
  /** Replaces the session after a password change or a profile update. */
  setSession: (session: SessionInfo) => void;
  logout: () => Promise<void>;
  /** The screen lock: locked or not, and its idle time (docs/idle-lock.md). */
  lock: LockState;
  /** Takes the core's answer after HR changed the idle time (設定 → システム). */
  setLock: (state: LockState) => void;
  /** Locks the screen now (画面をロック, Ctrl+Shift+L), audited as a manual lock (docs/idle-lock.md). */
  lockNow: () => void;
};

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionContext');
  return ctx;
}
