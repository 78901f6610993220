import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { AppraisalView } from '../../../../shared/appraisal-contract';
import { errorMessage, request } from '../../client';
import { useSession } from '../../session';
import { AppraisalDownloads } from './downloads';
import { AppraisalCrossForm } from './cross';
import { AppraisalForm } from './form';
import { Loading } from '../../ui/loading';

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
  const [view, setView] = useState<AppraisalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const { session } = useSession();

  useEffect(() => {
    let live = true;
    request('appraisal:get', { fy, ...(staffNo === undefined ? {} : { staffNo }) }).then(
      (v) => {
        if (!live) return;
        setView(v);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setView(null);
        setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [fy, staffNo, nonce]);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!view || (staffNo !== undefined && view.person.staffNo !== staffNo)) return <Loading />;
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
      <AppraisalShown
        key={`${view.version}-${nonce}`}
        initial={view}
        fy={fy}
        staffNo={staffNo}
        onReload={() => {
          setView(null);
          setNonce((n) => n + 1);
        }}
      />
    </Box>
  );
}
