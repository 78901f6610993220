import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import type { MboSheetView } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import { MboGoalSetting } from './goal-setting';
import { MboSheetBody } from './sheet-body';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';

function OwnSheet({ initial, fy, onReload }: { initial: MboSheetView; fy: number; onReload: () => void }) {
  const [view, setView] = useState(initial);
  if (view.can.editGoals) return <MboGoalSetting view={view} fy={fy} onView={setView} onReload={onReload} />;
  return (
    <MboSheetBody key={view.status} view={view} fy={fy} staffNo={undefined} onView={setView} onReload={onReload} />
  );
}

/** 「自分の目標管理シート」: goals while setting them, then mid-term and year-end, saved as typed. */
export function MboOwn() {
  const { fy } = useFiscalYear();
  const [nonce, setNonce] = useState(0);
  const load = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('mbo:get', { fy })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fy, nonce],
  );
  const { data, error, loading } = useLoad(load);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading || !data || fy === null) return <Loading />;
  return <OwnSheet key={`${fy}-${nonce}`} initial={data} fy={fy} onReload={() => setNonce((n) => n + 1)} />;
}
