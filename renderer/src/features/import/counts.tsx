import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ImportCounts } from '../../../../shared/contract';
import { formatCount, formatNumber } from '../../format';

type Tile = { key: keyof ImportCounts; label: string; color: string };

const tiles: Tile[] = [
  { key: 'total', label: '行数', color: 'text.primary' },
  { key: 'inserted', label: '新規', color: 'success.dark' },
  { key: 'updated', label: '変更', color: 'info.dark' },
  { key: 'unchanged', label: '変更なし', color: 'text.secondary' },
  { key: 'errors', label: 'エラー', color: 'error.main' },
];

/**
 * The preview's headline figures: how many rows are new, changed, unchanged or wrong. A workbook of
 * forms counts forms (様式), one per sheet, so its first tile says so.
 */
export function ImportCountTiles({ counts, unit = 'rows' }: { counts: ImportCounts; unit?: 'rows' | 'forms' }) {
  return (
    <Box
      component="ul"
      aria-label="件数"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, listStyle: 'none', m: 0, p: 0 }}
    >
      {tiles.map((tile) => {
        const t = tile.key === 'total' && unit === 'forms' ? { ...tile, label: '様式数' } : tile;
        const value = counts[t.key];
        const alert = t.key === 'errors' && value > 0;
        return (
          <Paper
            component="li"
            key={t.key}
            variant="outlined"
            data-testid={`import-count-${t.key}`}
            aria-label={`${t.label} ${formatCount(value, '件')}`}
            sx={{
              minWidth: 112,
              px: 2,
              py: 1,
              borderColor: alert ? 'error.main' : undefined,
              bgcolor: alert ? 'rgba(211,47,47,0.05)' : undefined,
            }}
          >
            <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>{t.label}</Typography>
            <Typography sx={{ fontSize: 24, fontWeight: 700, color: value > 0 ? t.color : 'text.disabled' }}>
              {formatNumber(value)}
              <Box component="span" sx={{ fontSize: 13, fontWeight: 400, ml: 0.5, color: 'text.secondary' }}>
                件
              </Box>
            </Typography>
          </Paper>
        );
      })}
    </Box>
  );
}
