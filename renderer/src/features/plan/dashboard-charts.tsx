import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { Gauge, gaugeClasses } from '@mui/x-charts/Gauge';
import { LineChart } from '@mui/x-charts/LineChart';
import type { Kpi } from '../../../../shared/kpi';
import type { PlanDashboard, StatusCount } from '../../../../shared/api/plan';
import { withheldLabel } from '../../../../shared/access';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { HEADLINE_KPI_ID } from '../../../../shared/plan-kpi';
import { percent } from '../../../../shared/training-kpi';
import { kpiFigure, kpiTarget } from '../../ui/kpi-cards';
import { ChartWithTable } from './chart-with-table';
import { metText } from './format';
import { formatNumber } from '../../format';

/** The shares drawn over the years, first the ones the plan names; others with a % follow. */
const TREND_FIRST = [HEADLINE_KPI_ID, 'area_goal', 'training_hospitality', 'selfreport_submitted'];

const percentText = (v: number | null) => kpiFigure(v, '%');

/**
 * Over this many 課 or areas (a city has 120 of each) a chart draws how they are spread instead of
 * one bar each: 120 labelled bars are unreadable and take the browser a long task to lay out
 * (docs/plan.md "At city scale"). The table beside it still lists every one.
 */
export const maxBars = 40;

/** How many values fall in each band: `bands` are the lower bounds, ascending, the first 0. */
function spread(values: readonly number[], bands: readonly number[]): number[] {
  const counts = bands.map(() => 0);
  for (const v of values) {
    let i = bands.length - 1;
    while (i > 0 && v < bands[i]!) i -= 1;
    counts[i]! += 1;
  }
  return counts;
}

/** 仕事に意義を感じる職員の割合: a gauge against 90%, the figure, n / d and met. */
export function HeadlineTarget({ kpi }: { kpi: Kpi | null }) {
  if (kpi === null) return null;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={kpi.label}
      data-testid="headline-kpi"
      sx={{ p: 2, display: 'flex', alignItems: 'center', gap: 3, flexWrap: 'wrap' }}
    >
      <Box aria-hidden sx={{ width: 180, height: 120 }}>
        <Gauge
          width={180}
          height={120}
          value={kpi.value ?? 0}
          valueMin={0}
          valueMax={100}
          startAngle={-90}
          endAngle={90}
          innerRadius="70%"
          text={() => percentText(kpi.value)}
          sx={{
            [`& .${gaugeClasses.valueText}`]: { fontSize: 22, fontWeight: 700 },
            [`& .${gaugeClasses.valueArc}`]: { fill: kpi.met ? '#2e7d32' : '#ed6c02' },
          }}
        />
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>プランの目標</Typography>
        <Typography variant="h2" component="h2" sx={{ fontSize: 18, fontWeight: 700 }}>
          {kpi.label}
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, flexWrap: 'wrap' }}>
          <Typography sx={{ fontSize: 34, fontWeight: 700, lineHeight: 1.2 }} data-testid="headline-value">
            {kpiFigure(kpi.value, kpi.unit)}
          </Typography>
          {kpi.numerator !== undefined && kpi.denominator !== undefined ? (
            <Typography sx={{ color: 'text.secondary' }} data-testid="headline-fraction">
              {formatNumber(kpi.numerator)} / {formatNumber(kpi.denominator)}人
            </Typography>
          ) : null}
          <Typography>{kpiTarget(kpi)}以上</Typography>
          {kpi.met === null ? (
            <Chip size="small" variant="outlined" label="—" />
          ) : (
            <Chip
              size="small"
              color={kpi.met ? 'success' : 'warning'}
              label={kpi.met ? '達成' : '未達'}
              sx={{ fontWeight: 700 }}
              data-testid="headline-met"
            />
          )}
        </Box>
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
          自己申告の「仕事に意義を感じる」で4または5と答えた職員の割合です。
        </Typography>
      </Box>
    </Paper>
  );
}

/** The shares of the plan over the years in PlanDashboard.years: one line each. */
export function TrendChart({ years }: { years: PlanDashboard['years'] }) {
  const ids: string[] = [];
  for (const id of TREND_FIRST) if (years.some((y) => y.kpis.some((k) => k.id === id))) ids.push(id);
  for (const y of years)
    for (const k of y.kpis) if (k.unit === '%' && !ids.includes(k.id) && ids.length < 6) ids.push(k.id);
  const labelOf = (id: string) => years.flatMap((y) => y.kpis).find((k) => k.id === id)?.label ?? id;
  const valueOf = (fy: number, id: string) =>
    years.find((y) => y.fy === fy)?.kpis.find((k) => k.id === id)?.value ?? null;
  const yearLabels = years.map((y) => fiscalYearShort(y.fy, 'era'));
  return (
    <ChartWithTable
      title="目標の推移（割合）"
      note={`${yearLabels.join('・')}の割合です。`}
      testId="chart-trend"
      wide
      table={{
        columns: ['指標', ...yearLabels],
        rows: ids.map((id) => [labelOf(id), ...years.map((y) => percentText(valueOf(y.fy, id)))]),
      }}
    >
      <LineChart
        skipAnimation
        height={300}
        margin={{ right: 40 }}
        xAxis={[{ scaleType: 'point', data: yearLabels, height: 28 }]}
        yAxis={[{ min: 0, max: 100, valueFormatter: (v: number) => `${v}%` }]}
        series={ids.map((id) => ({
          id,
          label: labelOf(id),
          data: years.map((y) => valueOf(y.fy, id)),
          valueFormatter: (v: number | null) => percentText(v),
          connectNulls: true,
          curve: 'linear' as const,
          // A year alone (a figure with no neighbour) is drawn as its mark.
          showMark: true,
        }))}
      />
    </ChartWithTable>
  );
}

/** The share bands of the per-課 spread: below 70%, 70–80, 80–90 and the target, 90% or more. */
const SHARE_BANDS = [0, 70, 80, 90];

/** How many 課 or areas fall in each band: one bar per band. */
function SpreadChart({ what, labels, counts }: { what: string; labels: string[]; counts: number[] }) {
  return (
    <BarChart
      skipAnimation
      height={Math.max(200, labels.length * 40 + 60)}
      layout="horizontal"
      yAxis={[{ scaleType: 'band', data: labels, width: 110 }]}
      xAxis={[{ tickMinStep: 1, height: 28 }]}
      series={[
        { data: counts, label: `${what}の数`, valueFormatter: (v: number | null) => `${formatNumber(v ?? 0)}${what}` },
      ]}
      hideLegend
    />
  );
}

/** 仕事に意義を感じる職員の割合 per 課: bars, withheld groups written 「—（3人未満）」. */
export function MeaningfulBySection({ rows }: { rows: PlanDashboard['meaningfulBySection'] }) {
  const shown = rows.filter((r) => !r.withheld);
  return (
    <ChartWithTable
      title="課ごとの仕事に意義を感じる職員の割合"
      note={`目標は90%以上です。人数が少ない課は数値を表示しません。${
        shown.length > maxBars ? `課が${formatNumber(shown.length)}あるため、グラフは割合ごとの課の数です。` : ''
      }`}
      testId="chart-meaningful-sections"
      table={{
        columns: ['課', '割合', '人数', '目標'],
        rows: rows.map((r) =>
          r.withheld
            ? [r.label, withheldLabel, '—', '—']
            : [
                r.label,
                percentText(r.value),
                `${formatNumber(r.numerator)} / ${formatNumber(r.denominator)}人`,
                metText(r.met),
              ],
        ),
      }}
    >
      {shown.length > maxBars ? (
        <SpreadChart
          what="課"
          labels={SHARE_BANDS.map((b, i) =>
            i === 0
              ? `${SHARE_BANDS[1]}%未満`
              : i === SHARE_BANDS.length - 1
                ? `${b}%以上`
                : `${b}〜${SHARE_BANDS[i + 1]}%`,
          )}
          counts={spread(
            shown.flatMap((r) => (r.value === null ? [] : [r.value])),
            SHARE_BANDS,
          )}
        />
      ) : (
        <BarChart
          skipAnimation
          height={Math.max(220, shown.length * 28 + 60)}
          layout="horizontal"
          yAxis={[{ scaleType: 'band', data: shown.map((r) => r.label), width: 130 }]}
          xAxis={[{ min: 0, max: 100, valueFormatter: (v: number) => `${v}%`, height: 28 }]}
          series={[
            { data: shown.map((r) => r.value), label: '割合', valueFormatter: (v: number | null) => percentText(v) },
          ]}
          hideLegend
        />
      )}
    </ChartWithTable>
  );
}

/** Awards by the plan's categories: decided, nominated and carried into appraisals. */
export function AwardsChart({ rows }: { rows: PlanDashboard['awardsByCategory'] }) {
  return (
    <ChartWithTable
      title="表彰（プランの区分別）"
      testId="chart-awards"
      table={{
        columns: ['区分', '決定', '推薦', '人事考課に反映'],
        rows: rows.map((r) => [
          r.category,
          `${formatNumber(r.decided)}件`,
          `${formatNumber(r.nominated)}件`,
          `${formatNumber(r.carried)}件`,
        ]),
      }}
    >
      <BarChart
        skipAnimation
        height={Math.max(220, rows.length * 44 + 60)}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: rows.map((r) => r.category), width: 190 }]}
        xAxis={[{ tickMinStep: 1, height: 28 }]}
        series={[
          { data: rows.map((r) => r.decided), label: '決定' },
          { data: rows.map((r) => r.nominated), label: '推薦' },
          { data: rows.map((r) => r.carried), label: '人事考課に反映' },
        ]}
      />
    </ChartWithTable>
  );
}

const CLASS_LABELS = ['第1区分', '第2区分', '第3区分', '第4区分', '第5区分'];

/** The 区分 distribution per ranking population: stacked bars. */
export function ClassChart({ rows }: { rows: PlanDashboard['classDistribution'] }) {
  const width = Math.max(5, ...rows.map((r) => r.counts.length));
  const labels = Array.from({ length: width }, (_v, i) => CLASS_LABELS[i] ?? `第${i + 1}区分`);
  return (
    <ChartWithTable
      title="区分の分布（母集団別）"
      testId="chart-classes"
      wide
      table={{
        columns: ['母集団', ...labels, '計', '確定'],
        rows: rows.map((r) => [
          r.population,
          ...labels.map((_l, i) => `${formatNumber(r.counts[i] ?? 0)}人`),
          `${formatNumber(r.total)}人`,
          r.confirmed ? '確定' : '未確定',
        ]),
      }}
    >
      <BarChart
        skipAnimation
        height={Math.max(220, rows.length * 34 + 80)}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: rows.map((r) => r.population), width: 200 }]}
        xAxis={[{ tickMinStep: 1, height: 28 }]}
        series={labels.map((l, i) => ({ data: rows.map((r) => r.counts[i] ?? 0), label: l, stack: 'classes' }))}
      />
    </ChartWithTable>
  );
}

/** A workflow's forms by status, in the workflow's order. */
export function ProgressChart({ title, rows, testId }: { title: string; rows: StatusCount[]; testId: string }) {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return (
    <ChartWithTable
      title={title}
      testId={testId}
      table={{
        columns: ['状態', '件数', '割合'],
        rows: rows.map((r) => [r.status, `${formatNumber(r.count)}件`, percentText(percent(r.count, total))]),
      }}
    >
      <BarChart
        skipAnimation
        height={Math.max(160, rows.length * 30 + 50)}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: rows.map((r) => r.status), width: 110 }]}
        xAxis={[{ tickMinStep: 1, height: 28 }]}
        series={[{ data: rows.map((r) => r.count), label: '件数' }]}
        hideLegend
      />
    </ChartWithTable>
  );
}

/** The patrol bands of the per-area spread: none, 1–5, 6–11, 12 (monthly) or more. */
const PATROL_BANDS = [0, 1, 6, 12];

/** 地域担当: members, patrols and study sessions per area (地域カルテ). */
export function AreaTeams({ rows }: { rows: PlanDashboard['areaTeams'] }) {
  if (rows.length === 0) return null;
  return (
    <ChartWithTable
      title="地域担当（地域カルテ）"
      note={
        rows.length > maxBars
          ? `地域が${formatNumber(rows.length)}あるため、グラフは地域巡回の回数ごとの地域の数です。`
          : undefined
      }
      testId="chart-areas"
      table={{
        columns: ['地域', '担当職員', '地域巡回', '勉強会'],
        rows: rows.map((r) => [
          r.area,
          `${formatNumber(r.members)}人`,
          `${formatNumber(r.patrols)}回`,
          `${formatNumber(r.studySessions)}回`,
        ]),
      }}
    >
      {rows.length > maxBars ? (
        <SpreadChart
          what="地域"
          labels={PATROL_BANDS.map((b, i) =>
            i === PATROL_BANDS.length - 1
              ? `巡回${b}回以上`
              : b === 0
                ? '巡回なし'
                : `巡回${b}〜${PATROL_BANDS[i + 1]! - 1}回`,
          )}
          counts={spread(
            rows.map((r) => r.patrols),
            PATROL_BANDS,
          )}
        />
      ) : (
        <BarChart
          skipAnimation
          height={Math.max(200, rows.length * 34 + 80)}
          layout="horizontal"
          yAxis={[{ scaleType: 'band', data: rows.map((r) => r.area), width: 110 }]}
          xAxis={[{ tickMinStep: 1, height: 28 }]}
          series={[
            { data: rows.map((r) => r.patrols), label: '地域巡回' },
            { data: rows.map((r) => r.studySessions), label: '勉強会' },
          ]}
        />
      )}
    </ChartWithTable>
  );
}
