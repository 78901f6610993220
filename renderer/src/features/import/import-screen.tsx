import { useCallback, useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ImportResult } from '../../../../shared/contract';
import { AppraisalExportPanel } from './appraisal-export-panel';
import { FormsExportPanel } from './forms-export-panel';
import { ImportExportPanel } from './roster-export-panel';
import { importKindInfo } from './kinds';
import { ImportLog } from './log';
import { ImportPicker } from './picker';
import { ImportPreviewPanel } from './preview';
import { useImportFlow } from './flow';
import { PageHeading } from '../../ui/page-heading';
import { useNotify } from '../../notify';
import { formatCount } from '../../format';
import { request } from '../../client';

/** 取込・出力 (HR): import a sheet with a dry run first, export templates and current data, and the log. */
export function ImportScreen() {
  const notify = useNotify();
  const [logNonce, setLogNonce] = useState(0);
  const onCommitted = useCallback(
    (r: ImportResult) => {
      notify.success(
        `${importKindInfo[r.kind].label}を取り込みました（新規 ${formatCount(r.inserted, '件')}・変更 ${formatCount(r.updated, '件')}${r.errors > 0 ? `・却下 ${formatCount(r.errors, '件')}` : ''}）。`,
      );
      setLogNonce((n) => n + 1);
    },
    [notify],
  );
  const flow = useImportFlow(onCommitted);
  const { stage } = flow;
  const shown = stage.kind === 'preview' || stage.kind === 'committing' || stage.kind === 'done' ? stage : null;
  // A new preview puts away an earlier toast (a download's), which would cover the preview's buttons.
  const token = shown?.preview.token;
  useEffect(() => {
    if (token !== undefined) notify.clear();
  }, [token, notify]);
  // The import worker is started ahead while HR picks a file, and again once a preview has taken it,
  // so that reading the next file does not wait for it to load (docs/workbook-import.md). Nothing to
  // show if it cannot: the preview then starts its own.
  const waiting = stage.kind === 'idle' || stage.kind === 'preview';
  useEffect(() => {
    if (waiting) request('import:prepare', {}).catch(() => undefined);
  }, [waiting]);

  return (
    <>
      <PageHeading title="取込・出力" showYear />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '7fr 5fr' }, mb: 2 }}>
        <Paper component="section" variant="outlined" aria-labelledby="import-title" sx={{ p: 2 }}>
          <Typography variant="h2" id="import-title" sx={{ mb: 1.5 }}>
            Excelから取り込む
          </Typography>
          <ImportPicker flow={flow} />
        </Paper>
        <Paper component="section" variant="outlined" aria-labelledby="export-title" sx={{ p: 2 }}>
          <Typography variant="h2" id="export-title" sx={{ mb: 0.5 }}>
            Excelへ出力
          </Typography>
          <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1 }}>
            テンプレートは入力規則（選択肢）付きの空の様式です。現在のデータは同じ様式で出力され、そのまま取り込むと「変更なし」になります。
          </Typography>
          <ImportExportPanel />
          <FormsExportPanel />
          <AppraisalExportPanel />
        </Paper>
      </Box>
      {shown ? (
        <ImportPreviewPanel
          preview={shown.preview}
          result={shown.kind === 'done' ? shown.result : null}
          committing={shown.kind === 'committing'}
          onCommit={(confirmed) => void flow.commit(confirmed)}
          onCancel={flow.reset}
        />
      ) : null}
      <Paper component="section" variant="outlined" aria-labelledby="import-log-title" sx={{ p: 2 }}>
        <Typography variant="h2" id="import-log-title" sx={{ mb: 1.5 }}>
          取込履歴
        </Typography>
        <ImportLog nonce={logNonce} />
      </Paper>
    </>
  );
}
