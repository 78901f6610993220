import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import type { AccountRow } from '../../../../shared/contract';
import { roleLabels } from '../../../../shared/roles';
import { errorMessage, request } from '../../client';
import { AccountDialog } from './account-dialog';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { NewPasswordDialog } from './new-password-dialog';
import { formatDateTime } from '../../format';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { useLoad } from '../../hooks/useLoad';

type Pending =
  | { kind: 'create' }
  | { kind: 'edit'; row: AccountRow }
  | { kind: 'disable'; row: AccountRow }
  | { kind: 'enable'; row: AccountRow }
  | { kind: 'reset'; row: AccountRow };

export function AccountsTab() {
  const { session } = useSession();
  const notify = useNotify();
  const load = useCallback(() => request('accounts:list', {}), []);
  const { data, error, loading, reload } = useLoad(load);
  // The target stays set while a dialog fades out, so its text does not vanish mid-animation.
  const [pending, setPendingState] = useState<Pending | null>(null);
  const [open, setOpen] = useState(false);
  const setPending = (p: Pending) => {
    setPendingState(p);
    setOpen(true);
  };
  const close = () => setOpen(false);
  const shown = open ? pending?.kind : undefined;

  const columns = useMemo<GridColDef<AccountRow>[]>(
    () => [
      { field: 'login', headerName: 'ログインID', width: 110 },
      { field: 'displayName', headerName: '氏名', width: 120 },
      {
        field: 'role',
        headerName: '役割',
        width: 110,
        valueGetter: (_v, row) => roleLabels[row.role],
      },
      {
        field: 'staff',
        headerName: '職員番号/氏名',
        flex: 1,
        minWidth: 140,
        valueGetter: (_v, row) => (row.staffNo ? `${row.staffNo} ${row.staffName ?? ''}`.trim() : ''),
      },
      {
        field: 'disabled',
        headerName: '状態',
        width: 130,
        valueGetter: (_v, row) => (row.disabled ? '無効' : '有効'),
        renderCell: ({ row }) => (
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%' }}>
            <Chip
              size="small"
              label={row.disabled ? '無効' : '有効'}
              color={row.disabled ? 'default' : 'success'}
              variant={row.disabled ? 'filled' : 'outlined'}
            />
            {!row.disabled && row.mustChangePassword ? (
              <Chip
                size="small"
                label="要変更"
                variant="outlined"
                color="warning"
                title="次のログインでパスワードの変更が必要です"
              />
            ) : null}
          </Stack>
        ),
      },
      {
        field: 'lastLoginAt',
        headerName: '最終ログイン',
        width: 140,
        valueGetter: (_v, row) => (row.lastLoginAt ? formatDateTime(row.lastLoginAt) : '未ログイン'),
      },
      {
        field: 'actions',
        headerName: '操作',
        width: 260,
        sortable: false,
        filterable: false,
        disableColumnMenu: true,
        renderCell: ({ row }) => {
          const self = row.id === session.accountId;
          return (
            <Stack
              direction="row"
              sx={{ alignItems: 'center', height: '100%', '& .MuiButton-root': { minWidth: 0, px: 1 } }}
            >
              <Button size="small" onClick={() => setPending({ kind: 'edit', row })}>
                編集
              </Button>
              {row.disabled ? (
                <Button size="small" onClick={() => setPending({ kind: 'enable', row })}>
                  有効化
                </Button>
              ) : (
                <Button
                  size="small"
                  color="error"
                  disabled={self}
                  title={self ? '自分のアカウントは無効化できません' : undefined}
                  onClick={() => setPending({ kind: 'disable', row })}
                >
                  無効化
                </Button>
              )}
              <Button size="small" disabled={row.disabled} onClick={() => setPending({ kind: 'reset', row })}>
                パスワード再設定
              </Button>
            </Stack>
          );
        },
      },
    ],
    [session.accountId],
  );

  const done = (message: string) => {
    notify.success(message);
    reload();
  };

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1.5 }}>
        <Typography sx={{ color: 'text.secondary', flexGrow: 1 }}>
          この事業所のデータベースを開けるアカウントの一覧です。アカウントごとのパスワードでデータベースの鍵を開きます。
        </Typography>
        <Button variant="contained" onClick={() => setPending({ kind: 'create' })}>
          新規作成
        </Button>
      </Stack>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Box sx={{ height: 480, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="アカウント一覧"
          rows={data ?? []}
          columns={columns}
          loading={loading}
          density="compact"
          disableRowSelectionOnClick
          pageSizeOptions={[25, 50, 100]}
          initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
        />
      </Box>

      {(shown === 'create' || shown === 'edit') && pending ? (
        <AccountDialog
          key={pending.kind === 'edit' ? pending.row.id : 'new'}
          account={pending.kind === 'edit' ? pending.row : null}
          onClose={close}
          onSaved={(row) => {
            close();
            done(
              pending.kind === 'create'
                ? `アカウント「${row.login}」を作成しました。`
                : `アカウント「${row.login}」を更新しました。`,
            );
          }}
        />
      ) : null}
      <ConfirmDialog
        open={shown === 'disable'}
        title="アカウントの無効化"
        message={
          pending?.kind === 'disable'
            ? `「${pending.row.displayName}（${pending.row.login}）」を無効にします。このアカウントではログインできなくなります。もう一度使うには、新しいパスワードを設定して有効化します。`
            : ''
        }
        confirmLabel="無効化する"
        danger
        onClose={close}
        onConfirm={async () => {
          if (pending?.kind !== 'disable') return;
          const row = await request('accounts:disable', { id: pending.row.id });
          done(`アカウント「${row.login}」を無効にしました。`);
        }}
      />
      <NewPasswordDialog
        open={shown === 'enable'}
        title="アカウントの有効化"
        message={
          pending?.kind === 'enable'
            ? `「${pending.row.displayName}（${pending.row.login}）」を有効にします。新しいパスワードを設定し、本人に伝えてください。`
            : ''
        }
        submitLabel="有効化する"
        onClose={close}
        onSubmit={async (password) => {
          if (pending?.kind !== 'enable') return;
          const row = await request('accounts:enable', { id: pending.row.id, password });
          done(`アカウント「${row.login}」を有効にしました。`);
        }}
      />
      <NewPasswordDialog
        open={shown === 'reset'}
        title="パスワード再設定"
        message={
          pending?.kind === 'reset'
            ? `「${pending.row.displayName}（${pending.row.login}）」に新しいパスワードを設定します。本人に伝えてください。`
            : ''
        }
        submitLabel="再設定する"
        onClose={close}
        onSubmit={async (password) => {
          if (pending?.kind !== 'reset') return;
          const row = await request('accounts:resetPassword', { id: pending.row.id, password });
          done(`アカウント「${row.login}」のパスワードを再設定しました。`);
        }}
      />
    </Box>
  );
}
