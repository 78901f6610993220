import { Fragment, useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { AuditRow } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { actionLabel, entityLabel } from './audit-labels';
import { VisuallyHidden } from '../../ui/visually-hidden';
import { formatDateTime, prettyJson } from '../../format';
import { useLoad } from '../../hooks/useLoad';

const previewLength = 80;

function preview(row: AuditRow): string {
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
          maxHeight: 320,
          overflow: 'auto',
        }}
      >
        {text === null ? '（なし）' : prettyJson(text)}
      </Box>
    </Box>
  );
}

function AuditLine({ row }: { row: AuditRow }) {
  const [expanded, setExpanded] = useState(false);
  const detailsId = `audit-details-${row.id}`;
  const hasDetails = row.before !== null || row.after !== null;
  return (
    <Fragment>
      <TableRow hover sx={{ '& > td': { borderBottom: expanded ? 'none' : undefined } }}>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at, true)}</TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.actor}</TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }} title={row.action}>
          {actionLabel(row.action)}
        </TableCell>
        <TableCell sx={{ wordBreak: 'break-all' }} title={row.entity}>
          {entityLabel(row.entity)}
          {row.entityId ? ` ${row.entityId}` : ''}
        </TableCell>
        <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, color: 'text.secondary', wordBreak: 'break-all' }}>
          {hasDetails ? preview(row) : '—'}
        </TableCell>
        <TableCell align="right">
          {hasDetails ? (
            <Button
              size="small"
              aria-expanded={expanded}
              aria-controls={detailsId}
              onClick={() => setExpanded((x) => !x)}
              sx={{ whiteSpace: 'nowrap' }}
            >
              {expanded ? '閉じる' : '詳細'}
            </Button>
          ) : null}
        </TableCell>
      </TableRow>
      {hasDetails ? (
        <TableRow>
          <TableCell colSpan={6} sx={{ py: 0, borderBottom: expanded ? undefined : 'none' }}>
            <Collapse in={expanded} unmountOnExit>
              <Box id={detailsId} sx={{ display: 'flex', gap: 2, py: 1.5 }}>
                <JsonBlock title="変更前" text={row.before} />
                <JsonBlock title="変更後" text={row.after} />
              </Box>
            </Collapse>
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}

/** The append-only audit log, newest first, a page at a time. */
export function AuditTab() {
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  const load = useCallback(
    () => request('audit:list', { offset: page * rowsPerPage, limit: rowsPerPage }),
    [page, rowsPerPage],
  );
  const { data, error, loading } = useLoad(load);

  return (
    <Box>
      <Typography sx={{ color: 'text.secondary', mb: 1.5 }}>
        すべての変更（誰が・いつ・何を・変更前と変更後）の記録です。記録は追記のみで、改ざんは「整合性・バックアップ」の検証で検出できます。
      </Typography>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Paper variant="outlined">
        <Box sx={{ height: 4 }}>{loading ? <LinearProgress aria-label="読み込み中" /> : null}</Box>
        <TableContainer>
          <Table size="small" aria-label="監査ログ">
            <TableHead>
              <TableRow>
                <TableCell>日時</TableCell>
                <TableCell>実行者</TableCell>
                <TableCell>操作</TableCell>
                <TableCell>対象</TableCell>
                <TableCell>変更前→変更後</TableCell>
                <TableCell>
                  <VisuallyHidden>詳細</VisuallyHidden>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data?.rows.map((row) => (
                <AuditLine key={row.id} row={row} />
              ))}
              {data && data.rows.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={6} sx={{ color: 'text.secondary' }}>
                    記録はまだありません。
                  </TableCell>
                </TableRow>
              ) : null}
            </TableBody>
          </Table>
        </TableContainer>
        <TablePagination
          component="div"
          count={data?.total ?? 0}
          page={page}
          onPageChange={(_e, p) => setPage(p)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={[25, 50, 100, 200]}
          onRowsPerPageChange={(e) => {
            setRowsPerPage(Number(e.target.value));
            setPage(0);
          }}
        />
      </Paper>
    </Box>
  );
}
