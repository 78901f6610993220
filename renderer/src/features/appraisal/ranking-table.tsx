import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { alpha } from '@mui/material/styles';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import type { RANKING_ROW_SORTS } from '../../../../shared/contract';
import type { RankingRow } from '../../../../shared/contract';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import type { ServerPaging } from '../../hooks/useServerPage';
import { ServerGrid } from '../../ui/server-grid';
import { formatCount, formatNumber } from '../../format';
import { MboBlock } from '../mbo/parts';
import type { RankingResult } from './ranking-figures';

type Result = RankingResult;

/** A tie's cells are tinted, as its row was in the plain table. */
const tieCell = (p: GridCellParams<RankingRow>) => (p.row.tie ? 'ranking-tie' : '');

const rankedColumns: GridColDef<RankingRow>[] = [
  {
    field: 'position',
    headerName: '順位',
    width: 80,
    type: 'number',
    cellClassName: tieCell,
    // The e2e tests count ranked rows (and tied ones) by this mark, one per row.
    renderCell: (p: GridCellParams<RankingRow>) => (
      <span data-testid="ranking-row" data-tie={p.row.tie ? 'true' : undefined}>
        {formatNumber(p.row.position)}
      </span>
    ),
  },
  { field: 'staffNo', headerName: '職員番号', width: 110, cellClassName: tieCell },
  { field: 'name', headerName: '氏名', width: 150, cellClassName: tieCell },
  { field: 'section', headerName: '所属', width: 170, cellClassName: tieCell, valueGetter: (_v, r) => r.section ?? '' },
  {
    field: 'score',
    headerName: '絶対評価点',
    width: 110,
    type: 'number',
    cellClassName: tieCell,
    valueFormatter: (v: number) => v.toFixed(2),
  },
  {
    field: 'rankClass',
    headerName: '区分',
    minWidth: 220,
    flex: 1,
    cellClassName: tieCell,
    renderCell: (p: GridCellParams<RankingRow>) => (
      <>
        {p.row.rankClass ? RANK_CLASS_LABELS[p.row.rankClass] : '未定'}
        {p.row.tie ? (
          <Chip
            size="small"
            label={p.row.decided ? '同点・決定済み' : '同点・要判断'}
            color={p.row.decided ? 'default' : 'warning'}
            variant="outlined"
            sx={{ ml: 1 }}
          />
        ) : null}
      </>
    ),
  },
];

/** The grid is as tall as its page: compact rows are 36px; the header and the footer about 40 and 52. */
const gridHeight = (result: Result): number => 40 + 56 + Math.max(3, result.rows.length) * 36;

/** The height of RankedTable with its heading, for the placeholder drawn before it. */
export const rankedHeight = (result: Result): number => gridHeight(result) + 64;

/**
 * The ranked members, one page at a time from the server (docs/lists.md): a city's 20,000 ranked
 * people cost what 50 do. The grid is as tall as its page, so the page scrolls, not the grid.
 */
export function RankedTable({
  result,
  paging,
  loading,
  onOpen,
}: {
  result: Result;
  paging: ServerPaging<(typeof RANKING_ROW_SORTS)[number]>;
  loading: boolean;
  onOpen: (staffNo: string) => void;
}) {
  const total = result.rowsTotal ?? result.rows.length;
  const height = gridHeight(result);
  return (
    <MboBlock title={`順位（${formatCount(total)}）`} testId="ranking-rows">
      <Box sx={{ '& .ranking-tie': { bgcolor: (t) => alpha(t.palette.warning.main, 0.12) } }}>
        <ServerGrid
          label="相対評価の順位"
          rows={result.rows}
          total={total}
          loading={loading}
          columns={rankedColumns}
          getRowId={(r) => r.staffNo}
          paging={paging}
          onOpen={(r) => onOpen(r.staffNo)}
          emptyText="順位づけの対象はまだいません"
          height={height}
        />
      </Box>
    </MboBlock>
  );
}
