import { useCallback, useEffect, useMemo, useRef } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import { recordSortFields } from '../../../../shared/api/plan';
import type { MeasureRecordRow, MeasuresView } from '../../../../shared/api/plan';
import { errorMessage, request } from '../../client';
import { formatNumber, formatDay } from '../../format';
import { useDeferredLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';

export type RecordAction = 'edit' | 'delete';

/** Whether the viewer may change a record: HR any, a section head their own 課's (the core decides too). */
export function mayChange(scope: MeasuresView['recordScope'], r: Pick<MeasureRecordRow, 'section'>): boolean {
  return scope.kind === 'all' || (scope.kind === 'section' && r.section === scope.section);
}

/** 総務課 企画担当 / 区役所全体 */
export function heldBy(r: Pick<MeasureRecordRow, 'section' | 'line'>): string {
  if (r.section === null) return '区役所全体';
  return r.line ? `${r.section} ${r.line}` : r.section;
}

/**
 * 実施記録: date, who held it, participants and note, with edit / delete in the viewer's scope. A
 * city's year holds thousands of records: the core sends one page at a time (`plan:measures` with
 * `only: 'records'`, docs/measures.md "At city scale") and the grid draws only the rows in view.
 * `measureId` keeps one measure's records; `version` changes after a record is saved or deleted, to
 * fetch the page again.
 */
export function RecordsTable({
  fy,
  measureId,
  version,
  label,
  scope,
  showMeasure,
  onAction,
}: {
  fy: number;
  measureId: number | null;
  version: number;
  label: string;
  scope: MeasuresView['recordScope'];
  showMeasure: boolean;
  onAction: (action: RecordAction, r: MeasureRecordRow) => void;
}) {
  // Newest first, the latest entered first within a day (the order of the table before it paged).
  const paging = useServerPage(recordSortFields, `${fy}-${measureId ?? ''}`, {
    pageSize: 25,
    sort: 'heldOn',
    desc: true,
  });
  const { page } = paging;
  const load = useCallback(
    () => request('plan:measures', { fy, only: 'records', ...(measureId === null ? {} : { measureId }), page }),
    [fy, measureId, page],
  );
  // A page of records is drawn in the background, in slices (a deferred value): the grid's own
  // measuring after it is all that runs at once (docs/city-scale.md).
  const { data, error, loading, drawing, reload } = useDeferredLoad(load);
  // A record saved or deleted elsewhere on the screen: fetch the page shown again.
  const shownVersion = useRef(version);
  useEffect(() => {
    if (shownVersion.current === version) return;
    shownVersion.current = version;
    reload();
  }, [version, reload]);
  const columns = useMemo<GridColDef<MeasureRecordRow>[]>(
    () => [
      { field: 'heldOn', headerName: '実施日', width: 110, valueFormatter: (v: string) => formatDay(v) },
      ...(showMeasure
        ? [
            {
              // Sorted on the server in the plan's order (heading, then the measure's place in it).
              field: 'code',
              headerName: '取組み',
              width: 260,
              valueGetter: (_v: unknown, r: MeasureRecordRow) => `${r.code} ${r.title}`,
              renderCell: ({ row: r }: { row: MeasureRecordRow }) => (
                <span>
                  <Typography component="span" sx={{ fontWeight: 700, mr: 1, fontSize: 14 }}>
                    {r.code}
                  </Typography>
                  {r.title}
                </span>
              ),
            } satisfies GridColDef<MeasureRecordRow>,
          ]
        : []),
      {
        field: 'heldBy',
        headerName: '実施した課・担当',
        width: 180,
        valueGetter: (_v: unknown, r: MeasureRecordRow) => heldBy(r),
      },
      {
        field: 'participants',
        headerName: '参加者',
        type: 'number',
        width: 110,
        renderCell: ({ row: r }) => (
          <Box sx={{ whiteSpace: 'nowrap', py: 0.5 }}>
            {formatNumber(r.participants)}人
            {r.people.length > 0 ? (
              <Typography
                component="span"
                sx={{ display: 'block', fontSize: 12, color: 'text.secondary' }}
                title={r.people.map((p) => p.name).join('、')}
              >
                うち記名 {formatNumber(r.people.length)}人
              </Typography>
            ) : null}
          </Box>
        ),
      },
      {
        field: 'note',
        headerName: '内容・メモ',
        flex: 1,
        minWidth: 160,
        renderCell: ({ row: r }) => <Box sx={{ fontSize: 13, py: 0.5, whiteSpace: 'normal' }}>{r.note || '—'}</Box>,
      },
      {
        field: 'createdBy',
        headerName: '入力',
        width: 100,
        valueGetter: (_v: unknown, r: MeasureRecordRow) => (r.source === 'import' ? '取込み' : r.createdBy),
      },
      {
        field: 'actions',
        headerName: '操作',
        width: 130,
        sortable: false,
        renderCell: ({ row: r }) =>
          mayChange(scope, r) ? (
            <Box sx={{ whiteSpace: 'nowrap' }}>
              <Button
                size="small"
                onClick={() => onAction('edit', r)}
                aria-label={`${formatDay(r.heldOn)}の記録を編集`}
              >
                編集
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() => onAction('delete', r)}
                aria-label={`${formatDay(r.heldOn)}の記録を削除`}
              >
                削除
              </Button>
            </Box>
          ) : null,
      },
    ],
    [scope, showMeasure, onAction],
  );
  const sortable = useMemo(
    () =>
      columns.map((c) => ({
        ...c,
        sortable: (recordSortFields as readonly string[]).includes(c.field),
        filterable: false,
      })),
    [columns],
  );
  if (error && data === undefined) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (data !== undefined && data.recordTotal === 0) {
    return (
      <Typography sx={{ fontSize: 14, color: 'text.secondary' }} data-testid="records-empty">
        今年度の実施記録はまだありません。
      </Typography>
    );
  }
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', maxHeight: 560, width: '100%' }}>
      <DataGrid
        aria-label={label}
        data-testid="records-table"
        rows={data?.records ?? []}
        rowCount={data?.recordTotal ?? 0}
        loading={loading || drawing}
        columns={sortable}
        density="compact"
        getRowHeight={() => 'auto'}
        disableRowSelectionOnClick
        disableColumnFilter
        paginationMode="server"
        sortingMode="server"
        pageSizeOptions={[25, 50, 100]}
        paginationModel={paging.paginationModel}
        onPaginationModelChange={paging.onPaginationModelChange}
        sortModel={paging.sortModel}
        onSortModelChange={paging.onSortModelChange}
        slotProps={{ row: { 'data-testid': 'record-row' } }}
      />
    </Box>
  );
}
