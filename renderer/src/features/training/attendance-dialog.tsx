import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { maxAttendeesPerCourse } from '../../../../shared/api/training';
import type { TrainingListRequest } from '../../../../shared/api/training';
import type { StaffOption, TrainingAttendee, TrainingCourseRow, TrainingYearView } from '../../../../shared/contract';
import { errorField, errorMessage, request } from '../../client';
import { useLoad } from '../../hooks/useLoad';
import { Loading } from '../../ui/loading';
import { StaffAdder } from '../../ui/staff-autocomplete';
import { useSections } from './course-dialog';
import { formatDay, formatNumber } from '../../format';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { DateField } from '../../ui/date-field';

/** One person on the course as the form holds them (時間数 as typed). */
type Row = {
  /** The row's own key: a person may have two dates on one course. */
  key: string;
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  attendedOn: string;
  hours: string;
  completed: boolean;
  shared: boolean;
};
type RowField = 'attendedOn' | 'hours';
type RowErrors = Record<string, Partial<Record<RowField, string>>>;

let keys = 0;
const newKey = () => `row-${++keys}`;

function fyRange(fy: number): { min: string; max: string } {
  return { min: `${fy}-04-01`, max: `${fy + 1}-03-31` };
}

/** The form's own checks, per person: a date in the year and hours from 0 to 1000. */
function check(rows: Row[], fy: number): RowErrors {
  const { min, max } = fyRange(fy);
  const out: RowErrors = {};
  for (const r of rows) {
    const e: Partial<Record<RowField, string>> = {};
    if (r.attendedOn === '') e.attendedOn = '受講日を入力してください。';
    else if (r.attendedOn < min || r.attendedOn > max)
      e.attendedOn = `${fiscalYearLabel(fy)}の日付（${formatDay(min)}〜${formatDay(max)}）にしてください。`;
    const h = Number(r.hours);
    if (r.hours.trim() === '' || !Number.isFinite(h)) e.hours = '時間数を数値で入力してください。';
    else if (h < 0 || h > 1000) e.hours = '0〜1000にしてください。';
    if (e.attendedOn || e.hours) out[r.key] = e;
  }
  return out;
}

/** Adds a whole 担当: 課 → 担当, then its active members (staff:list by section, then by line here). */
function LinePicker({ fy, onAdd }: { fy: number; onAdd: (people: Row[]) => string }) {
  const sections = useSections();
  const [section, setSection] = useState('');
  const [line, setLine] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const lines = sections.find((s) => s.name === section)?.lines ?? [];
  const add = async () => {
    setBusy(true);
    setNote(null);
    try {
      const { rows } = await request('staff:list', { section, active: 'active', fy, limit: 50_000 });
      const members = rows.filter((s) => s.line === line);
      if (members.length === 0) setNote({ error: true, text: `${section} ${line}に在職中の職員がいません。` });
      else
        setNote({
          error: false,
          text: onAdd(
            members.map((s) => ({
              key: '',
              staffNo: s.staffNo,
              name: s.name,
              section: s.section,
              line: s.line,
              attendedOn: '',
              hours: '',
              completed: true,
              shared: false,
            })),
          ),
        });
    } catch (e) {
      setNote({ error: true, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
      <TextField
        select
        size="small"
        label="課"
        value={section}
        onChange={(e) => {
          setSection(e.target.value);
          setLine('');
        }}
        sx={{ width: 200 }}
      >
        {sections.map((s) => (
          <MenuItem key={s.name} value={s.name}>
            {s.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="担当"
        value={line}
        onChange={(e) => setLine(e.target.value)}
        disabled={section === ''}
        sx={{ width: 200 }}
      >
        {lines.map((l) => (
          <MenuItem key={l} value={l}>
            {l}
          </MenuItem>
        ))}
      </TextField>
      <Button variant="outlined" onClick={() => void add()} disabled={busy || line === ''}>
        担当の全員を追加
      </Button>
      {note ? (
        <Typography
          sx={{ fontSize: 13, color: note.error ? 'error.main' : 'text.secondary' }}
          role="status"
          data-testid="line-added"
        >
          {note.text}
        </Typography>
      ) : null}
    </Box>
  );
}

/**
 * 「受講者を編集」: the course's attendance as one list, people added by search or a whole 担当, each
 * with 受講日 (the last one entered by default), 時間数, 修了 and 報告・共有; saved as the whole list.
 */
export function AttendanceDialog({
  fy,
  list,
  course,
  onClose,
  onSaved,
}: {
  fy: number;
  /** The course list on screen: the save answers that page of it. */
  list: TrainingListRequest;
  course: TrainingCourseRow;
  onClose: () => void;
  onSaved: (view: TrainingYearView, people: number) => void;
}) {
  // The whole list is edited and saved as one (training:saveAttendance): it is read when the dialog
  // opens, unless the course has more people than one save takes (then the import is the way).
  const tooMany = course.attendeeCount > maxAttendeesPerCourse;
  const load = useCallback(
    () => (tooMany ? Promise.resolve(null) : request('training:attendees', { fy, courseId: course.id })),
    [fy, course.id, tooMany],
  );
  const { data, error } = useLoad(load);
  if (data === null || (data && data.rows.length > maxAttendeesPerCourse)) {
    return (
      <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
        <DialogTitle>受講者を編集: {course.title}</DialogTitle>
        <DialogContent>
          <Alert severity="info" data-testid="attendance-too-many">
            この研修の受講記録は{formatNumber(maxAttendeesPerCourse)}件を超えるため、画面では編集できません。
            取込・出力の「研修」（研修受講記録シート）で更新してください。
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>閉じる</Button>
        </DialogActions>
      </Dialog>
    );
  }
  if (error) {
    return (
      <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
        <DialogTitle>受講者を編集: {course.title}</DialogTitle>
        <DialogContent>
          <Alert severity="error">{errorMessage(error)}</Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>閉じる</Button>
        </DialogActions>
      </Dialog>
    );
  }
  if (!data) {
    return (
      <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
        <DialogTitle>受講者を編集: {course.title}</DialogTitle>
        <DialogContent>
          <Loading />
        </DialogContent>
      </Dialog>
    );
  }
  return (
    <AttendanceForm fy={fy} list={list} course={course} attendees={data.rows} onClose={onClose} onSaved={onSaved} />
  );
}

function AttendanceForm({
  fy,
  list,
  course,
  attendees,
  onClose,
  onSaved,
}: {
  fy: number;
  list: TrainingListRequest;
  course: TrainingCourseRow;
  attendees: TrainingAttendee[];
  onClose: () => void;
  onSaved: (view: TrainingYearView, people: number) => void;
}) {
  const [rows, setRows] = useState<Row[]>(() =>
    attendees.map((a) => ({ ...a, key: newKey(), hours: String(a.hours) })),
  );
  const last = attendees.at(-1);
  const [defaultDate, setDefaultDate] = useState(last?.attendedOn ?? '');
  const [defaultHours, setDefaultHours] = useState(last ? String(last.hours) : '');
  const [errors, setErrors] = useState<RowErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const range = fyRange(fy);

  const change = (next: Row[]) => {
    setRows(next);
    setDirty(true);
    setGeneral(null);
  };
  /** Adds people not on the list yet (on top, with the default date and hours); says how many. */
  const add = (people: Row[]): string => {
    const have = new Set(rows.map((r) => r.staffNo));
    const fresh = people
      .filter((p) => !have.has(p.staffNo))
      .map((p) => ({ ...p, key: newKey(), attendedOn: defaultDate, hours: defaultHours }));
    if (fresh.length > 0) change([...fresh, ...rows]);
    const already = people.length - fresh.length;
    return `${formatNumber(fresh.length)}人を追加しました${already > 0 ? `（${formatNumber(already)}人は登録済み）` : ''}。`;
  };
  const addOne = (o: StaffOption) => {
    add([{ ...o, key: '', line: null, attendedOn: '', hours: '', completed: true, shared: false }]);
  };
  const update = (key: string, patch: Partial<Row>) => {
    change(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    if (patch.attendedOn !== undefined) setDefaultDate(patch.attendedOn);
    if (patch.hours !== undefined) setDefaultHours(patch.hours);
    const field = patch.attendedOn !== undefined ? 'attendedOn' : patch.hours !== undefined ? 'hours' : null;
    if (field && errors[key]?.[field]) setErrors((e) => ({ ...e, [key]: { ...e[key], [field]: undefined } }));
  };

  const save = async () => {
    const found = check(rows, fy);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setGeneral('入力に誤りがある受講者がいます。赤く示した欄を直してください。');
      return;
    }
    setBusy(true);
    setGeneral(null);
    try {
      const view = await request('training:saveAttendance', {
        fy,
        courseId: course.id,
        attendees: rows.map((r) => ({
          staffNo: r.staffNo,
          attendedOn: r.attendedOn,
          hours: Number(r.hours),
          completed: r.completed,
          shared: r.shared,
        })),
        list,
      });
      onSaved(view, rows.length);
    } catch (e) {
      // attendees.3.hours: the app names the person's row and field.
      const m = /^attendees\.(\d+)\.(attendedOn|hours)$/u.exec(errorField(e) ?? '');
      const row = m ? rows[Number(m[1])] : undefined;
      if (m && row) {
        setErrors({ [row.key]: { [m[2] as RowField]: errorMessage(e) } });
        setGeneral(`${row.name}さんの行に誤りがあります。`);
      } else setGeneral(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={(_e, reason) => (busy || (dirty && reason === 'backdropClick') ? undefined : onClose())}
      maxWidth="lg"
      fullWidth
      slotProps={{ paper: { 'data-testid': 'attendance-form' } as object }}
    >
      <DialogTitle>受講者を編集: {course.title}</DialogTitle>
      <DialogContent dividers>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
          <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <Box sx={{ width: 360 }}>
              <StaffAdder label="職員を検索して追加" onPick={addOne} />
            </Box>
            <DateField
              label="追加する人の受講日"
              value={defaultDate}
              onChange={(e) => setDefaultDate(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: range }}
              sx={{ width: 180 }}
            />
            <TextField
              label="時間数"
              type="number"
              value={defaultHours}
              onChange={(e) => setDefaultHours(e.target.value)}
              slotProps={{ htmlInput: { min: 0, max: 1000, step: 0.5 } }}
              sx={{ width: 100 }}
            />
          </Box>
          <LinePicker fy={fy} onAdd={add} />
          <Typography sx={{ fontSize: 13, color: 'text.secondary' }} aria-live="polite" data-testid="attendance-count">
            受講者 {formatNumber(rows.length)}人
          </Typography>
          {rows.length === 0 ? (
            <Typography sx={{ color: 'text.secondary', py: 1 }}>
              受講者はいません。職員を検索するか、担当を選んで追加してください。
            </Typography>
          ) : (
            <Table size="small" aria-label="受講者" sx={{ '& td, & th': { px: 1 } }}>
              <TableHead>
                <TableRow>
                  <TableCell>氏名</TableCell>
                  <TableCell>所属</TableCell>
                  <TableCell sx={{ width: 190 }}>受講日</TableCell>
                  <TableCell sx={{ width: 130 }}>時間数</TableCell>
                  <TableCell sx={{ width: 56 }}>修了</TableCell>
                  <TableCell sx={{ width: 84, whiteSpace: 'nowrap' }}>報告・共有</TableCell>
                  <TableCell sx={{ width: 64 }} />
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => {
                  const e = errors[r.key] ?? {};
                  return (
                    <TableRow key={r.key} data-testid="attendance-row">
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {r.name}
                        <Typography component="span" sx={{ ml: 1, fontSize: 12, color: 'text.secondary' }}>
                          {r.staffNo}
                        </Typography>
                      </TableCell>
                      <TableCell sx={{ fontSize: 13 }}>
                        {[r.section, r.line].filter(Boolean).join(' ') || '—'}
                      </TableCell>
                      <TableCell>
                        <DateField
                          size="small"
                          value={r.attendedOn}
                          onChange={(ev) => update(r.key, { attendedOn: ev.target.value })}
                          error={!!e.attendedOn}
                          helperText={e.attendedOn}
                          slotProps={{ htmlInput: { ...range, 'aria-label': `${r.name}の受講日` } }}
                          fullWidth
                        />
                      </TableCell>
                      <TableCell>
                        <TextField
                          type="number"
                          size="small"
                          value={r.hours}
                          onChange={(ev) => update(r.key, { hours: ev.target.value })}
                          error={!!e.hours}
                          helperText={e.hours}
                          slotProps={{
                            htmlInput: { min: 0, max: 1000, step: 0.5, 'aria-label': `${r.name}の時間数` },
                          }}
                          fullWidth
                        />
                      </TableCell>
                      <TableCell>
                        <Checkbox
                          checked={r.completed}
                          onChange={(ev) => update(r.key, { completed: ev.target.checked })}
                          slotProps={{ input: { 'aria-label': `${r.name}の修了` } }}
                          size="small"
                        />
                      </TableCell>
                      <TableCell>
                        <Checkbox
                          checked={r.shared}
                          onChange={(ev) => update(r.key, { shared: ev.target.checked })}
                          slotProps={{ input: { 'aria-label': `${r.name}の報告・共有` } }}
                          size="small"
                        />
                      </TableCell>
                      <TableCell>
                        <Button
                          size="small"
                          color="error"
                          onClick={() => change(rows.filter((x) => x.key !== r.key))}
                          aria-label={`${r.name}を外す`}
                          sx={{ minWidth: 0, whiteSpace: 'nowrap' }}
                        >
                          外す
                        </Button>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Box>
        {general ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {general}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={onClose} disabled={busy}>
          キャンセル
        </Button>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          保存
        </Button>
      </DialogActions>
    </Dialog>
  );
}
