import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AreaLog } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { errorField, errorMessage, request } from '../../client';
import { AreaLogPeople } from './log-people';
import { DateField } from '../../ui/date-field';

type Errors = Record<string, string>;
type FormProps = { log: AreaLog; onSaved: (log: AreaLog) => void };

function FormBox({ title, children, onSubmit }: { title: string; children: ReactNode; onSubmit: () => void }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Paper component="form" variant="outlined" aria-label={title} noValidate onSubmit={submit} sx={{ p: 2 }}>
      <Typography variant="h3" component="h3" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      <Stack spacing={1.5}>{children}</Stack>
    </Paper>
  );
}

/** Runs a save; a field error lands at its field, anything else in an alert. */
function useSave(onSaved: (log: AreaLog) => void) {
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const save = async (run: () => Promise<AreaLog>, reset: () => void) => {
    setBusy(true);
    setErrors({});
    try {
      onSaved(await run());
      reset();
    } catch (e) {
      setErrors({ [errorField(e) ?? '_']: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, save };
}

function LogDateField({ value, error, onChange }: { value: string; error?: string; onChange: (v: string) => void }) {
  return (
    <DateField
      label="日付"
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error}
      slotProps={{ inputLabel: { shrink: true } }}
      sx={{ maxWidth: 200 }}
    />
  );
}

function Footer({ busy, error }: { busy: boolean; error?: string }) {
  return (
    <>
      {error ? <Alert severity="error">{error}</Alert> : null}
      <Box>
        <Button type="submit" variant="contained" disabled={busy}>
          記録する
        </Button>
      </Box>
    </>
  );
}

/** 巡回記録を追加: date, the pair (1–2 from the team), what was done, what was noticed. */
export function AreaLogPatrolForm({ log, onSaved }: FormProps) {
  const [onDate, setOnDate] = useState(todayIso());
  const [pair, setPair] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [findings, setFindings] = useState('');
  const { errors, busy, save } = useSave(onSaved);
  const submit = () =>
    void save(
      () => request('areaLog:addPatrol', { fy: log.fy, area: log.area, onDate, pair, notes, findings }),
      () => {
        setPair([]);
        setNotes('');
        setFindings('');
      },
    );
  return (
    <FormBox title="巡回記録を追加" onSubmit={submit}>
      <LogDateField value={onDate} error={errors.onDate} onChange={setOnDate} />
      <AreaLogPeople
        label="ペア（2人まで）"
        team={log.team}
        chosen={pair}
        max={2}
        error={errors.pair}
        onChange={setPair}
      />
      <TextField
        label="内容"
        size="small"
        multiline
        minRows={2}
        required
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        error={Boolean(errors.notes)}
        helperText={errors.notes}
      />
      <TextField
        label="気づいたこと"
        size="small"
        multiline
        minRows={2}
        value={findings}
        onChange={(e) => setFindings(e.target.value)}
        error={Boolean(errors.findings)}
        helperText={errors.findings}
      />
      <Footer busy={busy} error={errors._ ?? errors.fy ?? errors.area} />
    </FormBox>
  );
}

/** 勉強会を追加: date, topic, attendees (the whole team to start with), notes. */
export function AreaLogStudyForm({ log, onSaved }: FormProps) {
  const everyone = () => log.team.map((p) => p.staffNo);
  const [onDate, setOnDate] = useState(todayIso());
  const [topic, setTopic] = useState('');
  const [attendees, setAttendees] = useState<string[]>(everyone);
  const [notes, setNotes] = useState('');
  const { errors, busy, save } = useSave(onSaved);
  const submit = () =>
    void save(
      () => request('areaLog:addStudy', { fy: log.fy, area: log.area, onDate, topic, notes, attendees }),
      () => {
        setTopic('');
        setNotes('');
        setAttendees(everyone());
      },
    );
  return (
    <FormBox title="勉強会を追加" onSubmit={submit}>
      <LogDateField value={onDate} error={errors.onDate} onChange={setOnDate} />
      <TextField
        label="テーマ"
        size="small"
        required
        value={topic}
        onChange={(e) => setTopic(e.target.value)}
        error={Boolean(errors.topic)}
        helperText={errors.topic}
      />
      <AreaLogPeople
        label="参加者"
        team={log.team}
        chosen={attendees}
        error={errors.attendees}
        onChange={setAttendees}
      />
      <TextField
        label="内容"
        size="small"
        multiline
        minRows={2}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        error={Boolean(errors.notes)}
        helperText={errors.notes}
      />
      <Footer busy={busy} error={errors._ ?? errors.fy ?? errors.area} />
    </FormBox>
  );
}
