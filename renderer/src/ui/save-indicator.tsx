import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import type { AutosaveState } from '../hooks/useAutosave';

const clock = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit' });

/**
 * An autosaved form's state (useAutosave): 保存中… / 保存済み（HH:MM） / 未保存, or the banner
 * asking to reload after someone else's change. One for every form (自己申告, 目標管理, 人事考課).
 */
export function SaveIndicator({
  state,
  onReload,
  testId,
}: {
  state: AutosaveState;
  onReload: () => void;
  testId: string;
}) {
  let content: ReactNode;
  switch (state.kind) {
    case 'saving':
      content = (
        <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
          <CircularProgress size={14} />
          保存中…
        </Box>
      );
      break;
    case 'saved':
      content = `保存済み（${clock.format(state.at)}）`;
      break;
    case 'dirty':
      content = '未保存の変更があります';
      break;
    case 'error':
      content = (
        <Box component="span" sx={{ color: 'error.main' }}>
          保存できませんでした: {state.message}
        </Box>
      );
      break;
    case 'conflict':
      return (
        <Alert
          severity="warning"
          data-testid={testId}
          action={
            <Button color="inherit" size="small" onClick={onReload}>
              再読み込み
            </Button>
          }
        >
          {state.message}
        </Alert>
      );
    default:
      content = '変更は自動で保存されます';
  }
  return (
    <Typography role="status" data-testid={testId} sx={{ color: 'text.secondary', minHeight: 24 }}>
      {content}
    </Typography>
  );
}
