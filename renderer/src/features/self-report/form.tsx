import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SelfReportFields, SelfReportView } from '../../../../shared/contract';
import type { SelfReportStatus } from '../../../../shared/self-report';
import {
  aptitudeChoices,
  maxPreferences,
  meaningfulQuestion,
  meaningfulScale,
  postingInterestChoices,
  selfReportLabels,
  selfReportLimits,
  transferWishChoices,
  workloadChoices,
} from '../../../../shared/self-report';
import type { SelfReportField } from '../../../../shared/self-report';
import { headOfOfficeLabel, preferencesRequired, submitRequired } from '../../../../shared/self-report';
import { formatDateTime, formatDay } from '../../format';

/** Everything the person writes: their sections, and health/family when the caller may see them. */
export type SelfReportDraft = SelfReportFields & { health: string; family: string };

export type DraftErrors = Partial<Record<SelfReportField, string>>;

export function draftOf(view: SelfReportView): SelfReportDraft {
  const preferences = [...view.fields.preferences];
  while (preferences.length < maxPreferences) preferences.push('');
  return {
    ...view.fields,
    preferences,
    health: view.confidential?.health ?? '',
    family: view.confidential?.family ?? '',
  };
}

/** Who reads health and family circumstances, the 所属長 named as on the rest of the form. */
export function confidentialNote(head: string): string {
  return `健康状態・家庭の事情は、本人・${head}・人事担当のみ閲覧できます`;
}

/** 「所属長（調整者: 副区長 ○○）」 of a view: the person's 調整者, or a plain 未設定 (docs/self-report.md). */
export function headOf(view: SelfReportView): string {
  return headOfOfficeLabel(view.adjuster);
}

/** The element id of a field, so a problem in the list can move the focus to it. */
export function fieldId(field: SelfReportField): string {
  return `self-report-field-${field}`;
}

/** Moves the focus to a field (its text box, or the chosen or first option of a choice) and shows it. */
export function focusField(field: SelfReportField): void {
  const el = document.getElementById(fieldId(field));
  if (!el) return;
  const target = el.matches('input, textarea')
    ? el
    : (el.querySelector<HTMLElement>('input:checked') ?? el.querySelector<HTMLElement>('input, textarea'));
  el.scrollIntoView({ block: 'center' });
  target?.focus({ preventScroll: true });
}

const statusColors: Record<SelfReportStatus, 'default' | 'primary' | 'success'> = {
  未提出: 'default',
  提出済: 'primary',
  面談済: 'success',
};

export function SelfReportStatusChip({ status }: { status: SelfReportStatus }) {
  return <Chip label={status} color={statusColors[status]} size="small" data-testid="self-report-status" />;
}

function Block({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2 }}>
        <Typography variant="h2" component="h2" sx={{ fontSize: '1.1rem', fontWeight: 600 }}>
          {title}
        </Typography>
        {note}
      </Box>
      <Stack spacing={2}>{children}</Stack>
    </Paper>
  );
}

function SecretChip({ head }: { head: string }) {
  return <Chip label={`非公開: 本人・${head}・人事担当のみ`} size="small" color="warning" variant="outlined" />;
}

type TextKey = {
  [K in keyof SelfReportDraft]: SelfReportDraft[K] extends string ? K : never;
}[keyof SelfReportDraft];

type Props = {
  draft: SelfReportDraft;
  readOnly: boolean;
  /** Whether health and family were returned (else a note stands in their place). */
  showConfidential: boolean;
  /** Why health and family are withheld although the caller may read them: their keys do not open them (docs/sealed-data.md). */
  withheld?: string;
  errors: DraftErrors;
  onChange: <K extends keyof SelfReportDraft>(field: K, value: SelfReportDraft[K]) => void;
  /** 「所属長（調整者: 副区長 ○○）」 (headOf). */
  head: string;
};

/**
 * The self-report form (docs/confidentiality.md), editable for its owner and read-only for everyone
 * else. Editable, it marks the fields submission needs (docs/self-report.md) before anyone submits.
 */
export function SelfReportForm({ draft, readOnly, showConfidential, withheld, errors, onChange, head }: Props) {
  const needed = (field: SelfReportField) =>
    !readOnly &&
    (submitRequired.includes(field) || (field === 'preferences' && preferencesRequired(draft.transferWish)));
  const text = (field: TextKey & SelfReportField, max: number, rows = 3, label?: string) => (
    <TextField
      id={fieldId(field)}
      required={needed(field)}
      label={label ?? selfReportLabels[field]}
      value={draft[field]}
      onChange={(e) => onChange(field, e.target.value)}
      multiline={rows > 1}
      minRows={rows > 1 ? rows : undefined}
      fullWidth
      error={errors[field] !== undefined}
      helperText={
        readOnly ? undefined : (
          <Box component="span" sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
            <span>{errors[field] ?? ''}</span>
            <span>
              {draft[field].length} / {max}文字
            </span>
          </Box>
        )
      }
      slotProps={{ input: { readOnly }, htmlInput: { maxLength: max } }}
    />
  );

  const radios = <T extends string | number>(
    field: SelfReportField,
    label: string,
    value: T | null,
    choices: readonly { value: T; label: string }[],
    set: (v: T) => void,
  ) => (
    <FormControl
      component="fieldset"
      id={fieldId(field)}
      error={errors[field] !== undefined}
      disabled={readOnly}
      required={needed(field)}
    >
      <FormLabel component="legend">{label}</FormLabel>
      <RadioGroup
        row
        name={field}
        value={value === null ? '' : String(value)}
        onChange={(e) => {
          const found = choices.find((c) => String(c.value) === e.target.value);
          if (found) set(found.value);
        }}
      >
        {choices.map((c) => (
          <FormControlLabel key={String(c.value)} value={String(c.value)} control={<Radio />} label={c.label} />
        ))}
      </RadioGroup>
      {errors[field] ? <FormHelperText>{errors[field]}</FormHelperText> : null}
    </FormControl>
  );
  const plain = <T extends string>(xs: readonly T[]) => xs.map((x) => ({ value: x, label: x }));

  return (
    <Stack spacing={2.5} sx={{ maxWidth: 900 }}>
      <Block title="現在の職務">
        {text('duties', selfReportLimits.text)}
        {radios('workload', selfReportLabels.workload, draft.workload, plain(workloadChoices), (v) =>
          onChange('workload', v),
        )}
        {radios('aptitude', selfReportLabels.aptitude, draft.aptitude, plain(aptitudeChoices), (v) =>
          onChange('aptitude', v),
        )}
        {text('aptitudeNote', selfReportLimits.text, 2)}
        {text('fulfilment', selfReportLimits.text)}
        {radios('meaningful', meaningfulQuestion, draft.meaningful, meaningfulScale, (v) => onChange('meaningful', v))}
      </Block>

      <Block title="健康状態" note={<SecretChip head={head} />}>
        {showConfidential ? (
          text('health', selfReportLimits.text, 2)
        ) : (
          <Alert severity={withheld ? 'warning' : 'info'}>{withheld ?? confidentialNote(head)}</Alert>
        )}
      </Block>

      <Block title="異動の希望">
        {radios('transferWish', selfReportLabels.transferWish, draft.transferWish, plain(transferWishChoices), (v) =>
          onChange('transferWish', v),
        )}
        <FormControl
          component="fieldset"
          id={fieldId('preferences')}
          error={errors.preferences !== undefined}
          required={needed('preferences')}
        >
          <FormLabel component="legend">
            {selfReportLabels.preferences}（{maxPreferences}つまで）
          </FormLabel>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 1 }}>
            {draft.preferences.map((p, i) => (
              <TextField
                key={i}
                label={`第${i + 1}希望`}
                value={p}
                onChange={(e) =>
                  onChange(
                    'preferences',
                    draft.preferences.map((q, j) => (j === i ? e.target.value : q)),
                  )
                }
                fullWidth
                error={errors.preferences !== undefined}
                slotProps={{
                  input: { readOnly },
                  htmlInput: {
                    maxLength: selfReportLimits.short,
                    'aria-label': `${selfReportLabels.preferences}（第${i + 1}希望）`,
                  },
                }}
              />
            ))}
          </Stack>
          {errors.preferences ? <FormHelperText>{errors.preferences}</FormHelperText> : null}
        </FormControl>
        {text('transferReason', selfReportLimits.text, 2)}
        {text('transferTiming', selfReportLimits.short, 1)}
      </Block>

      <Block title="キャリア">
        {text('careerFuture', selfReportLimits.text, 2)}
        {text('careerSkills', selfReportLimits.text, 2)}
        {text('selfDevelopment', selfReportLimits.text, 2)}
        {text('qualificationsWanted', selfReportLimits.medium, 1)}
        {radios(
          'postingInterest',
          selfReportLabels.postingInterest,
          draft.postingInterest,
          plain(postingInterestChoices),
          (v) => onChange('postingInterest', v),
        )}
        {text('postingNote', selfReportLimits.text, 2)}
      </Block>

      <Block title="家庭の事情" note={<SecretChip head={head} />}>
        {showConfidential ? (
          text('family', selfReportLimits.text, 2)
        ) : (
          <Alert severity={withheld ? 'warning' : 'info'}>{withheld ?? confidentialNote(head)}</Alert>
        )}
      </Block>

      <Block title="所属長への意見・要望" note={<Typography sx={{ color: 'text.secondary' }}>宛先: {head}</Typography>}>
        {text('comments', selfReportLimits.long)}
      </Block>
    </Stack>
  );
}

/** The 所属長's interview record, read-only; the interviewer named as the 所属長 they were. */
export function SelfReportInterviewRecord({ view }: { view: SelfReportView }) {
  const iv = view.interview;
  if (iv.interviewOn === null && iv.record === '') return null;
  return (
    <Block title="面談記録（所属長）">
      <Typography data-testid="self-report-interviewer">
        {selfReportLabels.interviewOn}: {iv.interviewOn ? formatDay(iv.interviewOn) : '—'}
        {iv.interviewer ? `　面談者: ${headOfOfficeLabel(iv.interviewer)}` : ''}
      </Typography>
      <Box>
        <Typography sx={{ fontWeight: 600 }}>{selfReportLabels.record}</Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap' }}>{iv.record || '—'}</Typography>
      </Box>
      <Box>
        <Typography sx={{ fontWeight: 600 }}>{selfReportLabels.opinion}</Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap' }}>{iv.opinion || '—'}</Typography>
      </Box>
    </Block>
  );
}

/** Who the report belongs to, its status and dates. */
export function SelfReportHeader({ view }: { view: SelfReportView }) {
  const p = view.person;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 2 }}>
      <Typography sx={{ fontWeight: 600 }} data-testid="self-report-person" data-staff-no={p.staffNo}>
        {p.staffNo} {p.name}
      </Typography>
      <Typography sx={{ color: 'text.secondary' }}>
        {[p.section, p.line, p.position].filter((x) => x).join('　')}
      </Typography>
      <SelfReportStatusChip status={view.status} />
      {view.submittedAt ? (
        <Typography sx={{ color: 'text.secondary' }}>提出: {formatDateTime(view.submittedAt)}</Typography>
      ) : null}
      <Typography sx={{ color: 'text.secondary' }} data-testid="self-report-head">
        {view.adjuster
          ? `提出先: ${headOf(view)}`
          : '提出先: 所属長（調整者）はまだ設定されていません。人事担当が評価者を設定すると、ここに表示されます。'}
      </Typography>
    </Box>
  );
}
