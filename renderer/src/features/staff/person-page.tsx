import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { fiscalYearOf, fiscalYearLabel } from '../../../../shared/fiscal-year';
import { errorMessage, request } from '../../client';
import { Loading } from '../../ui/loading';
import { StaffArea } from './area';
import { StaffBackButton } from './back-button';
import { StaffEvaluators } from './evaluators';
import { StaffProfile } from './profile';
import { StaffTransfers } from './transfers';
import { TrainingHistory } from '../training/history';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';

/** One staff member: profile, transfer history, the chosen year's evaluators and area team, and their training. */
export function StaffPage({ staffNo, onBack }: { staffNo: string; onBack: () => void }) {
  const { fy: chosen } = useFiscalYear();
  const fy = chosen ?? fiscalYearOf(new Date());
  const load = useCallback(() => request('staff:detail', { staffNo, fy }), [staffNo, fy]);
  const { data, error, loading } = useLoad(load);
  const s = data?.staff;

  return (
    <>
      <StaffBackButton label="職員一覧に戻る" onClick={onBack} />
      <Box sx={{ display: 'flex', alignItems: 'baseline', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <Typography variant="h1" component="h1">
          {s ? s.name : '職員'}
        </Typography>
        {s ? (
          <Typography sx={{ color: 'text.secondary' }}>
            {s.kana}・職員番号 {s.staffNo}
          </Typography>
        ) : null}
        {s && !s.active ? <Chip size="small" label="退職" /> : null}
        <Box sx={{ flexGrow: 1 }} />
        <Typography sx={{ color: 'text.secondary' }}>{fiscalYearLabel(fy)}</Typography>
      </Box>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, alignItems: 'start' }}>
          <Box sx={{ gridColumn: '1 / -1' }}>
            <StaffProfile detail={data} />
          </Box>
          <Box sx={{ gridColumn: '1 / -1' }}>
            <StaffEvaluators rows={data.evaluators} fy={fy} />
          </Box>
          <StaffArea area={data.area} fy={fy} />
          <StaffTransfers transfers={data.transfers} />
          <Box sx={{ gridColumn: '1 / -1' }}>
            <TrainingHistory staffNo={staffNo} />
          </Box>
        </Box>
      ) : null}
    </>
  );
}
