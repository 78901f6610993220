import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AreasOverview } from '../../../../shared/contract';
import { formatCount } from '../../format';
import { coverageText } from './pairs';

/** The plan's KPI: every staff member on an area team (target 100%). */
export function AreasCoverage({ coverage, areaCount }: { coverage: AreasOverview['coverage']; areaCount: number }) {
  const { assigned, total } = coverage;
  const pct = total === 0 ? 0 : (assigned / total) * 100;
  const missing = total - assigned;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="areas-coverage">
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 2, mb: 1 }}>
        <Typography sx={{ fontSize: 16, fontWeight: 700 }}>地域担当の割当率 {coverageText(assigned, total)}</Typography>
        <Typography sx={{ color: 'text.secondary' }}>目標 100%</Typography>
        {missing === 0 && total > 0 ? (
          <Chip size="small" color="success" label="目標達成" />
        ) : (
          <Chip size="small" color="warning" label={`あと${formatCount(missing)}`} />
        )}
        <Box sx={{ flexGrow: 1 }} />
        <Typography sx={{ color: 'text.secondary' }}>{formatCount(areaCount, '地域')}</Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={pct}
        color={missing === 0 ? 'success' : 'primary'}
        aria-label="地域担当の割当率"
        sx={{ height: 10, borderRadius: 5 }}
      />
    </Paper>
  );
}
