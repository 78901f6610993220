import { useCallback, useRef, useState } from 'react';
import type { AnyImportKind, ImportPreview, ImportResult } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { commitRequest } from './confirm';
import { fileToBase64, maxUploadBytes } from '../../files';

export type ImportStage =
  | { kind: 'idle' }
  /** `percent`: how far the preview is (import:progress), null until the first answer. */
  | { kind: 'working'; fileName: string; text: string; percent: number | null }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'committing'; preview: ImportPreview }
  | { kind: 'done'; preview: ImportPreview; result: ImportResult };

export type ImportFlow = {
  importKind: AnyImportKind;
  stage: ImportStage;
  error: string | null;
  setImportKind: (kind: AnyImportKind) => void;
  pick: (file: File) => Promise<void>;
  /** `confirmed`: the user ticked 「新しい職員として取り込むことを確認しました」 for rows that asked. */
  commit: (confirmed?: boolean) => Promise<void>;
  reset: () => void;
};

/** How often the screen asks how far a pending preview is (docs/workbook-import.md). */
export const progressPollMs = 300;

/**
 * Asks `import:progress` every progressPollMs while a preview of `fileName` runs, one question at a
 * time; answers about another file, or once stopped, are dropped. Returns the stop function.
 */
function pollProgress(fileName: string, onPercent: (percent: number) => void): () => void {
  let stopped = false;
  let asking = false;
  const timer = window.setInterval(() => {
    if (asking) return;
    asking = true;
    request('import:progress', {})
      .then((p) => {
        if (!stopped && p.running && p.fileName === fileName) onPercent(p.percent);
      })
      .catch(() => {
        // The preview's own answer reports what went wrong; a missed poll only leaves the bar as it was.
      })
      .finally(() => {
        asking = false;
      });
  }, progressPollMs);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
}

/**
 * Pick → preview (dry run in the main process) → commit. A newer pick wins over an older one
 * still in flight, so a slow preview never replaces the file the user chose last.
 */
export function useImportFlow(onCommitted: (result: ImportResult) => void): ImportFlow {
  const [importKind, setKind] = useState<AnyImportKind>('staff');
  const [stage, setStage] = useState<ImportStage>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef(0);

  const reset = useCallback(() => {
    attempt.current += 1;
    setStage({ kind: 'idle' });
    setError(null);
  }, []);

  const setImportKind = useCallback(
    (kind: AnyImportKind) => {
      setKind(kind);
      reset();
    },
    [reset],
  );

  const pick = useCallback(
    async (file: File) => {
      const mine = ++attempt.current;
      const live = () => attempt.current === mine;
      setError(null);
      if (file.size > maxUploadBytes) {
        setStage({ kind: 'idle' });
        setError('ファイルが大きすぎます（40MB まで）。');
        return;
      }
      if (file.size === 0) {
        setStage({ kind: 'idle' });
        setError('ファイルが空です。');
        return;
      }
      try {
        setStage({ kind: 'working', fileName: file.name, text: '読み込み中…', percent: null });
        const data = await fileToBase64(file);
        if (!live()) return;
        setStage({ kind: 'working', fileName: file.name, text: '検証中…', percent: null });
        const stopPolling = pollProgress(file.name, (percent) => {
          if (live()) setStage((s) => (s.kind === 'working' ? { ...s, percent } : s));
        });
        let preview: ImportPreview;
        try {
          preview = await request('import:preview', { kind: importKind, fileName: file.name, data });
        } finally {
          stopPolling();
        }
        if (live()) setStage({ kind: 'preview', preview });
      } catch (e) {
        if (!live()) return;
        setStage({ kind: 'idle' });
        setError(errorMessage(e));
      }
    },
    [importKind],
  );

  const commit = useCallback(
    async (confirmed = false) => {
      if (stage.kind !== 'preview') return;
      const { preview } = stage;
      const mine = ++attempt.current;
      setError(null);
      setStage({ kind: 'committing', preview });
      try {
        const result = await request('import:commit', commitRequest(preview, confirmed));
        if (attempt.current !== mine) return;
        setStage({ kind: 'done', preview, result });
        onCommitted(result);
      } catch (e) {
        if (attempt.current !== mine) return;
        setStage({ kind: 'preview', preview });
        setError(errorMessage(e));
      }
    },
    [stage, onCommitted],
  );

  return { importKind, stage, error, setImportKind, pick, commit, reset };
}
