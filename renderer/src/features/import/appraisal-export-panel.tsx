import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { StaffOption } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { useFiscalYear } from '../../fiscal-year';
import { useAppraisalExport } from '../appraisal/downloads';
import { importKindInfo } from './kinds';
import { StaffAutocomplete } from '../../ui/staff-autocomplete';

/**
 * 人事考課票（評価者ブック）: per evaluator, the workbook of the appraisals whose open stage is theirs
 * (1次, 2次, 他所属評価), only their own cells open; filled in, it comes back through the import.
 */
export function AppraisalExportPanel() {
  const { fy } = useFiscalYear();
  const [evaluator, setEvaluator] = useState<StaffOption | null>(null);
  const { busy: running, error, run: download, clearError } = useAppraisalExport();
  const busy = running !== null;

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
        <Box sx={{ flex: '1 1 240px', minWidth: 220 }}>
          <StaffAutocomplete
            label="評価者"
            value={evaluator}
            onChange={(v) => {
              setEvaluator(v);
              clearError();
            }}
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
      {error ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="appraisal-export-error" onClose={clearError}>
          {error}
        </Alert>
      ) : null}
    </Box>
  );
}
