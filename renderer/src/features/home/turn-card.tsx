import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { HomeView, SchedulePhase, TurnItem } from '../../../../shared/contract';
import { formatDay, formatNumber } from '../../format';
import type { SectionId } from '../../sections';
import { useNavigateSection } from '../../shell/navigate';
import { HomeCard } from './home-card';

type Turn = NonNullable<HomeView['turn']>;

const kinds: { kind: TurnItem['kind']; label: string; target: SectionId }[] = [
  { kind: 'appraisal', label: '考課', target: 'appraisal' },
  { kind: 'mbo', label: '目標の承認', target: 'mbo' },
  { kind: 'cross', label: '他所属評価', target: 'appraisal' },
];

/** How many people the card lists by name; the rest is 「ほかN件」 (the section lists them all). */
const shownItems = 8;

const targetOf = (kind: TurnItem['kind']): SectionId => kinds.find((k) => k.kind === kind)?.target ?? 'appraisal';

/** あなたの番: the forms waiting for the evaluator, counted by kind, the first ones listed (docs/home.md). */
export function TurnCard({ turn, phase }: { turn: Turn; phase: SchedulePhase | null }) {
  const navigate = useNavigateSection();
  const shown = turn.items.slice(0, shownItems);
  const rest = turn.total - shown.length;
  return (
    <HomeCard
      title="あなたの番"
      testId="home-turn"
      note={
        <Typography sx={{ fontWeight: 700 }} data-testid="turn-total">
          {formatNumber(turn.total)}件
        </Typography>
      }
    >
      {phase ? (
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
          いまの時期（{phase.name}）の期限は{formatDay(phase.to)}です。
        </Typography>
      ) : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 1 }}>
        {kinds.map((k) => (
          <ButtonBase
            key={k.kind}
            onClick={() => navigate(k.target)}
            data-testid="turn-count"
            data-kind={k.kind}
            aria-label={`${k.label} ${formatNumber(turn.counts[k.kind])}件`}
            sx={{
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
              p: 1,
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'flex-start',
              '&:hover': { bgcolor: 'action.hover' },
            }}
          >
            <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>{k.label}</Typography>
            <Typography sx={{ fontSize: 24, fontWeight: 700, lineHeight: 1.2 }} data-testid="turn-count-value">
              {formatNumber(turn.counts[k.kind])}
              <Typography component="span" sx={{ fontSize: 14, fontWeight: 400, ml: 0.5 }}>
                件
              </Typography>
            </Typography>
          </ButtonBase>
        ))}
      </Box>
      {shown.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }} data-testid="turn-empty">
          いまあなたの番の評価・承認はありません。
        </Typography>
      ) : (
        <Table size="small" aria-label="あなたの番の職員">
          <TableHead>
            <TableRow>
              <TableCell>氏名</TableCell>
              <TableCell>所属</TableCell>
              <TableCell>すること</TableCell>
              <TableCell>期限</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((item) => (
              <TableRow
                key={`${item.kind}-${item.stage}-${item.person.staffNo}`}
                hover
                data-testid="turn-item"
                data-kind={item.kind}
                onClick={() => navigate(targetOf(item.kind))}
                sx={{ cursor: 'pointer' }}
              >
                <TableCell sx={{ fontWeight: 700 }}>{item.person.name}</TableCell>
                <TableCell>{item.person.section ?? '—'}</TableCell>
                <TableCell>{item.stage}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }} data-testid="turn-due">
                  {item.due ? formatDay(item.due) : '—'}
                  {item.overdue ? (
                    <Chip size="small" color="error" label="期限切れ" sx={{ ml: 1, fontWeight: 700 }} />
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {rest > 0 ? (
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="turn-rest">
          ほか{formatNumber(rest)}件
        </Typography>
      ) : null}
    </HomeCard>
  );
}
