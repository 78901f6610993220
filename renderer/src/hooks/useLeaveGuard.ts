/**
 * A tiny registry the shell asks before it leaves the current section, so a form with unsaved
 * changes (the self-report's autosave) can ask the user first.
 */
type Guard = () => string | null;

let current: Guard | null = null;

/** Registers the guard; returns a function that removes it again. */
export function setLeaveGuard(guard: Guard): () => void {
  current = guard;
  return () => {
    if (current === guard) current = null;
  };
}

/** True when the section may be left: no guard, nothing pending, or the user confirmed. */
export function confirmLeave(): boolean {
  const message = current?.() ?? null;
  return message === null || window.confirm(message);
}
