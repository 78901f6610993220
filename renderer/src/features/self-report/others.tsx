import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { SELF_REPORT_PROGRESS_SORTS } from '../../../../shared/contract';
import type { SelfReportProgressRow, SelfReportView } from '../../../../shared/contract';
import { isValidIsoDate } from '../../../../shared/dates';
import { selfReportLabels, selfReportLimits, selfReportStatuses } from '../../../../shared/self-report';
import type { SelfReportStatus } from '../../../../shared/self-report';
import { errorField, errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import {
  SelfReportForm,
  SelfReportHeader,
  SelfReportInterviewRecord,
  SelfReportStatusChip,
  draftOf,
  headOf,
} from './form';
import { ProblemLinks } from './problems';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { useFiscalYear } from '../../fiscal-year';
import { formatCount, formatDateTime } from '../../format';
import { useNotify } from '../../notify';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { BoardFilters, useBoardFilters, useSectionChoices } from '../../ui/board-filters';
import { ServerGrid } from '../../ui/server-grid';
import { DateField } from '../../ui/date-field';

/** The 所属長 as the list names them: the 調整者's post and name (docs/self-report.md), or 未設定. */
function adjusterText(r: SelfReportProgressRow): string {
  return r.adjuster ? `${r.adjuster.position} ${r.adjuster.name}` : '（未設定）';
}

const columns: GridColDef<SelfReportProgressRow>[] = [
  { field: 'staffNo', headerName: '職員番号', width: 100, valueGetter: (_v, r) => r.person.staffNo },
  { field: 'name', headerName: '氏名', width: 140, valueGetter: (_v, r) => r.person.name },
  { field: 'section', headerName: '所属', width: 150, valueGetter: (_v, r) => r.person.section ?? '' },
  { field: 'line', headerName: '担当', width: 130, valueGetter: (_v, r) => r.person.line ?? '' },
  { field: 'adjuster', headerName: '所属長（調整者）', width: 170, valueGetter: (_v, r) => adjusterText(r) },
  {
    field: 'status',
    headerName: '状況',
    width: 100,
    renderCell: (p: GridCellParams<SelfReportProgressRow>) => <SelfReportStatusChip status={p.row.status} />,
  },
  {
    field: 'submittedAt',
    headerName: '提出日時',
    width: 150,
    valueFormatter: (v: string | null) => formatDateTime(v),
  },
  {
    field: 'interviewedAt',
    headerName: '面談記録',
    width: 150,
    valueFormatter: (v: string | null) => formatDateTime(v),
  },
];

/**
 * The people whose report the caller may open, one page at a time from selfReport:list
 * (docs/lists.md): filtered by 所属, 状況 and a search, sorted and counted on the server; each row
 * names the person's 所属長 (their 調整者).
 */
function ReportList({ fy, onOpen }: { fy: number; onOpen: (staffNo: string) => void }) {
  const filters = useBoardFilters<SelfReportStatus>();
  const paging = useServerPage(SELF_REPORT_PROGRESS_SORTS, `${fy}|${filters.key}`);
  const { page } = paging;
  const { params } = filters;
  const load = useCallback(() => request('selfReport:list', { fy, page, ...params }), [fy, page, params]);
  const { data, error, loading } = useLoad(load);
  const sections = useSectionChoices(data);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading />;
  if (data.section === null && data.totals.total === 0) {
    return <Typography sx={{ color: 'text.secondary' }}>担当する職員の自己申告書はありません。</Typography>;
  }
  const t = data.totals;
  return (
    <Stack spacing={2}>
      <BoardFilters
        filters={filters}
        statusLabel="状況"
        statuses={selfReportStatuses}
        sections={sections}
        count={`${formatCount(data.total)}（全${formatCount(t.total)}：未提出 ${formatCount(t.未提出)}・提出済 ${formatCount(t.提出済)}・面談済 ${formatCount(t.面談済)}）`}
        countTestId="self-report-others-count"
      />
      <ServerGrid
        label="担当職員の自己申告書"
        rows={data.rows}
        total={data.total}
        loading={loading}
        columns={columns}
        getRowId={(r) => r.person.staffNo}
        paging={paging}
        onOpen={(r) => onOpen(r.person.staffNo)}
        emptyText="条件に合う職員はいません"
      />
    </Stack>
  );
}

type InterviewField = 'interviewOn' | 'record' | 'opinion';

/** What the 調整者's form needs before it is saved, all at once (the core checks the same). */
function interviewProblems(interviewOn: string, record: string): { field: InterviewField; message: string }[] {
  const out: { field: InterviewField; message: string }[] = [];
  if (interviewOn === '')
    out.push({ field: 'interviewOn', message: `${selfReportLabels.interviewOn}を入力してください。` });
  else if (!isValidIsoDate(interviewOn)) {
    out.push({
      field: 'interviewOn',
      message: `${selfReportLabels.interviewOn}の日付が正しくありません（例: 2026/07/15）。`,
    });
  }
  if (record.trim() === '') out.push({ field: 'record', message: `${selfReportLabels.record}を入力してください。` });
  return out;
}

const interviewIds: Record<InterviewField, string> = {
  interviewOn: 'self-report-interview-on',
  record: 'self-report-interview-record',
  opinion: 'self-report-interview-opinion',
};

function focusInterview(field: InterviewField): void {
  const el = document.getElementById(interviewIds[field]);
  el?.scrollIntoView({ block: 'center' });
  el?.focus({ preventScroll: true });
}

/**
 * The 所属長's interview (the 調整者 only). The first record turns the report 面談済 and shows it to
 * the person and their evaluators, so it asks first; later saves correct it (docs/self-report.md).
 */
function InterviewForm({
  view,
  fy,
  onDone,
}: {
  view: SelfReportView;
  fy: number;
  onDone: (v: SelfReportView) => void;
}) {
  const notify = useNotify();
  const [interviewOn, setInterviewOn] = useState(view.interview.interviewOn ?? '');
  const [record, setRecord] = useState(view.interview.record);
  const [opinion, setOpinion] = useState(view.interview.opinion);
  // The core's answer, at its field until that field changes.
  const [serverErrors, setServerErrors] = useState<Partial<Record<InterviewField, string>>>({});
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const first = view.status === '提出済';

  const problems = interviewProblems(interviewOn, record);
  const errors: Partial<Record<InterviewField, string>> = { ...serverErrors };
  if (showErrors) for (const p of problems) errors[p.field] ??= p.message;
  const edited = (field: InterviewField) =>
    setServerErrors((e) => {
      if (!(field in e)) return e;
      const rest = { ...e };
      delete rest[field];
      return rest;
    });

  const save = async () => {
    try {
      const next = await request('selfReport:interview', {
        fy,
        staffNo: view.person.staffNo,
        version: view.version,
        interviewOn,
        record,
        opinion,
      });
      setServerErrors({});
      setShowErrors(false);
      notify.success('面談記録を保存しました。');
      onDone(next);
    } catch (e) {
      const field = errorField(e);
      if (field === 'interviewOn' || field === 'record' || field === 'opinion') {
        setServerErrors({ [field]: errorMessage(e) });
        setConfirming(false);
        return;
      }
      if (confirming) throw e;
      notify.error(e);
    }
  };

  const ask = async () => {
    setShowErrors(true);
    if (problems.length > 0) return;
    if (first) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    try {
      await save();
    } finally {
      setBusy(false);
    }
  };

  const person = `${view.person.name}さん`;
  return (
    <Paper variant="outlined" component="section" aria-label="面談記録の入力" sx={{ p: 2.5, maxWidth: 900 }}>
      <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600 }}>
        面談記録の入力（所属長）
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 2 }}>
        {`入力者: ${headOf(view)}　* の付いた項目は必須です。`}
      </Typography>
      <Stack spacing={2}>
        <DateField
          id={interviewIds.interviewOn}
          required
          label={selfReportLabels.interviewOn}
          value={interviewOn}
          onChange={(e) => {
            setInterviewOn(e.target.value);
            edited('interviewOn');
          }}
          error={errors.interviewOn !== undefined}
          helperText={errors.interviewOn}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 220 }}
        />
        <TextField
          id={interviewIds.record}
          required
          label={selfReportLabels.record}
          value={record}
          onChange={(e) => {
            setRecord(e.target.value);
            edited('record');
          }}
          multiline
          minRows={4}
          error={errors.record !== undefined}
          helperText={errors.record ?? `${record.length} / ${selfReportLimits.long}文字`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.long } }}
        />
        <TextField
          id={interviewIds.opinion}
          label={selfReportLabels.opinion}
          value={opinion}
          onChange={(e) => {
            setOpinion(e.target.value);
            edited('opinion');
          }}
          multiline
          minRows={3}
          error={errors.opinion !== undefined}
          helperText={errors.opinion ?? `${opinion.length} / ${selfReportLimits.long}文字（任意）`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.long } }}
        />
        {showErrors ? (
          <ProblemLinks
            problems={problems}
            severity="error"
            testId="self-report-interview-problems"
            heading={`まだ保存できません。次の項目を入力してください（${problems.length}件）`}
            onFocus={focusInterview}
          />
        ) : null}
        <Box>
          <Button variant="contained" onClick={() => void ask()} disabled={busy}>
            面談記録を保存
          </Button>
        </Box>
      </Stack>
      <ConfirmDialog
        open={confirming}
        title="面談記録を保存しますか？"
        message={`保存すると、${person}の自己申告書は「面談済」になり、面談記録と所属長所見を本人・1次評価者・2次評価者・人事担当が読めるようになります。「提出済」には戻せません（人事担当が差し戻したときは「未提出」に戻ります）。内容は保存後もあなたが修正できます。`}
        confirmLabel="保存する"
        onConfirm={save}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}

/**
 * HR sends a submitted report back to 未提出 (only HR may: docs/cycle.md). The person must submit
 * again and the 所属長 record the interview again, so it asks first.
 */
function ReopenForm({ view, fy, onDone }: { view: SelfReportView; fy: number; onDone: (v: SelfReportView) => void }) {
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reopen = async () => {
    const next = await request('selfReport:reopen', { fy, staffNo: view.person.staffNo, reason });
    setError(null);
    setReason('');
    notify.success('差し戻しました。');
    onDone(next);
  };
  const ask = () => {
    if (reason.trim() === '') {
      setError(`${selfReportLabels.reason}を入力してください。`);
      return;
    }
    setConfirming(true);
  };
  const interviewed = view.status === '面談済' ? '面談日時も消え、面談記録の内容は残ります。' : '';
  return (
    <Paper variant="outlined" component="section" aria-label="差し戻し" sx={{ p: 2.5, maxWidth: 900 }}>
      <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600, mb: 2 }}>
        差し戻し（人事担当）
      </Typography>
      <Stack spacing={2}>
        <TextField
          required
          label={selfReportLabels.reason}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
          multiline
          minRows={2}
          error={error !== null}
          helperText={error ?? `${reason.length} / ${selfReportLimits.medium}文字（本人に表示されます）`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.medium } }}
        />
        <Box>
          <Button variant="outlined" color="warning" onClick={ask}>
            差し戻す
          </Button>
        </Box>
      </Stack>
      <ConfirmDialog
        open={confirming}
        title="自己申告書を差し戻しますか？"
        message={`差し戻すと、${view.person.name}さんの自己申告書は「未提出」に戻り、提出日時は消えます。${interviewed}本人が修正して提出し直すまで、${headOf(view)}は面談記録を入力できません。差し戻しは取り消せません（元に戻すには、本人が提出し直します）。`}
        confirmLabel="差し戻す"
        danger
        onConfirm={reopen}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}

function OtherReport({ staffNo, fy }: { staffNo: string; fy: number }) {
  const load = useCallback(() => request('selfReport:get', { fy, staffNo }), [fy, staffNo]);
  const { data: view, error, set: setView } = useLoad(load);
  const [nonce, setNonce] = useState(0);

  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!view || view.person.staffNo !== staffNo) return <Loading />;
  const update = (v: SelfReportView) => {
    setView(v);
    setNonce((n) => n + 1);
  };
  return (
    <Stack spacing={2.5} sx={{ minWidth: 0, flex: 1 }} data-testid="self-report-other">
      <SelfReportHeader view={view} />
      <SelfReportForm
        draft={draftOf(view)}
        readOnly
        showConfidential={!view.confidentialHidden}
        withheld={view.confidentialHidden ? view.withheld : undefined}
        errors={{}}
        onChange={() => undefined}
        head={headOf(view)}
      />
      <Box sx={{ maxWidth: 900 }}>
        <SelfReportInterviewRecord view={view} />
      </Box>
      {view.can.interview ? <InterviewForm key={`iv-${nonce}`} view={view} fy={fy} onDone={update} /> : null}
      {view.can.reopen && view.status !== '未提出' ? (
        <ReopenForm key={`re-${nonce}`} view={view} fy={fy} onDone={update} />
      ) : null}
    </Stack>
  );
}

/** 「担当職員の自己申告」: the reports the caller may open, and one opened (read-only, with the interview and 差し戻し where allowed). */
export function SelfReportOthers({ initialStaffNo }: { initialStaffNo: string | null }) {
  const { fy } = useFiscalYear();
  const [staffNo, setStaffNo] = useState<string | null>(initialStaffNo);
  if (fy === null) return <Loading />;
  if (staffNo === null) return <ReportList fy={fy} onOpen={setStaffNo} />;
  return (
    <Stack spacing={1.5}>
      <Box>
        <Button variant="outlined" size="small" onClick={() => setStaffNo(null)}>
          一覧に戻る
        </Button>
      </Box>
      <OtherReport key={`${fy}-${staffNo}`} staffNo={staffNo} fy={fy} />
    </Stack>
  );
}
