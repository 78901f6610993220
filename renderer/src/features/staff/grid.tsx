import { useMemo } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { DataGrid, GridOverlay } from '@mui/x-data-grid';
import type { GridCellParams, GridColDef, GridPaginationModel, GridRowParams } from '@mui/x-data-grid';
import type { StaffRow } from '../../../../shared/contract';
import { formatDate } from '../../format';

type Props = {
  rows: StaffRow[];
  loading: boolean;
  paginationModel: GridPaginationModel;
  onPaginationModelChange: (model: GridPaginationModel) => void;
  onOpen: (staffNo: string) => void;
};

const dateColumn = (field: 'hiredOn' | 'postedOn', headerName: string): GridColDef<StaffRow> => ({
  field,
  headerName,
  width: 124,
  // Sorts by the ISO value, shows the era date.
  valueFormatter: (value: string | null) => formatDate(value),
});

function NoStaff() {
  return <GridOverlay>条件に合う職員はいません</GridOverlay>;
}

/**
 * The staff list. The grid renders only the rows in view (virtualisation), a page of at most 100
 * at a time (the MIT grid's limit), so a city's 35,000 staff stay quick.
 */
export function StaffGrid({ rows, loading, paginationModel, onPaginationModelChange, onOpen }: Props) {
  const columns = useMemo<GridColDef<StaffRow>[]>(
    () => [
      { field: 'staffNo', headerName: '職員番号', width: 90 },
      { field: 'name', headerName: '氏名', flex: 1, minWidth: 120 },
      { field: 'kana', headerName: 'ふりがな', flex: 1, minWidth: 150 },
      { field: 'section', headerName: '所属', flex: 1, minWidth: 130 },
      { field: 'line', headerName: '担当', flex: 1, minWidth: 150 },
      { field: 'position', headerName: '職位', width: 80 },
      { field: 'gradeGroup', headerName: '職層', width: 90 },
      { field: 'jobType', headerName: '職種', width: 64 },
      { field: 'employment', headerName: '雇用区分', width: 104 },
      dateColumn('hiredOn', '採用日'),
      dateColumn('postedOn', '現所属配属日'),
      {
        field: 'active',
        headerName: '在職',
        width: 70,
        valueFormatter: (value: boolean) => (value ? '在職' : '退職'),
        renderCell: ({ row }) => (
          <Chip
            size="small"
            label={row.active ? '在職' : '退職'}
            color={row.active ? 'success' : 'default'}
            variant="outlined"
          />
        ),
      },
    ],
    [],
  );

  return (
    <Box sx={{ height: 'calc(100vh - 290px)', minHeight: 360, bgcolor: 'background.paper' }}>
      <DataGrid
        aria-label="職員一覧"
        rows={rows}
        columns={columns}
        getRowId={(r) => r.staffNo}
        loading={loading}
        density="compact"
        disableRowSelectionOnClick
        pageSizeOptions={[25, 50, 100]}
        paginationModel={paginationModel}
        onPaginationModelChange={onPaginationModelChange}
        onRowClick={(params: GridRowParams<StaffRow>) => onOpen(params.row.staffNo)}
        onCellKeyDown={(params: GridCellParams<StaffRow>, event) => {
          if (event.key === 'Enter') onOpen(params.row.staffNo);
        }}
        slots={{ noRowsOverlay: NoStaff }}
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
      />
    </Box>
  );
}
