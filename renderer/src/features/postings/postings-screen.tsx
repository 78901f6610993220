import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { todayIso } from '../../../../shared/dates';
import type { PostingStatus } from '../../../../shared/postings';
import type { PostingRow, PostingsView } from '../../../../shared/api/postings';
import { errorMessage, request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { ClosedYearNotice, useClosedYear } from '../../ui/closed-year-notice';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { ApplicantsDialog } from './applicants';
import { PostingCard } from './card';
import type { CardAbilities, CardHandlers } from './card';
import { ApplyDialog, PostingFormDialog, StatusDialog, WithdrawDialog, whoReadsApplications } from './dialogs';
import { applicationStatusColors, byOpenThenDeadline, dayOf, kindColors } from './format';
import { formatCount } from '../../format';

type Open =
  | { action: 'create' }
  | { action: 'edit' | 'apply' | 'applicants'; posting: PostingRow }
  | { action: 'withdraw'; posting: PostingRow; applicationId: number }
  | { action: 'status'; posting: PostingRow; status: PostingStatus }
  | null;

/** 「自分の応募」: the caller's applications of the year, from the postings they were made to. */
function MyApplications({ postings }: { postings: PostingRow[] }) {
  const mine = postings.filter((p) => p.mine !== null);
  return (
    <Box component="section" aria-labelledby="my-applications-title" data-testid="my-applications">
      <Typography variant="h2" id="my-applications-title" sx={{ mb: 1 }}>
        自分の応募
      </Typography>
      <Paper variant="outlined">
        {mine.length === 0 ? (
          <Typography sx={{ color: 'text.secondary', p: 2, fontSize: 14 }}>この年度の応募はまだありません。</Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
            {mine.map((p, i) => (
              <Box
                component="li"
                key={p.id}
                data-testid="my-application-row"
                sx={{
                  display: 'flex',
                  gap: 2,
                  alignItems: 'center',
                  px: 2,
                  py: 1.25,
                  borderTop: i === 0 ? 0 : 1,
                  borderColor: 'divider',
                }}
              >
                <Chip size="small" variant="outlined" color={kindColors[p.kind]} label={p.kind} />
                <Typography sx={{ fontWeight: 600, fontSize: 14, flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                  {p.title}
                </Typography>
                <Typography sx={{ fontSize: 13, color: 'text.secondary', whiteSpace: 'nowrap' }}>
                  応募日 {dayOf(p.mine!.appliedAt)}
                </Typography>
                <Chip size="small" label={p.mine!.status} color={applicationStatusColors[p.mine!.status]} />
              </Box>
            ))}
          </Box>
        )}
      </Paper>
    </Box>
  );
}

/**
 * The 庁内公募 section (docs/postings.md): the year's 庁内公募, プロジェクトチーム and 自主グループ calls.
 * Everyone with a staff record applies and withdraws their own application; HR creates postings,
 * moves them on and records the selection; HR and the personnel office read the applicants. An
 * application never reaches the applicant's evaluators: the core leaves it out of what they get.
 */
export function PostingsScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const { closed } = useClosedYear();
  const notify = useNotify();
  const isHr = session.role === 'hr';
  const seesApplicants = isHr || session.role === 'personnel';
  const hasStaffRecord = session.staffNo !== null;
  const load = useCallback(() => (fy === null ? Promise.resolve(null) : request('postings:list', { fy })), [fy]);
  const list = useLoad(load);
  const [open, setOpen] = useState<Open>(null);
  const today = todayIso();

  const view = list.data?.fy === fy ? list.data : null;
  const postings = useMemo(() => [...(view?.postings ?? [])].sort(byOpenThenDeadline), [view]);
  const openCount = postings.filter((p) => p.open).length;

  const done = (next: PostingsView, message: string) => {
    list.set(next);
    setOpen(null);
    notify.success(message);
  };

  // The core refuses applying and withdrawing in an ended year, and to the personnel office.
  const can: CardAbilities = {
    apply: hasStaffRecord && !closed && session.role !== 'personnel',
    manage: isHr,
    applicants: seesApplicants,
  };
  // Staff and evaluators always see their applications' section; HR and the personnel office when they have one.
  const showMine =
    (can.apply && (session.role === 'staff' || session.role === 'evaluator')) || postings.some((p) => p.mine !== null);
  const on: CardHandlers = {
    onApply: (posting) => setOpen({ action: 'apply', posting }),
    onWithdraw: (posting, mine) => setOpen({ action: 'withdraw', posting, applicationId: mine.id }),
    onEdit: (posting) => setOpen({ action: 'edit', posting }),
    onStatus: (posting, status) => setOpen({ action: 'status', posting, status }),
    onApplicants: (posting) => setOpen({ action: 'applicants', posting }),
  };

  return (
    <>
      <PageHeading
        title="庁内公募"
        showYear
        actions={
          isHr && fy !== null ? (
            <Button variant="contained" onClick={() => setOpen({ action: 'create' })}>
              募集を作成
            </Button>
          ) : null
        }
      />
      <ClosedYearNotice />
      <Typography sx={{ fontSize: 14, color: 'text.secondary', mb: 2, maxWidth: 900 }}>
        庁内公募・プロジェクトチーム・自主グループのメンバーを募集しています。やってみたい仕事があれば、締切までに応募してください。
        {whoReadsApplications}
      </Typography>
      {fy === null ? (
        <Typography>評価期間（年度）がまだ作成されていません。</Typography>
      ) : list.error && view === null ? (
        <Alert severity="error">{errorMessage(list.error)}</Alert>
      ) : view === null ? (
        <Loading />
      ) : (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3, maxWidth: 1100 }}>
          {showMine ? <MyApplications postings={postings} /> : null}
          <Box component="section" aria-labelledby="postings-title">
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'baseline', mb: 1 }}>
              <Typography variant="h2" id="postings-title">
                募集
              </Typography>
              <Typography sx={{ color: 'text.secondary', fontSize: 14 }} aria-live="polite">
                {formatCount(postings.length, '件')}（募集中 {formatCount(openCount, '件')}）
              </Typography>
            </Box>
            {postings.length === 0 ? (
              <Paper variant="outlined" sx={{ p: 2 }}>
                <Typography sx={{ color: 'text.secondary' }}>この年度の募集はありません。</Typography>
              </Paper>
            ) : (
              <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }} data-testid="postings-list">
                {postings.map((p) => (
                  <PostingCard key={p.id} posting={p} today={today} can={can} on={on} />
                ))}
              </Box>
            )}
          </Box>
        </Box>
      )}
      {fy !== null && open?.action === 'create' ? (
        <PostingFormDialog
          fy={fy}
          posting={null}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」の募集を作成しました。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'edit' ? (
        <PostingFormDialog
          fy={fy}
          posting={open.posting}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」を保存しました。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'apply' ? (
        <ApplyDialog
          fy={fy}
          posting={open.posting}
          onClose={() => setOpen(null)}
          onApplied={(next) => done(next, `「${open.posting.title}」に応募しました。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'withdraw' ? (
        <WithdrawDialog
          fy={fy}
          posting={open.posting}
          applicationId={open.applicationId}
          onClose={() => setOpen(null)}
          onDone={(next) => done(next, `「${open.posting.title}」への応募を辞退しました。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'status' ? (
        <StatusDialog
          fy={fy}
          posting={open.posting}
          status={open.status}
          onClose={() => setOpen(null)}
          onDone={(next, message) => done(next, `「${open.posting.title}」の${message}。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'applicants' ? (
        <ApplicantsDialog
          fy={fy}
          posting={open.posting}
          canEdit={isHr}
          onClose={() => setOpen(null)}
          onChanged={list.reload}
        />
      ) : null}
    </>
  );
}
