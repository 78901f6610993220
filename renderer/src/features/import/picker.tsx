import { useId } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import type { AnyImportKind } from '../../../../shared/contract';
import { FileDropZone } from '../../ui/file-drop-zone';
import { anyImportKindOrder, importKindInfo, isWorkbookKind } from './kinds';
import type { ImportFlow, ImportStage } from './flow';

/** The stage's text, with the preview's share done once import:progress has answered (「検証中… 80%」). */
function workingLabel(stage: Extract<ImportStage, { kind: 'working' }>): string {
  return stage.percent === null ? stage.text : `${stage.text} ${stage.percent}%`;
}

/** Choose what to import and the .xlsx file (button or drag and drop); shows the stage while it works. */
export function ImportPicker({ flow }: { flow: ImportFlow }) {
  const hintId = useId();
  const { stage, importKind } = flow;
  const busy = stage.kind === 'working' || stage.kind === 'committing';
  const info = importKindInfo[importKind];

  return (
    <Box>
      <FormControl disabled={busy} sx={{ mb: 1.5 }}>
        <FormLabel id={`${hintId}-kind`} sx={{ fontSize: 13 }}>
          取り込むデータ
        </FormLabel>
        <RadioGroup
          row
          aria-labelledby={`${hintId}-kind`}
          value={importKind}
          onChange={(e) => flow.setImportKind(e.target.value as AnyImportKind)}
        >
          {anyImportKindOrder.map((k) => (
            <FormControlLabel key={k} value={k} control={<Radio size="small" />} label={importKindInfo[k].label} />
          ))}
        </RadioGroup>
      </FormControl>
      <FileDropZone
        testId="import-drop-zone"
        inputTestId="import-file-input"
        inputLabel="取り込むファイル"
        buttonLabel="ファイルを選択"
        busy={busy}
        describedBy={hintId}
        onFile={(file) => void flow.pick(file)}
        prompt={
          importKind === 'appraisals'
            ? 'Kaname で出力した評価者用の記入用ブック（人事考課票、.xlsx）をここにドロップするか、選んでください。'
            : isWorkbookKind(importKind)
              ? `Kaname で出力した${info.label}の記入用ブック（.xlsx）をここにドロップするか、選んでください。`
              : importKind === 'training'
                ? '「研修一覧」と「研修受講記録」のシート（どちらか一方でも可）のある Excel ファイル（.xlsx）をここにドロップするか、選んでください。'
                : `「${info.sheet}」シートのある Excel ファイル（.xlsx）をここにドロップするか、選んでください。`
        }
      >
        <Typography id={hintId} sx={{ mt: 1.5, fontSize: 12, color: 'text.secondary' }}>
          列: {info.columns}
        </Typography>
      </FileDropZone>
      <Box sx={{ minHeight: 44, mt: 1.5 }}>
        {stage.kind === 'working' ? (
          <Box role="status" aria-live="polite">
            <Typography sx={{ fontSize: 13, mb: 0.5 }}>{`${stage.fileName}：${workingLabel(stage)}`}</Typography>
            {stage.percent === null ? (
              <LinearProgress aria-label={stage.text} />
            ) : (
              <LinearProgress variant="determinate" value={stage.percent} aria-label={workingLabel(stage)} />
            )}
          </Box>
        ) : null}
        {stage.kind === 'committing' ? (
          <Box role="status" aria-live="polite">
            <Typography sx={{ fontSize: 13, mb: 0.5 }}>{`${stage.preview.fileName}：取り込み中…`}</Typography>
            <LinearProgress aria-label="取り込み中…" />
          </Box>
        ) : null}
        {flow.error ? (
          <Alert severity="error" data-testid="import-error">
            {flow.error}
          </Alert>
        ) : null}
      </Box>
    </Box>
  );
}
