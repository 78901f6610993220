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
import type { PersonRef } from '../../../../shared/contract';

/**
 * Who is on no area team this year: the plan wants this list empty. The names come only to HR; anyone
 * else gets the count (people is null).
 */
export function AreasUnassigned({ people, count }: { people: PersonRef[] | null; count: number }) {
  return (
    <PeopleToFix
      title={`未割当の職員（${count.toLocaleString('ja-JP')}人）`}
      people={people}
      count={count}
      withheld="氏名は人事担当だけに表示されます。"
      allWell="全員がいずれかの地域担当チームに割り当てられています。"
      help={
        // Only HR imports the teams: the others are not asked to do it.
        people === null
          ? 'プランではすべての職員が地域担当チームに入ります。'
          : 'プランではすべての職員が地域担当チームに入ります。地域担当の取込で割り当ててください。'
      }
    />
  );
}

/**
 * Whose MBO sheet has no 地域担当目標 this year: the plan wants this list empty too. HR sees every
 * name, an area's leader those of their own area's members, anyone else the count.
 */
export function SheetsWithoutAreaGoal({
  people,
  count,
  written,
  namesOf,
}: {
  people: PersonRef[] | null;
  count: number;
  written: number;
  namesOf: 'all' | 'ledAreas' | 'none';
}) {
  return (
    <PeopleToFix
      title={`地域担当目標のない目標管理シート（${count.toLocaleString('ja-JP')}件 / 記入済み ${written.toLocaleString('ja-JP')}件）`}
      people={people}
      count={count}
      withheld="氏名は人事担当と、その職員の地域のリーダーだけに表示されます。"
      partial={
        namesOf === 'ledAreas'
          ? `このうち、あなたがリーダーの地域のメンバーは ${(people ?? []).length.toLocaleString('ja-JP')}件です。`
          : undefined
      }
      allWell={
        written === 0
          ? 'この年度の目標管理シートはまだ記入されていません。'
          : '記入済みのすべての目標管理シートに地域担当目標があります。'
      }
      help="プランではすべての職員が目標管理シートに地域担当目標を1件以上設定します。地域担当目標がないシートは提出できません。"
    />
  );
}

function PeopleToFix({
  title,
  people,
  count,
  withheld,
  partial,
  allWell,
  help,
}: {
  title: string;
  /** The names the caller may see; null when withheld (the count is still shown). */
  people: PersonRef[] | null;
  count: number;
  withheld: string;
  partial?: string;
  allWell: string;
  help: string;
}) {
  const titleId = useId();
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby={titleId}
      sx={{ p: 2, mb: 2, borderColor: count > 0 ? 'warning.main' : undefined }}
    >
      <Typography variant="h2" id={titleId} sx={{ mb: 1 }}>
        {title}
      </Typography>
      {count === 0 ? (
        <Alert severity="success">{allWell}</Alert>
      ) : (
        <>
          <Typography sx={{ mb: 1, fontSize: 13, color: 'text.secondary' }}>{help}</Typography>
          {people === null || partial !== undefined ? (
            <Typography sx={{ mb: 1, fontSize: 13, color: 'text.secondary' }} data-testid="names-withheld">
              {withheld}
              {partial ?? ''}
            </Typography>
          ) : null}
          {people === null || people.length === 0 ? null : (
            <TableContainer sx={{ maxHeight: 320 }}>
              <Table size="small" stickyHeader aria-labelledby={titleId}>
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
          )}
        </>
      )}
    </Paper>
  );
}
