import { useEffect } from 'react';

/** What leaving asks while changes are unsaved. */
export const leaveMessage = '保存されていない変更があります。このまま移動すると失われます。移動しますか？';

type Guard = () => string | null;

/** The one guard the shell asks before it leaves the current section, tab, person or year. */
let current: Guard | null = null;

/**
 * While `unsaved()` answers true, leaving asks first: closing or reloading the window (the
 * browser's own question) and moving elsewhere in the app (`confirmLeave`). Pass a stable function
 * (useCallback); every form with unsaved changes uses this, through useAutosave or directly.
 */
export function useLeaveGuard(unsaved: () => boolean): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!unsaved()) return;
      event.preventDefault();
      // Older engines show the prompt only when returnValue is set.
      event.returnValue = leaveMessage;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const guard: Guard = () => (unsaved() ? leaveMessage : null);
    current = guard;
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (current === guard) current = null;
    };
  }, [unsaved]);
}

/** True when the current place may be left: no guard, nothing unsaved, or the user confirmed. */
export function confirmLeave(): boolean {
  const message = current?.() ?? null;
  return message === null || window.confirm(message);
}
