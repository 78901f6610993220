import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AppStatus, SessionInfo } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { CenteredPage } from '../../ui/centered-page';
import { CreateOfficeForm } from './create-office-form';

type Props = {
  onOfficeCreated: (session: SessionInfo) => void;
  onDemoCreated: (status: AppStatus) => void;
  onFillWorkbook: () => void;
};

/** No database yet: create a real office, or open the demo office to try things out. */
export function FirstStart({ onOfficeCreated, onDemoCreated, onFillWorkbook }: Props) {
  const [creating, setCreating] = useState(false);
  const [demoBusy, setDemoBusy] = useState(false);
  const [demoError, setDemoError] = useState<string | null>(null);

  const openDemo = async () => {
    setDemoBusy(true);
    setDemoError(null);
    try {
      onDemoCreated(await request('app:createDemo', {}));
    } catch (e) {
      setDemoError(errorMessage(e));
      setDemoBusy(false);
    }
  };

  if (creating) {
    return (
      <CenteredPage>
        <CreateOfficeForm onCreated={onOfficeCreated} onBack={() => setCreating(false)} />
      </CenteredPage>
    );
  }

  return (
    <CenteredPage>
      <Typography variant="h1" component="h1" sx={{ mb: 1 }}>
        はじめに
      </Typography>
      <Typography sx={{ mb: 3, color: 'text.secondary' }}>
        このパソコンにはまだ事業所のデータベースがありません。次のどれかを選んでください。
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' },
          gap: 3,
          width: '100%',
          maxWidth: 820,
        }}
      >
        <Paper
          variant="outlined"
          component="section"
          aria-labelledby="choice-new"
          sx={{ p: 3, display: 'flex', flexDirection: 'column' }}
        >
          <Typography variant="h2" component="h2" id="choice-new" sx={{ mb: 1.5 }}>
            新しい事業所を作成
          </Typography>
          <Typography sx={{ mb: 3, flexGrow: 1 }}>
            実際の業務に使う事業所の暗号化データベースを作り、最初の人事担当（管理者）アカウントを登録します。
          </Typography>
          <Button variant="contained" onClick={() => setCreating(true)} disabled={demoBusy}>
            新しい事業所を作成
          </Button>
        </Paper>
        <Paper
          variant="outlined"
          component="section"
          aria-labelledby="choice-demo"
          sx={{ p: 3, display: 'flex', flexDirection: 'column' }}
        >
          <Typography variant="h2" component="h2" id="choice-demo" sx={{ mb: 1.5 }}>
            デモ事業所を開く
          </Typography>
          <Typography sx={{ mb: 3, flexGrow: 1 }}>
            架空の職員とアカウントが入った練習用の事業所を作り、実際のデータを使わずに操作を試せます。
          </Typography>
          <Button variant="outlined" onClick={() => void openDemo()} disabled={demoBusy}>
            {demoBusy ? 'デモ事業所を作成中…' : 'デモ事業所を開く'}
          </Button>
          {demoError ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {demoError}
            </Alert>
          ) : null}
        </Paper>
      </Box>
      <Paper
        variant="outlined"
        component="section"
        aria-labelledby="choice-fill"
        sx={{ p: 3, mt: 3, width: '100%', maxWidth: 820 }}
      >
        <Typography variant="h2" component="h2" id="choice-fill" sx={{ mb: 1.5 }}>
          評価者用の記入用ブックに記入する
        </Typography>
        <Typography sx={{ mb: 2 }}>
          人事担当から人事考課票（評価者用の記入用ブック）を受け取った評価者の方は、事業所を作らずにそのブックを開いて記入し、保存して返せます。
        </Typography>
        <Button variant="outlined" onClick={onFillWorkbook} disabled={demoBusy}>
          記入用ブックを開く
        </Button>
      </Paper>
    </CenteredPage>
  );
}
