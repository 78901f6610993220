import { useId } from 'react';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';

export type FigureTable = {
  /** Column headers; the first names the rows. */
  columns: string[];
  /** One row per bar / point: its label, then its figures as the screen writes them. */
  rows: (string | number)[][];
};

/** MUI's small table (size="small"), written as one style for the whole table. */
const figureTable = {
  width: '100%',
  borderCollapse: 'collapse',
  fontSize: '0.875rem',
  lineHeight: 1.43,
  '& th, & td': {
    px: 2,
    py: 0.75,
    borderBottom: 1,
    borderColor: 'divider',
    textAlign: 'left',
    verticalAlign: 'inherit',
  },
  '& thead th': { fontWeight: 500, lineHeight: '1.5rem' },
  '& tbody th': { fontWeight: 400 },
  '& .num': { textAlign: 'right', whiteSpace: 'nowrap' },
  '& .empty': { color: 'text.secondary' },
} as const;

/**
 * A chart with its figures in a table beside it (docs/plan.md): the chart is a picture for the
 * eye (hidden from screen readers), the table carries the same figures for screen readers and for
 * printing. `wide` puts the table under the chart instead of beside it.
 */
export function ChartWithTable({
  title,
  note,
  table,
  wide = false,
  testId,
  children,
}: {
  title: string;
  note?: ReactNode;
  table: FigureTable;
  wide?: boolean;
  testId: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={headingId}
      data-testid={testId}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 1, breakInside: 'avoid' }}
    >
      <Typography variant="h3" id={headingId} sx={{ fontSize: 16, fontWeight: 700 }}>
        {title}
      </Typography>
      {note ? <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>{note}</Typography> : null}
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          alignItems: 'start',
          gridTemplateColumns: wide ? '1fr' : { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
        }}
      >
        <Box aria-hidden data-testid="chart" sx={{ minWidth: 0 }}>
          {children}
        </Box>
        <Box sx={{ overflowX: 'auto' }}>
          {/*
           * Plain table elements styled once here, as MUI's small table looks: a city's table has
           * 120 rows (課, areas), and a styled component per cell made drawing it a long task.
           */}
          <Box component="table" aria-label={`${title}（数値）`} data-testid="chart-table" sx={figureTable}>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={c} scope="col" className={i === 0 ? undefined : 'num'}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, ri) => (
                <tr key={`${String(r[0])}-${ri}`}>
                  {r.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i} className="num">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
              {table.rows.length === 0 ? (
                <tr>
                  <td colSpan={table.columns.length} className="empty">
                    データがありません。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </Box>
        </Box>
      </Box>
    </Paper>
  );
}
