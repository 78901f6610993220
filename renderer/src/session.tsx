import { createContext, useContext } from 'react';
import type { AppStatus, SessionInfo } from '../../shared/contract';

export type SessionContextValue = {
  status: AppStatus;
  session: SessionInfo;
  /** Replaces the session after a password change or a profile update. */
  setSession: (session: SessionInfo) => void;
  logout: () => Promise<void>;
};

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionContext');
  return ctx;
}
