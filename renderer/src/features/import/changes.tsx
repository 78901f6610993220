import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import type { AnyImportKind, FieldDiff, RowChange } from '../../../../shared/contract';
import { isWorkbookKind } from './kinds';
import { formatCount, formatDay, formatNumber } from '../../format';

type Status = RowChange['status'];

export const statusLabels: Record<Status, string> = {
  new: '新規',
  changed: '変更',
  unchanged: '変更なし',
  error: 'エラー',
};
const statusColors = { new: 'success', changed: 'info', unchanged: 'default', error: 'error' } as const;
const all = '__all__';

/** A value as the user typed it in Excel: ISO dates back in the ward's style. */
function shownValue(v: string): string {
  if (v === '') return '（空）';
  return /^\d{4}-\d{2}-\d{2}$/u.test(v) ? formatDay(v) : v;
}

function Diffs({ diffs }: { diffs: FieldDiff[] }) {
  if (diffs.length === 0) return <Typography sx={{ color: 'text.secondary' }}>—</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', py: 0.5 }}>
      {diffs.map((d) => (
        <Box component="li" key={d.field} sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1, lineHeight: 1.7 }}>
          <Box component="span" sx={{ fontWeight: 500, minWidth: '6em' }}>
            {d.field}
          </Box>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {shownValue(d.before)}
          </Box>
          <Box component="span" aria-hidden sx={{ color: 'text.secondary' }}>
            →
          </Box>
          <Box component="span" sx={{ fontWeight: 500 }}>
            {shownValue(d.after)}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** The rows the import would add or change (and those it cannot), with before → after per field. */
export function ImportChanges({
  changes,
  kind,
  expected,
}: {
  changes: RowChange[];
  kind: AnyImportKind;
  expected: number;
}) {
  const [status, setStatus] = useState<Status | typeof all>(all);
  const rows = useMemo(() => changes.map((c, id) => ({ ...c, id })), [changes]);
  const statuses = useMemo(() => [...new Set(changes.map((c) => c.status))], [changes]);
  const shown = status === all ? rows : rows.filter((r) => r.status === status);
  const columns = useMemo<GridColDef<RowChange & { id: number }>[]>(
    () => [
      // The 研修 workbook has two sheets: each row names its sheet.
      ...(kind === 'training' ? [{ field: 'sheet', headerName: 'シート', width: 120 }] : []),
      { field: 'row', headerName: isWorkbookKind(kind) ? 'シート' : '行', width: 70, type: 'number' },
      { field: 'key', headerName: kind === 'areas' ? '職員番号/キー' : '職員番号', width: 130 },
      {
        field: 'label',
        headerName: kind === 'training' ? '研修名・氏名' : '氏名',
        width: kind === 'training' ? 240 : 160,
      },
      {
        field: 'status',
        headerName: '状態',
        width: 100,
        valueFormatter: (v: Status) => statusLabels[v],
        renderCell: ({ row }) => (
          <Chip size="small" label={statusLabels[row.status]} color={statusColors[row.status]} variant="outlined" />
        ),
      },
      {
        field: 'diffs',
        headerName: '変更内容（変更前 → 変更後）',
        flex: 1,
        minWidth: 320,
        sortable: false,
        renderCell: ({ row }) => <Diffs diffs={row.diffs} />,
      },
    ],
    [kind],
  );

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', mb: 1 }}>
        <TextField
          select
          label="状態で絞り込む"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | typeof all)}
          sx={{ width: 200 }}
        >
          <MenuItem value={all}>すべて</MenuItem>
          {statuses.map((s) => (
            <MenuItem key={s} value={s}>
              {statusLabels[s]}
            </MenuItem>
          ))}
        </TextField>
        <Typography role="status" sx={{ ml: 'auto', color: 'text.secondary' }}>
          {shown.length === rows.length
            ? formatCount(rows.length, '行')
            : `${formatCount(rows.length, '行')}中 ${formatCount(shown.length, '行')}`}
        </Typography>
      </Box>
      {expected > rows.length ? (
        <Typography sx={{ mb: 1, fontSize: 13, color: 'text.secondary' }}>
          新規・変更・エラーの {formatNumber(expected)} 行のうち、先頭の {formatNumber(rows.length)}{' '}
          行を表示しています。
        </Typography>
      ) : null}
      <Box sx={{ display: 'flex', flexDirection: 'column', maxHeight: 480, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="変更される行"
          rows={shown}
          columns={columns}
          density="compact"
          getRowHeight={() => 'auto'}
          disableRowSelectionOnClick
          pageSizeOptions={[100]}
          hideFooter={shown.length <= 100}
          sx={{ '& .MuiDataGrid-cell': { alignItems: 'flex-start', py: 0.5 } }}
        />
      </Box>
    </Box>
  );
}
