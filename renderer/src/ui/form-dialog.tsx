import type { FormEvent, ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';

/** A dialog with a form: Enter in a field submits, a failure stays in the dialog. */
export function FormDialog({
  open,
  title,
  busy,
  general,
  submitLabel,
  danger = false,
  onSubmit,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  busy: boolean;
  general: string | null;
  submitLabel: string;
  danger?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  testId: string;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} onClose={() => (busy ? undefined : onClose())} maxWidth="sm" fullWidth>
      <Box component="form" onSubmit={submit} noValidate data-testid={testId}>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}>{children}</Box>
          {general ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {general}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
          <Button type="submit" variant="contained" color={danger ? 'error' : 'primary'} disabled={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
