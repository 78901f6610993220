import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { RankingView } from '../../../../shared/contract';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import type { ClassFigure, RankClass, RankTie } from '../../../../shared/ranking';
import { formatCount, formatFixed, formatNumber } from '../../format';
import { MboBlock } from '../mbo/parts';

/** The part of appraisal:ranking's answer about the population shown. */
export type RankingResult = NonNullable<RankingView['result']>;

type Result = RankingResult;

/** Quota and current count per class as two bars, drawn with plain boxes. */
function FigureBars({ figures }: { figures: ClassFigure[] }) {
  const max = Math.max(1, ...figures.map((f) => Math.max(f.quota, f.placed)));
  const bar = (n: number, color: string, label: string) => (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      {n > 0 ? (
        <Box aria-hidden sx={{ height: 10, width: `${(n / max) * 100}%`, bgcolor: color, borderRadius: 0.5 }} />
      ) : null}
      <Typography variant="caption" sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>
        {label} {formatNumber(n)}
      </Typography>
    </Box>
  );
  return (
    <Box role="img" aria-label="区分ごとの定数と現在の人数のグラフ" sx={{ display: 'grid', gap: 1, minWidth: 0 }}>
      {figures.map((f) => (
        <Box
          key={f.class}
          sx={{ display: 'grid', gridTemplateColumns: '72px minmax(0, 1fr)', alignItems: 'center', gap: 1 }}
        >
          <Typography variant="body2">{RANK_CLASS_LABELS[f.class]}</Typography>
          <Box sx={{ display: 'grid', gap: 0.25 }}>
            {bar(f.quota, 'grey.400', '定数')}
            {bar(f.placed, f.placed === f.quota ? 'primary.main' : 'warning.main', '現在')}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export function Figures({ result }: { result: Result }) {
  return (
    <MboBlock title="区分ごとの定数と現在の人数" testId="ranking-figures">
      <Box
        sx={{ display: 'grid', gap: 3, gridTemplateColumns: 'minmax(0, 560px) minmax(0, 1fr)', alignItems: 'start' }}
      >
        <Table size="small" aria-label="区分ごとの定数">
          <TableHead>
            <TableRow>
              <TableCell>区分</TableCell>
              <TableCell align="right">割合</TableCell>
              <TableCell align="right">計算上の人数</TableCell>
              <TableCell align="right">定数</TableCell>
              <TableCell align="right">現在</TableCell>
              <TableCell align="right">差</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.figures.map((f) => {
              const diff = f.placed - f.quota;
              return (
                <TableRow key={f.class} data-testid="ranking-figure">
                  <TableCell component="th" scope="row">
                    {RANK_CLASS_LABELS[f.class]}
                  </TableCell>
                  <TableCell align="right">
                    {result.size > 0 ? `${Math.round((f.exact / result.size) * 1000) / 10}%` : '—'}
                  </TableCell>
                  <TableCell align="right">{formatFixed(f.exact, 2)}</TableCell>
                  <TableCell align="right" data-testid="ranking-quota">
                    {formatNumber(f.quota)}
                  </TableCell>
                  <TableCell align="right">{formatNumber(f.placed)}</TableCell>
                  <TableCell align="right" sx={{ color: diff === 0 ? 'text.secondary' : 'warning.dark' }}>
                    {diff === 0 ? '±0' : diff > 0 ? `+${formatNumber(diff)}` : formatNumber(diff)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <FigureBars figures={result.figures} />
      </Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        定数は最大剰余法で決めています（各区分に人数×割合の整数部分を割り当て、残りを端数の大きい区分へ）。
      </Typography>
      {result.notes.map((n) => (
        <Alert key={n} severity="info">
          {n}
        </Alert>
      ))}
    </MboBlock>
  );
}

/** How many members a tie card draws first, and how many more 「さらに表示」 asks the server for. */
export const TIE_FIRST = 10;
export const TIE_STEP = 50;

/**
 * A boundary tie: its seats and one row per member to place. A city's tie holds hundreds, so the
 * card draws the first `shown` members (the server sends their rows, appraisal:ranking tieShown) and
 * the rest a click away; the radio rows are what freezes a browser when thousands are drawn at once.
 */
export function TieCard({
  tie,
  result,
  busy,
  shown,
  onDecide,
  onMore,
}: {
  tie: RankTie;
  result: Result;
  busy: boolean;
  shown: number;
  onDecide: (staffNo: string, rankClass: RankClass | null) => void;
  onMore: () => void;
}) {
  const rowsByNo = new Map((result.tieRows ?? result.rows).map((r) => [r.staffNo, r]));
  const members = tie.ids.slice(0, shown);
  const rest = tie.ids.length - members.length;
  const seats = tie.classes.map((c, i) => `${RANK_CLASS_LABELS[c]}に${tie.seats[i] ?? 0}人`).join('、');
  const title = `絶対評価点 ${tie.score.toFixed(2)} の同点（${formatCount(tie.ids.length)}）`;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={title}
      data-testid="ranking-tie"
      sx={{ p: 2, borderColor: tie.resolved ? 'divider' : 'warning.main' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600 }}>
          {title}
        </Typography>
        <Chip size="small" label={tie.resolved ? '決定済み' : '要判断'} color={tie.resolved ? 'success' : 'warning'} />
      </Box>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {result.confirmed
          ? `区分の境界で同点でした（空きは ${seats}）。`
          : `区分の境界で同点です。空きは ${seats} です。一人ずつ区分を決めてください。`}
      </Typography>
      <Stack spacing={1}>
        {members.map((no) => {
          const row = rowsByNo.get(no);
          const value = row?.decided && row.rankClass ? String(row.rankClass) : '';
          const name = row ? `${row.staffNo} ${row.name}` : no;
          return (
            <Box key={no} sx={{ display: 'grid', gridTemplateColumns: '360px minmax(0, 1fr)', alignItems: 'center' }}>
              <Typography id={`tie-${no}`}>
                {name}
                <Box component="span" sx={{ color: 'text.secondary', ml: 1 }}>
                  {row?.section ?? ''}
                </Box>
              </Typography>
              <RadioGroup
                row
                aria-label={`${row?.name ?? no}の区分`}
                value={value}
                onChange={(e) => onDecide(no, e.target.value === '' ? null : (Number(e.target.value) as RankClass))}
              >
                {tie.classes.map((c) => (
                  <FormControlLabel
                    key={c}
                    value={String(c)}
                    control={<Radio size="small" />}
                    label={RANK_CLASS_LABELS[c]}
                    disabled={busy || !result.canDecide}
                  />
                ))}
                <FormControlLabel
                  value=""
                  control={<Radio size="small" />}
                  label="未定"
                  disabled={busy || !result.canDecide}
                />
              </RadioGroup>
            </Box>
          );
        })}
      </Stack>
      {rest > 0 ? (
        <Button size="small" onClick={onMore} disabled={busy} sx={{ mt: 1 }}>
          {`さらに表示（残り ${formatCount(rest)}）`}
        </Button>
      ) : null}
    </Paper>
  );
}
