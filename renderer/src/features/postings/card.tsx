import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { PostingStatus } from '../../../../shared/postings';
import type { MyApplication, PostingRow } from '../../../../shared/api/postings';
import {
  applicationStatusColors,
  dayOf,
  kindColors,
  placeText,
  postingStatusColors,
  remainingText,
  formatDay,
} from './format';
import { formatCount } from '../../format';
import { WithheldText } from './withheld';

/** What the caller may do on a posting; the core checks every one of them again. */
export type CardAbilities = {
  /** Has a staff record, is not the personnel office (which only reads), and the year has not ended. */
  apply: boolean;
  /** HR: edit, close, finish and reopen. */
  manage: boolean;
  /** HR and the personnel office: the applicants. */
  applicants: boolean;
};

export type CardHandlers = {
  onApply: (p: PostingRow) => void;
  onWithdraw: (p: PostingRow, mine: MyApplication) => void;
  onEdit: (p: PostingRow) => void;
  onStatus: (p: PostingRow, status: PostingStatus) => void;
  onApplicants: (p: PostingRow) => void;
};

/** HR's status moves (docs/postings.md): 募集中 → 締切 → 選考終了, and back from 締切 to 募集中. */
const statusActions: Record<PostingStatus, { status: PostingStatus; label: string }[]> = {
  募集中: [{ status: '締切', label: '締切にする' }],
  締切: [
    { status: '選考終了', label: '選考終了' },
    { status: '募集中', label: '募集を再開' },
  ],
  選考終了: [],
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'baseline', minWidth: 0 }}>
      <Typography component="span" sx={{ fontSize: 13, color: 'text.secondary', whiteSpace: 'nowrap' }}>
        {label}
      </Typography>
      <Typography component="span" sx={{ fontSize: 14 }}>
        {children}
      </Typography>
    </Box>
  );
}

function LongText({ label, text }: { label: string; text: string }) {
  return (
    <Box>
      <Typography sx={{ fontSize: 13, fontWeight: 600, color: 'text.secondary', mb: 0.25 }}>{label}</Typography>
      <Typography sx={{ fontSize: 14, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {text.trim() === '' ? '（記載なし）' : text}
      </Typography>
    </Box>
  );
}

/** The caller's own application, on the posting it was made to. */
function OwnApplication({ mine, onWithdraw }: { mine: MyApplication; onWithdraw: (() => void) | null }) {
  return (
    <Box
      data-testid="my-application"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'grey.50', p: 1.5, mt: 1.5 }}
    >
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600, fontSize: 14 }}>あなたの応募</Typography>
        <Chip
          size="small"
          label={mine.status}
          color={applicationStatusColors[mine.status]}
          data-testid="my-application-status"
        />
        <Fact label="応募日">{dayOf(mine.appliedAt)}</Fact>
        <Box sx={{ flexGrow: 1 }} />
        {onWithdraw ? (
          <Button size="small" color="error" variant="outlined" onClick={onWithdraw}>
            辞退する
          </Button>
        ) : null}
      </Box>
      <Typography sx={{ fontSize: 13, color: 'text.secondary', mt: 1 }}>志望動機</Typography>
      {mine.withheld ? (
        <WithheldText message={mine.withheld} />
      ) : (
        <Typography sx={{ fontSize: 14, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {mine.motivation}
        </Typography>
      )}
    </Box>
  );
}

/** One posting: what, where, how many, until when; its details on demand; the caller's actions. */
export function PostingCard({
  posting: p,
  today,
  can,
  on,
}: {
  posting: PostingRow;
  today: string;
  can: CardAbilities;
  on: CardHandlers;
}) {
  const [expanded, setExpanded] = useState(false);
  const detailsId = useId();
  const remaining = remainingText(p, today);
  const lapsed = p.status === '募集中' && !p.open;
  return (
    <Paper
      variant="outlined"
      component="article"
      aria-label={p.title}
      data-testid="posting-card"
      sx={{ p: 2, borderLeft: 4, borderLeftColor: p.open ? 'success.main' : 'divider' }}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip size="small" variant="outlined" color={kindColors[p.kind]} label={p.kind} data-testid="posting-kind" />
        <Chip size="small" label={p.status} color={postingStatusColors[p.status]} data-testid="posting-status" />
        {lapsed ? <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>締切日を過ぎています</Typography> : null}
        <Box sx={{ flexGrow: 1 }} />
        <Typography sx={{ fontSize: 14, whiteSpace: 'nowrap' }} data-testid="posting-deadline">
          締切 {formatDay(p.deadline)}
          {remaining ? (
            <Box
              component="span"
              sx={{ ml: 1, fontWeight: 700, color: remaining === '本日締切' ? 'error.main' : 'success.dark' }}
            >
              {remaining}
            </Box>
          ) : null}
        </Typography>
      </Box>
      <Typography variant="h3" component="h3" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
        {p.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', mt: 0.75 }}>
        <Fact label={p.section ? '所属・チーム' : 'チーム・グループ'}>{placeText(p)}</Fact>
        <Fact label="募集人数">{formatCount(p.capacity)}</Fact>
        {p.applicantCount !== null ? (
          <Fact label="応募">
            <span data-testid="posting-applicant-count">{formatCount(p.applicantCount, '件')}</span>
          </Fact>
        ) : null}
      </Box>
      <Collapse in={expanded} id={detailsId}>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, mt: 1.5, maxWidth: 900 }}>
          <LongText label="内容" text={p.description} />
          <LongText label="応募資格" text={p.conditions} />
        </Box>
      </Collapse>
      {p.mine ? (
        <OwnApplication
          mine={p.mine}
          onWithdraw={can.apply && p.mine.canWithdraw ? () => on.onWithdraw(p, p.mine!) : null}
        />
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mt: 1.5 }}>
        <Button size="small" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded} aria-controls={detailsId}>
          {expanded ? '内容と応募資格を閉じる ▴' : '内容と応募資格を見る ▾'}
        </Button>
        <Box sx={{ flexGrow: 1 }} />
        {can.applicants ? (
          <Button size="small" variant="outlined" onClick={() => on.onApplicants(p)}>
            応募者{p.applicantCount !== null ? `（${formatCount(p.applicantCount, '件')}）` : ''}
          </Button>
        ) : null}
        {can.manage ? (
          <>
            <Button size="small" variant="outlined" onClick={() => on.onEdit(p)}>
              編集
            </Button>
            {statusActions[p.status].map((a) => (
              <Button key={a.status} size="small" variant="outlined" onClick={() => on.onStatus(p, a.status)}>
                {a.label}
              </Button>
            ))}
          </>
        ) : null}
        {can.apply && p.open && (p.mine === null || p.mine.status === '辞退') ? (
          <Button size="small" variant="contained" onClick={() => on.onApply(p)}>
            {p.mine ? 'もう一度応募する' : '応募する'}
          </Button>
        ) : null}
      </Box>
    </Paper>
  );
}
