import { useMemo } from 'react';
import Chip from '@mui/material/Chip';
import type { GridColDef } from '@mui/x-data-grid';
import type { StaffRow, StaffSortField } from '../../../../shared/contract';
import { formatDay } from '../../format';
import type { ServerPaging } from '../../hooks/useServerPage';
import { ServerGrid } from '../../ui/server-grid';

type Props = {
  /** The current page. */
  rows: StaffRow[];
  /** How many people match the filters (null while the first page loads). */
  total: number | null;
  loading: boolean;
  paging: ServerPaging<StaffSortField>;
  onOpen: (staffNo: string) => void;
};

const dateColumn = (field: 'hiredOn' | 'postedOn', headerName: string, description: string): GridColDef<StaffRow> => ({
  field,
  headerName,
  description,
  // 2026/04/01 at 14px, with the cell's padding: the figure never wraps or clips.
  width: 104,
  // The app sorts by the ISO value; the cell shows the day (docs/renderer.md "Dates").
  valueFormatter: (value: string | null) => formatDay(value),
});

/**
 * The staff list: one page at a time (at most 100 rows, the MIT grid's limit), sorted by the app
 * when a column heading is clicked (docs/lists.md); the grid renders only the rows in view.
 */
export function StaffGrid({ rows, total, loading, paging, onOpen }: Props) {
  const columns = useMemo<GridColDef<StaffRow>[]>(
    () => [
      // Fits 1366 wide beside the menu (about 1,130px): fixed widths for codes, dates and short
      // words, the rest shares what is left; headings are short, the full name is the tooltip.
      { field: 'staffNo', headerName: '職員番号', width: 92 },
      { field: 'name', headerName: '氏名', flex: 1, minWidth: 100 },
      { field: 'kana', headerName: 'ふりがな', flex: 1, minWidth: 100 },
      { field: 'section', headerName: '所属', flex: 1, minWidth: 90 },
      { field: 'line', headerName: '担当', flex: 1, minWidth: 100 },
      { field: 'position', headerName: '職位', width: 76 },
      { field: 'gradeGroup', headerName: '職層', width: 94 },
      { field: 'jobType', headerName: '職種', width: 62 },
      { field: 'employment', headerName: '雇用', description: '雇用区分', width: 104 },
      dateColumn('hiredOn', '採用日', '採用日'),
      dateColumn('postedOn', '配属日', '現所属配属日'),
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
    <ServerGrid
      label="職員一覧"
      rows={rows}
      total={total}
      loading={loading}
      columns={columns}
      getRowId={(r) => r.staffNo}
      paging={paging}
      onOpen={(r) => onOpen(r.staffNo)}
      emptyText="条件に合う職員はいません"
      height="calc(100vh - 290px)"
      testId="staff-grid"
    />
  );
}
