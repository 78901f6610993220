import Box from '@mui/material/Box';
import { DataGrid } from '@mui/x-data-grid';
import type { GridCellParams, GridColDef, GridRowParams, GridValidRowModel } from '@mui/x-data-grid';

type PersonRow = GridValidRowModel & { person: { staffNo: string } };

type Props<T extends PersonRow> = {
  /** The grid's accessible name. */
  label: string;
  rows: readonly T[];
  columns: GridColDef<T>[];
  /** Opens a person: a click on the row, or Enter on one of its cells. */
  onOpen: (staffNo: string) => void;
  height?: number;
};

/** The people lists (appraisals, MBO sheets, progress boards): one row per person, 50 a page, a row opens them. */
export function PeopleGrid<T extends PersonRow>({ label, rows, columns, onOpen, height = 560 }: Props<T>) {
  return (
    <Box sx={{ height }}>
      <DataGrid
        aria-label={label}
        rows={rows}
        columns={columns}
        getRowId={(r) => r.person.staffNo}
        density="compact"
        disableRowSelectionOnClick
        pageSizeOptions={[25, 50, 100]}
        initialState={{ pagination: { paginationModel: { pageSize: 50 } } }}
        onRowClick={(p: GridRowParams<T>) => onOpen(p.row.person.staffNo)}
        onCellKeyDown={(p: GridCellParams<T>, event) => {
          if (event.key === 'Enter') onOpen(p.row.person.staffNo);
        }}
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
      />
    </Box>
  );
}
