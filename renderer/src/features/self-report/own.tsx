import { useCallback, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { SelfReportView } from '../../../../shared/contract';
import { selfReportLabels } from '../../../../shared/self-report';
import type { SelfReportField } from '../../../../shared/self-report';
import { ApiCallError, errorField, errorMessage, request } from '../../client';
import { useClosedYear } from '../../ui/closed-year-notice';
import { Loading } from '../../ui/loading';
import { SelfReportForm, SelfReportHeader, SelfReportInterviewRecord, draftOf } from './form';
import type { DraftErrors, SelfReportDraft } from './form';
import { useFiscalYear } from '../../fiscal-year';
import { useAutosave } from '../../hooks/useAutosave';
import { SaveIndicator } from '../../ui/save-indicator';
import { useLoad } from '../../hooks/useLoad';

const fieldNames = Object.keys(selfReportLabels) as SelfReportField[];

function OwnForm({ initial, fy, onReload }: { initial: SelfReportView; fy: number; onReload: () => void }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<SelfReportDraft>(() => draftOf(initial));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const latest = useRef(draft);

  const save = useCallback(
    async (version: number) => {
      const d = latest.current;
      try {
        const next = await request('selfReport:save', { fy, version, ...d });
        setView(next);
        setErrors({});
        return next.version;
      } catch (e) {
        const field = errorField(e);
        if (e instanceof ApiCallError && e.code === 'VALIDATION' && fieldNames.some((f) => f === field)) {
          setErrors({ [field as SelfReportField]: e.message });
        }
        throw e;
      }
    },
    [fy],
  );
  const autosave = useAutosave(save, initial.version);
  const readOnly = !view.can.edit;
  // A closed year's notice (ClosedYearNotice, on the screen) already says why nothing can be changed.
  const closedYear = useClosedYear().readOnly;

  const onChange = <K extends keyof SelfReportDraft>(field: K, value: SelfReportDraft[K]) => {
    const next = { ...latest.current, [field]: value };
    latest.current = next;
    setDraft(next);
    autosave.changed();
  };

  const submit = async () => {
    setSubmitting(true);
    setGeneral(null);
    try {
      if (!(await autosave.flush())) return;
      const next = await request('selfReport:submit', { fy, version: autosave.version() });
      autosave.setVersion(next.version);
      setView(next);
      setErrors({});
    } catch (e) {
      const field = errorField(e);
      if (fieldNames.some((f) => f === field)) setErrors({ [field as SelfReportField]: errorMessage(e) });
      else setGeneral(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <Box
        sx={{
          position: 'sticky',
          top: -24,
          zIndex: 2,
          bgcolor: 'background.default',
          py: 1,
          mb: 1,
        }}
      >
        <SelfReportHeader view={view} />
        {readOnly ? null : <SaveIndicator state={autosave.state} onReload={onReload} testId="self-report-save-state" />}
      </Box>
      {view.status === '未提出' && view.reopenReason ? (
        <Alert severity="warning" sx={{ mb: 2, maxWidth: 900 }}>
          人事担当から差し戻されました（理由: {view.reopenReason}）。修正して、もう一度提出してください。
        </Alert>
      ) : null}
      {readOnly && !closedYear ? (
        <Alert severity="info" sx={{ mb: 2, maxWidth: 900 }}>
          {view.status === '未提出'
            ? 'この自己申告書は編集できません。'
            : 'この自己申告書は提出済みのため、編集できません。修正が必要な場合は人事担当に差し戻しを依頼してください。'}
        </Alert>
      ) : null}
      <Stack spacing={2.5}>
        <SelfReportForm
          draft={draft}
          readOnly={readOnly}
          showConfidential={!view.confidentialHidden}
          errors={errors}
          onChange={onChange}
        />
        <Box sx={{ maxWidth: 900 }}>
          <SelfReportInterviewRecord view={view} />
        </Box>
        {view.can.submit ? (
          <Box sx={{ maxWidth: 900 }}>
            {general ? (
              <Alert severity="error" sx={{ mb: 2 }}>
                {general}
              </Alert>
            ) : null}
            {Object.keys(errors).length > 0 ? (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="self-report-submit-error">
                {Object.values(errors).join(' ')}
              </Alert>
            ) : null}
            <Button variant="contained" onClick={() => void submit()} disabled={submitting}>
              提出する
            </Button>
          </Box>
        ) : null}
      </Stack>
    </>
  );
}

/** 「自分の自己申告書」: the caller's own report, saved automatically as they type. */
export function SelfReportOwn() {
  const { fy } = useFiscalYear();
  const [nonce, setNonce] = useState(0);
  const load = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('selfReport:get', { fy })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fy, nonce],
  );
  const { data, error, loading } = useLoad(load);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading || !data || fy === null) return <Loading />;
  return <OwnForm key={`${fy}-${nonce}`} initial={data} fy={fy} onReload={() => setNonce((n) => n + 1)} />;
}
