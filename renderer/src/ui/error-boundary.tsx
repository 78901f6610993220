import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';

type Props = { children: ReactNode };
type State = { error: Error | null };

/** Catches an unexpected exception while rendering and offers a reload, in Japanese. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // The page below is the report; there is no console in the renderer's contract.
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Box
        role="alert"
        sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 3 }}
      >
        <Paper variant="outlined" sx={{ p: 4, maxWidth: 560 }}>
          <Typography variant="h1" component="h1" sx={{ mb: 2 }}>
            画面の表示中に問題が発生しました
          </Typography>
          <Typography sx={{ mb: 2 }}>
            入力済みで保存された内容は失われていません。再読み込みをしても直らない場合は、下の内容を添えて人事担当に連絡してください。
          </Typography>
          <Box
            component="pre"
            sx={{
              p: 1.5,
              mb: 3,
              bgcolor: 'grey.100',
              borderRadius: 1,
              fontSize: 12,
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-all',
              maxHeight: 160,
              overflow: 'auto',
            }}
          >
            {error.message}
          </Box>
          <Button variant="contained" onClick={() => window.location.reload()}>
            再読み込み
          </Button>
        </Paper>
      </Box>
    );
  }
}
