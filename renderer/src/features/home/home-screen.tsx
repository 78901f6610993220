import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { HomeView } from '../../../../shared/contract';
import { roleLabels } from '../../../../shared/roles';
import { errorMessage, request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { formatDay } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { sectionsFor } from '../../sections';
import { useSession } from '../../session';
import { useNavigateSection } from '../../shell/navigate';
import { KpiCards } from '../../ui/kpi-cards';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { HomeCard } from './home-card';
import { PlacementCard } from './placement-card';
import { AppraisalStatusCard, ProgressCard, StuckCard } from './progress-cards';
import { TaskList } from './task-list';
import { TurnCard } from './turn-card';

/** Two columns on a laptop and wider, one below. */
const columns = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'repeat(2, minmax(0, 1fr))' },
};

/**
 * ホーム (docs/home.md): the landing page after login. Whoever logs in sees what is theirs to do and
 * by when, each a link to where it is done; evaluators what waits for them; HR the year's progress
 * and what is stuck; personnel the placement figures; and the plan's targets they may read.
 */
export function HomeScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const load = useCallback(() => (fy === null ? Promise.resolve(null) : request('home:view', { fy })), [fy]);
  const { data, error, loading } = useLoad(load);
  const view = data && data.fy === fy ? data : null;

  return (
    <>
      <PageHeading title="ホーム" showYear />
      {fy === null ? (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Greeting name={session.displayName} role={session.role} view={null} />
          <Typography>評価期間（年度）がまだ作成されていません。</Typography>
        </Box>
      ) : error && view === null ? (
        <Alert severity="error">{errorMessage(error)}</Alert>
      ) : loading && view === null ? (
        <Loading />
      ) : view ? (
        <Home view={view} name={session.displayName} />
      ) : null}
    </>
  );
}

/** What to say when no phase of the year's calendar holds today (docs/home.md). */
function betweenPhases(view: HomeView): string {
  if (view.today > `${view.fy + 1}-03-31`) return 'この年度の予定は終わっています';
  if (view.today < `${view.fy}-04-01`) return 'この年度はまだ始まっていません';
  return '評価の作業期間の合間です';
}

function Greeting({ name, role, view }: { name: string; role: HomeView['role']; view: HomeView | null }) {
  const section = view?.person?.section;
  const phase = view?.phase ?? null;
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'stretch', flexWrap: 'wrap' }}>
      <Box sx={{ flex: '1 1 320px', minWidth: 0 }} data-testid="home-greeting">
        <Typography variant="h2" component="p">
          {view?.person?.name ?? name}さん、お疲れさまです。
        </Typography>
        <Typography sx={{ color: 'text.secondary', mt: 0.5 }}>
          {section ? `${section}・` : ''}
          {roleLabels[role]}
        </Typography>
      </Box>
      {view ? (
        <Paper
          variant="outlined"
          data-testid="home-phase"
          sx={{ px: 2, py: 1, flex: '0 1 auto', display: 'flex', flexDirection: 'column', justifyContent: 'center' }}
        >
          <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
            いまの時期（{formatDay(view.today)}現在）
          </Typography>
          {phase ? (
            <>
              <Typography sx={{ fontWeight: 700 }} data-testid="phase-name">
                {phase.name}
              </Typography>
              <Typography sx={{ fontSize: 13 }} data-testid="phase-dates">
                {formatDay(phase.from)}〜{formatDay(phase.to)}
              </Typography>
            </>
          ) : (
            <Typography sx={{ fontWeight: 700 }} data-testid="phase-name">
              {betweenPhases(view)}
            </Typography>
          )}
        </Paper>
      ) : null}
    </Box>
  );
}

function Home({ view, name }: { view: HomeView; name: string }) {
  const navigate = useNavigateSection();
  const showsPlan = sectionsFor(view.role).some((s) => s.id === 'dashboard');
  const tasks = (
    <HomeCard title="やること" testId="home-tasks">
      <TaskList tasks={view.tasks} role={view.role} />
    </HomeCard>
  );
  const kpis =
    view.kpis.length > 0 ? (
      <HomeCard
        title="プランの目標"
        testId="home-kpis"
        actions={
          showsPlan ? (
            <Button size="small" onClick={() => navigate('dashboard')}>
              プランの進捗を見る ›
            </Button>
          ) : null
        }
      >
        <KpiCards kpis={view.kpis} label="プランの目標" />
      </HomeCard>
    ) : null;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Greeting name={name} role={view.role} view={view} />
      <Box sx={columns}>
        {tasks}
        {view.turn ? <TurnCard turn={view.turn} phase={view.phase} /> : null}
        {view.progress ? <ProgressCard progress={view.progress} /> : null}
        {view.placement ? <PlacementCard placement={view.placement} role={view.role} /> : null}
        {!view.turn && !view.progress && !view.placement ? kpis : null}
      </Box>
      {view.progress || view.stuck ? (
        <Box sx={columns}>
          {view.progress ? <AppraisalStatusCard statuses={view.progress.appraisals} /> : null}
          {view.stuck ? <StuckCard rows={view.stuck} /> : null}
        </Box>
      ) : null}
      {view.turn || view.progress || view.placement ? kpis : null}
    </Box>
  );
}
