import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import { errorMessage, request } from '../../client';
import { AreasCoverage } from './coverage';
import { AreaTeamCard } from './team-card';
import { AreasUnassigned, SheetsWithoutAreaGoal } from './unassigned';
import { Loading } from '../../ui/loading';
import { ClosedYearNotice } from '../../ui/closed-year-notice';
import { PageHeading } from '../../ui/page-heading';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';

/** The first names of the lists of who is missing; 「続きを表示」 pages through the rest (areas:people). */
const namesLimit = 50;

/** Up to this many people on the teams altogether, every card opens with its members (a ward's few teams). */
const openAllUpTo = 600;

/**
 * 地域担当: the year's area teams with their figures, coverage, and who is still unassigned. The
 * overview carries counts only; a card's pairs load when it is opened (docs/organisation.md).
 */
export function AreasScreen() {
  const { fy: chosen } = useFiscalYear();
  const fy = chosen ?? fiscalYearOf(new Date());
  const load = useCallback(() => request('areas:overview', { fy, members: false, namesLimit }), [fy]);
  const { data, error, loading } = useLoad(load);
  const onTeams = data ? data.areas.reduce((n, a) => n + (a.counts?.members ?? a.members.length), 0) : 0;
  const openAll = onTeams <= openAllUpTo;

  return (
    <>
      <PageHeading title="地域担当" showYear />
      <ClosedYearNotice />
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <>
          <AreasCoverage coverage={data.coverage} areaCount={data.areas.length} />
          <AreasUnassigned key={`u${fy}`} fy={fy} people={data.unassigned} count={data.unassignedCount} />
          <SheetsWithoutAreaGoal
            key={`g${fy}`}
            fy={fy}
            people={data.mboCoverage.withoutAreaGoal}
            count={data.mboCoverage.withoutAreaGoalCount}
            named={data.mboCoverage.withoutAreaGoalNamed ?? data.mboCoverage.withoutAreaGoal?.length ?? 0}
            written={data.mboCoverage.written}
            namesOf={data.namesOf}
          />
          <Typography variant="h2" sx={{ mb: 1.5 }}>
            地域ごとのチーム
          </Typography>
          {data.areas.length === 0 ? (
            <Alert severity="info">この年度の地域担当はまだ取り込まれていません（取込・出力 → 地域担当）。</Alert>
          ) : (
            <Box
              sx={{
                display: 'grid',
                gap: 2,
                gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
                alignItems: 'start',
              }}
            >
              {data.areas.map((team) => (
                <AreaTeamCard key={`${fy}-${team.name}`} team={team} fy={fy} initiallyOpen={openAll} />
              ))}
            </Box>
          )}
        </>
      ) : null}
    </>
  );
}
