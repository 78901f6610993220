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
import { passwordFormProblems, passwordMin } from '../../../../shared/passwords';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';

type Field = 'password' | 'confirm';

type Props = {
  open: boolean;
  title: string;
  message: string;
  submitLabel: string;
  onSubmit: (password: string) => Promise<void>;
  onClose: () => void;
};

/** HR sets a new password for someone else's account (re-enable, reset). */
export function NewPasswordDialog({ open, title, message, submitLabel, onSubmit, onClose }: Props) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const close = () => {
    if (busy) return;
    setPassword('');
    setConfirm('');
    setErrors(noErrors());
    onClose();
  };

  /** A field's message goes as soon as the field is changed. */
  const edit = (field: Field, set: (v: string) => void) => (value: string) => {
    set(value);
    setErrors((old) => (old.fields[field] ? { ...old, fields: { ...old.fields, [field]: undefined } } : old));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Every problem at once, at its field (docs/keyring.md "Password rules").
    const problems = passwordFormProblems({ next: password, confirm }, '新しいパスワード');
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: { password: problems.next, confirm: problems.confirm }, general: null });
      return;
    }
    setBusy(true);
    try {
      await onSubmit(password);
      setPassword('');
      setConfirm('');
      setErrors(noErrors());
      onClose();
    } catch (e) {
      setErrors(toFormErrors(e, ['password'] as const));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth>
      <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{message}</DialogContentText>
          <Stack spacing={2}>
            <TextField
              label="新しいパスワード"
              type="password"
              autoComplete="new-password"
              autoFocus
              value={password}
              onChange={(e) => edit('password', setPassword)(e.target.value)}
              error={!!errors.fields.password}
              helperText={errors.fields.password ?? `${passwordMin}文字以上`}
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
          <Button onClick={close} disabled={busy}>
            キャンセル
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
