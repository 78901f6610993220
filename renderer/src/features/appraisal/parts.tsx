import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { AWARD_KIND_LABELS } from '../../../../shared/appraisal';
import { STAGE_LABELS, STAGE_OF_STATUS } from '../../../../shared/contract';
import type { AppraisalRelation, AppraisalStatus, AppraisalView } from '../../../../shared/contract';
import type { ScoreResult } from '../../../../shared/mbo';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { formatAdjustment, formatPoints, formatWeighted } from './draft';
import { formatDateTime } from '../../format';
import { evaluatorWho } from './submit-effect';
import { MboBlock } from '../mbo/parts';

const statusColors: Record<AppraisalStatus, 'default' | 'info' | 'primary' | 'secondary' | 'warning' | 'success'> = {
  未着手: 'default',
  自己評価済: 'info',
  '1次評価済': 'primary',
  '2次評価済': 'secondary',
  調整済: 'warning',
  確定: 'success',
};

export function statusHelp(status: AppraisalStatus): string {
  const open = STAGE_OF_STATUS[status];
  if (status === '確定') return '相対評価が確定し、内容は固定されています。';
  if (status === '調整済') return '調整者の調整が済み、相対評価の確定を待っています。';
  return open ? `${STAGE_LABELS[open]}が入力する段階です。` : '';
}

export function AppraisalStatusChip({ status }: { status: AppraisalStatus }) {
  return (
    <Tooltip title={statusHelp(status)}>
      <Chip label={status} color={statusColors[status]} size="small" data-testid="appraisal-status" />
    </Tooltip>
  );
}

export const RELATION_LABELS: Readonly<Record<AppraisalRelation, string>> = {
  self: '本人',
  first: '1次',
  second: '2次',
  adjuster: '調整者',
  cross: '他所属評価',
  hr: '人事担当',
  personnel: '人事（閲覧）',
};

/**
 * 1次, 2次 and the 調整者. Ward staff call the 調整者 their 所属長 (the self-report does), so the
 * header names the role as 「所属長（調整者: 副区長 ○○）」.
 */
export function evaluatorsLine(view: AppraisalView): string {
  return `1次: ${evaluatorWho(view, 'first')}　2次: ${evaluatorWho(view, 'second')}　所属長（調整者: ${evaluatorWho(view, 'adjuster')}）`;
}

/** Who the appraisal is of, its status, the evaluators and the MBO sheet's status. */
export function AppraisalHeader({ view, children }: { view: AppraisalView; children?: ReactNode }) {
  const p = view.person;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', columnGap: 2, rowGap: 0.5, flexWrap: 'wrap' }}>
      <Typography sx={{ fontWeight: 600 }} data-testid="appraisal-person" data-staff-no={p.staffNo}>
        {p.staffNo} {p.name}
      </Typography>
      <Typography sx={{ color: 'text.secondary' }}>
        {[p.section, p.line, p.position].filter((x) => x).join('　')}
      </Typography>
      <Chip label={p.gradeGroup} size="small" variant="outlined" />
      <AppraisalStatusChip status={view.status} />
      {view.relation !== 'cross' ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="appraisal-evaluators">
          {evaluatorsLine(view)}
        </Typography>
      ) : null}
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        目標管理: {view.mboStatus}
      </Typography>
      {children}
    </Box>
  );
}

/** 差し戻し, unlock and lock notices, and what the caller may do now. */
export function AppraisalNotices({ view }: { view: AppraisalView }) {
  const notes: ReactNode[] = [];
  if (view.sentBack && view.can.stage !== null) {
    notes.push(
      <Alert key="sent-back" severity="warning" data-testid="appraisal-sent-back">
        <Typography sx={{ fontWeight: 600 }}>
          {view.sentBack.by || '評価者'} から差し戻されました（{formatDateTime(view.sentBack.at)}）
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap' }}>理由: {view.sentBack.reason}</Typography>
      </Alert>,
    );
  }
  if (view.status === '確定') {
    notes.push(
      <Alert key="locked" severity="success" data-testid="appraisal-locked">
        相対評価が確定しています（{view.rankClass ? RANK_CLASS_LABELS[view.rankClass] : '区分なし'}
        ）。内容は変更できません。変更が必要な場合は、人事担当が確定を解除します。
      </Alert>,
    );
  } else if (view.unlockReason && view.status === '調整済') {
    notes.push(
      <Alert key="unlocked" severity="info">
        人事担当が確定を解除しました（理由: {view.unlockReason}）
      </Alert>,
    );
  }
  const open = STAGE_OF_STATUS[view.status];
  if (view.can.stage === null && open !== null && view.relation !== 'cross') {
    notes.push(
      <Alert key="turn" severity="info" data-testid="appraisal-turn">
        いまは{STAGE_LABELS[open]}が入力する段階です（「{view.status}」）。この画面は閲覧のみです。
      </Alert>,
    );
  }
  if (notes.length === 0) return null;
  return <Stack spacing={1}>{notes}</Stack>;
}

function Line({ label, value, strong = false }: { label: string; value: ReactNode; strong?: boolean }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ fontWeight: strong ? 600 : 400, width: 280 }}>
        {label}
      </TableCell>
      <TableCell
        align="right"
        sx={{ fontWeight: strong ? 600 : 400, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      >
        {value}
      </TableCell>
    </TableRow>
  );
}

const FORMULA = 'Σ（ウェイト × 評語の点 × 難易度係数）÷ 100、1.00〜5.00 の範囲、小数第1位まで四捨五入';
const WITHHELD = '確定後に開示されます';

/** One stage's 業績評価点 in words: the score, or why there is none yet. */
export function performanceText(r: ScoreResult, goals: number, withheld: boolean): string {
  if (withheld) return WITHHELD;
  if (r.score === null) {
    if (r.missing > 0) return `未確定（評語が未入力の目標が ${r.missing} 件あります）`;
    return goals === 0 ? '未確定（目標がありません）' : '未確定';
  }
  const score = formatPoints(r.score);
  if (r.capped && r.raw !== null) return `${score}（計算値 ${r.raw.toFixed(2)} を上限 5.00 としました）`;
  if (r.floored && r.raw !== null) return `${score}（計算値 ${r.raw.toFixed(2)} を下限 1.00 としました）`;
  return score;
}

/**
 * 業績評価点・能力評価点 per stage, the award lines, the adjustment and the 絶対評価点; every score
 * with two decimals. `scores` are the live ones (liveScores) on a form being typed.
 */
export function AppraisalScorePanel({ view, scores }: { view: AppraisalView; scores?: AppraisalView['scores'] }) {
  const s = scores ?? view.scores;
  const stages = ['self', 'first', 'second'] as const;
  // In the person's own view before 確定, the evaluators' stages are withheld (docs/confidentiality.md).
  const withheld = (st: (typeof stages)[number]) => view.scoresWithheld === true && st !== 'self';
  const competency = (st: (typeof stages)[number]) => (withheld(st) ? WITHHELD : formatPoints(s.competency[st]));
  return (
    <MboBlock title="評価点" testId="appraisal-scores">
      <Box>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          業績評価点
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 0.5 }}>
          {FORMULA}
        </Typography>
        {stages.map((st) => (
          <Typography key={st} variant="body2" data-testid={`appraisal-performance-${st}`}>
            {STAGE_LABELS[st]}: {performanceText(s.performance[st], view.goals.length, withheld(st))}
          </Typography>
        ))}
      </Box>
      <Box>
        <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.5 }}>
          能力評価点（各項目の平均、小数第1位まで四捨五入）
        </Typography>
        <Typography variant="body2" data-testid="appraisal-competency">
          {stages.map((st) => `${STAGE_LABELS[st]}: ${competency(st)}`).join('　')}
        </Typography>
      </Box>
      <Box data-testid="appraisal-bonus">
        <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.5 }}>
          表彰による加点（合計 +{s.bonus.total.toFixed(2)}）
        </Typography>
        {s.bonus.lines.length === 0 ? (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            この年度の表彰はありません
          </Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {s.bonus.lines.map((l, i) => (
              <Typography component="li" variant="body2" key={`${l.title}-${i}`}>
                {l.title}（{AWARD_KIND_LABELS[l.kind]}）: +{l.points.toFixed(2)}
                {l.note ? `　${l.note}` : ''}
              </Typography>
            ))}
          </Box>
        )}
      </Box>
      {view.adjustment !== 0 || view.adjustmentReason ? (
        <Typography variant="body2">
          調整者による調整: {formatAdjustment(view.adjustment)}
          {view.adjustmentReason ? `（理由: ${view.adjustmentReason}）` : ''}
        </Typography>
      ) : null}
      {view.scoresWithheld ? (
        <Typography variant="body2" data-testid="appraisal-absolute">
          絶対評価点（2次評価者の評価による）: {WITHHELD}
        </Typography>
      ) : (
        <Table size="small" aria-label="絶対評価点の内訳" sx={{ maxWidth: 640 }}>
          <TableHead>
            <TableRow>
              <TableCell>項目（2次評価者の評価による）</TableCell>
              <TableCell align="right">点</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {s.absolute.lines.map((l) => {
              // The weighted lines: the score beside the label, the weighted figure as the line's points.
              if (l.weighted !== undefined) {
                const [part, weight] = l.label.split(' × ');
                return (
                  <Line
                    key={l.label}
                    label={`${part} ${l.value === null ? '（未確定）' : formatPoints(l.value)} × ${weight}`}
                    value={l.weighted === null ? '未確定' : formatWeighted(l.weighted)}
                  />
                );
              }
              return <Line key={l.label} label={l.label} value={l.value === null ? '未確定' : formatPoints(l.value)} />;
            })}
            <Line
              strong
              label="絶対評価点"
              value={<span data-testid="appraisal-absolute">{formatPoints(s.absolute.score)}</span>}
            />
          </TableBody>
        </Table>
      )}
    </MboBlock>
  );
}
