import { useState } from 'react';
import type { FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { SessionInfo } from '../../../../shared/contract';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';

type Field = 'current' | 'next' | 'confirm';

type Props = {
  open: boolean;
  /** Forced after an initial or reset password: no cancel, only logout. */
  forced?: boolean;
  onChanged: (session: SessionInfo) => void;
  onCancel?: () => void;
  onLogout?: () => void;
};

export function ChangePasswordDialog({ open, forced = false, onChanged, onCancel, onLogout }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setCurrent('');
    setNext('');
    setConfirm('');
    setErrors(noErrors());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) {
      setErrors({ fields: { confirm: '確認のパスワードが一致しません' }, general: null });
      return;
    }
    if (next === current) {
      setErrors({ fields: { next: '現在と異なるパスワードにしてください' }, general: null });
      return;
    }
    setBusy(true);
    try {
      const session = await request('auth:changePassword', { current, next });
      reset();
      onChanged(session);
    } catch (e) {
      setErrors(toFormErrors(e, ['current', 'next'] as const));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    if (forced || busy) return;
    reset();
    onCancel?.();
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth>
      <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle>{forced ? 'パスワードの変更が必要です' : 'パスワード変更'}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {forced
              ? '人事担当が設定したパスワードでログインしました。続けるには、ご自身だけが知る新しいパスワードに変更してください。'
              : '新しいパスワードは8文字以上にしてください。'}
          </DialogContentText>
          <Stack spacing={2}>
            <TextField
              label="現在のパスワード"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              error={!!errors.fields.current}
              helperText={errors.fields.current}
              slotProps={requiredInput}
            />
            <TextField
              label="新しいパスワード"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              error={!!errors.fields.next}
              helperText={errors.fields.next ?? '8文字以上'}
              slotProps={requiredInput}
            />
            <TextField
              label="新しいパスワード（確認）"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              error={!!errors.fields.confirm}
              helperText={errors.fields.confirm}
              slotProps={requiredInput}
            />
            {errors.general ? <Alert severity="error">{errors.general}</Alert> : null}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          {forced ? (
            <Button onClick={onLogout} disabled={busy}>
              ログアウト
            </Button>
          ) : (
            <Button onClick={close} disabled={busy}>
              キャンセル
            </Button>
          )}
          <Button type="submit" variant="contained" disabled={busy}>
            変更する
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
