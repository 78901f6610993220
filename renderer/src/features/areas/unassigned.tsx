import { useCallback, useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { PersonRef } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { formatCount } from '../../format';

/**
 * Who is on no area team this year: the plan wants this list empty. The names come only to HR; anyone
 * else gets the count (people is null).
 */
export function AreasUnassigned({ fy, people, count }: { fy: number; people: PersonRef[] | null; count: number }) {
  const more = useCallback(
    (offset: number) => request('areas:people', { fy, list: 'unassigned', page: { offset, limit: morePage } }),
    [fy],
  );
  return (
    <PeopleToFix
      title={`未割当の職員（${formatCount(count)}）`}
      people={people}
      count={count}
      named={count}
      more={more}
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
  fy,
  people,
  count,
  named,
  written,
  namesOf,
}: {
  fy: number;
  people: PersonRef[] | null;
  count: number;
  /** How many names the caller may see in all (`people` holds the first few). */
  named: number;
  written: number;
  namesOf: 'all' | 'ledAreas' | 'none';
}) {
  const more = useCallback(
    (offset: number) => request('areas:people', { fy, list: 'withoutAreaGoal', page: { offset, limit: morePage } }),
    [fy],
  );
  return (
    <PeopleToFix
      title={`地域担当目標のない目標管理シート（${formatCount(count, '件')} / 記入済み ${formatCount(written, '件')}）`}
      people={people}
      count={count}
      named={named}
      more={more}
      withheld="氏名は人事担当と、その職員の地域のリーダーだけに表示されます。"
      partial={
        namesOf === 'ledAreas'
          ? `このうち、あなたがリーダーの地域のメンバーは ${formatCount(named, '件')}です。`
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

/** How many more names 「続きを表示」 asks for (a page of areas:people). */
const morePage = 100;

function PeopleToFix({
  title,
  people: first,
  count,
  named,
  more,
  withheld,
  partial,
  allWell,
  help,
}: {
  title: string;
  /** The first names the caller may see; null when withheld (the count is still shown). */
  people: PersonRef[] | null;
  count: number;
  /** How many names the caller may see in all. */
  named: number;
  /** The next names from `offset` on (areas:people). */
  more: (offset: number) => Promise<{ rows: PersonRef[] }>;
  withheld: string;
  partial?: string;
  allWell: string;
  help: string;
}) {
  const titleId = useId();
  // Names loaded with 「続きを表示」, kept with the first page they follow (a new overview starts again).
  const [extra, setExtra] = useState<{ after: PersonRef[] | null; rows: PersonRef[] }>({ after: null, rows: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const people = first === null ? null : extra.after === first ? [...first, ...extra.rows] : first;
  const rest = people === null ? 0 : Math.max(0, named - people.length);
  const showMore = async () => {
    if (people === null || first === null) return;
    setBusy(true);
    setError(null);
    try {
      const page = await more(people.length);
      setExtra({ after: first, rows: [...people.slice(first.length), ...page.rows] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
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
          {rest > 0 ? (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mt: 1 }}>
              <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="names-rest">
                ほか {formatCount(rest)}
              </Typography>
              <Button size="small" variant="outlined" disabled={busy} onClick={() => void showMore()}>
                続きを表示（{formatCount(Math.min(rest, morePage))}）
              </Button>
            </Box>
          ) : null}
          {error ? (
            <Alert severity="error" sx={{ mt: 1 }}>
              {errorMessage(error)}
            </Alert>
          ) : null}
        </>
      )}
    </Paper>
  );
}
