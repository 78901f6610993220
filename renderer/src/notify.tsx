import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { errorMessage, isUnauthenticated } from './client';

type Notice = { key: number; severity: 'error' | 'success' | 'info'; message: string };

type Notify = {
  /** Shows the Japanese message of a failed call (a lost session is handled elsewhere). */
  error: (e: unknown) => void;
  success: (message: string) => void;
  info: (message: string) => void;
  /** Closes whatever is shown: on logout, so one person's message is never left for the next. */
  clear: () => void;
};

const NotifyContext = createContext<Notify | null>(null);

export function useNotify(): Notify {
  const ctx = useContext(NotifyContext);
  if (!ctx) throw new Error('useNotify outside NotifyProvider');
  return ctx;
}

/** The global Snackbar for errors that do not belong to a form field. */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [open, setOpen] = useState(false);

  const show = useCallback((severity: Notice['severity'], message: string) => {
    setNotice({ key: Date.now(), severity, message });
    setOpen(true);
  }, []);

  const notify = useMemo<Notify>(
    () => ({
      error: (e) => {
        if (!isUnauthenticated(e)) show('error', errorMessage(e));
      },
      success: (message) => show('success', message),
      info: (message) => show('info', message),
      clear: () => setOpen(false),
    }),
    [show],
  );

  // Promises nobody awaited still deserve a message rather than silence.
  useEffect(() => {
    const onRejection = (event: PromiseRejectionEvent) => {
      event.preventDefault();
      notify.error(event.reason);
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, [notify]);

  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <Snackbar
        key={notice?.key}
        open={open}
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') setOpen(false);
        }}
        autoHideDuration={notice?.severity === 'error' ? null : 5000}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        sx={{ bottom: { xs: 40, sm: 40 } }}
      >
        <Alert
          severity={notice?.severity ?? 'info'}
          variant="filled"
          onClose={() => setOpen(false)}
          sx={{ minWidth: 360, maxWidth: 720 }}
        >
          {notice?.message}
        </Alert>
      </Snackbar>
    </NotifyContext.Provider>
  );
}
