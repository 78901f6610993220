import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { EvaluatorAssignmentRow } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { formatDay } from '../../format';
import { PersonCell } from './person-cell';
import { StaffPanel } from './panel';

function period(row: EvaluatorAssignmentRow): string {
  return `${formatDay(row.effectiveFrom)} 〜 ${row.effectiveTo ? formatDay(row.effectiveTo) : ''}`;
}

/** 評価者 for the chosen year; one row per period when an evaluator changed mid-year. */
export function StaffEvaluators({ rows, fy }: { rows: EvaluatorAssignmentRow[]; fy: number }) {
  return (
    <StaffPanel title={`評価者（${fiscalYearShort(fy, 'era')}）`}>
      {rows.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>この年度の評価者は割り当てられていません。</Typography>
      ) : (
        <>
          <Table size="small" aria-label="評価者">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 220 }}>適用期間</TableCell>
                <TableCell>1次評価者</TableCell>
                <TableCell>2次評価者</TableCell>
                <TableCell>調整者</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.effectiveFrom} sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{period(r)}</TableCell>
                  <TableCell>
                    <PersonCell person={r.first} />
                  </TableCell>
                  <TableCell>
                    <PersonCell person={r.second} />
                  </TableCell>
                  <TableCell>
                    <PersonCell person={r.adjuster} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {rows.length > 1 ? (
            <Typography sx={{ mt: 1, fontSize: 13, color: 'text.secondary' }}>
              年度の途中で評価者が変わりました。評価は新しい評価者に引き継がれます。
            </Typography>
          ) : null}
        </>
      )}
    </StaffPanel>
  );
}
