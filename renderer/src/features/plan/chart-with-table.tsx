import { useId } from 'react';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';

export type FigureTable = {
  /** Column headers; the first names the rows. */
  columns: string[];
  /** One row per bar / point: its label, then its figures as the screen writes them. */
  rows: (string | number)[][];
};

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
          <Table size="small" aria-label={`${title}（数値）`} data-testid="chart-table">
            <TableHead>
              <TableRow>
                {table.columns.map((c, i) => (
                  <TableCell key={c} align={i === 0 ? 'left' : 'right'} sx={{ whiteSpace: 'nowrap' }}>
                    {c}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {table.rows.map((r, ri) => (
                <TableRow key={`${String(r[0])}-${ri}`}>
                  {r.map((cell, i) =>
                    i === 0 ? (
                      <TableCell key={i} component="th" scope="row">
                        {cell}
                      </TableCell>
                    ) : (
                      <TableCell key={i} align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {cell}
                      </TableCell>
                    ),
                  )}
                </TableRow>
              ))}
              {table.rows.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={table.columns.length} sx={{ color: 'text.secondary' }}>
                    データがありません。
                  </TableCell>
                </TableRow>
              ) : null}
            </TableBody>
          </Table>
        </Box>
      </Box>
    </Paper>
  );
}
