import { useCallback, useState } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { TRAINING_AUDIENCES, TRAINING_CATEGORIES, STUDY_SESSION } from '../../../../shared/training';
import type { TrainingListRequest } from '../../../../shared/api/training';
import type { TrainingAudience, TrainingCategory } from '../../../../shared/training';
import type { TrainingCourseRow, TrainingYearView } from '../../../../shared/contract';
import { request } from '../../client';
import { noErrors, requiredInput, toFormErrors } from '../../form-errors';
import { useFormErrors } from '../../hooks/useFormErrors';
import { FormDialog } from '../../ui/form-dialog';
import { useLoad } from '../../hooks/useLoad';

const formFields = ['title', 'category', 'provider', 'audience', 'usefulForWard', 'section', 'line'] as const;
type FormField = (typeof formFields)[number];

/** The organisation's 課 and their 担当 (org:sections), for the 勉強会's 担当 and the attendance picker. */
export function useSections() {
  const load = useCallback(() => request('org:sections', {}), []);
  return useLoad(load).data ?? [];
}

/**
 * 「研修を追加」 and 「研修を編集」: 研修名, 研修区分, 実施機関, 対象, 区政に活かせる, and for a
 * 担当内勉強会（OJT） the 課 and 担当 that held it.
 */
export function CourseFormDialog({
  fy,
  list,
  course,
  onClose,
  onSaved,
}: {
  fy: number;
  /** The course list on screen: the save answers that page of it. */
  list: TrainingListRequest;
  /** The course being edited; null adds a new one. */
  course: TrainingCourseRow | null;
  onClose: () => void;
  onSaved: (view: TrainingYearView, title: string) => void;
}) {
  const sections = useSections();
  const [title, setTitle] = useState(course?.title ?? '');
  const [category, setCategory] = useState<TrainingCategory | ''>(course?.category ?? '');
  const [provider, setProvider] = useState(course?.provider ?? '');
  const [audience, setAudience] = useState<TrainingAudience | ''>(course?.audience ?? '');
  const [useful, setUseful] = useState<'yes' | 'no'>(course?.usefulForWard ? 'yes' : 'no');
  const [section, setSection] = useState(course?.section ?? '');
  const [line, setLine] = useState(course?.line ?? '');
  const { errors, setErrors, bind } = useFormErrors<FormField>();
  const [busy, setBusy] = useState(false);
  const study = category === STUDY_SESSION;
  const lines = sections.find((s) => s.name === section)?.lines ?? [];

  const save = async () => {
    const fields: Partial<Record<FormField, string>> = {};
    if (title.trim() === '') fields.title = '研修名を入力してください。';
    if (category === '') fields.category = '研修区分を選んでください。';
    if (audience === '') fields.audience = '対象を選んでください。';
    if (study && section === '') fields.section = '勉強会を開いた課を選んでください。';
    if (study && line === '') fields.line = '勉強会を開いた担当を選んでください。';
    if (Object.keys(fields).length > 0 || category === '' || audience === '') {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const view = await request('training:saveCourse', {
        fy,
        id: course?.id ?? null,
        title: title.trim(),
        category,
        provider: provider.trim(),
        audience,
        usefulForWard: useful === 'yes',
        section: study ? section : null,
        line: study ? line : null,
        list,
      });
      onSaved(view, title.trim());
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
      title={course ? '研修を編集' : '研修を追加'}
      busy={busy}
      general={errors.general}
      submitLabel={course ? '保存' : '追加'}
      onSubmit={() => void save()}
      onClose={onClose}
      testId="course-form"
    >
      <TextField label="研修名" {...bind('title', title, setTitle)} slotProps={requiredInput} autoFocus />
      <TextField
        select
        label="研修区分"
        {...bind(
          'category',
          category,
          (v) => setCategory(v as TrainingCategory),
          '区外研修は職員人材開発センターなど区の外の研修です。',
        )}
        slotProps={selectRequired}
      >
        {TRAINING_CATEGORIES.map((c) => (
          <MenuItem key={c} value={c}>
            {c}
          </MenuItem>
        ))}
      </TextField>
      {study ? (
        <>
          <TextField
            select
            label="課"
            {...bind('section', section, (v) => {
              setSection(v);
              setLine('');
            })}
            slotProps={selectRequired}
          >
            {sections.map((s) => (
              <MenuItem key={s.name} value={s.name}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label="担当"
            {...bind('line', line, setLine, section === '' ? '先に課を選んでください。' : '勉強会を開いた担当')}
            disabled={section === ''}
            slotProps={selectRequired}
          >
            {lines.map((l) => (
              <MenuItem key={l} value={l}>
                {l}
              </MenuItem>
            ))}
          </TextField>
        </>
      ) : null}
      <TextField label="実施機関（任意）" {...bind('provider', provider, setProvider, '例: 職員人材開発センター')} />
      <TextField
        select
        label="対象"
        {...bind('audience', audience, (v) => setAudience(v as TrainingAudience))}
        slotProps={selectRequired}
      >
        {TRAINING_AUDIENCES.map((a) => (
          <MenuItem key={a} value={a}>
            {a}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="区政に活かせる"
        {...bind(
          'usefulForWard',
          useful,
          (v) => setUseful(v as 'yes' | 'no'),
          'はいの区外研修には、区から1人以上の参加を目標にしています。',
        )}
      >
        <MenuItem value="yes">はい</MenuItem>
        <MenuItem value="no">いいえ</MenuItem>
      </TextField>
    </FormDialog>
  );
}
