import { ApiCallError, call } from './api';
import type { ChannelName } from '../../shared/channels';
import type { Input, Outputs } from '../../shared/contract';

/**
 * The one place screens call the app from. It delegates to `call` and, when the session is gone
 * (UNAUTHENTICATED), tells the app to return to the login screen before rethrowing, so no
 * screen has to remember to do it.
 */
type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

/** Told when a call was refused because the screen is locked (the core locked it by itself). */
const lockedListeners = new Set<Listener>();

export function onLocked(listener: Listener): () => void {
  lockedListeners.add(listener);
  return () => {
    lockedListeners.delete(listener);
  };
}

/** True for the refusal of a locked screen (docs/idle-lock.md). */
export function isScreenLocked(e: unknown): boolean {
  return e instanceof ApiCallError && e.code === 'LOCKED';
}

/**
 * Asks HR whether to change a closed fiscal year (docs/closed-years.md); resolves true to go ahead.
 * Set by the shell's ClosedYearQuestion while someone is logged in.
 */
export type ClosedYearAsker = (fy: number) => Promise<boolean>;
let askClosedYear: ClosedYearAsker | null = null;

export function onClosedYear(asker: ClosedYearAsker): () => void {
  askClosedYear = asker;
  return () => {
    if (askClosedYear === asker) askClosedYear = null;
  };
}

export async function request<K extends ChannelName>(channel: K, req: Input<K>): Promise<Outputs[K]> {
  try {
    return await call(channel, req);
  } catch (e) {
    if (e instanceof ApiCallError && e.code === 'UNAUTHENTICATED') {
      for (const listener of unauthenticatedListeners) listener();
    }
    if (isScreenLocked(e)) {
      for (const listener of lockedListeners) listener();
    }
    // HR changing a closed year: ask, and on yes repeat the same call saying it was confirmed. Only
    // the channels that take `confirmClosedYear` answer YEAR_CLOSED.
    const fy = (req as { fy?: unknown }).fy;
    if (e instanceof ApiCallError && e.code === 'YEAR_CLOSED' && askClosedYear && typeof fy === 'number') {
      if (await askClosedYear(fy)) return call(channel, { ...req, confirmClosedYear: true } as Input<K>);
    }
    throw e;
  }
}

export const unexpectedErrorMessage =
  '予期しないエラーが発生しました。操作をやり直してください。続く場合は人事担当に連絡してください。';

/** The Japanese message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return unexpectedErrorMessage;
}

/** The form field an error belongs to, when the app named one. */
export function errorField(e: unknown): string | undefined {
  return e instanceof ApiCallError ? e.field : undefined;
}

export function isUnauthenticated(e: unknown): boolean {
  return e instanceof ApiCallError && e.code === 'UNAUTHENTICATED';
}

export { ApiCallError };
