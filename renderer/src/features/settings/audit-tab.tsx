import { useCallback, useMemo, useRef, useState } from 'react';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import SvgIcon from '@mui/material/SvgIcon';
import type { GridColDef } from '@mui/x-data-grid';
import type { AuditRow } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { actorText, changesOf, changesSummary, subjectText } from './audit-changes';
import { actionLabel } from './audit-labels';
import { formatCount, formatDateTime, prettyJson } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { ServerGrid } from '../../ui/server-grid';

function ExpandMoreIcon() {
  return (
    <SvgIcon fontSize="small" aria-hidden>
      <path d="M16.59 8.59 12 13.17 7.41 8.59 6 10l6 6 6-6z" />
    </SvgIcon>
  );
}

/** The stored record, as kept in the chain: shown only under 「元の記録」. */
function RawRecord({ row }: { row: AuditRow }) {
  const head = {
    記録番号: row.id,
    日時: row.at,
    実行者: row.actor,
    操作: row.action,
    対象: row.entity,
    対象ID: row.entityId,
  };
  return (
    <Box
      component="pre"
      data-testid="audit-raw"
      sx={{
        m: 0,
        p: 1.5,
        bgcolor: 'grey.100',
        borderRadius: 1,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        maxHeight: 360,
        overflow: 'auto',
      }}
    >
      {JSON.stringify(head, null, 2)}
      {'\n\n変更前:\n'}
      {row.before === null ? '（なし）' : prettyJson(row.before)}
      {'\n\n変更後:\n'}
      {row.after === null ? '（なし）' : prettyJson(row.after)}
    </Box>
  );
}

const cell = { fontSize: 13, verticalAlign: 'top', whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

function AuditDetails({ row, onClose }: { row: AuditRow; onClose: () => void }) {
  const changes = changesOf(row);
  const both = changes.some((c) => c.before !== null) && changes.some((c) => c.after !== null);
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="audit-details-title">
      <DialogTitle id="audit-details-title">{actionLabel(row.action)}</DialogTitle>
      <DialogContent>
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, mb: 2 }}
        >
          <Typography component="dt" sx={{ color: 'text.secondary' }}>
            日時
          </Typography>
          <Typography component="dd" sx={{ m: 0, whiteSpace: 'nowrap' }}>
            {formatDateTime(row.at, true)}
          </Typography>
          <Typography component="dt" sx={{ color: 'text.secondary' }}>
            実行者
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {actorText(row)}
          </Typography>
          <Typography component="dt" sx={{ color: 'text.secondary' }}>
            対象
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {subjectText(row)}
          </Typography>
        </Box>
        {changes.length === 0 ? (
          <Typography sx={{ color: 'text.secondary', mb: 2 }}>項目の変更はありません。</Typography>
        ) : (
          <Table size="small" aria-label="変更された項目" sx={{ mb: 2 }} data-testid="audit-changes">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: '28%' }}>項目</TableCell>
                {both ? (
                  <>
                    <TableCell>変更前</TableCell>
                    <TableCell>変更後</TableCell>
                  </>
                ) : (
                  <TableCell>{changes.some((c) => c.after !== null) ? '内容' : '削除した内容'}</TableCell>
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {changes.map((c) => (
                <TableRow key={c.key}>
                  <TableCell sx={{ ...cell, fontWeight: 700 }}>{c.label}</TableCell>
                  {both ? (
                    <>
                      <TableCell sx={cell}>{c.before ?? '—'}</TableCell>
                      <TableCell sx={cell}>{c.after ?? '—'}</TableCell>
                    </>
                  ) : (
                    <TableCell sx={cell}>{c.after ?? c.before}</TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Accordion disableGutters variant="outlined">
          <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="audit-raw-body" id="audit-raw-head">
            元の記録（記録番号 {row.id}）
          </AccordionSummary>
          <AccordionDetails id="audit-raw-body">
            <RawRecord row={row} />
          </AccordionDetails>
        </Accordion>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>閉じる</Button>
      </DialogActions>
    </Dialog>
  );
}

const columns: GridColDef<AuditRow>[] = [
  {
    field: 'at',
    headerName: '日時',
    width: 140,
    valueFormatter: (v: string) => formatDateTime(v),
  },
  { field: 'actor', headerName: '実行者', width: 160, valueGetter: (_v, row) => actorText(row) },
  { field: 'action', headerName: '操作', width: 170, valueFormatter: (v: string) => actionLabel(v) },
  { field: 'entity', headerName: '対象', width: 260, valueGetter: (_v, row) => subjectText(row) },
  {
    field: 'change',
    headerName: '変更内容（行を開くと全項目）',
    flex: 1,
    minWidth: 240,
    valueGetter: (_v, row) => changesSummary(row),
    renderCell: (p) => (
      <Box component="span" title={p.value as string} sx={{ fontSize: 13, color: 'text.secondary' }}>
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
        すべての変更（誰が・いつ・何を・変更前と変更後）の記録です。記録は追記のみで、改ざんは「整合性・バックアップ」の検証で検出できます。行を開くと項目ごとの変更前と変更後、その下の「元の記録」で記録そのものを表示します。
      </Typography>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography data-testid="audit-total" aria-live="polite" sx={{ whiteSpace: 'nowrap' }}>
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
