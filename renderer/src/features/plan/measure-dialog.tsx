import { useState } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { MeasuresView } from '../../../../shared/api/plan';
import type { MeasureStatus, MeasureUnit } from '../../../../shared/plan';
import { MEASURE_UNITS, MEASURE_UNIT_LABELS } from '../../../../shared/plan';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import { useFormErrors } from '../../hooks/useFormErrors';
import { FormDialog } from '../../ui/form-dialog';

const formFields = [
  'plan',
  'headingNo',
  'heading',
  'code',
  'title',
  'description',
  'targetText',
  'targetFy',
  'unit',
  'required',
  'kpiId',
  'fromFy',
  'toFy',
  'active',
] as const;
type FormField = (typeof formFields)[number];

const intOrNull = (s: string): number | null | 'bad' => {
  if (s.trim() === '') return null;
  const n = Number(s.trim());
  return Number.isInteger(n) ? n : 'bad';
};

/** Checks a fiscal-year field: empty (open) or a year 2000–2100. */
function yearError(v: number | null | 'bad', what: string): string | undefined {
  if (v === 'bad') return `${what}は西暦の年（例: 2026）で入力してください`;
  if (v !== null && (v < 2000 || v > 2100)) return `${what}は2000〜2100の年にしてください`;
  return undefined;
}

/**
 * 取組みを追加 / 編集 (HR, docs/measures.md): every field of a measure, so that HR can keep the
 * plan's wording and add the next plan's measures.
 */
export function MeasureDialog({
  fy,
  view,
  measure,
  onClose,
  onSaved,
}: {
  fy: number;
  view: MeasuresView;
  measure: MeasureStatus | null;
  onClose: () => void;
  onSaved: (next: MeasuresView, title: string) => void;
}) {
  const first = view.measures[0];
  const [plan, setPlan] = useState(measure?.plan ?? first?.plan ?? '');
  const [headingNo, setHeadingNo] = useState(measure ? String(measure.headingNo) : '');
  const [heading, setHeading] = useState(measure?.heading ?? '');
  const [code, setCode] = useState(measure?.code ?? '');
  const [title, setTitle] = useState(measure?.title ?? '');
  const [description, setDescription] = useState(measure?.description ?? '');
  const [targetText, setTargetText] = useState(measure?.targetText ?? '');
  const [targetFy, setTargetFy] = useState(measure?.targetFy ? String(measure.targetFy) : '');
  const [unit, setUnit] = useState<MeasureUnit>(measure?.unit ?? 'section');
  const [required, setRequired] = useState(String(measure?.required ?? 1));
  const [kpiId, setKpiId] = useState(measure?.kpiId ?? '');
  const [fromFy, setFromFy] = useState(measure?.fromFy ? String(measure.fromFy) : '');
  const [toFy, setToFy] = useState(measure?.toFy ? String(measure.toFy) : '');
  const [active, setActive] = useState(measure?.active ?? true);
  const { errors, setErrors, bind } = useFormErrors<FormField>();
  const [busy, setBusy] = useState(false);

  // Headings already used, to pick 柱 by its number.
  const headings = new Map<number, string>();
  for (const m of view.measures) if (!headings.has(m.headingNo)) headings.set(m.headingNo, m.heading);

  const save = async () => {
    const fields: Partial<Record<FormField, string>> = {};
    if (plan.trim() === '') fields.plan = 'プラン名を入力してください';
    const no = intOrNull(headingNo);
    if (no === null || no === 'bad' || no < 1 || no > 99) fields.headingNo = '柱の番号を1〜99の整数で入力してください';
    if (heading.trim() === '') fields.heading = '柱（見出し）を入力してください';
    if (code.trim() === '') fields.code = '番号を入力してください';
    else if (view.measures.some((m) => m.code === code.trim() && m.id !== measure?.id))
      fields.code = `番号「${code.trim()}」はほかの取組みで使われています`;
    if (title.trim() === '') fields.title = '取組み名を入力してください';
    const req = intOrNull(required);
    if (req === null || req === 'bad' || req < 1 || req > 400)
      fields.required = '年間の必要回数を1〜400の整数で入力してください';
    const tFy = intOrNull(targetFy);
    const f = intOrNull(fromFy);
    const t = intOrNull(toFy);
    fields.targetFy = yearError(tFy, '目標年度');
    fields.fromFy = yearError(f, '開始年度');
    fields.toFy = yearError(t, '終了年度');
    if (typeof f === 'number' && typeof t === 'number' && t < f) fields.toFy = '終了年度は開始年度以降にしてください';
    for (const k of formFields) if (fields[k] === undefined) delete fields[k];
    if (
      Object.keys(fields).length > 0 ||
      typeof no !== 'number' ||
      typeof req !== 'number' ||
      tFy === 'bad' ||
      f === 'bad' ||
      t === 'bad'
    ) {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const next = await request('plan:saveMeasure', {
        fy,
        measure: {
          id: measure?.id ?? null,
          plan: plan.trim(),
          headingNo: no,
          heading: heading.trim(),
          code: code.trim(),
          title: title.trim(),
          description: description.trim(),
          targetText: targetText.trim(),
          targetFy: tFy,
          unit,
          required: req,
          kpiId: kpiId.trim() === '' ? null : kpiId.trim(),
          fromFy: f,
          toFy: t,
          active,
        },
        only: 'measures',
      });
      onSaved(next, title.trim());
    } catch (e) {
      setErrors(toFormErrors(e, formFields));
    } finally {
      setBusy(false);
    }
  };

  const row = { display: 'flex', gap: 2, '& > *': { flex: 1 } };
  return (
    <FormDialog
      open
      title={measure ? '取組みを編集' : '取組みを追加'}
      busy={busy}
      general={errors.general}
      submitLabel={measure ? '保存' : '追加'}
      onSubmit={() => void save()}
      onClose={onClose}
      testId="measure-form"
    >
      <TextField label="プラン名" {...bind('plan', plan, setPlan)} slotProps={requiredInput} />
      <Box sx={row}>
        <TextField
          label="柱の番号"
          inputMode="numeric"
          {...bind('headingNo', headingNo, (v) => {
            setHeadingNo(v);
            const known = headings.get(Number(v));
            if (known && heading.trim() === '') setHeading(known);
          })}
          slotProps={requiredInput}
          sx={{ maxWidth: 120 }}
        />
        <TextField label="柱（見出し）" {...bind('heading', heading, setHeading)} slotProps={requiredInput} />
      </Box>
      <Box sx={row}>
        <TextField
          label="番号"
          {...bind('code', code, setCode, '例: 3-(2)（取組み実施記録のシートで使います）')}
          slotProps={requiredInput}
          sx={{ maxWidth: 200 }}
        />
        <TextField label="取組み名" {...bind('title', title, setTitle)} slotProps={requiredInput} autoFocus />
      </Box>
      <TextField label="内容（任意）" multiline minRows={2} {...bind('description', description, setDescription)} />
      <Box sx={row}>
        <TextField label="目標（任意）" {...bind('targetText', targetText, setTargetText, '例: 25年度中に全課実施')} />
        <TextField
          label="目標年度（任意）"
          inputMode="numeric"
          {...bind('targetFy', targetFy, setTargetFy, '西暦（例: 2013）')}
          sx={{ maxWidth: 160 }}
        />
      </Box>
      <Box sx={row}>
        <TextField select label="実施単位" {...bind('unit', unit, (v) => setUnit(v as MeasureUnit))}>
          {MEASURE_UNITS.map((u) => (
            <MenuItem key={u} value={u}>
              {MEASURE_UNIT_LABELS[u]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="年間の必要回数"
          inputMode="numeric"
          {...bind('required', required, setRequired, '単位ごと（課・担当・区役所）')}
          slotProps={requiredInput}
        />
      </Box>
      <TextField
        label="KPIで測る場合のKPI ID（任意）"
        {...bind('kpiId', kpiId, setKpiId, '例: training_hospitality。指定すると実施記録は入力しません。')}
      />
      <Box sx={row}>
        <TextField
          label="開始年度（任意）"
          inputMode="numeric"
          {...bind('fromFy', fromFy, setFromFy, '空欄: 制限なし')}
        />
        <TextField label="終了年度（任意）" inputMode="numeric" {...bind('toFy', toFy, setToFy, '空欄: 制限なし')} />
      </Box>
      <TextField select label="使用" {...bind('active', active ? 'yes' : 'no', (v) => setActive(v === 'yes'))}>
        <MenuItem value="yes">使用する</MenuItem>
        <MenuItem value="no">使用しない</MenuItem>
      </TextField>
    </FormDialog>
  );
}
