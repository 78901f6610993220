import { useCallback, useEffect, useRef, useState } from 'react';
import { idleLockMinutes } from '../../../shared/contract';
import type { LockState } from '../../../shared/contract';
import { onLocked, request } from '../client';

/*
 * The screen lock seen from the screen (docs/idle-lock.md): after the office's idle time without
 * keyboard or mouse input the screen asks the core to lock (auth:lock); every half minute, and at
 * once on the first input after a quiet half minute, it reports whether there was input
 * (auth:heartbeat), which keeps the core's own idle clock and the browser host's tab alive and
 * brings back the core's answer (locked by itself, or a new idle time).
 */

// Not 'scroll': the page scrolls by itself too (a saved form, a message), which is no one at the keyboard.
const inputEvents = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;
const reportEveryMs = 30_000;
const checkEveryMs = 5_000;

export type ScreenLock = {
  state: LockState;
  /** Takes the core's answer (unlock, a changed idle time). */
  set: (state: LockState) => void;
};

export function useScreenLock(initial: LockState | null | undefined, active: boolean): ScreenLock {
  const [state, setState] = useState<LockState>(initial ?? { locked: false, idleMinutes: idleLockMinutes.default });
  const lockedRef = useRef(state.locked);
  useEffect(() => {
    lockedRef.current = state.locked;
  }, [state.locked]);
  /** When the last keyboard or mouse input came; set when the session starts. */
  const lastInput = useRef(0);

  const set = useCallback((next: LockState) => {
    // Unlocked: the idle time starts again from now, not from before the lock.
    if (lockedRef.current && !next.locked) {
      lockedRef.current = false;
      lastInput.current = Date.now();
    }
    // The same answer keeps the same object: the session's context does not change every half minute.
    setState((prev) => (prev.locked === next.locked && prev.idleMinutes === next.idleMinutes ? prev : next));
  }, []);

  /**
   * A heartbeat's or auth:lock's answer: it may lock, never unlock (an answer sent before the lock
   * can arrive after it); only auth:unlock's answer, through `set`, opens the screen again.
   */
  const take = useCallback((next: LockState) => set(lockedRef.current ? { ...next, locked: true } : next), [set]);

  // The state app:status brought (a reload of a locked page stays locked); none after logout.
  useEffect(() => {
    if (initial) set(initial);
  }, [initial, set]);
  useEffect(() => {
    if (!active) setState((s) => (s.locked ? { ...s, locked: false } : s));
  }, [active]);

  // A call refused because the core locked by itself: ask for the state, which shows the lock.
  useEffect(
    () =>
      onLocked(() => {
        request('auth:heartbeat', { active: false }).then(take, () => undefined);
      }),
    [take],
  );

  const idleMs = state.idleMinutes * 60_000;
  useEffect(() => {
    if (!active) return undefined;
    let inputSinceReport = true;
    let lastReport = 0;
    let stopped = false;

    const report = (withInput: boolean): void => {
      lastReport = Date.now();
      inputSinceReport = false;
      request('auth:heartbeat', { active: withInput }).then(
        (s) => {
          if (!stopped) take(s);
        },
        // No session any more: the client has already gone back to login.
        () => undefined,
      );
    };

    const onInput = (): void => {
      if (lockedRef.current) return;
      lastInput.current = Date.now();
      inputSinceReport = true;
      if (Date.now() - lastReport >= reportEveryMs) report(true);
    };

    const check = (): void => {
      const now = Date.now();
      if (!lockedRef.current && now - lastInput.current >= idleMs) {
        lockedRef.current = true;
        setState((s) => ({ ...s, locked: true }));
        request('auth:lock', {}).then(
          (s) => {
            if (!stopped) take(s);
          },
          () => undefined,
        );
        return;
      }
      if (now - lastReport >= reportEveryMs) report(inputSinceReport && !lockedRef.current);
    };

    for (const name of inputEvents) window.addEventListener(name, onInput, { capture: true, passive: true });
    lastInput.current = Date.now();
    report(true);
    const timer = window.setInterval(check, checkEveryMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      for (const name of inputEvents) window.removeEventListener(name, onInput, { capture: true });
    };
  }, [active, idleMs, take]);

  return { state, set };
}
