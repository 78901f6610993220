import { useState } from 'react';
import type { FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { AccountRow, StaffOption } from '../../../../shared/contract';
import { displayNameMissing, LoginSchema } from '../../../../shared/contract';
import { passwordFormProblems, passwordMin } from '../../../../shared/passwords';
import { roleLabels, roles } from '../../../../shared/roles';
import type { Role } from '../../../../shared/roles';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';
import { readOnlySlotProps } from '../../ui/read-only';
import { StaffAutocomplete } from '../../ui/staff-autocomplete';

type Field = 'login' | 'displayName' | 'role' | 'staffNo' | 'password' | 'confirm';
const apiFields = ['login', 'displayName', 'role', 'staffNo', 'password'] as const;

type Props = {
  /** null creates a new account; a row edits it. */
  account: AccountRow | null;
  onSaved: (row: AccountRow) => void;
  onClose: () => void;
};

function initialStaff(account: AccountRow | null): StaffOption | null {
  if (!account?.staffNo) return null;
  return { staffNo: account.staffNo, name: account.staffName ?? '', kana: '', section: null };
}

/** Mount with a `key` per account so each opening starts from that account's values. */
export function AccountDialog({ account, onSaved, onClose }: Props) {
  const creating = account === null;
  const [login, setLogin] = useState(account?.login ?? '');
  const [displayName, setDisplayName] = useState(account?.displayName ?? '');
  const [role, setRole] = useState<Role>(account?.role ?? 'staff');
  const [staff, setStaff] = useState<StaffOption | null>(initialStaff(account));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Every problem at once, at its field, in the core's words (docs/keyring.md "Password rules").
    const problems: FormErrors<Field>['fields'] = {};
    if (creating) {
      const parsedLogin = LoginSchema.safeParse(login);
      if (!parsedLogin.success) problems.login = parsedLogin.error.issues[0]?.message;
      const pw = passwordFormProblems({ next: password, confirm }, '初期パスワード');
      problems.password = pw.next;
      problems.confirm = pw.confirm;
    }
    if (displayName.trim() === '') problems.displayName = displayNameMissing;
    if (Object.values(problems).some((m) => m !== undefined)) {
      setErrors({ fields: problems, general: null });
      return;
    }
    setBusy(true);
    try {
      const staffNo = staff?.staffNo ?? null;
      const row = creating
        ? await request('accounts:create', { login, displayName, role, staffNo, password })
        : await request('accounts:update', { id: account.id, displayName, role, staffNo });
      onSaved(row);
    } catch (e) {
      setErrors(toFormErrors(e, apiFields));
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
    if (!busy) onClose();
  };

  return (
    <Dialog open onClose={close} maxWidth="sm" fullWidth>
      <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle>{creating ? 'アカウントの新規作成' : 'アカウントの編集'}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="ログインID"
              value={login}
              onChange={(e) => edit('login', setLogin)(e.target.value)}
              autoFocus={creating}
              autoComplete="off"
              slotProps={creating ? requiredInput : readOnlySlotProps}
              error={!!errors.fields.login}
              helperText={
                errors.fields.login ?? (creating ? '半角英数字と . _ - で3〜32文字' : 'ログインIDは変更できません')
              }
            />
            <TextField
              label="氏名"
              value={displayName}
              onChange={(e) => edit('displayName', setDisplayName)(e.target.value)}
              autoFocus={!creating}
              slotProps={requiredInput}
              error={!!errors.fields.displayName}
              helperText={errors.fields.displayName}
            />
            <TextField
              select
              label="役割"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              error={!!errors.fields.role}
              helperText={errors.fields.role}
            >
              {roles.map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabels[r]}
                </MenuItem>
              ))}
            </TextField>
            <StaffAutocomplete
              label="職員（任意）"
              value={staff}
              onChange={setStaff}
              error={errors.fields.staffNo}
              helperText="このアカウントを使う職員本人を選びます（人事担当のみのアカウントなどは空欄）。"
            />
            {creating ? (
              <>
                <TextField
                  label="初期パスワード"
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => edit('password', setPassword)(e.target.value)}
                  slotProps={requiredInput}
                  error={!!errors.fields.password}
                  helperText={errors.fields.password ?? `${passwordMin}文字以上。本人に伝えてください。`}
                />
                <TextField
                  label="初期パスワード（確認）"
                  type="password"
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => edit('confirm', setConfirm)(e.target.value)}
                  slotProps={requiredInput}
                  error={!!errors.fields.confirm}
                  helperText={errors.fields.confirm}
                />
              </>
            ) : null}
            {errors.general ? <Alert severity="error">{errors.general}</Alert> : null}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={busy}>
            キャンセル
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {creating ? '作成' : '保存'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
