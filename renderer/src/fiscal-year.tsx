import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { CycleRow } from '../../shared/contract';
import { request } from './client';
import { useLoad } from './hooks/useLoad';

export type FiscalYearContextValue = {
  cycles: CycleRow[];
  loading: boolean;
  error: unknown;
  /** The fiscal year every screen works on; null while loading or when no cycle exists yet. */
  fy: number | null;
  cycle: CycleRow | null;
  setFy: (fy: number) => void;
  reload: () => void;
};

const FiscalYearContext = createContext<FiscalYearContextValue | null>(null);

export function useFiscalYear(): FiscalYearContextValue {
  const ctx = useContext(FiscalYearContext);
  if (!ctx) throw new Error('useFiscalYear outside FiscalYearProvider');
  return ctx;
}

function defaultCycle(cycles: CycleRow[]): CycleRow | null {
  return cycles.find((c) => c.current) ?? [...cycles].sort((a, b) => b.fy - a.fy)[0] ?? null;
}

export function FiscalYearProvider({ children }: { children: ReactNode }) {
  const load = useCallback(() => request('cycles:list', {}), []);
  const { data, loading, error, reload } = useLoad(load);
  const [chosen, setChosen] = useState<number | null>(null);

  const value = useMemo<FiscalYearContextValue>(() => {
    const cycles = data ?? [];
    const cycle = cycles.find((c) => c.fy === chosen) ?? defaultCycle(cycles);
    return { cycles, loading, error, fy: cycle?.fy ?? null, cycle, setFy: setChosen, reload };
  }, [data, loading, error, chosen, reload]);

  return <FiscalYearContext.Provider value={value}>{children}</FiscalYearContext.Provider>;
}
