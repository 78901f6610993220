import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { AppraisalView } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { useSession } from '../../session';
import { AppraisalDownloads } from './downloads';
import { AppraisalCrossForm } from './cross';
import { AppraisalForm } from './form';
import { Loading } from '../../ui/loading';
import { useLoad } from '../../hooks/useLoad';

/** One appraisal as the caller may see it: the full form, or the cross-section evaluator's goals only. */
export function AppraisalShown({
  initial,
  fy,
  staffNo,
  onReload,
}: {
  initial: AppraisalView;
  fy: number;
  staffNo: string | undefined;
  onReload: () => void;
}) {
  const [view, setView] = useState(initial);
  if (view.relation === 'cross') return <AppraisalCrossForm view={view} fy={fy} onView={setView} />;
  // A new status opens another stage: the form starts again from the view.
  return <AppraisalForm key={view.status} view={view} fy={fy} staffNo={staffNo} onView={setView} onReload={onReload} />;
}

/** Loads and shows another person's appraisal (from the list). */
export function AppraisalDetail({ fy, staffNo }: { fy: number; staffNo: string | undefined }) {
  const load = useCallback(
    () => request('appraisal:get', { fy, ...(staffNo === undefined ? {} : { staffNo }) }),
    [fy, staffNo],
  );
  const { data: view, error, loading, reload } = useLoad(load);
  const { session } = useSession();

  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  // A reload starts the form again from the answer: nothing is shown meanwhile.
  if (!view || loading || (staffNo !== undefined && view.person.staffNo !== staffNo)) return <Loading />;
  return (
    <Box data-testid="appraisal-detail">
      {session.role === 'hr' ? (
        <AppraisalDownloads
          fy={fy}
          sx={{ mb: 1.5 }}
          items={[
            {
              id: 'forms',
              label: 'この職員の人事考課票',
              ariaLabel: `この職員の人事考課票を出力（${view.person.name}）`,
              what: 'forms',
              input: { staffNo: view.person.staffNo },
            },
          ]}
        />
      ) : null}
      <AppraisalShown key={view.version} initial={view} fy={fy} staffNo={staffNo} onReload={reload} />
    </Box>
  );
}
