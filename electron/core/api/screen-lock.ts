import type { ChannelName } from '../../../shared/channels';
import { idleLockMinutes, screenLockedMessage } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { ApiError } from '../../../shared/result';

/*
 * The screen lock's state for one running app (docs/idle-lock.md). The screen locks itself after
 * the idle time without keyboard or mouse input (auth:lock); the core locks by itself when no call
 * (and no report of input, auth:heartbeat with active) has come for the idle time, so a screen
 * that stops reporting cannot keep the session open. While locked, dispatch answers only the
 * channels below.
 */

/** What a locked session may still call: look at its state, unlock, or leave. */
export const openWhileLocked: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'app:status',
  'auth:heartbeat',
  'auth:unlock',
  'auth:logout',
]);

/** Calls that are not a sign of someone at the keyboard: they do not restart the idle time. */
export const passiveChannels: ReadonlySet<ChannelName> = new Set<ChannelName>([...openWhileLocked, 'auth:lock']);

export const lockedMessage = screenLockedMessage;

/**
 * The refusal of a locked screen: its own code, LOCKED, so the screen (which shows the lock) and a
 * script can tell it from FORBIDDEN, a call the role may never make.
 */
export const lockedRefusal: ApiError = { code: 'LOCKED', message: lockedMessage };

export function lockedError(): AppError {
  return new AppError(lockedRefusal.code, lockedRefusal.message);
}

export class ScreenLock {
  locked = false;
  idleMinutes: number = idleLockMinutes.default;
  private lastActivity: number;

  constructor(private readonly now: () => number) {
    this.lastActivity = now();
  }

  /** A new session: unlocked, its office's idle time, activity now. */
  start(idleMinutes: number): void {
    this.locked = false;
    this.idleMinutes = idleMinutes;
    this.lastActivity = this.now();
  }

  /** True when the idle time has run out since the last activity of an unlocked session. */
  expired(): boolean {
    return !this.locked && this.now() - this.lastActivity >= this.idleMinutes * 60_000;
  }

  touch(): void {
    if (!this.locked) this.lastActivity = this.now();
  }

  lock(): void {
    this.locked = true;
  }

  unlock(): void {
    this.locked = false;
    this.lastActivity = this.now();
  }
}
