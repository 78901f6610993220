import { useCallback } from 'react';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { request } from '../../client';
import { useLoad } from '../../hooks/useLoad';
import { StaffPanel } from '../staff/panel';
import { formatDay } from '../../format';
import { hoursText } from './courses-table';

/**
 * 研修履歴 on a person's staff page: every course they attended, newest first (training:history).
 * The core decides who may read it; when it refuses, the section is simply not there.
 */
export function TrainingHistory({ staffNo }: { staffNo: string }) {
  const load = useCallback(() => request('training:history', { staffNo }), [staffNo]);
  const { data, error, loading } = useLoad(load);
  // Loading (perhaps another person's page), or refused: nothing, and no error banner.
  if (loading || error !== undefined || data === undefined) return null;
  return (
    <StaffPanel title="研修履歴">
      {data.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>研修の記録はありません。</Typography>
      ) : (
        <Table size="small" aria-label="研修履歴" data-testid="training-history">
          <TableHead>
            <TableRow>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>年度</TableCell>
              <TableCell>研修名</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>区分</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>受講日</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                時間数
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>修了</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((h) => (
              <TableRow key={`${h.courseId}-${h.attendedOn}`} data-testid="history-row">
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{fiscalYearShort(h.fy, 'era')}</TableCell>
                <TableCell>{h.title}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{h.category}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(h.attendedOn)}</TableCell>
                <TableCell align="right">{hoursText(h.hours)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{h.completed ? '修了' : '未修了'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </StaffPanel>
  );
}
