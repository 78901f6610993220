import { useCallback, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SelfReportView } from '../../../../shared/contract';
import { selfReportLabels, submitProblems } from '../../../../shared/self-report';
import type { SelfReportField } from '../../../../shared/self-report';
import { ApiCallError, errorField, errorMessage, request } from '../../client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { useClosedYear } from '../../ui/closed-year-notice';
import { Loading } from '../../ui/loading';
import { SelfReportForm, SelfReportHeader, SelfReportInterviewRecord, draftOf, focusField, headOf } from './form';
import type { DraftErrors, SelfReportDraft } from './form';
import { ProblemLinks } from './problems';
import { useFiscalYear } from '../../fiscal-year';
import { useAutosave } from '../../hooks/useAutosave';
import { SaveIndicator } from '../../ui/save-indicator';
import { useLoad } from '../../hooks/useLoad';

const fieldNames = Object.keys(selfReportLabels) as SelfReportField[];

function isField(f: string | undefined): f is SelfReportField {
  return fieldNames.some((n) => n === f);
}

/** What submitting does and who can undo it, as the confirmation says it (docs/self-report.md). */
function submitMessage(view: SelfReportView): string {
  const to = view.adjuster
    ? `${headOf(view)}に回り、所属長が面談のうえ面談記録を入力します。`
    : '所属長（調整者）はまだ設定されていないため、設定されてから面談記録が入力されます。';
  return `提出すると、この自己申告書は編集できなくなり、${to}提出後に修正が必要になったときは、人事担当に差し戻しを依頼してください（差し戻せるのは人事担当だけです）。`;
}

function OwnForm({ initial, fy, onReload }: { initial: SelfReportView; fy: number; onReload: () => void }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<SelfReportDraft>(() => draftOf(initial));
  // A save the core refused, at its field until that field changes.
  const [saveErrors, setSaveErrors] = useState<DraftErrors>({});
  // Submission's problems show at their fields once 提出する was pressed, and go as each is fixed.
  const [showErrors, setShowErrors] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const latest = useRef(draft);
  // Sections this login's keys do not open (docs/sealed-data.md) are never sent back, not even empty.
  // (The same keys open the same report for the life of this form.)
  const sealedAway = initial.confidentialHidden;

  const save = useCallback(
    async (version: number) => {
      const { health, family, ...fields } = latest.current;
      const sections = sealedAway ? {} : { health, family };
      try {
        const next = await request('selfReport:save', { fy, version, ...fields, ...sections });
        setView(next);
        setSaveErrors({});
        return next.version;
      } catch (e) {
        const field = errorField(e);
        if (e instanceof ApiCallError && e.code === 'VALIDATION' && isField(field)) {
          setSaveErrors({ [field]: e.message });
        }
        throw e;
      }
    },
    [fy, sealedAway],
  );
  const autosave = useAutosave(save, initial.version);
  const readOnly = !view.can.edit;
  // A closed year's notice (ClosedYearNotice, on the screen) already says why nothing can be changed.
  const closedYear = useClosedYear().readOnly;

  const problems = submitProblems(draft);
  const errors: DraftErrors = { ...saveErrors };
  if (showErrors) for (const p of problems) errors[p.field] ??= p.message;

  const onChange = <K extends keyof SelfReportDraft>(field: K, value: SelfReportDraft[K]) => {
    const next = { ...latest.current, [field]: value };
    latest.current = next;
    setDraft(next);
    setSaveErrors((e) => {
      if (!(field in e)) return e;
      const rest = { ...e };
      delete rest[field as SelfReportField];
      return rest;
    });
    autosave.changed();
  };

  /** Checks everything at once; only a complete report, saved, is offered for confirmation. */
  const askSubmit = async () => {
    setShowErrors(true);
    setGeneral(null);
    if (problems.length > 0) return;
    setSubmitting(true);
    try {
      if (!(await autosave.flush())) {
        setGeneral('入力中の内容を保存できなかったため、提出できません。保存の状態を確認してください。');
        return;
      }
      setConfirming(true);
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async () => {
    try {
      const next = await request('selfReport:submit', { fy, version: autosave.version() });
      autosave.setVersion(next.version);
      setView(next);
      setSaveErrors({});
      setShowErrors(false);
    } catch (e) {
      setGeneral(errorMessage(e));
      throw e;
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
      {readOnly ? null : (
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1.5 }} data-testid="self-report-required-note">
          * の付いた項目は、提出に必要です（「異動希望」のときは希望する所属・職務も必要です）。
        </Typography>
      )}
      <Stack spacing={2.5}>
        <SelfReportForm
          draft={draft}
          readOnly={readOnly}
          showConfidential={!view.confidentialHidden}
          withheld={view.confidentialHidden ? view.withheld : undefined}
          errors={errors}
          onChange={onChange}
          head={headOf(view)}
        />
        <Box sx={{ maxWidth: 900 }}>
          <SelfReportInterviewRecord view={view} />
        </Box>
        {view.can.submit ? (
          <Paper variant="outlined" component="section" aria-label="提出" sx={{ p: 2.5, maxWidth: 900 }}>
            <Stack spacing={2}>
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                {submitMessage(view)}
              </Typography>
              <ProblemLinks
                problems={problems}
                severity={showErrors ? 'error' : 'info'}
                testId="self-report-problems"
                heading={
                  showErrors
                    ? `まだ提出できません。次の項目を入力してください（${problems.length}件）`
                    : `提出する前に、次の項目を入力してください（${problems.length}件）`
                }
                onFocus={focusField}
              />
              {general ? (
                <Alert severity="error" data-testid="self-report-submit-error">
                  {general}
                </Alert>
              ) : null}
              <Box>
                <Button variant="contained" onClick={() => void askSubmit()} disabled={submitting}>
                  提出する
                </Button>
              </Box>
            </Stack>
          </Paper>
        ) : null}
      </Stack>
      <ConfirmDialog
        open={confirming}
        title="自己申告書を提出しますか？"
        message={submitMessage(view)}
        confirmLabel="提出する"
        onConfirm={submit}
        onClose={() => setConfirming(false)}
      />
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
