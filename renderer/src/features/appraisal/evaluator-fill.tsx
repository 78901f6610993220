import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { FILL_ROLE_LABELS, checkFillForm, fillProgress } from '../../../../shared/evaluator-fill';
import type { FillForm, FillProblem, FillWorkbook } from '../../../../shared/evaluator-fill';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { errorMessage, request } from '../../client';
import { CenteredPage } from '../../ui/centered-page';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { FillFormView } from './evaluator-fill-form';
import { FileDropZone } from '../../ui/file-drop-zone';
import { downloadBase64, fileToBase64, maxUploadBytes } from '../../files';
import { useNotify } from '../../notify';
import { useLeaveGuard } from '../../hooks/useLeaveGuard';
import { formatCount } from '../../format';

/*
 * 評価者用の記入用ブックに記入: the evaluator's own Kaname, with no office database and no login.
 * They open the workbook HR sent, fill each form with the import's own checks shown as they type,
 * and save the workbook — the same file with only their cells written — to send back to HR.
 * Nothing is kept on this machine: the saved workbook is the draft, and opening it again continues.
 */

type Opened = {
  book: FillWorkbook;
  /** The workbook's bytes as last opened or saved (base64). */
  data: string;
  values: Record<string, Record<string, string>>;
  dirty: boolean;
};

function formState(form: FillForm, values: Record<string, string>) {
  const problems = checkFillForm(form, values);
  return { problems, progress: fillProgress(form, values) };
}

function Picker({ busy, error, onPick }: { busy: boolean; error: string | null; onPick: (f: File) => void }) {
  return (
    <Paper variant="outlined" sx={{ p: 3, width: '100%', maxWidth: 720 }}>
      <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
        評価者用の記入用ブックに記入
      </Typography>
      <Typography sx={{ mb: 2 }}>
        人事担当から受け取った人事考課票（評価者用の記入用ブック、.xlsx）を開くと、画面で記入して同じブックに保存できます。
        ログインや事業所のデータベースは不要です。記入した内容はこのパソコンに残らず、保存したブックだけが記録になります。
      </Typography>
      <FileDropZone
        testId="fill-drop-zone"
        prompt="記入用ブックをここにドロップするか、選んでください。"
        buttonLabel={busy ? '開いています…' : '記入用ブックを選ぶ'}
        inputLabel="記入用ブックのファイル"
        busy={busy}
        onFile={onPick}
      />
      {error ? (
        <Alert severity="error" sx={{ mt: 2 }}>
          {error}
        </Alert>
      ) : null}
    </Paper>
  );
}

export function EvaluatorFill({ onBack }: { onBack: () => void }) {
  const notify = useNotify();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<null | 'back' | 'other'>(null);

  const dirty = opened?.dirty === true;
  useLeaveGuard(useCallback(() => dirty, [dirty]));

  const pick = async (file: File) => {
    setError(null);
    if (file.size > maxUploadBytes) {
      setError('ファイルが大きすぎます（40MB まで）。');
      return;
    }
    setBusy(true);
    try {
      const data = await fileToBase64(file);
      const book = await request('fill:open', { fileName: file.name, data });
      setOpened({
        book,
        data,
        values: Object.fromEntries(book.forms.map((f) => [f.sheetName, { ...f.values }])),
        dirty: false,
      });
      setSelected(0);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const sheet = opened?.book.forms[selected]?.sheetName ?? null;
  const change = useCallback(
    (key: string, value: string) => {
      if (sheet === null) return;
      setOpened((o) =>
        o ? { ...o, dirty: true, values: { ...o.values, [sheet]: { ...o.values[sheet], [key]: value } } } : o,
      );
    },
    [sheet],
  );

  const states = useMemo(
    () => opened?.book.forms.map((f) => formState(f, opened.values[f.sheetName] ?? {})) ?? [],
    [opened],
  );

  const save = async () => {
    if (!opened) return;
    setBusy(true);
    try {
      const saved = await request('fill:write', {
        fileName: opened.book.fileName,
        data: opened.data,
        entries: opened.book.forms.map((f) => ({ sheetName: f.sheetName, values: opened.values[f.sheetName] ?? {} })),
      });
      downloadBase64(saved.fileName, saved.data);
      setOpened({ ...opened, data: saved.data, dirty: false });
      notify.success(`「${saved.fileName}」を保存しました。人事担当に返してください。`);
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(false);
    }
  };

  if (!opened) {
    return (
      <CenteredPage>
        <Picker busy={busy} error={error} onPick={(f) => void pick(f)} />
        <Button sx={{ mt: 2 }} onClick={onBack}>
          戻る
        </Button>
      </CenteredPage>
    );
  }

  const { book } = opened;
  const form = book.forms[selected] ?? book.forms[0]!;
  const state = states[selected] ?? { problems: [] as FillProblem[], progress: { filled: 0, total: 0 } };
  const withProblems = states.filter((s) => s.problems.length > 0).length;

  return (
    <Box component="main" sx={{ minHeight: '100vh', bgcolor: 'background.default', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 2, mb: 2, display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h1" component="h1" sx={{ fontSize: 22 }}>
            人事考課票の記入（評価者用）
          </Typography>
          <Typography sx={{ color: 'text.secondary', fontSize: 14 }} data-testid="fill-header">
            {[
              book.officeName,
              fiscalYearLabel(book.fy),
              `評価者 ${book.evaluatorName}（${book.evaluatorNo}）`,
              formatCount(book.forms.length, '件'),
              `ファイル「${book.fileName}」`,
            ].join('　')}
          </Typography>
        </Box>
        <Chip
          size="small"
          color={dirty ? 'warning' : 'default'}
          label={dirty ? '保存していない変更があります' : '保存済み'}
          data-testid="fill-saved-state"
        />
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          {busy ? '保存しています…' : '記入したブックを保存'}
        </Button>
        <Button variant="outlined" onClick={() => (dirty ? setLeaving('other') : setOpened(null))} disabled={busy}>
          別のブックを開く
        </Button>
        <Button onClick={() => (dirty ? setLeaving('back') : onBack())} disabled={busy}>
          戻る
        </Button>
      </Paper>
      <Alert severity={withProblems > 0 ? 'warning' : 'info'} sx={{ mb: 2 }} data-testid="fill-summary">
        {withProblems > 0
          ? `${formatCount(withProblems, '件')}の様式に、取り込めない記入があります（各欄に表示）。このまま人事担当に返すと、その様式は取り込まれません。`
          : '保存したブックを人事担当に返してください。人事担当が取り込むと Kaname に保存されます（提出は Kaname の画面で行います）。'}
      </Alert>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '280px 1fr' }, gap: 2, alignItems: 'start' }}>
        <Paper variant="outlined">
          <List dense aria-label="記入する様式" sx={{ py: 0 }}>
            {book.forms.map((f, i) => {
              const s = states[i]!;
              const done = s.progress.filled === s.progress.total;
              return (
                <ListItemButton key={f.sheetName} selected={i === selected} onClick={() => setSelected(i)}>
                  <ListItemText
                    primary={`${f.name}（${f.staffNo}）`}
                    secondary={`${FILL_ROLE_LABELS[f.role]}　${s.problems.length > 0 ? `要修正 ${s.problems.length}件` : done ? '記入済' : `記入 ${s.progress.filled}/${s.progress.total}`}`}
                  />
                </ListItemButton>
              );
            })}
          </List>
        </Paper>
        <Paper variant="outlined" sx={{ p: 2, overflowX: 'auto' }}>
          {state.problems.length > 0 ? (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="fill-form-problems">
              {state.problems.map((p) => (
                <div key={p.key}>{p.message}</div>
              ))}
            </Alert>
          ) : null}
          <FillFormView
            form={form}
            values={opened.values[form.sheetName] ?? {}}
            problems={state.problems}
            onChange={change}
          />
        </Paper>
      </Box>
      <ConfirmDialog
        open={leaving !== null}
        title="保存していない変更があります"
        message="記入した内容はまだブックに保存されていません。保存せずに閉じると、記入した内容は失われます。"
        confirmLabel="保存せずに閉じる"
        danger
        onConfirm={() => {
          if (leaving === 'back') onBack();
          else setOpened(null);
          setLeaving(null);
          return Promise.resolve();
        }}
        onClose={() => setLeaving(null)}
      />
    </Box>
  );
}
