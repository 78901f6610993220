import { useCallback, useEffect, useRef, useState } from 'react';
import type { LockState } from '../../../shared/contract';
import { request } from '../client';

/*
 * Locking the screen by hand (docs/idle-lock.md): 画面をロック in the user menu, or Ctrl+Shift+L
 * anywhere in the app. The core locks first (auth:lock, reason 'manual', audited); the lock screen
 * shows on its answer, so a screen drawn locked is always a session the core has locked.
 */

export const lockShortcutLabel = 'Ctrl+Shift+L';

/** True for the shortcut: Ctrl (or ⌘) + Shift + L, nothing else held. */
export function isLockShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l';
}

export type ManualLock = {
  /** Locks now; does nothing without a session or while already locked. */
  lock: () => void;
  /** The current lock was asked for by hand (the lock screen says so, not 「…分間操作がなかった」). */
  manual: boolean;
};

/**
 * `available`: someone is logged in and the screen is open. `take` receives the core's answer
 * (the screen lock's `set`); `onError` shows a refusal (the session ended meanwhile, say).
 */
export function useManualLock(
  available: boolean,
  take: (state: LockState) => void,
  onError: (e: unknown) => void,
): ManualLock {
  const [manual, setManual] = useState(false);
  const availableRef = useRef(available);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    availableRef.current = available;
    // Unlocked (or logged out): the next lock is the idle time's unless asked for again.
    if (available) setManual(false);
  }, [available]);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  const lock = useCallback(() => {
    if (!availableRef.current) return;
    availableRef.current = false;
    setManual(true);
    request('auth:lock', { reason: 'manual' }).then(take, (e: unknown) => {
      availableRef.current = true;
      setManual(false);
      onErrorRef.current(e);
    });
  }, [take]);

  useEffect(() => {
    if (!available) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (!isLockShortcut(e)) return;
      e.preventDefault();
      lock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [available, lock]);

  return { lock, manual };
}
