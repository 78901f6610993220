import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AreaLog } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { ClosedYearNotice, useClosedYear } from '../../ui/closed-year-notice';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { AreaLogPatrolForm, AreaLogStudyForm } from './log-forms';
import { AreaLogPatrols, AreaLogStudies } from './log-lists';
import type { Removable } from './log-lists';
import { Loading } from '../../ui/loading';

type Props = { fy: number; area: string; open: boolean; onClose: () => void };

/** 地域カルテ: one area's patrols and study sessions for the year, full screen, with add forms. */
export function AreaLogDialog({ fy, area, open, onClose }: Props) {
  const load = useCallback(() => request('areaLog:get', { fy, area }), [fy, area]);
  return (
    <Dialog open={open} onClose={onClose} fullScreen aria-labelledby="area-log-title">
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 2,
          px: 3,
          py: 1.5,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <Typography variant="h2" component="h2" id="area-log-title">
          地域カルテ：{area}（{fiscalYearLabel(fy)}）
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Button variant="outlined" onClick={onClose}>
          閉じる
        </Button>
      </Box>
      <DialogContent>{open ? <AreaLogBody load={load} /> : null}</DialogContent>
    </Dialog>
  );
}

function AreaLogBody({ load }: { load: () => Promise<AreaLog> }) {
  const { data: log, error, loading, set: setLog } = useLoad(load);
  const [removing, setRemoving] = useState<Removable | null>(null);
  const year = useClosedYear();

  if (error && !log) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!log) return loading ? <Loading /> : null;

  const remove = async () => {
    if (!removing) return;
    setLog(await request('areaLog:remove', { fy: log.fy, area: log.area, kind: removing.kind, id: removing.id }));
  };

  return (
    <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) 380px' } }}>
      <Stack spacing={3} sx={{ minWidth: 0 }}>
        <AreaLogPatrols rows={log.patrols} onRemove={setRemoving} />
        <AreaLogStudies rows={log.studies} onRemove={setRemoving} />
      </Stack>
      <Stack spacing={2}>
        <ClosedYearNotice />
        {log.canWrite ? (
          <>
            <AreaLogPatrolForm log={log} onSaved={setLog} />
            <AreaLogStudyForm log={log} onSaved={setLog} />
          </>
        ) : year.readOnly ? null : (
          <Alert severity="info">記録できるのはこの地域の担当チームと人事担当です</Alert>
        )}
      </Stack>
      <ConfirmDialog
        open={removing !== null}
        title="記録の削除"
        message={removing ? `${removing.label}を削除します。よろしいですか？` : ''}
        confirmLabel="削除する"
        danger
        onConfirm={remove}
        onClose={() => setRemoving(null)}
      />
    </Box>
  );
}
