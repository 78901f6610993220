import { Fragment, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { MeasureRecordRow, MeasuresView } from '../../../../shared/api/plan';
import type { MeasureStatus, MeasureUnitStatus } from '../../../../shared/plan';
import { MEASURE_UNIT_LABELS } from '../../../../shared/plan';
import { VisuallyHidden } from '../../ui/visually-hidden';
import { MeasureMetChip, measureFigure, targetYear, takesRecords } from './format';
import { RecordsTable } from './records-table';
import type { RecordAction } from './records-table';
import { formatNumber } from '../../format';

export type MeasureAction = 'edit' | 'retire' | 'delete';

const unitName = (u: MeasureUnitStatus) => (u.line ? `${u.section ?? ''} ${u.line}` : (u.section ?? '区役所全体'));

/** Per unit: who has not held it yet (the useful list), then who has. */
function UnitsStatus({ m }: { m: MeasureStatus }) {
  if (!takesRecords(m)) {
    return (
      <Typography sx={{ fontSize: 14 }}>
        この取組みは「{m.kpi?.label ?? m.kpiId}」の数値で測ります（実施記録は入力しません）。
      </Typography>
    );
  }
  if (m.unit === 'office') {
    return (
      <Typography sx={{ fontSize: 14 }}>
        今年度の実施 {formatNumber(m.records)}回（必要 {formatNumber(m.required)}回）・参加者 延べ
        {formatNumber(m.participants)}人
      </Typography>
    );
  }
  const notYet = m.units.filter((u) => !u.done);
  const done = m.units.filter((u) => u.done);
  const what = m.unit === 'line' ? '担当' : '課';
  return (
    <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
      <Box data-testid="units-not-yet">
        <Typography sx={{ fontSize: 14, fontWeight: 700 }}>
          未実施の{what}（{formatNumber(notYet.length)}）
        </Typography>
        {notYet.length === 0 ? (
          <Typography sx={{ fontSize: 14, color: 'text.secondary' }}>すべての{what}が実施しました。</Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2.5, fontSize: 14 }}>
            {notYet.map((u) => (
              <li key={unitName(u)}>
                {unitName(u)}
                {u.count > 0 ? `（${formatNumber(u.count)} / ${formatNumber(m.required)}回）` : ''}
              </li>
            ))}
          </Box>
        )}
      </Box>
      <Box data-testid="units-done">
        <Typography sx={{ fontSize: 14, fontWeight: 700 }}>
          実施済みの{what}（{formatNumber(done.length)}）
        </Typography>
        <Typography sx={{ fontSize: 14 }}>
          {done.length === 0
            ? 'まだありません。'
            : done.map((u) => `${unitName(u)}（${formatNumber(u.count)}回）`).join('、')}
        </Typography>
      </Box>
    </Box>
  );
}

function MeasureRow({
  m,
  view,
  recordsVersion,
  onMeasure,
  onRecord,
}: {
  m: MeasureStatus;
  view: MeasuresView;
  recordsVersion: number;
  onMeasure: (action: MeasureAction, m: MeasureStatus) => void;
  onRecord: (action: RecordAction, r: MeasureRecordRow) => void;
}) {
  const [open, setOpen] = useState(false);
  const detailId = `measure-detail-${m.id}`;
  return (
    <>
      <TableRow data-testid="measure-row" data-code={m.code} sx={{ '& > td': { borderBottom: open ? 0 : undefined } }}>
        <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: 700 }}>{m.code}</TableCell>
        <TableCell>
          <Typography sx={{ fontSize: 14, fontWeight: 700 }}>{m.title}</Typography>
          {m.description ? (
            <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>{m.description}</Typography>
          ) : null}
        </TableCell>
        <TableCell>
          {m.targetText || '—'}
          <Typography sx={{ fontSize: 12, color: 'text.secondary', whiteSpace: 'nowrap' }}>
            目標年度 {targetYear(m.targetFy)}
          </Typography>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{MEASURE_UNIT_LABELS[m.unit]}</TableCell>
        <TableCell data-testid="measure-figure">{m.applies ? measureFigure(m) : '—'}</TableCell>
        <TableCell>
          <MeasureMetChip m={m} />
        </TableCell>
        <TableCell sx={{ '& .MuiButton-root': { minWidth: 0, px: 0.75 } }}>
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={detailId}
            aria-label={`「${m.title}」の${open ? '詳細を閉じる' : '詳細'}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? '閉じる ▴' : '詳細 ▾'}
          </Button>
          {view.canEditMeasures ? (
            <>
              <Button size="small" onClick={() => onMeasure('edit', m)} aria-label={`「${m.title}」を編集`}>
                編集
              </Button>
              {m.active ? (
                <Button
                  size="small"
                  color="error"
                  onClick={() => onMeasure('retire', m)}
                  aria-label={`「${m.title}」を使用しない`}
                >
                  使用しない
                </Button>
              ) : null}
              {m.records === 0 ? (
                <Button
                  size="small"
                  color="error"
                  onClick={() => onMeasure('delete', m)}
                  aria-label={`「${m.title}」を削除`}
                >
                  削除
                </Button>
              ) : null}
            </>
          ) : null}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={7} sx={{ py: 0 }}>
          <Collapse in={open} unmountOnExit>
            <Box id={detailId} sx={{ py: 1.5, pl: 2, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
              <UnitsStatus m={m} />
              {takesRecords(m) ? (
                <RecordsTable
                  fy={view.fy}
                  measureId={m.id}
                  version={recordsVersion}
                  label={`「${m.title}」の実施記録`}
                  scope={view.recordScope}
                  showMeasure={false}
                  onAction={onRecord}
                />
              ) : null}
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

/** The plan's measures grouped by its headings (1 地域担当制 … 5 表彰・人事制度), docs/measures.md. */
export function MeasuresList({
  view,
  recordsVersion,
  onMeasure,
  onRecord,
}: {
  view: MeasuresView;
  /** Moves after a record is saved or deleted: an opened measure's records are fetched again. */
  recordsVersion: number;
  onMeasure: (action: MeasureAction, m: MeasureStatus) => void;
  onRecord: (action: RecordAction, r: MeasureRecordRow) => void;
}) {
  const groups: { no: number; heading: string; measures: MeasureStatus[] }[] = [];
  for (const m of view.measures) {
    if (!m.active && !view.canEditMeasures) continue;
    const g = groups.find((x) => x.no === m.headingNo && x.heading === m.heading);
    if (g) g.measures.push(m);
    else groups.push({ no: m.headingNo, heading: m.heading, measures: [m] });
  }
  groups.sort((a, b) => a.no - b.no);
  if (groups.length === 0) return <Typography>取組みはまだ登録されていません。</Typography>;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {groups.map((g) => (
        <Paper key={`${g.no}-${g.heading}`} variant="outlined" component="section" sx={{ p: 1.5 }}>
          <Typography variant="h3" sx={{ fontSize: 16, fontWeight: 700, mb: 1 }}>
            {`${g.no} ${g.heading}`}
          </Typography>
          <Table size="small" aria-label={`${g.no} ${g.heading}の取組み`} sx={{ tableLayout: 'fixed' }}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 72 }}>番号</TableCell>
                <TableCell>取組み</TableCell>
                <TableCell sx={{ width: 200 }}>目標</TableCell>
                <TableCell sx={{ width: 84 }}>単位</TableCell>
                <TableCell sx={{ width: 160 }}>実績</TableCell>
                <TableCell sx={{ width: 76 }}>状況</TableCell>
                <TableCell sx={{ width: view.canEditMeasures ? 150 : 96 }}>
                  <VisuallyHidden>操作</VisuallyHidden>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {g.measures.map((m) => (
                <Fragment key={m.id}>
                  <MeasureRow
                    m={m}
                    view={view}
                    recordsVersion={recordsVersion}
                    onMeasure={onMeasure}
                    onRecord={onRecord}
                  />
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ))}
    </Box>
  );
}
