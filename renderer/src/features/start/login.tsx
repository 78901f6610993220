import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppStatus, SessionInfo } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { CenteredPage } from '../../ui/centered-page';
import { requiredInput } from '../../form-errors';
import { DemoLogins } from './demo-logins';

type Props = {
  status: AppStatus;
  /** Shown above the form, e.g. after the session ended. */
  notice: string | null;
  onLoggedIn: (session: SessionInfo) => void;
  /** Opens an evaluator workbook to fill, without logging in. */
  onFillWorkbook: () => void;
};

export function Login({ status, notice, onLoggedIn, onFillWorkbook }: Props) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await request('auth:login', { login, password }));
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  const demo = status.isDemo && status.demoLogins ? status.demoLogins : null;

  return (
    <CenteredPage subtitle={status.officeName}>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 3,
          justifyContent: 'center',
          alignItems: 'flex-start',
          width: '100%',
        }}
      >
        <Paper variant="outlined" sx={{ p: 4, width: 380, maxWidth: '100%' }}>
          <Box component="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
            <Typography variant="h1" component="h1" id="login-title" sx={{ mb: 3 }}>
              ログイン
            </Typography>
            <Stack spacing={2.5}>
              {notice ? <Alert severity="info">{notice}</Alert> : null}
              <TextField
                label="ログインID"
                value={login}
                onChange={(e) => setLogin(e.target.value)}
                autoComplete="username"
                autoFocus
                slotProps={requiredInput}
              />
              <TextField
                label="パスワード"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                inputRef={passwordRef}
                slotProps={requiredInput}
              />
              {error ? (
                <Alert severity="error" data-testid="login-error">
                  {error}
                </Alert>
              ) : null}
              <Button type="submit" variant="contained" size="large" disabled={busy} ref={submitRef}>
                {busy ? 'ログイン中…' : 'ログイン'}
              </Button>
            </Stack>
          </Box>
        </Paper>
        {demo ? (
          <DemoLogins
            logins={demo}
            password={status.demoPassword}
            onPick={(picked) => {
              setLogin(picked);
              setError(null);
              if (status.demoPassword !== null) {
                setPassword(status.demoPassword);
                submitRef.current?.focus();
              } else {
                passwordRef.current?.focus();
              }
            }}
          />
        ) : null}
        <Box sx={{ mt: 3, textAlign: 'center' }}>
          <Button variant="text" onClick={onFillWorkbook}>
            評価者用の記入用ブックに記入する（ログイン不要）
          </Button>
        </Box>
      </Box>
    </CenteredPage>
  );
}
