import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import type { ImportProblem } from '../../../../shared/contract';
import { formatCount } from '../../format';

type Row = ImportProblem & { id: number };

const all = '__all__';
const noField = '__none__';

const columnsOf = (kindLabel: string): GridColDef<Row>[] => [
  { field: 'sheet', headerName: 'シート', width: 120 },
  { field: 'row', headerName: '行', width: 70, type: 'number', valueFormatter: (v: number | null) => v ?? '—' },
  { field: 'column', headerName: '列', width: 60, valueFormatter: (v: string | null) => v ?? '—' },
  { field: 'field', headerName: '項目', width: 130, valueFormatter: (v: string | null) => v ?? '—' },
  {
    field: 'kind',
    headerName: '種類',
    width: 80,
    valueFormatter: (v: ImportProblem['kind'] | undefined) => (v === 'confirm' ? '要確認' : kindLabel),
  },
  { field: 'message', headerName: '内容', flex: 1, minWidth: 260 },
];

const errorColumns = columnsOf('エラー');
const warningColumns = columnsOf('警告');

/**
 * Every problem of the dry run — or every warning, which does not block the commit — where HR will
 * find it in Excel, filterable by 項目 and text.
 */
export function ImportProblems({
  problems,
  variant = 'errors',
}: {
  problems: ImportProblem[];
  variant?: 'errors' | 'warnings';
}) {
  const word = variant === 'warnings' ? '警告' : 'エラー';
  const [field, setField] = useState(all);
  const [text, setText] = useState('');
  const rows = useMemo(() => problems.map((p, id) => ({ ...p, id })), [problems]);
  const fields = useMemo(() => [...new Set(problems.map((p) => p.field ?? noField))], [problems]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return rows.filter((r) => {
      if (field !== all && (r.field ?? noField) !== field) return false;
      if (!needle) return true;
      return [r.sheet, r.column, r.field, r.message, r.row === null ? '' : String(r.row)]
        .join(' ')
        .toLowerCase()
        .includes(needle);
    });
  }, [rows, field, text]);

  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 1 }}>
        <TextField
          select
          label="項目で絞り込む"
          value={field}
          onChange={(e) => setField(e.target.value)}
          sx={{ width: 200 }}
        >
          <MenuItem value={all}>すべての項目</MenuItem>
          {fields.map((f) => (
            <MenuItem key={f} value={f}>
              {f === noField ? '（ファイル全体）' : f}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          type="search"
          label={`${word}を検索`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          sx={{ width: 240 }}
        />
        <Typography role="status" sx={{ ml: 'auto', color: 'text.secondary' }}>
          {shown.length === rows.length
            ? formatCount(rows.length, '件')
            : `${formatCount(rows.length, '件')}中 ${formatCount(shown.length, '件')}`}
        </Typography>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', maxHeight: 420, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label={`${word}一覧`}
          rows={shown}
          columns={variant === 'warnings' ? warningColumns : errorColumns}
          density="compact"
          disableRowSelectionOnClick
          pageSizeOptions={[100]}
          hideFooter={shown.length <= 100}
        />
      </Box>
    </Box>
  );
}
