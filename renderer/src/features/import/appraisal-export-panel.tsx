import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { WaitingEvaluator } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { errorMessage, request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { formatCount } from '../../format';
import { useDebounced } from '../../hooks/useDebounced';
import { useLoad } from '../../hooks/useLoad';
import { useAppraisalExport } from '../appraisal/downloads';
import { importKindInfo } from './kinds';

/** 「0123 山田 太郎（総務課長）— 12件」: the evaluator, their post and the forms waiting for them. */
export function evaluatorOptionLabel(e: WaitingEvaluator): string {
  return `${e.staffNo} ${e.name}（${e.title}）— ${formatCount(e.waiting, '件')}`;
}

/** The roles the waiting forms are in, for the option's second line. */
function breakdown(e: WaitingEvaluator): string {
  if (e.waiting === 0) return '記入待ちの人事考課はありません';
  return [
    e.first > 0 ? `1次 ${formatCount(e.first, '件')}` : null,
    e.second > 0 ? `2次 ${formatCount(e.second, '件')}` : null,
    e.cross > 0 ? `他所属評価 ${formatCount(e.cross, '件')}` : null,
  ]
    .filter(Boolean)
    .join('・');
}

/** How many evaluators the picker shows at once; the core searches the rest (a city has thousands). */
const pickerLimit = 50;

/**
 * 人事考課票（評価者ブック）: per evaluator, the workbook of the appraisals whose open stage is theirs
 * (1次, 2次, 他所属評価), only their own cells open; filled in, it comes back through the import. The
 * picker offers the evaluators with forms waiting in the year, with the count, from the core
 * (`appraisal:evaluators`); those with none are listed last, greyed, and cannot be picked.
 */
export function AppraisalExportPanel() {
  const { fy } = useFiscalYear();
  const [evaluator, setEvaluator] = useState<WaitingEvaluator | null>(null);
  const { busy: running, error, run: download, clearError } = useAppraisalExport();
  const busy = running !== null;
  // What was typed, searched by the core once typing pauses (職員番号, 氏名, 職名, 所属).
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 250);
  const load = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('appraisal:evaluators', { fy, query, limit: pickerLimit })),
    [fy, query],
  );
  const { data, error: loadError, loading } = useLoad(load);
  const found = data?.evaluators ?? [];
  // The one picked stays an option while another search is shown.
  const options = evaluator && !found.some((e) => e.staffNo === evaluator.staffNo) ? [evaluator, ...found] : found;
  const withForms = data?.withForms ?? 0;
  const more = data?.matching !== undefined ? data.matching - found.length : 0;

  const run = async () => {
    if (fy === null || evaluator === null) return;
    await download('evaluator', { fy, what: 'evaluator', evaluatorNo: evaluator.staffNo });
  };

  return (
    <Box component="section" aria-labelledby="appraisal-export-title" sx={{ mt: 2.5 }}>
      <Typography
        variant="h3"
        component="h3"
        id="appraisal-export-title"
        sx={{ fontSize: 15, fontWeight: 700, mb: 0.5 }}
      >
        {importKindInfo.appraisals.label}
        {fy !== null ? (
          <Typography component="span" sx={{ ml: 1, fontSize: 12, color: 'text.secondary', fontWeight: 400 }}>
            {fiscalYearShort(fy, 'era')}
          </Typography>
        ) : null}
      </Typography>
      <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1.5 }}>
        評価者がいま記入する人事考課（1次・2次・他所属評価）を1人1シートにまとめ、評価者の欄だけを開けたブックです。記入後に「Excelから取り込む」で「
        {importKindInfo.appraisals.label}」として取り込みます（保存のみで、提出は画面で行います）。
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'flex-start', flexWrap: 'wrap', gap: 1 }}>
        <Box sx={{ flex: '1 1 360px', minWidth: 300, maxWidth: 560 }}>
          <Autocomplete
            value={evaluator}
            onChange={(_e, v) => {
              setEvaluator(v);
              clearError();
            }}
            options={options}
            filterOptions={(x) => x}
            onInputChange={(_e, value, reason) => {
              if (reason === 'input' || reason === 'clear') setTyped(value);
            }}
            getOptionLabel={evaluatorOptionLabel}
            getOptionDisabled={(e) => e.waiting === 0}
            isOptionEqualToValue={(a, b) => a.staffNo === b.staffNo}
            loading={loading}
            loadingText="評価者を読み込んでいます…"
            noOptionsText={loadError ? errorMessage(loadError) : '該当する評価者がいません'}
            renderOption={(props, e) => {
              const { key, ...rest } = props;
              return (
                <Box component="li" key={key} {...rest}>
                  <Box>
                    <Typography component="div">{evaluatorOptionLabel(e)}</Typography>
                    <Typography component="div" sx={{ fontSize: 12, color: 'text.secondary' }}>
                      {breakdown(e)}
                    </Typography>
                  </Box>
                </Box>
              );
            }}
            renderInput={(params) => (
              <TextField
                {...params}
                label="評価者"
                placeholder="職員番号・氏名・職名で検索"
                helperText={
                  data
                    ? `記入待ちの人事考課がある評価者 ${formatCount(withForms, '人')}。所属・職位の順で、記入待ちのない評価者は最後に灰色で表示します。` +
                      (more > 0
                        ? `ほかに${formatCount(more, '人')}が該当します。職員番号・氏名で絞り込んでください。`
                        : '')
                    : undefined
                }
              />
            )}
          />
        </Box>
        <Button
          variant="outlined"
          disabled={busy || fy === null || evaluator === null}
          onClick={() => void run()}
          sx={{ mt: 1 }}
        >
          {busy ? '出力中…' : '評価者用の記入用ブックを出力'}
        </Button>
      </Box>
      {loadError ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {errorMessage(loadError)}
        </Alert>
      ) : null}
      {error ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="appraisal-export-error" onClose={clearError}>
          {error}
        </Alert>
      ) : null}
    </Box>
  );
}
