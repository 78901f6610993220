import { lazy, Suspense, useState } from 'react';
import Box from '@mui/material/Box';
import { AppHeader } from './app-header';
import { ClosedYearQuestion } from '../ui/closed-year-notice';
import { Loading } from '../ui/loading';
import { NavDrawer } from './nav-drawer';
import { StatusBar } from './status-bar';
import { FiscalYearProvider } from '../fiscal-year';
import { confirmLeave } from '../hooks/useLeaveGuard';
import { sectionsFor } from '../sections';
import type { Section, SectionId } from '../sections';
import { useSession } from '../session';
import { NavigateContext } from './navigate';

// The settings screens carry the data grid; load them when first opened so login starts fast.
const Settings = lazy(() => import('../features/settings/settings-screen').then((m) => ({ default: m.Settings })));
const StaffScreen = lazy(() => import('../features/staff/staff-screen').then((m) => ({ default: m.StaffScreen })));
const AreasScreen = lazy(() => import('../features/areas/areas-screen').then((m) => ({ default: m.AreasScreen })));
const ImportScreen = lazy(() => import('../features/import/import-screen').then((m) => ({ default: m.ImportScreen })));
const SelfReportScreen = lazy(() =>
  import('../features/self-report/self-report-screen').then((m) => ({ default: m.SelfReportScreen })),
);
const MboScreen = lazy(() => import('../features/mbo/mbo-screen').then((m) => ({ default: m.MboScreen })));
const AwardsScreen = lazy(() => import('../features/awards/awards-screen').then((m) => ({ default: m.AwardsScreen })));
const TrainingScreen = lazy(() =>
  import('../features/training/training-screen').then((m) => ({ default: m.TrainingScreen })),
);
const PostingsScreen = lazy(() =>
  import('../features/postings/postings-screen').then((m) => ({ default: m.PostingsScreen })),
);
const PlacementScreen = lazy(() =>
  import('../features/placement/placement-screen').then((m) => ({ default: m.PlacementScreen })),
);
const HomeScreen = lazy(() => import('../features/home/home-screen').then((m) => ({ default: m.HomeScreen })));
const PlanScreen = lazy(() => import('../features/plan/plan-screen').then((m) => ({ default: m.PlanScreen })));
const AppraisalScreen = lazy(() =>
  import('../features/appraisal/appraisal-screen').then((m) => ({ default: m.AppraisalScreen })),
);

function SectionPage({ section }: { section: Section }) {
  switch (section.id) {
    case 'staff':
      return <StaffScreen />;
    case 'areas':
      return <AreasScreen />;
    case 'self-report':
      return <SelfReportScreen />;
    case 'mbo':
      return <MboScreen />;
    case 'appraisal':
      return <AppraisalScreen />;
    case 'awards':
      return <AwardsScreen />;
    case 'training':
      return <TrainingScreen />;
    case 'postings':
      return <PostingsScreen />;
    case 'placement':
      return <PlacementScreen />;
    case 'excel':
      return <ImportScreen />;
    case 'settings':
      return <Settings />;
    case 'home':
      return <HomeScreen />;
    case 'dashboard':
      return <PlanScreen />;
  }
}

/** The logged-in frame: app bar, navigation, the current section, and the status line. */
export function Shell() {
  const { session } = useSession();
  const visible = sectionsFor(session.role);
  const [current, setCurrent] = useState<SectionId>('home');
  // Choosing a section in the menu, even the current one, opens it at its start (e.g. the staff list).
  const [visit, setVisit] = useState(0);
  const section = visible.find((s) => s.id === current) ?? visible[0];
  const select = (id: SectionId) => {
    // A section with unsaved changes (the self-report's autosave) may ask before it is left.
    if (!confirmLeave()) return;
    setCurrent(id);
    setVisit((v) => v + 1);
  };

  return (
    <FiscalYearProvider>
      <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
        <AppHeader />
        <Box sx={{ flex: 1, display: 'flex', minHeight: 0 }}>
          <NavDrawer sections={visible} current={section?.id ?? 'home'} onSelect={select} />
          <Box component="main" sx={{ flex: 1, minWidth: 0, overflow: 'auto', p: 3 }}>
            <NavigateContext.Provider value={select}>
              <Suspense fallback={<Loading />}>
                {section ? <SectionPage key={`${section.id}-${visit}`} section={section} /> : null}
              </Suspense>
            </NavigateContext.Provider>
          </Box>
        </Box>
        <StatusBar />
      </Box>
      <ClosedYearQuestion />
    </FiscalYearProvider>
  );
}
