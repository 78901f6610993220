import { useId } from 'react';
import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { PersonRef } from '../../../shared/contract';

/** Who is on no area team this year: the plan wants this list empty. */
export function AreasUnassigned({ people }: { people: PersonRef[] }) {
  const titleId = useId();
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby={titleId}
      sx={{ p: 2, mb: 2, borderColor: people.length > 0 ? 'warning.main' : undefined }}
    >
      <Typography variant="h2" id={titleId} sx={{ mb: 1 }}>
        未割当の職員（{people.length.toLocaleString('ja-JP')}人）
      </Typography>
      {people.length === 0 ? (
        <Alert severity="success">全員がいずれかの地域担当チームに割り当てられています。</Alert>
      ) : (
        <>
          <Typography sx={{ mb: 1, fontSize: 13, color: 'text.secondary' }}>
            プランではすべての職員が地域担当チームに入ります。地域担当の取込で割り当ててください。
          </Typography>
          <TableContainer sx={{ maxHeight: 320 }}>
            <Table size="small" stickyHeader aria-label="未割当の職員">
              <TableHead>
                <TableRow>
                  <TableCell>職員番号</TableCell>
                  <TableCell>氏名</TableCell>
                  <TableCell>所属</TableCell>
                  <TableCell>職位</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {people.map((p) => (
                  <TableRow key={p.staffNo}>
                    <TableCell>{p.staffNo}</TableCell>
                    <TableCell>{p.name}</TableCell>
                    <TableCell>{p.section ?? '—'}</TableCell>
                    <TableCell>{p.position}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </Paper>
  );
}
