import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppraisalStatus, AppraisalView } from '../../../../shared/contract';
import { REASON_MAX_CHARS } from '../../../../shared/mbo';
import { ApiCallError, errorMessage, request } from '../../client';
import { useNotify } from '../../notify';
import { MboBlock } from '../mbo/parts';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { evaluatorWho, submitEffect } from './submit-effect';

/** Who writes again after a send-back from each status. */
const backTo: Partial<Record<AppraisalStatus, string>> = {
  自己評価済: '本人（「未着手」に戻ります）',
  '1次評価済': '1次評価者（「自己評価済」に戻ります）',
  '2次評価済': '2次評価者（「1次評価済」に戻ります）',
  調整済: '調整者（「2次評価済」に戻ります）',
};

type ReasonPanelProps = {
  title: string;
  testId: string;
  description: string;
  fieldLabel: string;
  buttonLabel: string;
  emptyMessage: string;
  run: (reason: string) => Promise<AppraisalView>;
  done: string;
  onDone: (v: AppraisalView) => void;
};

function ReasonPanel({
  title,
  testId,
  description,
  fieldLabel,
  buttonLabel,
  emptyMessage,
  run,
  done,
  onDone,
}: ReasonPanelProps) {
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async () => {
    if (reason.trim() === '') {
      setError(emptyMessage);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await run(reason.trim());
      notify.success(done);
      setReason('');
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <MboBlock title={title} testId={testId}>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {description}
      </Typography>
      <TextField
        label={fieldLabel}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        multiline
        minRows={2}
        error={error !== null}
        helperText={error ?? `必須　${[...reason].length} / ${REASON_MAX_CHARS}文字`}
        slotProps={{ htmlInput: { maxLength: REASON_MAX_CHARS, 'aria-required': true } }}
      />
      <Box>
        <Button variant="outlined" color="warning" onClick={() => void act()} disabled={busy}>
          {buttonLabel}
        </Button>
      </Box>
    </MboBlock>
  );
}

/** 差し戻す: back one stage, with a reason the previous writer sees. */
export function SendBackPanel({
  view,
  fy,
  version,
  onDone,
}: {
  view: AppraisalView;
  fy: number;
  /** Saves what is pending and returns the version to write on (null when the save failed). */
  version: () => Promise<number | null>;
  onDone: (v: AppraisalView) => void;
}) {
  return (
    <ReasonPanel
      title="差し戻し"
      testId="appraisal-send-back"
      description={`前の段階の${backTo[view.status] ?? '入力者'}に差し戻します。理由は差し戻された人に表示され、監査ログに残ります。`}
      fieldLabel="差し戻しの理由"
      buttonLabel="差し戻す"
      emptyMessage="差し戻す場合は、理由を入力してください"
      done="差し戻しました"
      onDone={onDone}
      run={async (reason) => {
        const v = await version();
        if (v === null) {
          throw new ApiCallError({
            code: 'CONFLICT',
            message: '入力中の内容を保存できなかったため、差し戻せません。保存の状態を確認してください。',
          });
        }
        return request('appraisal:sendBack', { fy, staffNo: view.person.staffNo, version: v, reason });
      }}
    />
  );
}

/** HR: 確定を解除 with a reason; the population's ranking must then be confirmed again. */
export function UnlockPanel({
  view,
  fy,
  onDone,
}: {
  view: AppraisalView;
  fy: number;
  onDone: (v: AppraisalView) => void;
}) {
  return (
    <ReasonPanel
      title="確定の解除（人事担当）"
      testId="appraisal-unlock"
      description="この人事考課を「調整済」に戻します。同じ職層の相対評価は、確定し直す必要があります。"
      fieldLabel="確定を解除する理由"
      buttonLabel="確定を解除"
      emptyMessage="確定を解除する理由を入力してください"
      done="確定を解除しました"
      onDone={onDone}
      run={(reason) => request('appraisal:unlock', { fy, staffNo: view.person.staffNo, reason })}
    />
  );
}

const onBehalfLabels = { first: '1次評価', second: '2次評価' } as const;

/**
 * HR submits a 1次 or 2次 stage for its evaluator — for one who filled the evaluator workbook away
 * from the office and cannot reach this Kaname. The audit log records it as HR's submission on
 * their behalf; what is still missing is listed first, as for the evaluator.
 */
export function SubmitOnBehalfPanel({
  view,
  fy,
  onDone,
}: {
  view: AppraisalView;
  fy: number;
  onDone: (v: AppraisalView) => void;
}) {
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const stage = view.can.submitOnBehalf;
  if (stage === null) return null;
  const label = onBehalfLabels[stage];
  const evaluator = evaluatorWho(view, stage);
  const effect = submitEffect(view, stage);
  const submit = async () => {
    const next = await request('appraisal:submit', { fy, staffNo: view.person.staffNo, version: view.version });
    notify.success(`${label}を評価者に代わって提出しました。`);
    onDone(next);
  };
  return (
    <MboBlock title={`${label}の代理提出（人事担当）`} testId="appraisal-submit-on-behalf">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        評価者から返ってきた記入用ブックを取り込んだあと、評価者（{evaluator}）に代わって{label}
        を提出します。{effect.next}監査ログには人事担当による代理提出として残ります。
      </Typography>
      <ProblemList
        problems={view.problems}
        severity="info"
        testId="appraisal-on-behalf-problems"
        heading={`まだ提出できません。評価者の記入が足りない項目があります（${view.problems.length}件）`}
      />
      <Box>
        <Button variant="contained" onClick={() => setConfirming(true)} disabled={view.problems.length > 0}>
          評価者に代わって提出する
        </Button>
      </Box>
      <ConfirmDialog
        open={confirming}
        title={`${label}を評価者に代わって提出しますか`}
        message={`評価者（${evaluator}）に代わって${label}を提出します。${effect.next}${effect.undo}監査ログには人事担当による代理提出として残ります。`}
        confirmLabel="評価者に代わって提出する"
        onConfirm={submit}
        onClose={() => setConfirming(false)}
      />
    </MboBlock>
  );
}

/** What still stops a submission, as a list under a heading (nothing when there is nothing). */
export function ProblemList({
  problems,
  heading,
  severity,
  testId,
}: {
  problems: readonly { field?: string | null; message: string }[];
  heading: string;
  severity: 'error' | 'info';
  testId: string;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert severity={severity} data-testid={testId}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {heading}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {problems.map((p, i) => (
          <Typography component="li" variant="body2" key={`${p.field ?? ''}-${i}`}>
            {p.message}
          </Typography>
        ))}
      </Box>
    </Alert>
  );
}
