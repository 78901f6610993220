import { useState } from 'react';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { ClosedYearNotice } from '../../ui/closed-year-notice';
import { PageHeading } from '../../ui/page-heading';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useSession } from '../../session';
import { SelfReportOthers } from './others';
import { SelfReportOwn } from './own';
import { SelfReportProgressBoard } from './progress';

type TabId = 'own' | 'others' | 'progress';

const tabLabels: Record<TabId, string> = {
  own: '自分の自己申告書',
  others: '担当職員の自己申告',
  progress: '提出状況',
};

/** The 自己申告 section (docs/confidentiality.md): one's own report, the reports one evaluates, and HR's board. */
export function SelfReportScreen() {
  const { session } = useSession();
  const tabs: TabId[] = [];
  if (session.staffNo !== null) tabs.push('own');
  if (session.role !== 'staff') tabs.push('others');
  if (session.role === 'hr') tabs.push('progress');
  const [tab, setTab] = useState<TabId | undefined>(tabs[0]);
  const [openStaffNo, setOpenStaffNo] = useState<string | null>(null);

  const choose = (t: TabId) => {
    if (t !== tab && confirmLeave()) setTab(t);
  };

  return (
    <>
      <PageHeading title="自己申告" showYear />
      <ClosedYearNotice />
      {tab === undefined ? (
        <Typography>このアカウントは職員に紐づいていないため、自己申告書はありません。</Typography>
      ) : (
        <>
          <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
            <Tabs value={tab} onChange={(_e, v: TabId) => choose(v)} aria-label="自己申告の画面">
              {tabs.map((t) => (
                <Tab
                  key={t}
                  value={t}
                  label={tabLabels[t]}
                  id={`self-report-tab-${t}`}
                  aria-controls={`self-report-panel-${t}`}
                />
              ))}
            </Tabs>
          </Box>
          <Box role="tabpanel" id={`self-report-panel-${tab}`} aria-labelledby={`self-report-tab-${tab}`}>
            {tab === 'own' ? <SelfReportOwn /> : null}
            {tab === 'others' ? <SelfReportOthers key={openStaffNo ?? ''} initialStaffNo={openStaffNo} /> : null}
            {tab === 'progress' ? (
              <SelfReportProgressBoard
                onOpen={(no) => {
                  setOpenStaffNo(no);
                  setTab('others');
                }}
              />
            ) : null}
          </Box>
        </>
      )}
    </>
  );
}
