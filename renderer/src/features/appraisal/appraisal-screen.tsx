import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { request } from '../../client';
import { AppraisalDetail } from './detail';
import { Loading } from '../../ui/loading';
import { ClosedYearNotice } from '../../ui/closed-year-notice';
import { PageHeading } from '../../ui/page-heading';
import { useFiscalYear } from '../../fiscal-year';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import { AppraisalList } from './list';
import { AppraisalRanking } from './ranking';
import { AppraisalStatusBoard } from './status';

type TabId = 'list' | 'own' | 'status' | 'ranking';

const tabLabels: Record<TabId, string> = {
  list: '考課一覧',
  own: '自分の人事考課',
  status: '人事考課状況一覧',
  ranking: '相対評価',
};

/** Whether the caller ranks any population (HR and personnel always; an evaluator when a 調整者). */
function useRanks(fy: number | null, role: string): boolean | null {
  const always = role === 'hr' || role === 'personnel';
  // An evaluator asks; a failed question answers no.
  const load = useMemo(
    () =>
      always || role !== 'evaluator' || fy === null
        ? null
        : () =>
            // One ranked row is enough to learn the populations (a city's 係員級 is 20,000 rows).
            request('appraisal:ranking', { fy, rowsPage: { offset: 0, limit: 1 } }).then(
              (v) => v.populations.length > 0,
              () => false,
            ),
    [fy, role, always],
  );
  const ranks = useLoad(load);
  if (always) return true;
  if (role !== 'evaluator') return false;
  return ranks.loading ? null : (ranks.data ?? null);
}

/** The 人事考課 section (docs/scores.md): the appraisals one takes part in, one's own, the status table and the ranking. */
export function AppraisalScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const ranks = useRanks(fy, session.role);
  const tabs: TabId[] = [];
  if (session.role !== 'staff') tabs.push('list');
  if (session.staffNo !== null) tabs.push('own');
  if (session.role !== 'staff') tabs.push('status');
  if (ranks) tabs.push('ranking');
  const [chosen, setChosen] = useState<TabId | undefined>(undefined);
  const [openStaffNo, setOpenStaffNo] = useState<string | null>(null);
  const tab = chosen && tabs.includes(chosen) ? chosen : tabs[0];

  const choose = (t: TabId) => {
    if (t === tab || !confirmLeave()) return;
    if (t === 'list') setOpenStaffNo(null);
    setChosen(t);
  };

  if (ranks === null) return <Loading />;
  return (
    <>
      <PageHeading title="人事考課" showYear />
      <ClosedYearNotice />
      {tab === undefined || fy === null ? (
        <Typography>このアカウントは職員に紐づいていないため、人事考課はありません。</Typography>
      ) : (
        <>
          <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
            <Tabs value={tab} onChange={(_e, v: TabId) => choose(v)} aria-label="人事考課の画面">
              {tabs.map((t) => (
                <Tab
                  key={t}
                  value={t}
                  label={tabLabels[t]}
                  id={`appraisal-tab-${t}`}
                  aria-controls={`appraisal-panel-${t}`}
                />
              ))}
            </Tabs>
          </Box>
          <Box role="tabpanel" id={`appraisal-panel-${tab}`} aria-labelledby={`appraisal-tab-${tab}`}>
            {tab === 'list' ? (
              <AppraisalList key={`${fy}-${openStaffNo ?? ''}`} fy={fy} initialStaffNo={openStaffNo} />
            ) : null}
            {tab === 'own' ? <AppraisalDetail key={fy} fy={fy} staffNo={undefined} /> : null}
            {tab === 'status' ? <AppraisalStatusBoard key={fy} fy={fy} /> : null}
            {tab === 'ranking' ? (
              <AppraisalRanking
                key={fy}
                fy={fy}
                onOpen={(no) => {
                  setOpenStaffNo(no);
                  setChosen('list');
                }}
              />
            ) : null}
          </Box>
        </>
      )}
    </>
  );
}
