import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { roleLabels } from '../../../../shared/roles';
import { ChangePasswordDialog } from './change-password-dialog';
import { useNotify } from '../../notify';
import { useSession } from '../../session';

export function MyAccountTab() {
  const { session, setSession } = useSession();
  const notify = useNotify();
  const [changing, setChanging] = useState(false);
  const rows: [string, string][] = [
    ['ログインID', session.login],
    ['氏名', session.displayName],
    ['役割', roleLabels[session.role]],
    ['職員番号', session.staffNo ?? '（設定なし）'],
  ];
  return (
    <Paper variant="outlined" sx={{ p: 3, maxWidth: 560 }}>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: '8em 1fr', rowGap: 1, m: 0, mb: 3 }}>
        {rows.map(([k, v]) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Typography component="dt" sx={{ color: 'text.secondary' }}>
              {k}
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {v}
            </Typography>
          </Box>
        ))}
      </Box>
      <Button variant="outlined" onClick={() => setChanging(true)}>
        パスワードを変更
      </Button>
      <ChangePasswordDialog
        open={changing}
        onCancel={() => setChanging(false)}
        onChanged={(s) => {
          setChanging(false);
          setSession(s);
          notify.success('パスワードを変更しました。');
        }}
      />
    </Paper>
  );
}
