import type { ReactNode } from 'react';
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
import type { PatrolRow, PersonRef, StudyRow } from '../../../../shared/contract';
import { formatDay } from '../../format';

type Removable = { kind: 'patrol' | 'study'; id: number; label: string };

function newestFirst<T extends { onDate: string; id: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => b.onDate.localeCompare(a.onDate) || b.id - a.id);
}

const names = (people: PersonRef[]) => people.map((p) => p.name).join('・');
/** A long attendee list is cut to a few names; the full list is in the tooltip. */
const someNames = (people: PersonRef[], max = 4) =>
  people.length <= max ? names(people) : `${names(people.slice(0, max))} ほか${people.length - max}人`;
const textCell = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

function Empty({ cols, text }: { cols: number; text: string }) {
  return (
    <TableRow>
      <TableCell colSpan={cols} sx={{ color: 'text.secondary' }}>
        {text}
      </TableCell>
    </TableRow>
  );
}

function RemoveCell({ row, onRemove }: { row: Removable & { canRemove: boolean }; onRemove: (r: Removable) => void }) {
  return (
    <TableCell align="right" sx={{ width: 72 }}>
      {row.canRemove ? (
        <Button size="small" color="error" onClick={() => onRemove(row)}>
          削除
        </Button>
      ) : null}
    </TableCell>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={title}>
          {children}
        </Table>
      </TableContainer>
    </section>
  );
}

export function AreaLogPatrols({ rows, onRemove }: { rows: PatrolRow[]; onRemove: (r: Removable) => void }) {
  return (
    <Section title={`巡回記録（${rows.length}件）`}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 140 }}>日付</TableCell>
          <TableCell sx={{ width: 180 }}>ペア</TableCell>
          <TableCell>内容</TableCell>
          <TableCell>気づいたこと</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst(rows).map((r) => (
          <TableRow key={r.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(r.onDate)}</TableCell>
            <TableCell>
              {r.pair.map((p) => (
                <Box key={p.staffNo} sx={{ whiteSpace: 'nowrap' }}>
                  {p.name}
                </Box>
              ))}
            </TableCell>
            <TableCell sx={textCell}>{r.notes}</TableCell>
            <TableCell sx={textCell}>{r.findings}</TableCell>
            <RemoveCell
              row={{
                kind: 'patrol',
                id: r.id,
                canRemove: r.canRemove,
                label: `${formatDay(r.onDate)}の巡回記録`,
              }}
              onRemove={onRemove}
            />
          </TableRow>
        ))}
        {rows.length === 0 ? <Empty cols={5} text="巡回記録はまだありません。" /> : null}
      </TableBody>
    </Section>
  );
}

export function AreaLogStudies({ rows, onRemove }: { rows: StudyRow[]; onRemove: (r: Removable) => void }) {
  return (
    <Section title={`勉強会（${rows.length}件）`}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 140 }}>日付</TableCell>
          <TableCell sx={{ width: '28%' }}>テーマ</TableCell>
          <TableCell sx={{ width: '30%' }}>参加者</TableCell>
          <TableCell>内容</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst(rows).map((r) => (
          <TableRow key={r.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(r.onDate)}</TableCell>
            <TableCell sx={textCell}>{r.topic}</TableCell>
            <TableCell title={names(r.attendees)}>
              {someNames(r.attendees)}（{r.attendees.length}人）
            </TableCell>
            <TableCell sx={textCell}>{r.notes}</TableCell>
            <RemoveCell
              row={{
                kind: 'study',
                id: r.id,
                canRemove: r.canRemove,
                label: `${formatDay(r.onDate)}の勉強会`,
              }}
              onRemove={onRemove}
            />
          </TableRow>
        ))}
        {rows.length === 0 ? <Empty cols={5} text="勉強会の記録はまだありません。" /> : null}
      </TableBody>
    </Section>
  );
}

export type { Removable };
