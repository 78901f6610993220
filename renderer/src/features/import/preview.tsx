import { useEffect, useId, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ImportPreview, ImportResult } from '../../../../shared/contract';
import { ImportChanges } from './changes';
import { confirmState } from './confirm';
import { ImportCountTiles } from './counts';
import { importKindInfo, isWorkbookKind } from './kinds';
import { ImportProblems } from './problems';
import { formatCount } from '../../format';

type Props = {
  preview: ImportPreview;
  result: ImportResult | null;
  committing: boolean;
  /** `confirmed`: the user ticked the box for rows that ask to confirm a new person. */
  onCommit: (confirmed: boolean) => void;
  onCancel: () => void;
};

/**
 * Where the preview read from: a sheet by its name, or — for a 記入用ブック of one sheet per person —
 * the export the book came from and how many sheets it has (each sheet is named in the lists below).
 */
function sourceText(preview: ImportPreview): string {
  const head = `${importKindInfo[preview.kind].label}・${preview.fileName}`;
  return isWorkbookKind(preview.kind)
    ? `${head}・記入用ブック「${preview.sheet}」（1人1シート、${formatCount(preview.counts.total, '枚')}）`
    : `${head}・シート「${preview.sheet}」`;
}

function resultText(r: ImportResult): string {
  const rejected = r.errors > 0 ? `・却下 ${formatCount(r.errors, '件')}（取り込んでいません）` : '';
  return `新規 ${formatCount(r.inserted, '件')}・変更 ${formatCount(r.updated, '件')}・変更なし ${formatCount(r.unchanged, '件')}${rejected}`;
}

/** The dry run's outcome: figures, errors, changed rows, and the commit button. */
export function ImportPreviewPanel({ preview, result, committing, onCommit, onCancel }: Props) {
  const titleId = useId();
  const blockedId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A new preview, or its result, takes the focus (and the view) so the figures are read first.
  useEffect(() => {
    const heading = headingRef.current;
    heading?.focus({ preventScroll: true });
    heading?.scrollIntoView({ block: 'start' });
  }, [preview.token, result]);
  const [confirmed, setConfirmed] = useState(false);
  // A new preview asks again.
  useEffect(() => setConfirmed(false), [preview.token]);
  const { counts, problems, changes, warnings } = preview;
  const confirm = confirmState(preview, confirmed);
  // A form workbook takes its valid forms and leaves the rejected ones (listed); a sheet is all or nothing,
  // except rows whose unknown 職員番号 the user confirms as new people.
  const forms = isWorkbookKind(preview.kind);
  const rejected = counts.errors > 0 || problems.length > 0;
  const blocked = forms ? counts.inserted + counts.updated === 0 && rejected : confirm.blocked;
  const nothingToDo = !rejected && counts.inserted === 0 && counts.updated === 0;

  return (
    <Paper component="section" variant="outlined" aria-labelledby={titleId} sx={{ p: 2, mb: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', flexWrap: 'wrap', gap: 1.5, mb: 1.5 }}>
        <Typography
          variant="h2"
          id={titleId}
          ref={headingRef}
          tabIndex={-1}
          sx={{ outline: 'none', scrollMarginTop: 24 }}
        >
          {result ? '取込結果' : '取込前の確認'}
        </Typography>
        <Typography sx={{ color: 'text.secondary' }} data-testid="import-preview-source">
          {sourceText(preview)}
        </Typography>
      </Box>
      <ImportCountTiles counts={counts} unit={forms ? 'forms' : 'rows'} />

      {/* Under the figures, where the preview opens, never under the download toast at the bottom. */}
      {blocked && !result ? (
        <Alert severity="error" sx={{ mt: 2 }} id={blockedId} data-testid="import-blocked">
          {forms
            ? '取り込める様式がありません。エラーを直したファイルを選び直してください。'
            : confirm.errors === 0
              ? '新しい職員として取り込むことを確認するまで取り込めません。'
              : 'エラーがあるため取り込めません。エラーを直したファイルを選び直してください。'}
        </Alert>
      ) : null}

      {result ? (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="import-result">
          取り込みました：{resultText(result)}。
        </Alert>
      ) : null}

      {problems.length > 0 ? (
        <Box sx={{ mt: 2 }}>
          <Typography variant="h3" component="h3" sx={{ mb: 2, color: 'error.main' }}>
            {confirm.confirmable > 0
              ? `エラー・要確認（${formatCount(problems.length, '件')}）`
              : `エラー（${formatCount(problems.length, '件')}）`}
          </Typography>
          <ImportProblems problems={problems} />
        </Box>
      ) : null}

      {warnings.length > 0 ? (
        <Box
          sx={{
            mt: 2,
            p: 1.5,
            border: 1,
            borderColor: 'warning.main',
            borderRadius: 1,
            bgcolor: 'rgba(237,108,2,0.05)',
          }}
          data-testid="import-warnings"
        >
          <Typography variant="h3" component="h3" sx={{ mb: 1, color: 'warning.dark' }}>
            警告（{formatCount(warnings.length, '件')}）
          </Typography>
          <Typography sx={{ mb: 1.5, fontSize: 14 }}>
            {result
              ? '警告のあった行もそのまま取り込みました。'
              : '警告は取り込みを止めません。内容を確かめ、誤りがあればファイルを直して選び直してください。'}
          </Typography>
          <ImportProblems problems={warnings} variant="warnings" />
        </Box>
      ) : null}

      {confirm.confirmable > 0 && !result ? (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="import-confirm-new">
          <Typography sx={{ mb: 1 }}>
            登録されていない職員番号が{confirm.confirmable}
            件あり、既存の職員の番号から先頭の0が失われたものかもしれません（Excel や LibreOffice
            で数値に変換された場合など）。一覧の「要確認」の行を確かめてください。番号が誤りならファイルを直して選び直し、本当に新しい職員なら確認して取り込んでください。
          </Typography>
          <FormControlLabel
            control={
              <Checkbox checked={confirmed} disabled={committing} onChange={(e) => setConfirmed(e.target.checked)} />
            }
            label="新しい職員として取り込むことを確認しました"
          />
        </Alert>
      ) : null}

      {changes.length > 0 ? (
        <Box sx={{ mt: 2 }}>
          <Typography variant="h3" component="h3" sx={{ mb: 2 }}>
            {forms ? '様式ごとの結果' : '変更される行'}
          </Typography>
          <ImportChanges
            changes={changes}
            kind={preview.kind}
            expected={counts.inserted + counts.updated + counts.errors}
          />
        </Box>
      ) : null}

      {preview.kind === 'appraisals' ? (
        <Alert severity="info" sx={{ mt: 2 }} data-testid="import-appraisals-note">
          {result ? '取り込んだ人事考課票は保存しました' : 'エラーのない人事考課票は取り込むと保存されます'}
          が、提出はされません。提出は Kaname の人事考課の画面で、評価者または人事担当が行います。
        </Alert>
      ) : null}

      {nothingToDo && !result ? (
        <Alert severity="info" sx={{ mt: 2 }}>
          すべての行が変更なしです。取り込んでもデータは変わりません（取込の記録だけが残ります）。
        </Alert>
      ) : null}

      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1.5, mt: 2 }}>
        {result ? (
          <Button variant="outlined" onClick={onCancel}>
            続けて取り込む
          </Button>
        ) : (
          <>
            <Button
              variant="contained"
              disabled={blocked || committing}
              aria-describedby={blocked ? blockedId : undefined}
              onClick={() => onCommit(confirmed)}
            >
              {committing ? '取り込み中…' : '取り込む'}
            </Button>
            <Button disabled={committing} onClick={onCancel}>
              取り消す
            </Button>
            {blocked ? null : forms && rejected ? (
              <Typography data-testid="import-forms-partial" sx={{ color: 'warning.dark', fontSize: 14 }}>
                エラーのある様式（{formatCount(counts.errors, '件')}）は取り込まず、ほかの様式だけを取り込みます。
              </Typography>
            ) : null}
          </>
        )}
      </Box>
    </Paper>
  );
}
