import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { MBO_LIST_SORTS } from '../../../../shared/contract';
import type { MboListRow, MboSheetView } from '../../../../shared/contract';
import { COMMENT_MAX_CHARS, MBO_STATUSES, REASON_MAX_CHARS, formatScore } from '../../../../shared/mbo';
import type { MboStatus } from '../../../../shared/mbo';
import { errorMessage, request } from '../../client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { MboBlock, MboStatusChip } from './parts';
import { MboSheetBody } from './sheet-body';
import { useFiscalYear } from '../../fiscal-year';
import { formatCount, formatDateTime } from '../../format';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useNotify } from '../../notify';
import { useDeferredLoad, useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { BoardFilters, useBoardFilters, useSectionChoices } from '../../ui/board-filters';
import { ServerGrid } from '../../ui/server-grid';

const columns: GridColDef<MboListRow>[] = [
  { field: 'staffNo', headerName: '職員番号', width: 100, valueGetter: (_v, r) => r.person.staffNo },
  { field: 'name', headerName: '氏名', width: 130, valueGetter: (_v, r) => r.person.name },
  { field: 'section', headerName: '所属', width: 140, valueGetter: (_v, r) => r.person.section ?? '' },
  { field: 'position', headerName: '職名', width: 90, valueGetter: (_v, r) => r.person.position },
  {
    field: 'status',
    headerName: '状態',
    width: 110,
    renderCell: (p: GridCellParams<MboListRow>) => <MboStatusChip status={p.row.status} />,
  },
  { field: 'goals', headerName: '目標数', width: 80, type: 'number' },
  { field: 'weightTotal', headerName: 'ウェイト合計', width: 110, type: 'number' },
  {
    field: 'hasAreaGoal',
    headerName: '地域担当目標',
    width: 110,
    valueGetter: (_v, r) => (r.goals === 0 ? '—' : r.hasAreaGoal ? 'あり' : 'なし'),
  },
  {
    field: 'selfScore',
    headerName: '自己評価点',
    width: 100,
    valueFormatter: (v: number | null) => (v === null ? '—' : formatScore(v)),
  },
  {
    field: 'updatedAt',
    headerName: '更新日',
    width: 150,
    valueFormatter: (v: string | null) => formatDateTime(v),
  },
];

/**
 * The sheets the caller may open, one page at a time from mbo:list (docs/lists.md): filtered by
 * 所属, 状態 and a search, sorted and counted on the server.
 */
function SheetList({ fy, onOpen }: { fy: number; onOpen: (staffNo: string) => void }) {
  const filters = useBoardFilters<MboStatus>();
  const paging = useServerPage(MBO_LIST_SORTS, `${fy}|${filters.key}`);
  const { page } = paging;
  const { params } = filters;
  const load = useCallback(() => request('mbo:list', { fy, page, ...params }), [fy, page, params]);
  // A city's first page is drawn in the background, in slices (a deferred value), the grid first
  // empty (the grid measuring itself) and its rows a task later (docs/city-scale.md "Drawing
  // without a freeze"): no click freezes.
  const { data, error, loading, drawing } = useDeferredLoad(load);
  const sections = useSectionChoices(data);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading />;
  if (data.section === null && data.totals.total === 0) {
    return <Typography sx={{ color: 'text.secondary' }}>担当する職員の目標管理シートはありません。</Typography>;
  }
  const total = data.total ?? data.rows.length;
  return (
    <Stack spacing={2}>
      <BoardFilters
        filters={filters}
        statusLabel="状態"
        statuses={MBO_STATUSES}
        sections={sections}
        count={`${formatCount(total)}（全${formatCount(data.totals.total)}）`}
        countTestId="mbo-others-count"
      />
      <ServerGrid
        label="担当職員の目標管理シート"
        rows={data.rows}
        total={data.total ?? null}
        loading={loading || drawing}
        mountEmpty
        columns={columns}
        getRowId={(r) => r.person.staffNo}
        paging={paging}
        onOpen={(r) => onOpen(r.person.staffNo)}
        emptyText="条件に合う職員はいません"
      />
    </Stack>
  );
}

/**
 * What approval does and who can undo it (docs/cycle.md, mbo.service.ts): the 1次 cannot take it back;
 * goals are then revised with a reason, and only HR can return the sheet to goal setting.
 */
export function approveMessage(name: string): string {
  return `${name}さんの目標を承認します。承認すると本人が中間・期末を記入できるようになり、承認を取り消すことはできません。その後の目標の見直しは「目標を修正」から理由を添えて行います。目標設定の段階に戻せるのは人事担当（差し戻し）だけです。`;
}

/** 承認する (optional comment) / 差し戻す (required comment), for the 1次 while the goals are 提出済. */
function ReviewPanel({ view, fy, onDone }: { view: MboSheetView; fy: number; onDone: (v: MboSheetView) => void }) {
  const notify = useNotify();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const act = async (decision: 'approve' | 'sendBack') => {
    if (decision === 'sendBack' && comment.trim() === '') {
      setError('差し戻す場合は、修正してほしい点をコメントに入力してください。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const req = { fy, staffNo: view.person.staffNo, version: view.version, comment };
      const next = decision === 'approve' ? await request('mbo:approve', req) : await request('mbo:sendBack', req);
      notify.success(decision === 'approve' ? '目標を承認しました。' : '差し戻しました。');
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
      // Approval is asked in a dialog, which shows the failure too.
      if (decision === 'approve') throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <MboBlock title="目標の承認（1次評価者）" testId="mbo-review">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        目標の内容を確認し、承認するか、コメントを添えて本人に差し戻してください。
      </Typography>
      <TextField
        label="1次評価者のコメント"
        value={comment}
        onChange={(e) => {
          setComment(e.target.value);
          setError(null);
        }}
        multiline
        minRows={3}
        error={error !== null}
        helperText={error ?? `承認は任意、差し戻しは必須　${comment.length} / ${COMMENT_MAX_CHARS}文字`}
        slotProps={{ htmlInput: { maxLength: COMMENT_MAX_CHARS } }}
      />
      <Box sx={{ display: 'flex', gap: 2 }}>
        {view.can.approve ? (
          <Button variant="contained" onClick={() => setAsking(true)} disabled={busy}>
            承認する
          </Button>
        ) : null}
        {view.can.sendBack ? (
          <Button variant="outlined" color="warning" onClick={() => void act('sendBack')} disabled={busy}>
            差し戻す
          </Button>
        ) : null}
      </Box>
      <ConfirmDialog
        open={asking}
        title="目標を承認"
        message={approveMessage(view.person.name)}
        confirmLabel="承認する"
        onConfirm={() => act('approve')}
        onClose={() => setAsking(false)}
      />
    </MboBlock>
  );
}

/** HR sends a sheet back one stage with a reason. */
function ReopenPanel({ view, fy, onDone }: { view: MboSheetView; fy: number; onDone: (v: MboSheetView) => void }) {
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reopen = async () => {
    if (reason.trim() === '') {
      setError('差し戻しの理由を入力してください。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await request('mbo:reopen', { fy, staffNo: view.person.staffNo, reason });
      notify.success('差し戻しました。');
      setReason('');
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const to =
    view.status === '自己評価済'
      ? '承認済（期末の自己評価を入力し直せる状態）'
      : '差し戻し（本人が目標を修正できる状態）';
  return (
    <MboBlock title="差し戻し（人事担当）" testId="mbo-reopen">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        このシートを「{to}」に戻します。理由は本人に表示され、監査ログに残ります。
      </Typography>
      <TextField
        label="差し戻しの理由"
        required
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        multiline
        minRows={2}
        error={error !== null}
        helperText={error ?? `${reason.length} / ${REASON_MAX_CHARS}文字`}
        slotProps={{ htmlInput: { maxLength: REASON_MAX_CHARS } }}
      />
      <Box>
        <Button variant="outlined" color="warning" onClick={() => void reopen()} disabled={busy}>
          差し戻す
        </Button>
      </Box>
    </MboBlock>
  );
}

function OtherSheet({ staffNo, fy }: { staffNo: string; fy: number }) {
  const load = useCallback(() => request('mbo:get', { fy, staffNo }), [fy, staffNo]);
  const { data: view, error, reload, set: setView } = useLoad(load);
  // A reload also starts the sheet's forms again.
  const [nonce, setNonce] = useState(0);

  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!view || view.person.staffNo !== staffNo) return <Loading />;
  const actions = (
    <>
      {view.can.approve || view.can.sendBack ? (
        <ReviewPanel key={`rv-${view.version}`} view={view} fy={fy} onDone={setView} />
      ) : null}
      {view.can.reopen ? <ReopenPanel key={`re-${view.version}`} view={view} fy={fy} onDone={setView} /> : null}
    </>
  );
  return (
    <Box data-testid="mbo-other">
      <MboSheetBody
        key={`${view.status}-${nonce}`}
        view={view}
        fy={fy}
        staffNo={staffNo}
        onView={setView}
        onReload={() => {
          setNonce((n) => n + 1);
          reload();
        }}
        actions={actions}
      />
    </Box>
  );
}

/** 「担当職員のシート」: the sheets the caller evaluates (or, for HR, everyone's), and one opened. */
export function MboOthers({ initialStaffNo }: { initialStaffNo: string | null }) {
  const { fy } = useFiscalYear();
  const [staffNo, setStaffNo] = useState<string | null>(initialStaffNo);
  if (fy === null) return <Loading />;
  if (staffNo === null) return <SheetList fy={fy} onOpen={setStaffNo} />;
  return (
    <Stack spacing={1.5}>
      <Box>
        <Button
          variant="outlined"
          size="small"
          onClick={() => {
            if (confirmLeave()) setStaffNo(null);
          }}
        >
          一覧に戻る
        </Button>
      </Box>
      <OtherSheet key={`${fy}-${staffNo}`} staffNo={staffNo} fy={fy} />
    </Stack>
  );
}
