import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { selfReportStatuses } from '../../../../shared/self-report';
import type { MeaningfulKpi, SelfReportStatus } from '../../../../shared/self-report';
import { SELF_REPORT_PROGRESS_SORTS } from '../../../../shared/contract';
import type { SelfReportCounts, SelfReportProgressRow } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import { SelfReportStatusChip } from './form';
import { useFiscalYear } from '../../fiscal-year';
import { formatCount, formatDateTime, formatNumber } from '../../format';
import { useDeferredLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { BoardFilters, useBoardFilters } from '../../ui/board-filters';
import { ServerGrid } from '../../ui/server-grid';
import { Stage, useStages } from '../../ui/staged';

function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function kpiText(k: MeaningfulKpi): string {
  return `意義のある仕事だと感じる職員 ${percent(k.share)}（目標 ${Math.round(k.target * 100)}%）`;
}

function done(c: SelfReportCounts): number {
  return c.total === 0 ? 0 : ((c.提出済 + c.面談済) / c.total) * 100;
}

const columns: GridColDef<SelfReportProgressRow>[] = [
  { field: 'staffNo', headerName: '職員番号', width: 110, valueGetter: (_v, r) => r.person.staffNo },
  { field: 'name', headerName: '氏名', width: 150, valueGetter: (_v, r) => r.person.name },
  { field: 'section', headerName: '所属', width: 160, valueGetter: (_v, r) => r.person.section ?? '' },
  { field: 'line', headerName: '担当', width: 140, valueGetter: (_v, r) => r.person.line ?? '' },
  {
    field: 'status',
    headerName: '状況',
    width: 110,
    renderCell: (p: GridCellParams<SelfReportProgressRow>) => <SelfReportStatusChip status={p.row.status} />,
  },
  {
    field: 'submittedAt',
    headerName: '提出日時',
    width: 160,
    valueFormatter: (v: string | null) => formatDateTime(v),
  },
  {
    field: 'interviewedAt',
    headerName: '面談記録',
    width: 160,
    valueFormatter: (v: string | null) => formatDateTime(v),
  },
];

/** HR's 提出状況 board: counts per section, the plan's KPI, and one page of people at a time. */
export function SelfReportProgressBoard({ onOpen }: { onOpen: (staffNo: string) => void }) {
  const { fy } = useFiscalYear();
  const filters = useBoardFilters<SelfReportStatus>();
  const paging = useServerPage(SELF_REPORT_PROGRESS_SORTS, `${fy}|${filters.key}`);
  const { page } = paging;
  const { params } = filters;
  const load = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('selfReport:progress', { fy, page, ...params })),
    [fy, page, params],
  );
  // A city's board (120 所属 with their bars, a page of people) is drawn in the background, in
  // slices (a deferred value); the grid a task after the figures, first empty (the grid measuring
  // itself) and then with its rows (docs/city-scale.md "Drawing without a freeze"): no click freezes.
  const { data, error, loading, drawing } = useDeferredLoad(load);
  const stage = useStages(2, data === undefined || data === null);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading />;
  const k = data.meaningful;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2.5 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Paper variant="outlined" sx={{ p: 2, minWidth: 280 }} data-testid="self-report-kpi">
          <Typography sx={{ fontWeight: 600, fontSize: '1.1rem' }}>{kpiText(k)}</Typography>
          <Typography sx={{ color: k.met === false ? 'warning.main' : 'text.secondary' }}>
            回答 {formatCount(k.answered)}のうち「とてもそう思う」「ややそう思う」{formatCount(k.topTwo)}
            {k.met === null ? '' : k.met ? '（目標達成）' : '（目標未達）'}
          </Typography>
        </Paper>
        <Paper variant="outlined" sx={{ p: 2, minWidth: 280 }}>
          <Typography sx={{ fontWeight: 600 }}>全体 {formatCount(data.totals.total)}</Typography>
          <Typography>
            未提出 {formatCount(data.totals.未提出)}・提出済 {formatCount(data.totals.提出済)}・面談済{' '}
            {formatCount(data.totals.面談済)}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={done(data.totals)}
            aria-label="全体の提出率"
            sx={{ mt: 1, height: 8, borderRadius: 1 }}
          />
        </Paper>
      </Box>
      <Paper variant="outlined">
        <Table size="small" aria-label="所属別の提出状況">
          <TableHead>
            <TableRow>
              <TableCell>所属</TableCell>
              <TableCell align="right">未提出</TableCell>
              <TableCell align="right">提出済</TableCell>
              <TableCell align="right">面談済</TableCell>
              <TableCell sx={{ width: 220 }}>提出率</TableCell>
              <TableCell>意義を感じる割合</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.sections.map((s) => (
              <TableRow key={s.section}>
                <TableCell>{s.section}</TableCell>
                <TableCell align="right">{formatNumber(s.counts.未提出)}</TableCell>
                <TableCell align="right">{formatNumber(s.counts.提出済)}</TableCell>
                <TableCell align="right">{formatNumber(s.counts.面談済)}</TableCell>
                <TableCell>
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <LinearProgress
                      variant="determinate"
                      value={done(s.counts)}
                      aria-label={`${s.section}の提出率`}
                      sx={{ flex: 1, height: 8, borderRadius: 1 }}
                    />
                    <Typography variant="body2">{Math.round(done(s.counts))}%</Typography>
                  </Box>
                </TableCell>
                <TableCell>{percent(s.meaningful.share)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <BoardFilters
        filters={filters}
        statusLabel="状況"
        statuses={selfReportStatuses}
        count={formatCount(data.total ?? data.people.length)}
        countTestId="self-report-progress-count"
      />
      <Stage index={1} shown={stage} height={520}>
        <ServerGrid
          label="職員ごとの提出状況"
          rows={data.people}
          total={data.total ?? null}
          loading={loading || drawing}
          mountEmpty
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
