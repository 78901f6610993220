import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { idleLockMinutes } from '../../../../shared/contract';
import type { BackupRow, VerifyReport } from '../../../../shared/contract';
import { errorField, errorMessage, request } from '../../client';
import { useSession } from '../../session';
import { formatBytes, formatDateTime, formatNumber } from '../../format';
import { useNotify } from '../../notify';
import { useLoad } from '../../hooks/useLoad';
import { lockShortcutLabel } from '../../shell/manual-lock';

/** The signed head and what it does not cover (docs/audit-checkpoints.md): printed in every report. */
function SignedHeadNotes({ report }: { report: VerifyReport }) {
  if (report.sinceCheckpoint === undefined) return null;
  // The same lines as the core's `notes` (the CLI prints those), with the time in this screen's clock.
  const head = report.checkpoint;
  const lines = [
    head
      ? `署名済みの先頭: ${head.entries}:${head.head}（${formatDateTime(head.at)}署名）`
      : (report.notes?.[0] ?? '署名済みの先頭: なし'),
    `最後の署名以降の記録: ${formatNumber(report.sinceCheckpoint)}件`,
  ];
  return (
    <Box data-testid="verify-signed-head" sx={{ mt: 1 }}>
      {lines.map((line) => (
        <Typography key={line} variant="body2" sx={{ fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all' }}>
          {line}
        </Typography>
      ))}
      <Typography variant="body2" sx={{ mt: 0.5, color: 'text.secondary' }}>
        「署名済みの先頭」の値を紙などファイルの外に控えておくと、その時点までの記録が変わっていないことを後から確かめられます（kaname
        verify --expect-head）。
      </Typography>
    </Box>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  if (report.ok) {
    return (
      <Alert severity="success" data-testid="verify-result">
        問題は見つかりませんでした。データベースの整合性と監査ログ（{formatNumber(report.audit.rows)}
        件）の改ざん検知を確認しました。
        <SignedHeadNotes report={report} />
      </Alert>
    );
  }
  const integrity = report.integrity.filter((line) => line.toLowerCase() !== 'ok');
  const signatures = [...(report.checkpoints?.problems ?? []), ...(report.expectHead?.problems ?? [])];
  return (
    <Alert severity="error" data-testid="verify-result">
      <AlertTitle>問題が見つかりました</AlertTitle>
      {integrity.length > 0 ? (
        <>
          <Typography sx={{ fontWeight: 500 }}>データベースの整合性</Typography>
          <Box component="ul" sx={{ mt: 0.5 }}>
            {integrity.map((p, i) => (
              <li key={`i${i}`}>{p}</li>
            ))}
          </Box>
        </>
      ) : null}
      {!report.audit.ok ? (
        <>
          <Typography sx={{ fontWeight: 500 }}>監査ログ（{formatNumber(report.audit.rows)}件を確認）</Typography>
          <Box component="ul" sx={{ mt: 0.5 }}>
            {report.audit.problems.map((p, i) => (
              <li key={`a${i}`}>{p}</li>
            ))}
          </Box>
        </>
      ) : null}
      {signatures.length > 0 ? (
        <>
          <Typography sx={{ fontWeight: 500 }}>監査ログの署名</Typography>
          <Box component="ul" sx={{ mt: 0.5 }}>
            {signatures.map((p, i) => (
              <li key={`s${i}`}>{p}</li>
            ))}
          </Box>
        </>
      ) : null}
      <Typography sx={{ mt: 1 }}>最新のバックアップからの復元を検討し、システムの担当者に連絡してください。</Typography>
      <SignedHeadNotes report={report} />
    </Alert>
  );
}

/** How long the app waits without input before it locks the screen (docs/idle-lock.md). */
function IdleLockSection() {
  const notify = useNotify();
  const { lock, setLock } = useSession();
  const [text, setText] = useState(String(lock.idleMinutes));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const minutes = Number(text.trim().replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
    setSaving(true);
    try {
      // The core checks the range; a non-number goes as it is and comes back with its message.
      const state = await request('auth:setIdleLock', { idleMinutes: text.trim() === '' ? Number.NaN : minutes });
      setError(null);
      setText(String(state.idleMinutes));
      setLock(state);
      notify.success(`画面のロックを${state.idleMinutes}分に設定しました。`);
    } catch (e) {
      if (errorField(e) === 'idleMinutes') setError(errorMessage(e));
      else notify.error(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper variant="outlined" component="section" aria-labelledby="idle-lock-title" sx={{ p: 3 }}>
      <Typography variant="h2" component="h2" id="idle-lock-title" sx={{ mb: 1 }}>
        画面のロック
      </Typography>
      <Typography sx={{ mb: 2, color: 'text.secondary' }}>
        キーボードやマウスの操作がこの時間続かないと、画面をロックします。続けるには同じアカウントのパスワードが必要です（入力中の内容は残ります）。
        {idleLockMinutes.min}〜{idleLockMinutes.max}分で設定します（既定は{idleLockMinutes.default}分）。
        席を離れるときは、右上の名前のメニューの「画面をロック」（{lockShortcutLabel}）ですぐにロックできます。
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="ロックまでの時間（分）"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          error={error !== null}
          helperText={error ?? ' '}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          sx={{ width: 240 }}
        />
        <Button variant="contained" onClick={() => void save()} disabled={saving} sx={{ mt: 1 }}>
          {saving ? '保存中…' : '保存'}
        </Button>
      </Stack>
    </Paper>
  );
}

export function SystemTab() {
  const notify = useNotify();
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [backingUp, setBackingUp] = useState(false);
  const [made, setMade] = useState<BackupRow | null>(null);
  const load = useCallback(() => request('system:backups', {}), []);
  const backups = useLoad(load);

  const verify = async () => {
    setVerifying(true);
    setReport(null);
    try {
      setReport(await request('system:verify', {}));
    } catch (e) {
      notify.error(e);
    } finally {
      setVerifying(false);
    }
  };

  const backup = async () => {
    setBackingUp(true);
    try {
      const row = await request('system:backup', {});
      notify.success(`バックアップを作成しました（${row.file}）。`);
      setMade(row);
      backups.reload();
    } catch (e) {
      notify.error(e);
    } finally {
      setBackingUp(false);
    }
  };

  return (
    <Stack spacing={3} sx={{ maxWidth: 900 }}>
      <IdleLockSection />
      <Paper variant="outlined" component="section" aria-labelledby="verify-title" sx={{ p: 3 }}>
        <Typography variant="h2" component="h2" id="verify-title" sx={{ mb: 1 }}>
          整合性の検証
        </Typography>
        <Typography sx={{ mb: 2, color: 'text.secondary' }}>
          データベースが壊れていないか、監査ログが書き換えられていないかを確認します。
        </Typography>
        <Button variant="contained" onClick={() => void verify()} disabled={verifying} sx={{ mb: report ? 2 : 0 }}>
          {verifying ? '検証中…' : '整合性を検証'}
        </Button>
        {report ? <VerifyResult report={report} /> : null}
      </Paper>

      <Paper variant="outlined" component="section" aria-labelledby="backup-title" sx={{ p: 3 }}>
        <Typography variant="h2" component="h2" id="backup-title" sx={{ mb: 1 }}>
          バックアップ
        </Typography>
        <Typography sx={{ mb: 2, color: 'text.secondary' }}>
          データベースの暗号化されたコピーを作成します。作成済みのバックアップは下の一覧のとおりです。
        </Typography>
        <Button variant="contained" onClick={() => void backup()} disabled={backingUp} sx={{ mb: 2 }}>
          {backingUp ? '作成中…' : 'バックアップを作成'}
        </Button>
        {made ? (
          <Alert severity="info" data-testid="backup-signed-head" sx={{ mb: 2 }}>
            作成したバックアップの署名済みの先頭（ファイルの外に控えてください）:
            <Typography variant="body2" sx={{ fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all' }}>
              {made.checkpoint
                ? `${made.checkpoint.entries}:${made.checkpoint.head}（${formatDateTime(made.checkpoint.at)}署名）`
                : 'なし（このアカウントは署名の鍵を持っていません）'}
            </Typography>
          </Alert>
        ) : null}
        {backups.error ? <Alert severity="error">{errorMessage(backups.error)}</Alert> : null}
        <Table size="small" aria-label="バックアップ一覧">
          <TableHead>
            <TableRow>
              <TableCell>ファイル</TableCell>
              <TableCell>作成日時</TableCell>
              <TableCell align="right">サイズ</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(backups.data ?? []).map((b) => (
              <TableRow key={b.file}>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all' }}>{b.file}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.createdAt, true)}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {formatBytes(b.bytes)}
                </TableCell>
              </TableRow>
            ))}
            {backups.data && backups.data.length === 0 ? (
              <TableRow>
                <TableCell colSpan={3} sx={{ color: 'text.secondary' }}>
                  バックアップはまだありません。
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
