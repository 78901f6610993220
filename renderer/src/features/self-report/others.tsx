import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SelfReportView } from '../../../../shared/contract';
import { selfReportLabels, selfReportLimits } from '../../../../shared/self-report';
import { errorField, errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import { SelfReportForm, SelfReportHeader, SelfReportInterviewRecord, draftOf } from './form';
import { useFiscalYear } from '../../fiscal-year';
import { useNotify } from '../../notify';
import { useDebounced } from '../../hooks/useDebounced';
import { useLoad } from '../../hooks/useLoad';

/** A small searchable list of the staff the caller can see. */
function StaffPicker({ fy, selected, onPick }: { fy: number; selected: string | null; onPick: (no: string) => void }) {
  const [query, setQuery] = useState('');
  const settled = useDebounced(query.trim(), 250);
  const load = useCallback(
    () => request('staff:list', { query: settled || undefined, fy, active: 'active', limit: 50 }).then((r) => r.rows),
    [fy, settled],
  );
  const { data: rows, error: loadError } = useLoad(load);
  const error = loadError === undefined ? null : errorMessage(loadError);

  return (
    <Paper variant="outlined" sx={{ p: 1.5, width: 300, flexShrink: 0 }}>
      <TextField
        label="職員番号・氏名で検索"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        size="small"
        fullWidth
      />
      {error ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      ) : null}
      <List dense aria-label="職員" sx={{ maxHeight: 520, overflow: 'auto' }}>
        {(rows ?? []).map((r) => (
          <ListItemButton key={r.staffNo} selected={r.staffNo === selected} onClick={() => onPick(r.staffNo)}>
            <ListItemText primary={`${r.staffNo} ${r.name}`} secondary={r.section ?? ''} />
          </ListItemButton>
        ))}
        {rows === undefined && !error ? (
          <Typography sx={{ p: 1, color: 'text.secondary' }}>読み込み中…</Typography>
        ) : null}
        {rows !== undefined && rows.length === 0 && !error ? (
          <Typography sx={{ p: 1, color: 'text.secondary' }}>該当する職員がいません</Typography>
        ) : null}
      </List>
    </Paper>
  );
}

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      const next = await request('selfReport:interview', {
        fy,
        staffNo: view.person.staffNo,
        version: view.version,
        interviewOn,
        record,
        opinion,
      });
      setErrors({});
      notify.success('面談記録を保存しました');
      onDone(next);
    } catch (e) {
      const field = errorField(e);
      if (field === 'interviewOn' || field === 'record' || field === 'opinion') setErrors({ [field]: errorMessage(e) });
      else notify.error(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper variant="outlined" component="section" aria-label="面談記録の入力" sx={{ p: 2.5, maxWidth: 900 }}>
      <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600, mb: 2 }}>
        面談記録の入力（所属長）
      </Typography>
      <Stack spacing={2}>
        <TextField
          type="date"
          label={selfReportLabels.interviewOn}
          value={interviewOn}
          onChange={(e) => setInterviewOn(e.target.value)}
          error={errors.interviewOn !== undefined}
          helperText={errors.interviewOn}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 220 }}
        />
        <TextField
          label={selfReportLabels.record}
          value={record}
          onChange={(e) => setRecord(e.target.value)}
          multiline
          minRows={4}
          error={errors.record !== undefined}
          helperText={errors.record ?? `${record.length} / ${selfReportLimits.long}文字`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.long } }}
        />
        <TextField
          label={selfReportLabels.opinion}
          value={opinion}
          onChange={(e) => setOpinion(e.target.value)}
          multiline
          minRows={3}
          error={errors.opinion !== undefined}
          helperText={errors.opinion ?? `${opinion.length} / ${selfReportLimits.long}文字（任意）`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.long } }}
        />
        <Box>
          <Button variant="contained" onClick={() => void save()} disabled={busy}>
            面談記録を保存
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}

function ReopenForm({ view, fy, onDone }: { view: SelfReportView; fy: number; onDone: (v: SelfReportView) => void }) {
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reopen = async () => {
    setBusy(true);
    try {
      const next = await request('selfReport:reopen', { fy, staffNo: view.person.staffNo, reason });
      setError(null);
      setReason('');
      notify.success('差し戻しました');
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper variant="outlined" component="section" aria-label="差し戻し" sx={{ p: 2.5, maxWidth: 900 }}>
      <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600, mb: 2 }}>
        差し戻し（人事担当）
      </Typography>
      <Stack spacing={2}>
        <TextField
          label={selfReportLabels.reason}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          multiline
          minRows={2}
          error={error !== null}
          helperText={error ?? `${reason.length} / ${selfReportLimits.medium}文字`}
          slotProps={{ htmlInput: { maxLength: selfReportLimits.medium } }}
        />
        <Box>
          <Button variant="outlined" color="warning" onClick={() => void reopen()} disabled={busy}>
            差し戻す
          </Button>
        </Box>
      </Stack>
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
        errors={{}}
        onChange={() => undefined}
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

/** 「担当職員の自己申告」: another person's report, read-only, with the interview and 差し戻し where allowed. */
export function SelfReportOthers({ initialStaffNo }: { initialStaffNo: string | null }) {
  const { fy } = useFiscalYear();
  const [staffNo, setStaffNo] = useState<string | null>(initialStaffNo);
  if (fy === null) return <Loading />;
  return (
    <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start' }}>
      <StaffPicker fy={fy} selected={staffNo} onPick={setStaffNo} />
      {staffNo ? (
        <OtherReport key={`${fy}-${staffNo}`} staffNo={staffNo} fy={fy} />
      ) : (
        <Typography sx={{ color: 'text.secondary', pt: 1 }}>
          左の一覧から職員を選ぶと、その自己申告書を表示します。
        </Typography>
      )}
    </Box>
  );
}
