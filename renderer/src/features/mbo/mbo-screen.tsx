import { useState } from 'react';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { ClosedYearNotice } from '../../ui/closed-year-notice';
import { PageHeading } from '../../ui/page-heading';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useSession } from '../../session';
import { MboOthers } from './others';
import { MboOwn } from './own';
import { MboProgressBoard } from './progress';

type TabId = 'own' | 'others' | 'progress';

const tabLabels: Record<TabId, string> = {
  own: '自分の目標管理シート',
  others: '担当職員のシート',
  progress: '進捗状況',
};

/** The 目標管理 section (docs/scores.md): one's own MBO sheet, the sheets one evaluates, and HR's board. */
export function MboScreen() {
  const { session } = useSession();
  const tabs: TabId[] = [];
  if (session.staffNo !== null) tabs.push('own');
  if (session.role !== 'staff') tabs.push('others');
  if (session.role === 'hr' || session.role === 'personnel') tabs.push('progress');
  const [tab, setTab] = useState<TabId | undefined>(tabs[0]);
  const [openStaffNo, setOpenStaffNo] = useState<string | null>(null);

  const choose = (t: TabId) => {
    if (t === tab || !confirmLeave()) return;
    if (t === 'others') setOpenStaffNo(null);
    setTab(t);
  };

  return (
    <>
      <PageHeading title="目標管理" showYear />
      <ClosedYearNotice />
      {tab === undefined ? (
        <Typography>このアカウントは職員に紐づいていないため、目標管理シートはありません。</Typography>
      ) : (
        <>
          <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
            <Tabs value={tab} onChange={(_e, v: TabId) => choose(v)} aria-label="目標管理の画面">
              {tabs.map((t) => (
                <Tab key={t} value={t} label={tabLabels[t]} id={`mbo-tab-${t}`} aria-controls={`mbo-panel-${t}`} />
              ))}
            </Tabs>
          </Box>
          <Box role="tabpanel" id={`mbo-panel-${tab}`} aria-labelledby={`mbo-tab-${tab}`}>
            {tab === 'own' ? <MboOwn /> : null}
            {tab === 'others' ? <MboOthers key={openStaffNo ?? ''} initialStaffNo={openStaffNo} /> : null}
            {tab === 'progress' ? (
              <MboProgressBoard
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
