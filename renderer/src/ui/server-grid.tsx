import { useMemo } from 'react';
import Box from '@mui/material/Box';
import { DataGrid, GridOverlay } from '@mui/x-data-grid';
import type { GridCellParams, GridColDef, GridRowParams, GridValidRowModel } from '@mui/x-data-grid';
import type { ServerPaging } from '../hooks/useServerPage';
import { useStages } from './staged';

type Props<T extends GridValidRowModel, F extends string> = {
  /** The grid's accessible name. */
  label: string;
  /** The current page's rows. */
  rows: readonly T[];
  /** How many rows the whole filtered list has (null while the first page loads). */
  total: number | null;
  loading: boolean;
  columns: GridColDef<T>[];
  getRowId: (row: T) => string;
  paging: ServerPaging<F>;
  /** Opens a row: a click, or Enter on one of its cells. */
  onOpen?: (row: T) => void;
  /** Shown when the filtered list is empty. */
  emptyText?: string;
  height?: number | string;
  testId?: string;
  /**
   * Mounts the grid without rows (its loading overlay shown) and gives it the page a task later:
   * a DataGrid's first mount measures itself, and with a page of rows in the same task a city's
   * screen would freeze (docs/city-scale.md "Drawing without a freeze").
   */
  mountEmpty?: boolean;
};

/** The rows of a grid mounted empty. */
const noRows: never[] = [];

/**
 * A list that pages and sorts on the server (docs/lists.md): the grid holds one page (at most 100
 * rows, the MIT grid's limit) and draws only the rows in view, so 35,000 people cost what 50 do.
 * Only the columns the channel can sort by are sortable; filters are the screen's own controls.
 */
export function ServerGrid<T extends GridValidRowModel, F extends string>({
  label,
  rows,
  total,
  loading,
  columns,
  getRowId,
  paging,
  onOpen,
  emptyText = '条件に合う行はありません',
  height = 560,
  testId,
  mountEmpty = false,
}: Props<T, F>) {
  const filled = useStages(mountEmpty ? 2 : 1, null) >= 2 || !mountEmpty;
  const sortable = useMemo(
    () =>
      columns.map((c) => ({
        ...c,
        sortable: (paging.sortFields as readonly string[]).includes(c.field),
        filterable: false,
      })),
    [columns, paging.sortFields],
  );
  const Empty = useMemo(() => {
    const NoRows = () => <GridOverlay>{emptyText}</GridOverlay>;
    return NoRows;
  }, [emptyText]);
  return (
    <Box sx={{ height, minHeight: 320, bgcolor: 'background.paper' }} data-testid={testId}>
      <DataGrid
        aria-label={label}
        rows={filled ? rows : noRows}
        columns={sortable}
        getRowId={getRowId}
        rowCount={total ?? 0}
        loading={loading || !filled}
        density="compact"
        disableRowSelectionOnClick
        disableColumnFilter
        paginationMode="server"
        sortingMode="server"
        pageSizeOptions={[25, 50, 100]}
        paginationModel={paging.paginationModel}
        onPaginationModelChange={paging.onPaginationModelChange}
        sortModel={paging.sortModel}
        onSortModelChange={paging.onSortModelChange}
        {...(onOpen
          ? {
              onRowClick: (p: GridRowParams<T>) => onOpen(p.row),
              onCellKeyDown: (p: GridCellParams<T>, event: { key: string }) => {
                if (event.key === 'Enter') onOpen(p.row);
              },
              sx: { '& .MuiDataGrid-row': { cursor: 'pointer' } },
            }
          : {})}
        slots={{ noRowsOverlay: Empty }}
      />
    </Box>
  );
}
