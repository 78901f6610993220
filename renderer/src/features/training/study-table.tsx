import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { StudyByLine } from '../../../../shared/contract';
import { formatNumber } from '../../format';

/** 担当内勉強会（OJT） per 担当 in the year: sessions held, people who took part, and who shared. */
export function StudyTable({ rows }: { rows: StudyByLine[] }) {
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto', maxWidth: 760 }}>
      <Table size="small" aria-label="担当内勉強会" data-testid="study-table">
        <TableHead>
          <TableRow>
            <TableCell>課</TableCell>
            <TableCell>担当</TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              開催数
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              参加者
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              報告・共有
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5}>
                <Typography sx={{ color: 'text.secondary', py: 1 }}>この年度の勉強会の記録はありません。</Typography>
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((r) => (
            <TableRow key={`${r.section}\u0000${r.line}`} data-testid="study-row">
              <TableCell>{r.section}</TableCell>
              <TableCell>{r.line}</TableCell>
              <TableCell align="right">{formatNumber(r.sessions)}回</TableCell>
              <TableCell align="right">{formatNumber(r.participants)}人</TableCell>
              <TableCell align="right">{formatNumber(r.sharedBy)}人</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
