import { useCallback, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import type { AuditRow } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { actionLabel, entityLabel } from './audit-labels';
import { formatCount, formatDateTime, prettyJson } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { ServerGrid } from '../../ui/server-grid';

const previewLength = 80;

function preview(row: AuditRow): string {
  if (row.before === null && row.after === null) return '—';
  const text = `${row.before ?? '—'} → ${row.after ?? '—'}`;
  return text.length > previewLength ? `${text.slice(0, previewLength)}…` : text;
}

function JsonBlock({ title, text }: { title: string; text: string | null }) {
  return (
    <Box sx={{ flex: 1, minWidth: 0 }}>
      <Typography sx={{ fontSize: 12, fontWeight: 700, mb: 0.5 }}>{title}</Typography>
      <Box
        component="pre"
        sx={{
          m: 0,
          p: 1.5,
          bgcolor: 'grey.100',
          borderRadius: 1,
          fontSize: 12,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          maxHeight: 420,
          overflow: 'auto',
        }}
      >
        {text === null ? '（なし）' : prettyJson(text)}
      </Box>
    </Box>
  );
}

function AuditDetails({ row, onClose }: { row: AuditRow; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="audit-details-title">
      <DialogTitle id="audit-details-title">
        {actionLabel(row.action)}（{formatDateTime(row.at, true)}・{row.actor}）
      </DialogTitle>
      <DialogContent>
        <Typography sx={{ color: 'text.secondary', mb: 1.5 }}>
          対象: {entityLabel(row.entity)}
          {row.entityId ? ` ${row.entityId}` : ''}（記録番号 {row.id}）
        </Typography>
        <Box sx={{ display: 'flex', gap: 2 }}>
          <JsonBlock title="変更前" text={row.before} />
          <JsonBlock title="変更後" text={row.after} />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>閉じる</Button>
      </DialogActions>
    </Dialog>
  );
}

const columns: GridColDef<AuditRow>[] = [
  { field: 'at', headerName: '日時', width: 170, valueFormatter: (v: string) => formatDateTime(v, true) },
  { field: 'actor', headerName: '実行者', width: 120 },
  { field: 'action', headerName: '操作', width: 170, valueFormatter: (v: string) => actionLabel(v) },
  {
    field: 'entity',
    headerName: '対象',
    width: 180,
    valueGetter: (_v, row) => `${entityLabel(row.entity)}${row.entityId ? ` ${row.entityId}` : ''}`,
  },
  {
    field: 'change',
    headerName: '変更前→変更後（行を開くと全文）',
    flex: 1,
    minWidth: 240,
    valueGetter: (_v, row) => preview(row),
    renderCell: (p) => (
      <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 12, color: 'text.secondary' }}>
        {p.value as string}
      </Box>
    ),
  },
];

const noSort = [] as const;

/**
 * The append-only audit log, newest first, a page at a time (docs/backup-and-restore.md). The first
 * page is always the newest; the pages after it are pinned below the newest entry it showed
 * (`beforeId`), so entries written meanwhile do not shift them. Paging costs the same at the
 * millionth entry as at the first.
 */
export function AuditTab() {
  const paging = useServerPage<never>(noSort, '', { pageSize: 50 });
  const [open, setOpen] = useState<AuditRow | null>(null);
  // Read when a later page loads, not a dependency: the first page's answer sets it.
  const pin = useRef<number | null>(null);
  const { offset, limit } = paging.page;
  const load = useCallback(async () => {
    const beforeId = offset > 0 && pin.current !== null ? pin.current : undefined;
    const page = await request('audit:list', { offset, limit, ...(beforeId ? { beforeId } : {}) });
    if (offset === 0) pin.current = (page.rows[0]?.id ?? 0) + 1;
    return page;
  }, [offset, limit]);
  const { data, error, loading, reload } = useLoad(load);
  const rows = useMemo(() => data?.rows ?? [], [data]);

  const newest = () => {
    if (offset === 0) reload();
    else paging.onPaginationModelChange({ ...paging.paginationModel, page: 0 });
  };

  return (
    <Box>
      <Typography sx={{ color: 'text.secondary', mb: 1.5 }}>
        すべての変更（誰が・いつ・何を・変更前と変更後）の記録です。記録は追記のみで、改ざんは「整合性・バックアップ」の検証で検出できます。行を開くと変更前と変更後の全文を表示します。
      </Typography>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography data-testid="audit-total" aria-live="polite">
          {data ? `全${formatCount(data.total, '件')}` : ''}
        </Typography>
        <Button size="small" onClick={newest}>
          最新の記録を表示
        </Button>
      </Stack>
      <ServerGrid
        label="監査ログ"
        rows={rows}
        total={data?.total ?? null}
        loading={loading}
        columns={columns}
        getRowId={(r) => String(r.id)}
        paging={paging}
        onOpen={setOpen}
        emptyText="記録はまだありません。"
        testId="audit-grid"
      />
      {open ? <AuditDetails row={open} onClose={() => setOpen(null)} /> : null}
    </Box>
  );
}
