import { useState } from 'react';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { PageHeading } from '../../ui/page-heading';
import { useSession } from '../../session';
import { AccountsTab } from './accounts-tab';
import { AppraisalConfigTab } from '../appraisal/config-tab';
import { AuditTab } from './audit-tab';
import { MyAccountTab } from './my-account-tab';
import { SystemTab } from './system-tab';

type TabId = 'accounts' | 'audit' | 'system' | 'appraisal' | 'me';

const tabLabels: Record<TabId, string> = {
  accounts: 'アカウント',
  audit: '監査ログ',
  system: '整合性・バックアップ',
  appraisal: '人事考課の設定',
  me: 'マイアカウント',
};

export function Settings() {
  const { session } = useSession();
  const tabs: TabId[] = session.role === 'hr' ? ['accounts', 'audit', 'system', 'appraisal', 'me'] : ['me'];
  const [tab, setTab] = useState<TabId>(tabs[0] ?? 'me');

  return (
    <>
      <PageHeading title="設定" />
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs value={tab} onChange={(_e, v: TabId) => setTab(v)} aria-label="設定の項目">
          {tabs.map((t) => (
            <Tab
              key={t}
              value={t}
              label={tabLabels[t]}
              id={`settings-tab-${t}`}
              aria-controls={`settings-panel-${t}`}
            />
          ))}
        </Tabs>
      </Box>
      <Box role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
        {tab === 'accounts' ? <AccountsTab /> : null}
        {tab === 'audit' ? <AuditTab /> : null}
        {tab === 'system' ? <SystemTab /> : null}
        {tab === 'appraisal' ? <AppraisalConfigTab /> : null}
        {tab === 'me' ? <MyAccountTab /> : null}
      </Box>
    </>
  );
}
