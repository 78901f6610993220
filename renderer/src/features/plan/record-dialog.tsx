import { useState } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { StaffOption } from '../../../../shared/contract';
import type { MeasureRecordRow, MeasuresView } from '../../../../shared/api/plan';
import { maxRecordPeople } from '../../../../shared/api/plan';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import { useFormErrors } from '../../hooks/useFormErrors';
import { FormDialog } from '../../ui/form-dialog';
import { StaffAdder } from '../../ui/staff-autocomplete';
import { takesRecords } from './format';
import { formatCount } from '../../format';
import { DateField } from '../../ui/date-field';

const formFields = ['measureId', 'heldOn', 'section', 'line', 'participants', 'people', 'note'] as const;
type FormField = (typeof formFields)[number];

type Person = { staffNo: string; name: string };

/**
 * 実施記録を追加 / 編集 (docs/measures.md): the measure (records-tracked ones that apply this year),
 * the date within the fiscal year, who held it (課, 担当 or the office, by the measure's unit; a section
 * head's record is fixed to their 課), participants, people by name and a note.
 */
export function RecordDialog({
  fy,
  view,
  record,
  initialMeasureId,
  onClose,
  onSaved,
}: {
  fy: number;
  view: MeasuresView;
  record: MeasureRecordRow | null;
  initialMeasureId: number | null;
  onClose: () => void;
  onSaved: (next: MeasuresView, title: string) => void;
}) {
  const measures = view.measures.filter((m) => takesRecords(m) && (m.applies || m.id === record?.measureId));
  const fixedSection = view.recordScope.kind === 'section' ? view.recordScope.section : null;
  const [measureId, setMeasureId] = useState<string>(String(record?.measureId ?? initialMeasureId ?? ''));
  const [heldOn, setHeldOn] = useState(record?.heldOn ?? '');
  const [section, setSection] = useState(record?.section ?? fixedSection ?? '');
  const [line, setLine] = useState(record?.line ?? '');
  const [participants, setParticipants] = useState(record ? String(record.participants) : '');
  const [people, setPeople] = useState<Person[]>(
    record?.people.map((p) => ({ staffNo: p.staffNo, name: p.name })) ?? [],
  );
  const [note, setNote] = useState(record?.note ?? '');
  const { errors, setErrors, bind, edited } = useFormErrors<FormField>();
  const [busy, setBusy] = useState(false);

  const measure = measures.find((m) => String(m.id) === measureId) ?? null;
  const unit = measure?.unit ?? 'section';
  const sections = fixedSection ? view.org.filter((o) => o.section === fixedSection) : view.org;
  const lines = view.org.find((o) => o.section === section)?.lines ?? [];
  const min = `${fy}-04-01`;
  const max = `${fy + 1}-03-31`;

  const addPerson = (o: StaffOption) => {
    edited('people');
    if (people.some((p) => p.staffNo === o.staffNo)) return;
    const next = [...people, { staffNo: o.staffNo, name: o.name }];
    setPeople(next);
    const n = Number(participants);
    if (participants.trim() === '' || !Number.isFinite(n) || n < next.length) setParticipants(String(next.length));
  };

  const save = async () => {
    const fields: Partial<Record<FormField, string>> = {};
    if (measure === null) fields.measureId = '取組みを選んでください';
    if (heldOn === '') fields.heldOn = '実施日を入力してください';
    else if (heldOn < min || heldOn > max)
      fields.heldOn = `${fiscalYearShort(fy, 'era')}（${min}〜${max}）の日付にしてください`;
    if (unit !== 'office' && section === '') fields.section = '実施した課を選んでください';
    if (unit === 'line' && line === '') fields.line = '実施した担当を選んでください';
    const n = Number(participants);
    if (participants.trim() === '' || !Number.isInteger(n)) fields.participants = '参加者数を整数で入力してください';
    else if (n < 0 || n > 100000) fields.participants = '参加者数は0〜100000にしてください';
    else if (n < people.length)
      fields.participants = `記名した参加者（${formatCount(people.length)}）より少なくできません`;
    if (people.length > maxRecordPeople) fields.people = `参加者は${formatCount(maxRecordPeople)}までです`;
    if (note.length > 500) fields.note = '内容・メモは500文字以内で入力してください';
    if (Object.keys(fields).length > 0 || measure === null) {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const next = await request('plan:saveRecord', {
        fy,
        id: record?.id ?? null,
        measureId: measure.id,
        heldOn,
        section: section === '' ? null : section,
        line: unit === 'office' || line === '' ? null : line,
        participants: n,
        people: people.map((p) => p.staffNo),
        note: note.trim(),
        only: 'measures',
      });
      onSaved(next, measure.title);
    } catch (e) {
      setErrors(toFormErrors(e, formFields));
    } finally {
      setBusy(false);
    }
  };

  const selectRequired = { select: { inputProps: { 'aria-required': true } } };
  return (
    <FormDialog
      open
      title={record ? '実施記録を編集' : '実施記録を追加'}
      busy={busy}
      general={errors.general}
      submitLabel={record ? '保存' : '追加'}
      onSubmit={() => void save()}
      onClose={onClose}
      testId="record-form"
    >
      <TextField
        select
        label="取組み"
        {...bind('measureId', measureId, (v) => {
          setMeasureId(v);
          setLine('');
        })}
        slotProps={selectRequired}
        autoFocus
      >
        {measures.map((m) => (
          <MenuItem key={m.id} value={String(m.id)}>
            {m.code} {m.title}
          </MenuItem>
        ))}
      </TextField>
      <DateField
        label="実施日"
        {...bind('heldOn', heldOn, setHeldOn, `${fiscalYearShort(fy, 'era')}の日付`)}
        slotProps={{ htmlInput: { min, max, 'aria-required': true }, inputLabel: { shrink: true } }}
      />
      <TextField
        select
        label="実施した課"
        {...bind(
          'section',
          section,
          (v) => {
            setSection(v);
            setLine('');
          },
          fixedSection
            ? 'あなたの課の記録のみ入力できます。'
            : unit === 'office'
              ? '区役所全体の取組みは空欄のままにできます。'
              : undefined,
        )}
        disabled={fixedSection !== null}
        slotProps={{ select: { displayEmpty: unit === 'office' }, inputLabel: { shrink: true } }}
      >
        {unit === 'office' && fixedSection === null ? <MenuItem value="">区役所全体</MenuItem> : null}
        {sections.map((s) => (
          <MenuItem key={s.section} value={s.section}>
            {s.section}
          </MenuItem>
        ))}
      </TextField>
      {unit !== 'office' ? (
        <TextField
          select
          label={unit === 'line' ? '実施した担当' : '実施した担当（任意）'}
          {...bind('line', line, setLine, section === '' ? '先に課を選んでください。' : undefined)}
          disabled={section === ''}
          slotProps={
            unit === 'line' ? selectRequired : { select: { displayEmpty: true }, inputLabel: { shrink: true } }
          }
        >
          {unit !== 'line' ? <MenuItem value="">課全体</MenuItem> : null}
          {lines.map((l) => (
            <MenuItem key={l} value={l}>
              {l}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      <TextField
        label="参加者数"
        inputMode="numeric"
        {...bind('participants', participants, setParticipants, '人数。記名した参加者を加えると自動で増えます。')}
        slotProps={requiredInput}
        sx={{ maxWidth: 360 }}
      />
      <StaffAdder
        label="参加者を記名（任意）"
        onPick={addPerson}
        error={errors.fields.people}
        helperText="人数だけでも記録できます。"
      />
      {people.length > 0 ? (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }} aria-label="記名した参加者" role="list">
          {people.map((p) => (
            <Chip
              key={p.staffNo}
              role="listitem"
              size="small"
              label={`${p.name}（${p.staffNo}）`}
              onDelete={() => setPeople(people.filter((x) => x.staffNo !== p.staffNo))}
            />
          ))}
          <Typography sx={{ fontSize: 12, color: 'text.secondary', width: '100%' }}>
            記名 {formatCount(people.length)}
          </Typography>
        </Box>
      ) : null}
      <TextField label="内容・メモ（任意）" multiline minRows={2} {...bind('note', note, setNote)} />
    </FormDialog>
  );
}
