import { useCallback, useEffect, useState } from 'react';
import { ApiCallError, errorMessage } from '../client';
import { useLeaveGuard } from './useLeaveGuard';

export type AutosaveState =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string; error: unknown }
  | { kind: 'conflict'; message: string };

export const autosaveDelayMs = 1500;

type Save = (version: number) => Promise<number>;

/** The save loop, kept outside React so its recursion and timers need no hooks. */
class Autosaver {
  version: number;
  private changes = 0;
  private saved = 0;
  private inFlight: Promise<boolean> | null = null;
  private timer: number | null = null;
  private stopped = false;

  constructor(
    version: number,
    private save: Save,
    private readonly report: (s: AutosaveState | ((s: AutosaveState) => AutosaveState)) => void,
  ) {
    this.version = version;
  }

  setSave(save: Save): void {
    this.save = save;
  }

  setVersion(v: number): void {
    this.version = v;
  }

  pending(): boolean {
    return this.changes > this.saved || this.inFlight !== null;
  }

  clearTimer(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  changed(): void {
    if (this.stopped) return;
    this.changes += 1;
    this.report((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
    this.clearTimer();
    this.timer = window.setTimeout(() => {
      void this.run();
    }, autosaveDelayMs);
  }

  run(): Promise<boolean> {
    this.clearTimer();
    if (this.stopped) return Promise.resolve(false);
    if (this.inFlight) return this.inFlight.then((ok) => (ok && this.changes > this.saved ? this.run() : ok));
    if (this.changes === this.saved) return Promise.resolve(true);
    const seq = this.changes;
    this.report({ kind: 'saving' });
    const p = this.save(this.version).then(
      (v) => {
        this.version = v;
        this.saved = seq;
        this.inFlight = null;
        if (this.changes > seq) {
          this.report({ kind: 'dirty' });
          return this.run();
        }
        this.report({ kind: 'saved', at: new Date() });
        return true;
      },
      (e: unknown) => {
        this.inFlight = null;
        if (e instanceof ApiCallError && e.code === 'CONFLICT') {
          this.stopped = true;
          this.report({ kind: 'conflict', message: e.message });
        } else {
          this.report({ kind: 'error', message: errorMessage(e), error: e });
        }
        return false;
      },
    );
    this.inFlight = p;
    return p;
  }
}

/**
 * Saves a form automatically a moment after typing stops. `save` receives the version last
 * saved and returns the new one; saves never overlap, and changes made during a save are saved
 * right after it. While anything is unsaved, leaving the page (or the section) asks first.
 */
export function useAutosave(save: Save, initialVersion: number) {
  const [state, setState] = useState<AutosaveState>({ kind: 'idle' });
  const [saver] = useState(() => new Autosaver(initialVersion, save, setState));
  useEffect(() => {
    saver.setSave(save);
  }, [saver, save]);

  useLeaveGuard(useCallback(() => saver.pending(), [saver]));
  useEffect(() => () => saver.clearTimer(), [saver]);

  return {
    state,
    /** Saves what is pending now; resolves false when the save failed. */
    flush: useCallback(() => saver.run(), [saver]),
    /** Call after every change of the form. */
    changed: useCallback(() => saver.changed(), [saver]),
    version: () => saver.version,
    setVersion: (v: number) => saver.setVersion(v),
  };
}
