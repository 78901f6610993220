import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { MeasureRecordRow, MeasuresView } from '../../../../shared/api/plan';
import { VisuallyHidden } from '../../ui/visually-hidden';
import { formatNumber, slashDate } from '../../format';

export type RecordAction = 'edit' | 'delete';

/** Whether the viewer may change a record: HR any, a section head their own 課's (the core decides too). */
export function mayChange(scope: MeasuresView['recordScope'], r: Pick<MeasureRecordRow, 'section'>): boolean {
  return scope.kind === 'all' || (scope.kind === 'section' && r.section === scope.section);
}

/** 総務課 企画担当 / 区役所全体 */
export function heldBy(r: Pick<MeasureRecordRow, 'section' | 'line'>): string {
  if (r.section === null) return '区役所全体';
  return r.line ? `${r.section} ${r.line}` : r.section;
}

/** 実施記録: date, who held it, participants and note, with edit / delete in the viewer's scope. */
export function RecordsTable({
  records,
  label,
  scope,
  showMeasure,
  onAction,
}: {
  records: MeasureRecordRow[];
  label: string;
  scope: MeasuresView['recordScope'];
  showMeasure: boolean;
  onAction: (action: RecordAction, r: MeasureRecordRow) => void;
}) {
  if (records.length === 0) {
    return <Typography sx={{ fontSize: 14, color: 'text.secondary' }}>今年度の実施記録はまだありません。</Typography>;
  }
  const sorted = [...records].sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.id - a.id);
  return (
    <Table size="small" aria-label={label} data-testid="records-table" sx={{ width: '100%', tableLayout: 'fixed' }}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 100 }}>実施日</TableCell>
          {showMeasure ? <TableCell sx={{ width: 260 }}>取組み</TableCell> : null}
          <TableCell sx={{ width: 180 }}>実施した課・担当</TableCell>
          <TableCell align="right" sx={{ width: 110 }}>
            参加者
          </TableCell>
          <TableCell>内容・メモ</TableCell>
          <TableCell sx={{ width: 90 }}>入力</TableCell>
          <TableCell sx={{ width: 120 }}>
            <VisuallyHidden>操作</VisuallyHidden>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map((r) => (
          <TableRow key={r.id} data-testid="record-row">
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{slashDate(r.heldOn)}</TableCell>
            {showMeasure ? (
              <TableCell>
                <Typography component="span" sx={{ fontWeight: 700, mr: 1, fontSize: 14 }}>
                  {r.code}
                </Typography>
                {r.title}
              </TableCell>
            ) : null}
            <TableCell>{heldBy(r)}</TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              {formatNumber(r.participants)}人
              {r.people.length > 0 ? (
                <Typography
                  component="span"
                  sx={{ display: 'block', fontSize: 12, color: 'text.secondary' }}
                  title={r.people.map((p) => p.name).join('、')}
                >
                  うち記名 {formatNumber(r.people.length)}人
                </Typography>
              ) : null}
            </TableCell>
            <TableCell sx={{ fontSize: 13 }}>{r.note || '—'}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap', fontSize: 12, color: 'text.secondary' }}>
              {r.source === 'import' ? '取込み' : r.createdBy}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {mayChange(scope, r) ? (
                <>
                  <Button
                    size="small"
                    onClick={() => onAction('edit', r)}
                    aria-label={`${slashDate(r.heldOn)}の記録を編集`}
                  >
                    編集
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    onClick={() => onAction('delete', r)}
                    aria-label={`${slashDate(r.heldOn)}の記録を削除`}
                  >
                    削除
                  </Button>
                </>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
