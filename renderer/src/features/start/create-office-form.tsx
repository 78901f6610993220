import { useState } from 'react';
import type { FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SessionInfo } from '../../../../shared/contract';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';

type Field = 'officeName' | 'login' | 'displayName' | 'password' | 'confirm';
const apiFields = ['officeName', 'login', 'displayName', 'password'] as const;

type Props = { onCreated: (session: SessionInfo) => void; onBack: () => void };

export function CreateOfficeForm({ onCreated, onBack }: Props) {
  const [officeName, setOfficeName] = useState('');
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setErrors({ fields: { confirm: '確認のパスワードが一致しません。' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      onCreated(await request('app:createOffice', { officeName, login, displayName, password }));
    } catch (e) {
      setErrors(toFormErrors(e, apiFields));
      setBusy(false);
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 480 }}>
      <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
        <Typography variant="h1" component="h1" sx={{ mb: 1 }}>
          新しい事業所を作成
        </Typography>
        <Typography sx={{ mb: 3, color: 'text.secondary' }}>
          ここで登録する管理者は人事担当の役割を持ち、ほかのアカウントを作成できます。パスワードは忘れないよう管理してください。
        </Typography>
        <Stack spacing={2}>
          <TextField
            label="事業所名"
            value={officeName}
            onChange={(e) => setOfficeName(e.target.value)}
            autoFocus
            slotProps={requiredInput}
            placeholder="例：西区役所"
            error={!!errors.fields.officeName}
            helperText={errors.fields.officeName}
          />
          <TextField
            label="管理者のログインID"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            autoComplete="username"
            slotProps={requiredInput}
            error={!!errors.fields.login}
            helperText={errors.fields.login ?? '半角英数字と . _ - で3〜32文字'}
          />
          <TextField
            label="氏名"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            autoComplete="name"
            slotProps={requiredInput}
            error={!!errors.fields.displayName}
            helperText={errors.fields.displayName}
          />
          <TextField
            label="パスワード"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            slotProps={requiredInput}
            error={!!errors.fields.password}
            helperText={errors.fields.password ?? '8文字以上'}
          />
          <TextField
            label="パスワード（確認）"
            type="password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            autoComplete="new-password"
            slotProps={requiredInput}
            error={!!errors.fields.confirm}
            helperText={errors.fields.confirm}
          />
          {errors.general ? <Alert severity="error">{errors.general}</Alert> : null}
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'flex-end', pt: 1 }}>
            <Button onClick={onBack} disabled={busy}>
              戻る
            </Button>
            <Button type="submit" variant="contained" disabled={busy}>
              {busy ? '作成中…' : '作成する'}
            </Button>
          </Stack>
        </Stack>
      </Box>
    </Paper>
  );
}
