import { useState } from 'react';
import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import type { SxProps, Theme } from '@mui/material/styles';
import type { AppraisalExport, Input } from '../../../../shared/contract';
import { errorMessage, isUnauthenticated, request } from '../../client';
import { useNotify } from '../../notify';
import { savedMessage, saveExport } from '../../files';

/** What one button asks 'appraisal:export' for (the year comes from the screen). */
export type AppraisalDownload = {
  /** Unique among the buttons of one group. */
  id: string;
  label: string;
  /** The accessible name, when the label alone is ambiguous. */
  ariaLabel?: string;
  what: AppraisalExport;
  input?: Omit<Input<'appraisal:export'>, 'fy' | 'what'>;
  disabled?: boolean;
};

/**
 * One 'appraisal:export' at a time: the file saved through the browser's download and a toast on
 * success; a failure as the Japanese message to show beside the button (a lost session is handled
 * by the app, back to the login). `busy` names the download running.
 */
export function useAppraisalExport(): {
  busy: string | null;
  error: string | null;
  run: (id: string, req: Input<'appraisal:export'>) => Promise<void>;
  clearError: () => void;
} {
  const notify = useNotify();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (id: string, req: Input<'appraisal:export'>) => {
    setBusy(id);
    setError(null);
    try {
      const file = await request('appraisal:export', { ...req, delivery: 'file' });
      const saved = await saveExport(file);
      if (!saved.cancelled) notify.success(savedMessage(saved, `「${file.fileName}」をダウンロードしました。`));
    } catch (e) {
      if (isUnauthenticated(e)) notify.error(e);
      else setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}

/**
 * The 人事考課 downloads of one screen: a row of buttons (one at a time), the file saved through the
 * browser's download, a toast on success and the Japanese message as an alert on failure.
 */
export function AppraisalDownloads({
  fy,
  items,
  title,
  sx,
}: {
  fy: number;
  items: readonly AppraisalDownload[];
  title?: ReactNode;
  sx?: SxProps<Theme>;
}) {
  const { busy, error, run: download, clearError } = useAppraisalExport();
  const run = (item: AppraisalDownload) => download(item.id, { fy, what: item.what, ...item.input });

  return (
    <Box sx={sx}>
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        {title}
        {items.map((item) => (
          <Button
            key={item.id}
            size="small"
            variant="outlined"
            disabled={busy !== null || item.disabled === true}
            aria-label={item.ariaLabel}
            onClick={() => void run(item)}
          >
            {busy === item.id ? '出力中…' : item.label}
          </Button>
        ))}
      </Box>
      {error ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="appraisal-download-error" onClose={clearError}>
          {error}
        </Alert>
      ) : null}
    </Box>
  );
}
