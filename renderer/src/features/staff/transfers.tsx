import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { TransferRow } from '../../../../shared/contract';
import { formatDay } from '../../format';
import { StaffPanel } from './panel';

/** 異動履歴: each change of section or line with its date, newest first as the app gives it. */
export function StaffTransfers({ transfers }: { transfers: TransferRow[] }) {
  return (
    <StaffPanel title="異動履歴">
      {transfers.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>異動の記録はありません。</Typography>
      ) : (
        <Table size="small" aria-label="異動履歴">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 160 }}>異動日</TableCell>
              <TableCell>異動前</TableCell>
              <TableCell sx={{ width: 32 }} />
              <TableCell>異動後</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {transfers.map((t, i) => (
              <TableRow key={`${t.onDate}-${i}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(t.onDate)}</TableCell>
                <TableCell>{t.from || '—'}</TableCell>
                <TableCell aria-hidden sx={{ color: 'text.secondary' }}>
                  →
                </TableCell>
                <TableCell>{t.to || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </StaffPanel>
  );
}
