import { useCallback, useDeferredValue, useEffect, useState } from 'react';

export type Loaded<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replaces the data in place, e.g. with the view a save answered; the next load replaces it again. */
  set: (data: T) => void;
};

type State<T> = { data: T | undefined; error: unknown; from: unknown; nonce: number };

/**
 * The one way a screen loads its data: runs `load` (memoise it with useCallback or useMemo) and again
 * whenever it changes or `reload` is called; `null` loads nothing. An answer that arrives after the
 * screen moved on (another year, another person) is dropped, and the previous data stays visible
 * while the next load runs.
 */
export function useLoad<T>(load: (() => Promise<T>) | null): Loaded<T> {
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, from: null, nonce: -1 });

  useEffect(() => {
    if (load === null) return undefined;
    let live = true;
    load().then(
      (data) => {
        if (live) setState({ data, error: undefined, from: load, nonce });
      },
      (error: unknown) => {
        if (live) setState((prev) => ({ data: prev.data, error, from: load, nonce }));
      },
    );
    return () => {
      live = false;
    };
  }, [load, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: T) => setState((prev) => ({ ...prev, data, error: undefined })), []);
  const loading = load !== null && (state.from !== load || state.nonce !== nonce);
  return { data: state.data, error: loading ? undefined : state.error, loading, reload, set };
}

/**
 * useLoad with the answer drawn in the background (docs/city-scale.md "Drawing without a freeze"):
 * `data` is React's deferred copy of the answer, which it renders in slices between the browser's
 * own work, so a city's answer never freezes a click; `drawing` is true while a newer answer than
 * the one shown is being drawn (a grid shows its loading overlay meanwhile).
 */
export function useDeferredLoad<T>(load: (() => Promise<T>) | null): Loaded<T> & { drawing: boolean } {
  const loaded = useLoad(load);
  const data = useDeferredValue(loaded.data);
  return { ...loaded, data, drawing: data !== loaded.data };
}
