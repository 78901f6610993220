import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
};

type State<T> = { data: T | undefined; error: unknown; from: unknown; nonce: number };

/**
 * Runs `load` (memoise it with useCallback) and again whenever it changes or `reload` is called.
 * The previous data stays visible while the next load runs.
 */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, from: null, nonce: -1 });

  useEffect(() => {
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
  const loading = state.from !== load || state.nonce !== nonce;
  return { data: state.data, error: loading ? undefined : state.error, loading, reload };
}
