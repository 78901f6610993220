import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import type { HomeView, StatusCount, StuckRow } from '../../../../shared/contract';
import { HomeCard, ProgressLine } from './home-card';
import { formatNumber } from '../../format';

type Progress = NonNullable<HomeView['progress']>;

/** HR: the year's steps at a glance — self-reports, MBO approvals, rankings (docs/home.md). */
export function ProgressCard({ progress }: { progress: Progress }) {
  const confirmed = progress.rankings.filter((r) => r.confirmed).length;
  return (
    <HomeCard title="年度の進み具合" testId="home-progress">
      <ProgressLine
        label="自己申告の提出"
        done={progress.selfReports.submitted}
        total={progress.selfReports.total}
        unit="人"
        testId="progress-self-report"
      />
      <ProgressLine
        label="目標管理の承認"
        done={progress.mbo.approved}
        total={progress.mbo.total}
        unit="人"
        testId="progress-mbo"
      />
      <Box data-testid="progress-rankings">
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1 }}>
          <Typography sx={{ fontWeight: 700 }}>相対評価（区分）の確定</Typography>
          <Box sx={{ flexGrow: 1 }} />
          <Typography data-testid="progress-figure">
            {formatNumber(confirmed)} / {formatNumber(progress.rankings.length)}母集団
          </Typography>
        </Box>
        {progress.rankings.length === 0 ? (
          <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>この年度の母集団はまだありません。</Typography>
        ) : (
          <Box
            component="ul"
            sx={{ listStyle: 'none', m: 0, mt: 0.5, p: 0, display: 'flex', flexWrap: 'wrap', gap: 0.5 }}
          >
            {progress.rankings.map((r) => (
              <Box component="li" key={r.population} data-testid="ranking-population">
                <Chip
                  size="small"
                  variant={r.confirmed ? 'filled' : 'outlined'}
                  color={r.confirmed ? 'success' : 'default'}
                  label={`${r.population}：${r.confirmed ? '確定' : '未確定'}`}
                />
              </Box>
            ))}
          </Box>
        )}
      </Box>
    </HomeCard>
  );
}

/** HR: appraisals by status, as bars with the figures in a table beside them. */
export function AppraisalStatusCard({ statuses }: { statuses: StatusCount[] }) {
  const total = statuses.reduce((sum, s) => sum + s.count, 0);
  return (
    <HomeCard
      title="人事考課の状況"
      testId="home-appraisals"
      note={<Typography sx={{ color: 'text.secondary' }}>計{formatNumber(total)}件</Typography>}
    >
      {statuses.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>この年度の人事考課はまだありません。</Typography>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) auto', gap: 2, alignItems: 'center' }}>
          <Box aria-hidden sx={{ minWidth: 0 }}>
            <BarChart
              layout="horizontal"
              height={Math.max(140, 34 * statuses.length + 40)}
              yAxis={[{ scaleType: 'band', data: statuses.map((s) => s.status), width: 84 }]}
              xAxis={[{ tickMinStep: 1, height: 28 }]}
              series={[{ data: statuses.map((s) => s.count), label: '件数', color: '#24466b' }]}
              hideLegend
              skipAnimation
            />
          </Box>
          <Table size="small" aria-label="人事考課の状況" sx={{ width: 'auto' }}>
            <TableHead>
              <TableRow>
                <TableCell>状況</TableCell>
                <TableCell align="right">件数</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {statuses.map((s) => (
                <TableRow key={s.status} data-testid="appraisal-status-row">
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{s.status}</TableCell>
                  <TableCell align="right">{formatNumber(s.count)}件</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </HomeCard>
  );
}

/** HR: who holds waiting forms, at which stage, most first (滞留). */
export function StuckCard({ rows }: { rows: StuckRow[] }) {
  return (
    <HomeCard title="滞留している評価" testId="home-stuck">
      {rows.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }} data-testid="stuck-empty">
          評価者のところで止まっている評価・承認はありません。
        </Typography>
      ) : (
        <Table size="small" aria-label="滞留している評価">
          <TableHead>
            <TableRow>
              <TableCell>評価者</TableCell>
              <TableCell>所属</TableCell>
              <TableCell>段階</TableCell>
              <TableCell align="right">件数</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.evaluator.staffNo}-${r.stage}`} data-testid="stuck-row">
                <TableCell sx={{ fontWeight: 700 }}>{r.evaluator.name}</TableCell>
                <TableCell>{r.evaluator.section ?? '—'}</TableCell>
                <TableCell>{r.stage}</TableCell>
                <TableCell align="right">{formatNumber(r.waiting)}件</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </HomeCard>
  );
}
