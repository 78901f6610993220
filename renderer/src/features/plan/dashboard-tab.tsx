import { useCallback, useState } from 'react';
import { HEADLINE_KPI_ID } from '../../../../shared/plan-kpi';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { errorMessage, request } from '../../client';
import { savedMessage, saveExport } from '../../files';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { KpiCards } from '../../ui/kpi-cards';
import { Loading } from '../../ui/loading';
import { Stage, useStages } from '../../ui/staged';
import {
  AreaTeams,
  AwardsChart,
  ClassChart,
  HeadlineTarget,
  MeaningfulBySection,
  ProgressChart,
  TrendChart,
} from './dashboard-charts';

function SectionTitle({ children }: { children: string }) {
  return (
    <Typography variant="h2" sx={{ mt: 2 }}>
      {children}
    </Typography>
  );
}

/** KPI報告書をExcelで出力 / PDFで出力 (plan:report, docs/kpi-report.md). */
function ReportButtons({ fy }: { fy: number }) {
  const notify = useNotify();
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  const save = async (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    try {
      const file = await request('plan:report', { fy, format, delivery: 'file' });
      const saved = await saveExport(file);
      if (!saved.cancelled) notify.success(savedMessage(saved, `${file.fileName} を保存しました。`));
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
      <Button variant="outlined" disabled={busy !== null} onClick={() => void save('xlsx')}>
        {busy === 'xlsx' ? '作成中…' : 'KPI報告書をExcelで出力'}
      </Button>
      <Button variant="outlined" disabled={busy !== null} onClick={() => void save('pdf')}>
        {busy === 'pdf' ? '作成中…' : 'PDFで出力'}
      </Button>
    </Box>
  );
}

/** 目標と実績: the year's figures against the plan's targets, and over the years (docs/plan.md). */
export function DashboardTab({ fy }: { fy: number }) {
  // The screen draws no measure (they have their own tab): `summary` leaves them out.
  const load = useCallback(() => request('plan:dashboard', { fy, summary: true }), [fy]);
  const { data, error, loading } = useLoad(load);
  const view = data && data.fy === fy ? data : null;
  // The charts below the targets are drawn one per task (staged.tsx): at a city's size each has 120 bars.
  const shown = useStages(8, view);

  if (error && view === null) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading && view === null) return <Loading />;
  if (view === null) return null;

  const year = view.years.find((y) => y.fy === fy) ?? null;
  const kpis = year?.kpis ?? [];
  const headline = kpis.find((k) => k.id === HEADLINE_KPI_ID) ?? null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="plan-dashboard">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
          年度はヘッダーの年度で切り替えます。推移は最大3年度分です。
        </Typography>
        <ReportButtons fy={fy} />
      </Box>
      {year === null ? <Alert severity="info">この年度の数値はまだありません。</Alert> : null}
      <HeadlineTarget kpi={headline} />
      <SectionTitle>プランの目標</SectionTitle>
      <KpiCards kpis={kpis.filter((k) => k.id !== HEADLINE_KPI_ID)} label="プランの目標" />
      <Stage index={1} shown={shown} height={360}>
        {view.years.length > 0 ? <TrendChart years={view.years} /> : null}
      </Stage>
      <Stage index={2} shown={shown} height={400}>
        <MeaningfulBySection rows={view.meaningfulBySection} />
      </Stage>
      <Stage index={3} shown={shown} height={400}>
        <AreaTeams rows={view.areaTeams} />
      </Stage>
      <SectionTitle>表彰と区分</SectionTitle>
      <Stage index={4} shown={shown} height={300}>
        <AwardsChart rows={view.awardsByCategory} />
      </Stage>
      <Stage index={5} shown={shown} height={300}>
        <ClassChart rows={view.classDistribution} />
      </Stage>
      <SectionTitle>今年度の進み具合</SectionTitle>
      <Stage index={6} shown={shown} height={220}>
        <ProgressChart title="自己申告" rows={view.selfReportProgress} testId="chart-selfreport" />
      </Stage>
      <Stage index={7} shown={shown} height={220}>
        <ProgressChart title="目標管理（MBO）" rows={view.mboProgress} testId="chart-mbo" />
        <ProgressChart title="人事考課" rows={view.appraisalProgress} testId="chart-appraisal" />
      </Stage>
    </Box>
  );
}
