import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { AreaEvidence, MboGoalView, MboRevision, MboSheetView } from '../../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  COMMENT_MAX_CHARS,
  LEVEL_LABELS,
  MBO_STATUS_HELP,
  WEIGHT_TOTAL,
  difficultyLabel,
} from '../../../../shared/mbo';
import type { DifficultyCoefficients, GoalDraft, LevelProposal, MboStatus } from '../../../../shared/mbo';
import { formatDateTime, formatDay } from '../../format';
import { weightTotalOk } from './draft';

const statusColors: Record<MboStatus, 'default' | 'warning' | 'primary' | 'success' | 'info'> = {
  未提出: 'default',
  差し戻し: 'warning',
  提出済: 'primary',
  承認済: 'success',
  自己評価済: 'info',
};

export function MboStatusChip({ status }: { status: MboStatus }) {
  return (
    <Tooltip title={MBO_STATUS_HELP[status]}>
      <Chip label={status} color={statusColors[status]} size="small" data-testid="mbo-status" />
    </Tooltip>
  );
}

/** A titled block of the sheet. */
export function MboBlock({
  title,
  note,
  actions,
  children,
  testId,
}: {
  title: string;
  note?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2.5 }} data-testid={testId}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600 }}>
          {title}
        </Typography>
        {note}
        <Box sx={{ flexGrow: 1 }} />
        {actions}
      </Box>
      <Stack spacing={2}>{children}</Stack>
    </Paper>
  );
}

/** Who the sheet belongs to, its status (with what it means) and its dates. */
export function MboSheetHeader({ view, children }: { view: MboSheetView; children?: ReactNode }) {
  const p = view.person;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', columnGap: 2, rowGap: 0.5, flexWrap: 'wrap' }}>
      <Typography sx={{ fontWeight: 600 }} data-testid="mbo-person" data-staff-no={p.staffNo}>
        {p.staffNo} {p.name}
      </Typography>
      <Typography sx={{ color: 'text.secondary' }}>
        {[p.section, p.line, p.position].filter((x) => x).join('　')}
      </Typography>
      <MboStatusChip status={view.status} />
      <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="mbo-status-help">
        {MBO_STATUS_HELP[view.status]}
      </Typography>
      {view.firstEvaluator ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          1次評価者: {view.firstEvaluator.name}
        </Typography>
      ) : null}
      {children}
    </Box>
  );
}

/** 「合計 90 / 100」, in the error colour until the weights total 100. */
export function WeightTotal({ total }: { total: number }) {
  const ok = weightTotalOk(total);
  return (
    <Typography
      data-testid="mbo-weight-total"
      sx={{ fontWeight: 600, color: ok ? 'success.main' : 'error.main', whiteSpace: 'nowrap' }}
    >
      ウェイト合計 {total} / {WEIGHT_TOTAL}
      {ok ? '' : '（合計を100にしてください）'}
    </Typography>
  );
}

/** The 1次 evaluator's comment on approval or send-back, and HR's reason for reopening. */
export function MboReviewNotes({ view }: { view: MboSheetView }) {
  const notes: ReactNode[] = [];
  if (view.status === '差し戻し' && view.comments.review && view.sentBackAt) {
    notes.push(
      <Alert key="sent-back" severity="warning" data-testid="mbo-review-comment">
        <Typography sx={{ fontWeight: 600 }}>
          1次評価者から差し戻されました（{formatDateTime(view.sentBackAt)}）
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap' }}>{view.comments.review}</Typography>
      </Alert>,
    );
  }
  if (view.reopenReason && (view.status === '差し戻し' || view.status === '承認済')) {
    notes.push(
      <Alert key="reopen" severity="warning">
        人事担当から差し戻されました（理由: {view.reopenReason}）
      </Alert>,
    );
  }
  if ((view.status === '承認済' || view.status === '自己評価済') && view.approvedAt) {
    notes.push(
      <Alert key="approved" severity="success" data-testid="mbo-approval">
        <Typography>
          {view.approvedBy ?? '1次評価者'} が {formatDateTime(view.approvedAt)} に目標を承認しました
        </Typography>
        {view.comments.review ? (
          <Typography sx={{ whiteSpace: 'pre-wrap' }}>コメント: {view.comments.review}</Typography>
        ) : null}
      </Alert>,
    );
  }
  if (notes.length === 0) return null;
  return <Stack spacing={1}>{notes}</Stack>;
}

function Item({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Box sx={{ gridColumn: wide ? '1 / -1' : undefined, minWidth: 0 }}>
      <Typography component="dt" variant="body2" sx={{ color: 'text.secondary' }}>
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

/** A goal's wording, read-only. */
export function GoalSummary({ goal, coefficients }: { goal: GoalDraft; coefficients: DifficultyCoefficients }) {
  return (
    <Box
      component="dl"
      sx={{ m: 0, display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' }}
    >
      <Item label="目標（タイトル）" wide>
        <Box component="span" sx={{ fontWeight: 600 }}>
          {goal.title || '—'}
        </Box>
      </Item>
      <Item label="内容" wide>
        {goal.content || '—'}
      </Item>
      <Item label="達成基準" wide>
        {goal.standard || '—'}
      </Item>
      <Item label="区分">{goal.category ?? '—'}</Item>
      <Item label="区の重点施策">{goal.priority ?? '—'}</Item>
      <Item label="ウェイト">{goal.weight === null ? '—' : `${goal.weight}%`}</Item>
      <Item label="難易度">{goal.difficulty ? difficultyLabel(goal.difficulty, coefficients) : '—'}</Item>
      <Item label="種類">{goal.type ?? '—'}</Item>
      <Item label="スケジュール">{goal.schedule || '—'}</Item>
    </Box>
  );
}

/** The title line of a goal card: 「目標1」 and its category and type. */
export function GoalCardTitle({ index, goal }: { index: number; goal: GoalDraft }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600 }}>
        目標{index + 1}
      </Typography>
      {goal.category ? (
        <Chip
          size="small"
          label={goal.category}
          color={goal.category === '地域担当目標' ? 'secondary' : 'default'}
          variant="outlined"
        />
      ) : null}
      {goal.type === ACCURACY_GOAL_TYPE ? <Chip size="small" label="正確性重視" variant="outlined" /> : null}
    </Box>
  );
}

/** Earlier wordings of a goal, newest first, with why and by whom it was changed. */
export function RevisionHistory({ index, revisions }: { index: number; revisions: readonly MboRevision[] }) {
  if (revisions.length === 0) return null;
  const rows = [...revisions].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <Box component="section" aria-label={`目標${index + 1}の修正履歴`} data-testid="mbo-revisions">
      <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.5 }}>
        修正履歴（{revisions.length}件）
      </Typography>
      <Stack spacing={1}>
        {rows.map((r, i) => (
          <Box key={`${r.at}-${i}`} sx={{ borderLeft: 3, borderColor: 'divider', pl: 1.5 }}>
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              {`${formatDateTime(r.at)}　${r.by}`}
            </Typography>
            <Typography variant="body2">修正理由: {r.reason}</Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
              修正前: {r.before.title}
              {r.before.standard ? `（達成基準: ${r.before.standard}）` : ''}
              {r.before.weight !== null ? `　ウェイト ${r.before.weight}%` : ''}
              {r.before.difficulty ? `　難易度 ${r.before.difficulty}` : ''}
            </Typography>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}

/** 地域カルテの活動: the evidence for a 地域担当目標, shown beside it in every phase. */
export function AreaEvidencePanel({ evidence }: { evidence: AreaEvidence | null }) {
  return (
    <Box
      component="aside"
      aria-label="地域カルテの活動"
      data-testid="mbo-area-evidence"
      sx={{ bgcolor: 'action.hover', borderRadius: 1, p: 1.5, minWidth: 0 }}
    >
      <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.5 }}>
        地域カルテの活動
      </Typography>
      {evidence === null ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          この年度の地域担当の割当てがありません。人事担当に確認してください。
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            {evidence.area}（{evidence.role}）
          </Typography>
          <Typography variant="body2">
            巡回 {evidence.patrols}回（本人参加 {evidence.ownPatrols}回）・勉強会 {evidence.studies}回（本人参加{' '}
            {evidence.ownStudies}回）
          </Typography>
          {evidence.recent.length === 0 ? (
            <Typography variant="body2" sx={{ color: 'text.secondary', mt: 0.5 }}>
              まだ記録がありません
            </Typography>
          ) : (
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
              {evidence.recent.map((r, i) => (
                <Typography component="li" variant="body2" key={`${r.onDate}-${i}`} sx={{ overflowWrap: 'anywhere' }}>
                  {formatDay(r.onDate)} {r.kind === 'patrol' ? '巡回' : '勉強会'}
                  {r.text ? `：${r.text}` : ''}
                  {r.withPerson ? (
                    <Chip
                      label="本人参加"
                      size="small"
                      color="secondary"
                      variant="outlined"
                      sx={{ ml: 1, height: 20 }}
                    />
                  ) : null}
                </Typography>
              ))}
            </Box>
          )}
        </>
      )}
    </Box>
  );
}

/** The level proposed for a 正確性重視 goal from its incident count. */
export function ProposalNote({ incidents, proposal }: { incidents: number | null; proposal: LevelProposal | null }) {
  return (
    <Box data-testid="mbo-proposal">
      <Typography variant="body2">
        ミス・事故の件数（1次評価者が記録）: {incidents === null ? '未記録' : `${incidents}件`}
      </Typography>
      {proposal ? (
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          提案: {proposal.level}（{LEVEL_LABELS[proposal.level]}）— {proposal.reason}
        </Typography>
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          件数が記録されると評語が提案されます（ミスがないことをプラスの評価とする）
        </Typography>
      )}
    </Box>
  );
}

/** A goal after approval, read-only: wording, mid-term entries, year-end levels. */
export function GoalResultSummary({ goal }: { goal: MboGoalView }) {
  const parts: string[] = [];
  if (goal.progress !== null) parts.push(`進捗率 ${goal.progress}%`);
  const lines: { label: string; text: string }[] = [];
  if (goal.midNote) lines.push({ label: '中間の取組状況', text: goal.midNote });
  if (goal.self.level) {
    lines.push({
      label: '自己評価',
      text: `${goal.self.level}（${LEVEL_LABELS[goal.self.level]}）${goal.self.comment ? `　${goal.self.comment}` : ''}${
        goal.self.reason ? `　提案と異なる理由: ${goal.self.reason}` : ''
      }`,
    });
  }
  if (parts.length === 0 && lines.length === 0) return null;
  return (
    <Box>
      {parts.length > 0 ? <Typography variant="body2">{parts.join('　')}</Typography> : null}
      {lines.map((l) => (
        <Typography key={l.label} variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {l.label}: {l.text}
        </Typography>
      ))}
    </Box>
  );
}

/** A comment field that is a text box for whoever may write it and plain text for everyone else. */
export function CommentField({
  label,
  value,
  editable,
  onChange,
  rows = 3,
}: {
  label: string;
  value: string;
  editable: boolean;
  onChange: (value: string) => void;
  rows?: number;
}) {
  if (!editable) {
    return (
      <Box>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {label}
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{value || '—'}</Typography>
      </Box>
    );
  }
  return (
    <TextField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      multiline
      minRows={rows}
      fullWidth
      helperText={`${[...value].length} / ${COMMENT_MAX_CHARS}文字`}
      slotProps={{ htmlInput: { maxLength: COMMENT_MAX_CHARS } }}
    />
  );
}
