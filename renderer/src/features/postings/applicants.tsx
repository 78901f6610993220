import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ApplicationStatus } from '../../../../shared/postings';
import type { ApplicationRow, PostingRow } from '../../../../shared/api/postings';
import type { StaffOption } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { savedMessage, saveExport } from '../../files';
import { noErrors, toFormErrors } from '../../form-errors';
import type { FormErrors } from '../../form-errors';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { FormDialog } from '../../ui/form-dialog';
import { Loading } from '../../ui/loading';
import { StaffAutocomplete } from '../../ui/staff-autocomplete';
import { MOTIVATION_MAX } from './dialogs';
import { applicationStatusColors, dayOf } from './format';
import { WithheldText } from './withheld';

/** The outcomes HR records (応募 is where every application starts). */
const DECISIONS: ApplicationStatus[] = ['選考中', '採用', '不採用', '辞退'];

/** 「状態を変更」: 選考中, 採用, 不採用 or 辞退, with the selection's note. */
function DecideDialog({
  fy,
  application: a,
  onClose,
  onSaved,
}: {
  fy: number;
  application: ApplicationRow;
  onClose: () => void;
  onSaved: (rows: ApplicationRow[], status: ApplicationStatus) => void;
}) {
  const [status, setStatus] = useState<ApplicationStatus>(DECISIONS.includes(a.status) ? a.status : '選考中');
  const [note, setNote] = useState(a.outcomeNote);
  const [errors, setErrors] = useState<FormErrors<'status' | 'outcomeNote'>>(noErrors());
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors(noErrors());
    try {
      const rows = await request('postings:decide', { fy, applicationId: a.id, status, outcomeNote: note.trim() });
      onSaved(rows, status);
    } catch (e) {
      setErrors(toFormErrors(e, ['status', 'outcomeNote'] as const));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title="応募の状態を変更"
      busy={busy}
      general={errors.general}
      submitLabel="変更を保存"
      onSubmit={() => void save()}
      onClose={onClose}
      testId="decide-form"
    >
      <Typography>
        {a.name}（{a.staffNo}）の応募。現在の状態: {a.status}
      </Typography>
      {a.withheld ? <WithheldText message={a.withheld} /> : null}
      <TextField
        select
        label="状態"
        value={status}
        onChange={(e) => setStatus(e.target.value as ApplicationStatus)}
        error={!!errors.fields.status}
        helperText={errors.fields.status}
        sx={{ maxWidth: 240 }}
      >
        {DECISIONS.map((s) => (
          <MenuItem key={s} value={s}>
            {s}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label="選考結果のメモ（任意）"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={!!errors.fields.outcomeNote}
        helperText={errors.fields.outcomeNote ?? '面接の日程、選考の結果、配属の予定など（応募者一覧とExcelに出ます）'}
        multiline
        minRows={3}
        maxRows={8}
      />
    </FormDialog>
  );
}

/** 「紙の応募を登録」: HR records an application handed in on paper. */
function RecordDialog({
  fy,
  posting,
  onClose,
  onSaved,
}: {
  fy: number;
  posting: PostingRow;
  onClose: () => void;
  onSaved: (rows: ApplicationRow[], who: StaffOption) => void;
}) {
  const [who, setWho] = useState<StaffOption | null>(null);
  const [motivation, setMotivation] = useState('');
  const [errors, setErrors] = useState<FormErrors<'staffNo' | 'motivation'>>(noErrors());
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (who === null) {
      setErrors({ fields: { staffNo: '応募した職員を選んでください。' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const rows = await request('postings:record', {
        fy,
        postingId: posting.id,
        staffNo: who.staffNo,
        motivation: motivation.trim(),
      });
      onSaved(rows, who);
    } catch (e) {
      setErrors(toFormErrors(e, ['staffNo', 'motivation'] as const));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title="紙の応募を登録"
      busy={busy}
      general={errors.general}
      submitLabel="登録"
      onSubmit={() => void save()}
      onClose={onClose}
      testId="record-form"
    >
      <Typography sx={{ fontSize: 14 }}>「{posting.title}」に紙で提出された応募を登録します。</Typography>
      <StaffAutocomplete
        label="応募した職員"
        value={who}
        onChange={(v) => {
          setWho(v);
          setErrors(noErrors());
        }}
        error={errors.fields.staffNo}
      />
      <TextField
        label="志望動機（任意）"
        value={motivation}
        onChange={(e) => setMotivation(e.target.value)}
        error={!!errors.fields.motivation || motivation.trim().length > MOTIVATION_MAX}
        helperText={
          errors.fields.motivation ??
          `応募書類の志望動機を書き写します（${motivation.trim().length} / ${MOTIVATION_MAX}）`
        }
        multiline
        minRows={4}
        maxRows={10}
      />
    </FormDialog>
  );
}

function ApplicantsTable({
  rows,
  onDecide,
}: {
  rows: ApplicationRow[];
  onDecide: ((a: ApplicationRow) => void) | null;
}) {
  const cols = onDecide ? 9 : 8;
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table
        size="small"
        aria-label="応募者の一覧"
        data-testid="applicants-table"
        sx={{ '& td, & th': { px: 1, verticalAlign: 'top' }, '& td:first-of-type, & th:first-of-type': { pl: 2 } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>職員番号</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>氏名</TableCell>
            <TableCell sx={{ minWidth: 90 }}>所属</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>職位</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>応募日</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>状態</TableCell>
            <TableCell sx={{ minWidth: 260 }}>志望動機</TableCell>
            <TableCell sx={{ minWidth: 140 }}>メモ</TableCell>
            {onDecide ? <TableCell sx={{ whiteSpace: 'nowrap' }}>操作</TableCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={cols}>
                <Typography sx={{ color: 'text.secondary', py: 2 }}>まだ応募はありません。</Typography>
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((a) => (
            <TableRow key={a.id} data-testid="applicant-row">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{a.staffNo}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{a.name}</TableCell>
              <TableCell>{a.section ?? ''}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{a.position}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {dayOf(a.appliedAt)}
                {a.source === 'paper' ? (
                  <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>紙の応募</Typography>
                ) : null}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Chip
                  size="small"
                  label={a.status}
                  color={applicationStatusColors[a.status]}
                  data-testid="applicant-status"
                />
              </TableCell>
              <TableCell>
                {a.withheld ? (
                  <WithheldText message={a.withheld} />
                ) : (
                  <Typography
                    sx={{
                      fontSize: 13,
                      whiteSpace: 'pre-wrap',
                      overflowWrap: 'anywhere',
                      maxHeight: 160,
                      overflowY: 'auto',
                    }}
                  >
                    {a.motivation}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <Typography sx={{ fontSize: 13, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {a.outcomeNote}
                </Typography>
              </TableCell>
              {onDecide ? (
                <TableCell>
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => onDecide(a)}
                    aria-label={`${a.name}の状態を変更`}
                    sx={{ whiteSpace: 'nowrap' }}
                  >
                    状態を変更
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

/**
 * A posting's applicants (HR and the personnel office; the core audits the read). HR records the
 * outcomes and paper applications and exports the list for the selection panel (取扱注意).
 */
export function ApplicantsDialog({
  fy,
  posting,
  canEdit,
  onClose,
  onChanged,
}: {
  fy: number;
  posting: PostingRow;
  canEdit: boolean;
  onClose: () => void;
  /** An application was recorded or decided: the posting list's counts may have changed. */
  onChanged: () => void;
}) {
  const notify = useNotify();
  const load = useCallback(() => request('postings:applicants', { fy, postingId: posting.id }), [fy, posting.id]);
  const applicants = useLoad(load);
  const [deciding, setDeciding] = useState<ApplicationRow | null>(null);
  const [recording, setRecording] = useState(false);
  const [exporting, setExporting] = useState(false);

  const exportList = async () => {
    setExporting(true);
    try {
      const file = await request('postings:export', { fy, postingId: posting.id, delivery: 'file' });
      const saved = await saveExport(file);
      if (!saved.cancelled) {
        notify.success(`${savedMessage(saved, `${file.fileName} を出力しました。`)}取扱注意の資料です。`);
      }
    } catch (e) {
      notify.error(e);
    } finally {
      setExporting(false);
    }
  };

  const rows = applicants.data;
  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="applicants-title">
      <DialogTitle id="applicants-title" sx={{ pb: 1 }}>
        応募者 — {posting.title}
      </DialogTitle>
      <DialogContent data-testid="applicants-dialog">
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="applicants-confidential">
          取扱注意:
          応募者の情報は本人・人事担当・人事配置担当だけが閲覧できます。応募者の所属の評価者に伝えないでください。この閲覧は監査ログに記録されます。
        </Alert>
        {canEdit ? (
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
            <Button variant="outlined" onClick={() => setRecording(true)}>
              紙の応募を登録
            </Button>
            <Box sx={{ flexGrow: 1 }} />
            <Chip size="small" color="warning" label="取扱注意" />
            <Button variant="outlined" onClick={() => void exportList()} disabled={exporting}>
              応募者一覧をExcelで出力
            </Button>
          </Box>
        ) : null}
        {applicants.error && rows === undefined ? (
          <Alert severity="error">{errorMessage(applicants.error)}</Alert>
        ) : rows === undefined ? (
          <Loading />
        ) : (
          <>
            <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1 }} aria-live="polite">
              応募 {rows.length}件・募集人数 {posting.capacity}人・採用 {rows.filter((r) => r.status === '採用').length}
              人
            </Typography>
            <ApplicantsTable rows={rows} onDecide={canEdit ? setDeciding : null} />
          </>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose}>閉じる</Button>
      </DialogActions>
      {deciding ? (
        <DecideDialog
          fy={fy}
          application={deciding}
          onClose={() => setDeciding(null)}
          onSaved={(next, status) => {
            applicants.set(next);
            setDeciding(null);
            onChanged();
            notify.success(`${deciding.name}さんの応募を「${status}」にしました。`);
          }}
        />
      ) : null}
      {recording ? (
        <RecordDialog
          fy={fy}
          posting={posting}
          onClose={() => setRecording(false)}
          onSaved={(next, who) => {
            applicants.set(next);
            setRecording(false);
            onChanged();
            notify.success(`${who.name}さんの紙の応募を登録しました。`);
          }}
        />
      ) : null}
    </Dialog>
  );
}
