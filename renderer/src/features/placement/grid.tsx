import { useMemo } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { DataGrid, GridOverlay } from '@mui/x-data-grid';
import type { GridCellParams, GridColDef, GridRowSelectionModel } from '@mui/x-data-grid';
import type { PlacementRow, PlacementSortField } from '../../../../shared/api/placement';
import type { ServerPaging } from '../../hooks/useServerPage';
import { classDigit, classText, eraFy, yearsText } from './format';
import { formatCount, formatNumber } from '../../format';

type Props = {
  fy: number;
  /** The current page's rows. */
  rows: PlacementRow[];
  /** How many people the whole filtered list has (null while the first page loads). */
  total: number | null;
  loading: boolean;
  selection: GridRowSelectionModel;
  onSelectionChange: (model: GridRowSelectionModel) => void;
  paging: ServerPaging<PlacementSortField>;
  onOpen: (staffNo: string) => void;
};

/**
 * The staff numbers chosen after a change of the grid's selection, across pages (docs/lists.md):
 * an 'include' model is kept as it is (keepNonExistentRowsSelected keeps other pages' choices); the
 * header's 全選択 may answer with an 'exclude' model ("all but"), which is read on the page shown
 * only — the page's rows it selects are added to `before`, the rest of the page taken out.
 */
export function chosenAfter(
  model: GridRowSelectionModel,
  before: ReadonlySet<string>,
  rows: PlacementRow[],
): Set<string> {
  if (model.type === 'include') return new Set(model.ids as Set<string>);
  const ids = new Set(before);
  for (const r of rows) {
    if (model.ids.has(r.staffNo)) ids.delete(r.staffNo);
    else ids.add(r.staffNo);
  }
  return ids;
}

function NoPeople() {
  return <GridOverlay>条件に合う職員はいません</GridOverlay>;
}

const mark = (on: boolean) => (on ? '○' : '');
const centred = { align: 'center', headerAlign: 'center' } as const;

/**
 * The placement list: one page of people from the core (paged and sorted on the server,
 * docs/lists.md), checkboxes to choose whose summaries to print — kept across pages — and a row (or
 * Enter on it) opens that person's summary. 100 rows a page at most (the MIT grid's limit).
 */
export function PlacementGrid({ fy, rows, total, loading, selection, onSelectionChange, paging, onOpen }: Props) {
  const columns = useMemo<GridColDef<PlacementRow>[]>(() => {
    // The three fiscal years ending with the chosen one, oldest first (as `results` is).
    const years = [fy - 2, fy - 1, fy];
    const all: GridColDef<PlacementRow>[] = [
      { field: 'staffNo', headerName: '職員番号', width: 80 },
      {
        field: 'name',
        headerName: '氏名',
        width: 120,
        renderCell: ({ row }) => (
          <Box sx={{ lineHeight: 1.2, py: 0.5 }}>
            <Typography sx={{ fontSize: 10.5, color: 'text.secondary' }} noWrap>
              {row.kana}
            </Typography>
            <Typography sx={{ fontSize: 14 }} noWrap>
              {row.name}
            </Typography>
          </Box>
        ),
      },
      {
        field: 'section',
        headerName: '所属・担当',
        flex: 1,
        minWidth: 136,
        valueGetter: (_v, row) => [row.section, row.line].filter(Boolean).join('　'),
        renderCell: ({ row }) => (
          <Box sx={{ lineHeight: 1.25, py: 0.5, minWidth: 0 }}>
            <Typography sx={{ fontSize: 13 }} noWrap>
              {row.section ?? '—'}
            </Typography>
            <Typography sx={{ fontSize: 12, color: 'text.secondary' }} noWrap>
              {row.line ?? ''}
            </Typography>
          </Box>
        ),
      },
      { field: 'position', headerName: '職位', width: 62 },
      { field: 'gradeGroup', headerName: '職層', width: 86 },
      {
        field: 'yearsOfService',
        headerName: '在職年数',
        width: 76,
        type: 'number',
        valueFormatter: (v: number | null) => yearsText(v),
      },
      {
        field: 'yearsInPost',
        headerName: '在課年数',
        width: 76,
        type: 'number',
        valueFormatter: (v: number | null) => yearsText(v),
      },
      ...years.map((year, i): GridColDef<PlacementRow> => ({
        field: `class${i}`,
        headerName: eraFy(year),
        description: `${eraFy(year)}の区分`,
        width: 86,
        ...centred,
        valueGetter: (_v, row) => row.results[i]?.rankClass ?? null,
        renderCell: ({ row }) => <span title={classText(row.results[i])}>{classDigit(row.results[i])}</span>,
      })),
      {
        field: 'wishesTransfer',
        headerName: '異動希望',
        width: 76,
        ...centred,
        valueFormatter: (v: boolean) => mark(v),
      },
      { field: 'applied', headerName: '公募', width: 54, ...centred, valueFormatter: (v: boolean) => mark(v) },
    ];
    return all.map((c) => ({
      ...c,
      // Only what the core sorts by can be sorted (the page is one of many); 氏名 sorts by the reading.
      sortable: (paging.sortFields as readonly string[]).includes(c.field),
      filterable: false,
    }));
  }, [fy, paging.sortFields]);

  const open = (params: GridCellParams<PlacementRow>) => {
    // The checkbox chooses the row; every other cell opens the person.
    if (params.field !== '__check__') onOpen(params.row.staffNo);
  };

  return (
    <Box sx={{ height: 'calc(100vh - 318px)', minHeight: 300, bgcolor: 'background.paper' }}>
      <DataGrid
        aria-label="人事配置の一覧"
        rows={rows}
        columns={columns}
        getRowId={(r) => r.staffNo}
        rowCount={total ?? 0}
        loading={loading}
        rowHeight={48}
        columnHeaderHeight={44}
        checkboxSelection
        keepNonExistentRowsSelected
        disableRowSelectionOnClick
        disableColumnFilter
        rowSelectionModel={selection}
        onRowSelectionModelChange={onSelectionChange}
        paginationMode="server"
        sortingMode="server"
        pageSizeOptions={[25, 50, 100]}
        paginationModel={paging.paginationModel}
        onPaginationModelChange={paging.onPaginationModelChange}
        sortModel={paging.sortModel}
        onSortModelChange={paging.onSortModelChange}
        onCellClick={open}
        onCellKeyDown={(params: GridCellParams<PlacementRow>, event) => {
          if (event.key === 'Enter') open(params);
        }}
        localeText={{
          footerRowSelected: (count) => `${formatCount(count)}を選択中`,
          checkboxSelectionHeaderName: '選択',
          paginationRowsPerPage: '1ページの行数:',
          paginationDisplayedRows: ({ from, to, count }) =>
            `${formatNumber(from)}–${formatCount(to)}（全${formatCount(count)}）`,
        }}
        slots={{ noRowsOverlay: NoPeople }}
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
      />
    </Box>
  );
}
