import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { minGroupSize, withheldLabel } from '../../../../shared/access';
import type { Withheld } from '../../../../shared/access';
import { APPRAISAL_STATUSES } from '../../../../shared/contract';
import { RANK_CLASSES, RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { formatPoints } from './draft';
import { errorMessage, request } from '../../client';
import { AppraisalDownloads } from './downloads';
import { Loading } from '../../ui/loading';
import { MboBlock } from '../mbo/parts';
import { useSession } from '../../session';
import { useDeferredLoad } from '../../hooks/useLoad';
import { formatCount, formatNumber } from '../../format';
import { MoreButton } from '../../ui/more-button';
import type { StatusTable } from '../../../../shared/contract';

/** A withheld average says why (docs/access.md); an average of nobody is a plain dash. */
function averageText(average: number | null, suppressed: Withheld | null, empty: string): string {
  if (suppressed === 'few') return withheldLabel;
  if (suppressed === 'derivable') return '—（非表示）';
  return average === null ? empty : average.toFixed(2);
}

/**
 * The cells' colours set once on the table, by class, rather than by each of a city's thousands of
 * cells (each `sx` is a style of its own to work out).
 */
const cellClasses = {
  '& .average': { whiteSpace: 'nowrap' },
  '& .withheld': { color: 'text.secondary' },
  '& .zero': { color: 'text.disabled' },
} as const;

/**
 * How many 所属 a 職層's table shows first, and how many more 「さらに表示」 adds: a ward's 課 all fit;
 * a city's 120 per 職層 (4,800 cells) would make one long page, drawn at length (docs/city-scale.md).
 */
export const SECTIONS_FIRST = 20;
export const SECTIONS_STEP = 100;

/**
 * 人事考課状況一覧: per 職層, each section's counts and average, and the distribution of 確定 classes.
 * Names no one; for anyone but HR the app withholds figures of fewer than 3 people.
 */
export function AppraisalStatusBoard({ fy }: { fy: number }) {
  const load = useCallback(() => request('appraisal:status', { fy }), [fy]);
  // A city's table is drawn in the background, in slices (a deferred value), the first 所属 of each
  // 職層 with the rest a click away (docs/city-scale.md "Drawing without a freeze"): no click freezes.
  const { data, error, loading, drawing } = useDeferredLoad(load);
  const { session } = useSession();
  const mayExport = session.role === 'hr' || session.role === 'personnel';
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading || !data || drawing) return <Loading />;
  const withheld = data.groups.some(
    (g) => g.suppressed !== null || g.distribution === null || g.sections.some((s) => s.suppressed !== null),
  );
  return (
    <Stack spacing={2.5} sx={{ maxWidth: 1080 }}>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        評価済は2次評価まで済んで絶対評価点がある人数、平均点はその絶対評価点の平均です。個人名は表示しません。
      </Typography>
      {withheld ? (
        <Alert severity="info" data-testid="appraisal-status-withheld">
          {minGroupSize}
          人未満から計算される平均点と区分の分布は、その人の評価点や区分がわかってしまうため「{withheldLabel}
          」と表示します。ほかの所属の平均点と職層の平均点から逆算できてしまう場合は、職層の平均点を「—（非表示）」とします。
        </Alert>
      ) : null}
      {mayExport ? (
        <AppraisalDownloads
          fy={fy}
          items={[
            { id: 'status', label: 'Excelで出力', ariaLabel: '人事考課状況一覧をExcelで出力', what: 'status' },
            {
              id: 'distribution',
              label: '区分の分布（個人名なし）',
              ariaLabel: '区分の分布（個人名なし）を出力',
              what: 'distribution',
            },
          ]}
        />
      ) : null}
      {data.groups.map((g) => (
        <StatusGroup key={g.gradeGroup} group={g} />
      ))}
    </Stack>
  );
}

/** One 職層: its figures, the distribution of its 確定 classes and a row per 所属, the first ones drawn. */
function StatusGroup({ group: g }: { group: StatusTable['groups'][number] }) {
  const [shown, setShown] = useState(SECTIONS_FIRST);
  const sections = g.sections.length > shown ? g.sections.slice(0, shown) : g.sections;
  return (
    <MboBlock
      title={g.gradeGroup}
      testId="appraisal-status-group"
      note={
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {formatCount(g.total)}・評価済 {formatCount(g.scored)}・平均点{' '}
          {averageText(g.average, g.suppressed, formatPoints(null))}
        </Typography>
      }
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2">確定した区分の分布:</Typography>
        {g.distribution === null ? (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {withheldLabel}
          </Typography>
        ) : (
          RANK_CLASSES.map((c) => (
            <Chip
              key={c}
              size="small"
              variant="outlined"
              label={`${RANK_CLASS_LABELS[c]} ${formatCount(g.distribution?.[c] ?? 0)}`}
            />
          ))
        )}
      </Box>
      {g.sections.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>この職層の職員はいません。</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={`${g.gradeGroup}の所属別の状況`} sx={cellClasses}>
            <TableHead>
              <TableRow>
                <TableCell>所属</TableCell>
                <TableCell align="right">人数</TableCell>
                <TableCell align="right">評価済</TableCell>
                <TableCell align="right">平均点</TableCell>
                {APPRAISAL_STATUSES.map((s) => (
                  <TableCell key={s} align="right">
                    {s}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {sections.map((s) => (
                <TableRow key={s.section}>
                  <TableCell component="th" scope="row">
                    {s.section}
                  </TableCell>
                  <TableCell align="right">{formatNumber(s.total)}</TableCell>
                  <TableCell align="right">{formatNumber(s.scored)}</TableCell>
                  <TableCell align="right" className={s.suppressed === null ? 'average' : 'average withheld'}>
                    {averageText(s.average, s.suppressed, '—')}
                  </TableCell>
                  {APPRAISAL_STATUSES.map((st) => (
                    <TableCell key={st} align="right" className={(s.counts[st] ?? 0) === 0 ? 'zero' : undefined}>
                      {formatNumber(s.counts[st] ?? 0)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <MoreButton
            shown={sections.length}
            total={g.sections.length}
            unit="所属"
            onMore={() => setShown((n) => n + SECTIONS_STEP)}
          />
        </Box>
      )}
    </MboBlock>
  );
}
