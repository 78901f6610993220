import { useCallback, useRef, useState } from 'react';
import type { AnyImportKind, ImportPreview, ImportResult } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { commitRequest } from './confirm';
import { fileToBase64, maxUploadBytes } from '../../files';

export type ImportStage =
  | { kind: 'idle' }
  | { kind: 'working'; fileName: string; text: string }
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
        setStage({ kind: 'working', fileName: file.name, text: '読み込み中…' });
        const data = await fileToBase64(file);
        if (!live()) return;
        setStage({ kind: 'working', fileName: file.name, text: '検証中…' });
        const preview = await request('import:preview', { kind: importKind, fileName: file.name, data });
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
