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
import { passwordFormProblems, passwordMin } from '../../../../shared/passwords';
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
    // Every problem at once, at its field (docs/keyring.md "Password rules").
    const problems = passwordFormProblems({ current, next, confirm }, '新しいパスワード');
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: problems, general: null });
      return;
    }
    setBusy(true);
    try {
      const session = await request('auth:changePassword', { current, next });
      reset();
      onChanged(session);
    } catch (e) {
      setErrors(toFormErrors(e, ['current', 'next', 'confirm'] as const));
    } finally {
      setBusy(false);
    }
  };

  /** A field's message goes as soon as the field is changed. */
  const edit = (field: Field, set: (v: string) => void) => (value: string) => {
    set(value);
    setErrors((old) => (old.fields[field] ? { ...old, fields: { ...old.fields, [field]: undefined } } : old));
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
              : `現在のパスワードと、新しいパスワード（${passwordMin}文字以上）を入力してください。`}
          </DialogContentText>
          <Stack spacing={2}>
            <TextField
              label="現在のパスワード"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={current}
              onChange={(e) => edit('current', setCurrent)(e.target.value)}
              error={!!errors.fields.current}
              helperText={errors.fields.current}
              slotProps={requiredInput}
            />
            <TextField
              label="新しいパスワード"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => edit('next', setNext)(e.target.value)}
              error={!!errors.fields.next}
              helperText={errors.fields.next ?? `${passwordMin}文字以上`}
              slotProps={requiredInput}
            />
            <TextField
              label="新しいパスワード（確認）"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => edit('confirm', setConfirm)(e.target.value)}
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
