import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { MBO_LIST_SORTS } from '../../../../shared/contract';
import type { MboCounts, MboListRow } from '../../../../shared/contract';
import { MBO_STATUSES, formatScore } from '../../../../shared/mbo';
import type { MboStatus } from '../../../../shared/mbo';
import { errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import { MboStatusChip } from './parts';
import { useFiscalYear } from '../../fiscal-year';
import { formatCount, formatDateTime, formatNumber } from '../../format';
import { useDeferredLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { BoardFilters, useBoardFilters } from '../../ui/board-filters';
import { ServerGrid } from '../../ui/server-grid';
import { Stage, useStages } from '../../ui/staged';

/** Sheets beyond 未提出 (差し戻し counts as submitted once: it came back from the 1次). */
function submittedShare(c: MboCounts): number | null {
  return c.total === 0 ? null : (c.total - c.未提出) / c.total;
}

function approvedShare(c: MboCounts): number | null {
  return c.total === 0 ? null : (c.承認済 + c.自己評価済) / c.total;
}

function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

function Kpi({
  title,
  value,
  note,
  testId,
  warn = false,
}: {
  title: string;
  value: string;
  note: string;
  testId: string;
  warn?: boolean;
}) {
  return (
    <Paper variant="outlined" sx={{ p: 2, minWidth: 240, flex: '1 1 240px' }} data-testid={testId}>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {title}
      </Typography>
      <Typography sx={{ fontWeight: 700, fontSize: '1.6rem', color: warn ? 'warning.main' : 'text.primary' }}>
        {value}
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {note}
      </Typography>
    </Paper>
  );
}

const columns: GridColDef<MboListRow>[] = [
  { field: 'staffNo', headerName: '職員番号', width: 100, valueGetter: (_v, r) => r.person.staffNo },
  { field: 'name', headerName: '氏名', width: 130, valueGetter: (_v, r) => r.person.name },
  { field: 'section', headerName: '所属', width: 150, valueGetter: (_v, r) => r.person.section ?? '' },
  { field: 'line', headerName: '担当', width: 130, valueGetter: (_v, r) => r.person.line ?? '' },
  {
    field: 'status',
    headerName: '状態',
    width: 110,
    renderCell: (p: GridCellParams<MboListRow>) => <MboStatusChip status={p.row.status} />,
  },
  { field: 'goals', headerName: '目標数', width: 80, type: 'number' },
  {
    field: 'hasAreaGoal',
    headerName: '地域担当目標',
    width: 110,
    valueGetter: (_v, r) => (r.goals === 0 ? '—' : r.hasAreaGoal ? 'あり' : 'なし'),
  },
  {
    field: 'selfScore',
    headerName: '自己評価点',
    width: 100,
    valueFormatter: (v: number | null) => (v === null ? '—' : formatScore(v)),
  },
  { field: 'submittedAt', headerName: '提出日時', width: 150, valueFormatter: (v: string | null) => formatDateTime(v) },
  { field: 'approvedAt', headerName: '承認日時', width: 150, valueFormatter: (v: string | null) => formatDateTime(v) },
];

/** HR's 進捗状況 board: submission and approval rates, area-goal coverage, counts per section; one page of people at a time. */
export function MboProgressBoard({ onOpen }: { onOpen: (staffNo: string) => void }) {
  const { fy } = useFiscalYear();
  const filters = useBoardFilters<MboStatus>();
  const [onlyWithoutArea, setOnlyWithoutArea] = useState(false);
  const paging = useServerPage(MBO_LIST_SORTS, `${fy}|${filters.key}|${onlyWithoutArea}`);
  const { page } = paging;
  const { params } = filters;
  const load = useCallback(
    () =>
      fy === null
        ? Promise.resolve(null)
        : request('mbo:list', { fy, page, ...params, ...(onlyWithoutArea ? { withoutAreaGoal: true } : {}) }),
    [fy, page, params, onlyWithoutArea],
  );
  // A city's board (120 課, a page of people) is drawn in the background, in slices (a deferred
  // value), and the people's grid a task after the figures (docs/city-scale.md): no click freezes.
  const { data, error, loading, drawing } = useDeferredLoad(load);
  const stage = useStages(2, data === undefined);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading />;
  const t = data.totals;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2.5 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Kpi
          title="提出率"
          value={percent(submittedShare(t))}
          note={`全${formatCount(t.total)}のうち提出 ${formatCount(t.total - t.未提出)}（未提出 ${formatCount(t.未提出)}）`}
          testId="mbo-kpi-submitted"
        />
        <Kpi
          title="承認率"
          value={percent(approvedShare(t))}
          note={`承認済 ${formatCount(t.承認済)}・自己評価済 ${formatCount(t.自己評価済)}`}
          testId="mbo-kpi-approved"
        />
        <Kpi
          title="地域担当目標のないシート"
          value={formatCount(data.withoutAreaGoal, '件')}
          note="目標を記入したシートのうち、地域担当目標が1件もないもの（プランの目標は0件）"
          testId="mbo-kpi-area"
          warn={data.withoutAreaGoal > 0}
        />
      </Box>
      <Paper variant="outlined">
        <Table size="small" aria-label="所属別の進捗状況">
          <TableHead>
            <TableRow>
              <TableCell>所属</TableCell>
              <TableCell align="right">人数</TableCell>
              {MBO_STATUSES.map((s) => (
                <TableCell key={s} align="right">
                  {s}
                </TableCell>
              ))}
              <TableCell sx={{ width: 200 }}>提出率</TableCell>
              <TableCell align="right">地域担当目標なし</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.sections.map((s) => {
              const share = submittedShare(s.counts);
              return (
                <TableRow key={s.section}>
                  <TableCell>{s.section}</TableCell>
                  <TableCell align="right">{formatNumber(s.counts.total)}</TableCell>
                  {MBO_STATUSES.map((st) => (
                    <TableCell key={st} align="right">
                      {formatNumber(s.counts[st])}
                    </TableCell>
                  ))}
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                      <LinearProgress
                        variant="determinate"
                        value={(share ?? 0) * 100}
                        aria-label={`${s.section}の提出率`}
                        sx={{ flex: 1, height: 8, borderRadius: 1 }}
                      />
                      <Typography variant="body2">{percent(share)}</Typography>
                    </Box>
                  </TableCell>
                  <TableCell align="right" sx={{ color: s.withoutAreaGoal > 0 ? 'warning.main' : undefined }}>
                    {formatNumber(s.withoutAreaGoal)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>
      <BoardFilters
        filters={filters}
        statusLabel="状態"
        statuses={MBO_STATUSES}
        count={formatCount(data.total ?? data.rows.length)}
        countTestId="mbo-progress-count"
      >
        <TextField
          select
          label="地域担当目標"
          value={onlyWithoutArea ? 'none' : 'all'}
          onChange={(e) => setOnlyWithoutArea(e.target.value === 'none')}
          size="small"
          sx={{ width: 200 }}
        >
          <MenuItem value="all">すべて</MenuItem>
          <MenuItem value="none">地域担当目標なしのみ</MenuItem>
        </TextField>
      </BoardFilters>
      <Stage index={1} shown={stage} height={520}>
        <ServerGrid
          label="職員ごとの進捗状況"
          rows={data.rows}
          total={data.total ?? null}
          loading={loading || drawing}
          columns={columns}
          getRowId={(r) => r.person.staffNo}
          paging={paging}
          onOpen={(r) => onOpen(r.person.staffNo)}
          emptyText="条件に合う職員はいません"
          height={520}
        />
      </Stage>
    </Box>
  );
}
