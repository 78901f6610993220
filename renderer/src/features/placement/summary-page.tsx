import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { errorMessage, request } from '../../client';
import { useLoad } from '../../hooks/useLoad';
import { Loading } from '../../ui/loading';
import { StaffBackButton } from '../staff/back-button';
import { eraFy } from './format';
import { Handling } from './handling';
import { SummarySheet } from './summary-sheet';

/** One person's 人事配置資料 on screen (placement:summary, audited as viewed), with 「印刷・PDF」. */
export function SummaryPage({
  fy,
  staffNo,
  onBack,
  onPrint,
}: {
  fy: number;
  staffNo: string;
  onBack: () => void;
  onPrint: () => void;
}) {
  const load = useCallback(() => request('placement:summary', { fy, staffNo }), [fy, staffNo]);
  const { data, error, loading } = useLoad(load);

  return (
    <>
      <StaffBackButton label="人事配置の一覧に戻る" onClick={onBack} />
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <Typography variant="h1" component="h1">
          人事配置資料
        </Typography>
        <Typography sx={{ color: 'text.secondary' }}>
          {data ? `${data.person.name}（${data.person.staffNo}）・` : ''}
          {eraFy(fy)}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Handling note={false} />
        <Button variant="contained" onClick={onPrint} disabled={!data}>
          印刷・PDF
        </Button>
      </Box>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      {!data && loading ? <Loading /> : null}
      {data ? <SummarySheet summary={data} /> : null}
    </>
  );
}
