import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatCount } from '../../format';
import { MboBlock } from '../mbo/parts';
import type { RankingResult } from './ranking-figures';
import { MoreButton } from '../../ui/more-button';

type Result = RankingResult;

/** How many waiting and excluded names are drawn first, and how many more 「さらに表示」 asks the server for. */
export const NAMES_FIRST = 100;
export const NAMES_STEP = 500;

export type Waiting = Result['waiting'][number];

/** Who is not 調整済 yet: the first names drawn, the rest a click away (a city's list runs to thousands). */
export function WaitingList({
  result,
  busy,
  onExclude,
  onMore,
}: {
  result: Result;
  busy: boolean;
  onExclude: (w: Waiting) => void;
  onMore: () => void;
}) {
  const items = result.waiting;
  const total = result.waitingTotal ?? items.length;
  return (
    <MboBlock title={`まだ調整済になっていない職員（${formatCount(total)}）`} testId="ranking-waiting">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        全員が調整済になるまで、相対評価は確定できません。
        {result.canExclude
          ? '休職・育児休業や年度途中の採用などで今年度の人事考課がない職員は、理由を記録して相対評価の対象外にできます。'
          : ''}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5, columns: result.canExclude ? 2 : 3 }}>
        {items.map((w) => (
          <Typography component="li" variant="body2" key={w.staffNo} data-testid="ranking-waiting-person">
            {w.staffNo} {w.name}（{w.status}）
            {result.canExclude ? (
              <Button
                size="small"
                disabled={busy}
                onClick={() => onExclude(w)}
                aria-label={`${w.name}を対象外にする`}
                sx={{ ml: 1, py: 0, minWidth: 0 }}
              >
                対象外にする
              </Button>
            ) : null}
          </Typography>
        ))}
      </Box>
      <MoreButton shown={items.length} total={total} onMore={onMore} />
    </MboBlock>
  );
}

/** The members HR took out of the year's ranking, drawn a step at a time like the waiting list. */
export function ExcludedList({
  result,
  busy,
  onInclude,
  onMore,
}: {
  result: Result;
  busy: boolean;
  onInclude: (staffNo: string, name: string) => void;
  onMore: () => void;
}) {
  const items = result.excluded;
  const total = result.excludedTotal ?? items.length;
  return (
    <MboBlock title={`相対評価の対象外（${formatCount(total)}）`} testId="ranking-excluded">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        人事担当が今年度の相対評価から外した職員です。順位と区分の定数に含まれません。
      </Typography>
      <Table size="small" aria-label="相対評価の対象外の職員">
        <TableHead>
          <TableRow>
            <TableCell>職員番号</TableCell>
            <TableCell>氏名</TableCell>
            <TableCell>状態</TableCell>
            <TableCell>理由</TableCell>
            {result.canExclude ? <TableCell /> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((x) => (
            <TableRow key={x.staffNo} data-testid="ranking-excluded-person">
              <TableCell>{x.staffNo}</TableCell>
              <TableCell>{x.name}</TableCell>
              <TableCell>{x.status}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{x.reason}</TableCell>
              {result.canExclude ? (
                <TableCell align="right">
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => onInclude(x.staffNo, x.name)}
                    aria-label={`${x.name}を対象に戻す`}
                  >
                    対象に戻す
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <MoreButton shown={items.length} total={total} onMore={onMore} />
    </MboBlock>
  );
}
