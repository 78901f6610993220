import { useCallback, useMemo } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { DataGrid, GridOverlay } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import type { ImportLogRow } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { formatCount, formatDateTime, formatNumber } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { importKindInfo } from './kinds';

function countsText(r: ImportLogRow): string {
  // A form workbook commits its valid forms: the rejected ones are counted in the log too.
  const rejected = r.errors > 0 ? `・却下 ${formatNumber(r.errors)}` : '';
  return `${formatCount(r.total, '行')}（新規 ${formatNumber(r.inserted)}・変更 ${formatNumber(r.updated)}・変更なし ${formatNumber(r.unchanged)}${rejected}）`;
}

function NoImports() {
  return <GridOverlay>取込の記録はまだありません。</GridOverlay>;
}

/** The file's SHA-256, named for HR by what it is for (docs/workbook-import.md). */
const fingerprintLabel = 'ファイルの指紋（SHA-256）';
const fingerprintHelp =
  '取り込んだファイルの中身から計算した値です。同じファイルなら必ず同じ値になるので、手元のファイルが取り込んだものと同じかを確かめられます。';

/** 取込履歴: who imported which file when, with its fingerprint (the same file always has the same one). */
export function ImportLog({ nonce }: { nonce: number }) {
  const load = useCallback(() => {
    void nonce;
    return request('import:log', {});
  }, [nonce]);
  const { data, error, loading } = useLoad(load);
  const columns = useMemo<GridColDef<ImportLogRow>[]>(
    () => [
      { field: 'at', headerName: '日時', width: 160, valueFormatter: (v: string) => formatDateTime(v) },
      { field: 'actor', headerName: '実行者', width: 140 },
      {
        field: 'kind',
        headerName: '種類',
        width: 100,
        valueFormatter: (v: ImportLogRow['kind']) => importKindInfo[v].label,
      },
      { field: 'fileName', headerName: 'ファイル名', flex: 1, minWidth: 180 },
      { field: 'counts', headerName: '件数', width: 260, valueGetter: (_v, row) => countsText(row), sortable: false },
      {
        field: 'fileHash',
        headerName: fingerprintLabel,
        width: 190,
        renderHeader: () => (
          <Tooltip title={fingerprintHelp} describeChild>
            <Box component="span" sx={{ fontWeight: 500 }}>
              {fingerprintLabel}
            </Box>
          </Tooltip>
        ),
        renderCell: ({ row }) => (
          <Tooltip title={`${fingerprintHelp}（${row.fileHash}）`} describeChild>
            <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 12 }}>
              {row.fileHash.slice(0, 12)}
            </Box>
          </Tooltip>
        ),
      },
    ],
    [],
  );

  return (
    <Box>
      {error ? (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', flexDirection: 'column', maxHeight: 400, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="取込履歴"
          rows={data ?? []}
          columns={columns}
          loading={loading}
          slots={{ noRowsOverlay: NoImports }}
          density="compact"
          disableRowSelectionOnClick
          pageSizeOptions={[25, 50, 100]}
          initialState={{
            pagination: { paginationModel: { pageSize: 25 } },
            sorting: { sortModel: [{ field: 'at', sort: 'desc' }] },
          }}
        />
      </Box>
    </Box>
  );
}
