import { useState } from 'react';
import type { FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { LockState, SessionInfo } from '../../../shared/contract';
import { errorField, errorMessage, request } from '../client';

type Props = {
  session: SessionInfo;
  officeName: string | null;
  idleMinutes: number;
  /** Locked by hand (画面をロック), not after the idle time. */
  manual?: boolean;
  onUnlocked: (state: LockState) => void;
  onLogout: () => void;
};

/**
 * The lock over the app after the idle time, or when locked by hand (docs/idle-lock.md): it hides the screen entirely, and
 * the screen underneath stays as it was (a form's draft is kept). Only the same account's password
 * opens it again; ログアウト ends the session for the next person.
 */
export function LockScreen({ session, officeName, idleMinutes, manual = false, onUnlocked, onLogout }: Props) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; atField: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password === '') {
      setError({ message: 'パスワードを入力してください。', atField: true });
      return;
    }
    setBusy(true);
    try {
      const state = await request('auth:unlock', { password });
      setPassword('');
      setError(null);
      if (!state.locked) onUnlocked(state);
    } catch (e) {
      setPassword('');
      setError({ message: errorMessage(e), atField: errorField(e) === 'password' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      fullScreen
      aria-labelledby="lock-title"
      // Above the app's own dialogs and messages: nothing of the screen underneath shows.
      sx={{ zIndex: (theme) => theme.zIndex.tooltip + 10 }}
      slotProps={{ paper: { sx: { bgcolor: 'background.default' } } }}
      data-testid="lock-screen"
    >
      <Box sx={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}>
        <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 440 }}>
          <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
            <Stack spacing={2}>
              {officeName ? <Typography sx={{ color: 'text.secondary' }}>{officeName}</Typography> : null}
              <Typography variant="h1" component="h1" id="lock-title" sx={{ fontSize: 24 }}>
                画面をロックしました
              </Typography>
              <Typography>
                {manual ? null : `${idleMinutes}分間操作がなかったため、画面をロックしました。`}
                入力中の内容はそのまま残っています。
                {session.displayName}（{session.login}）のパスワードを入力すると続きから操作できます。
              </Typography>
              <TextField
                label="パスワード"
                type="password"
                autoComplete="current-password"
                autoFocus
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  if (error?.atField) setError(null);
                }}
                error={error?.atField ?? false}
                helperText={error?.atField ? error.message : ' '}
                disabled={busy}
                fullWidth
              />
              {error && !error.atField ? <Alert severity="error">{error.message}</Alert> : null}
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between' }}>
                <Button onClick={onLogout} disabled={busy}>
                  ログアウト
                </Button>
                <Button type="submit" variant="contained" disabled={busy}>
                  {busy ? '確認中…' : 'ロックを解除'}
                </Button>
              </Stack>
              <Typography sx={{ color: 'text.secondary', fontSize: 14 }}>
                別の人が使う場合は「ログアウト」を押してください。保存されていない入力は失われます。
              </Typography>
            </Stack>
          </Box>
        </Paper>
      </Box>
    </Dialog>
  );
}
