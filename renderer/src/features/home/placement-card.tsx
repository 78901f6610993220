import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { HomeView } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { sectionsFor } from '../../sections';
import { useNavigateSection } from '../../shell/navigate';
import { HomeCard } from './home-card';
import { formatNumber } from '../../format';

type Placement = NonNullable<HomeView['placement']>;

/** Personnel: the figures behind the placement screen and the ways into it (docs/home.md). */
export function PlacementCard({ placement, role }: { placement: Placement; role: Role }) {
  const navigate = useNavigateSection();
  const visible = new Set<string>(sectionsFor(role).map((s) => s.id));
  const figures: { id: string; label: string; value: string }[] = [
    { id: 'staff', label: '職員', value: `${formatNumber(placement.staff)}人` },
    { id: 'sections', label: '課', value: `${formatNumber(placement.sections)}課` },
    { id: 'transfer-wishes', label: '異動希望のある自己申告', value: `${formatNumber(placement.transferWishes)}人` },
    {
      id: 'posting-applications',
      label: '庁内公募への応募',
      value: `${formatNumber(placement.postingApplications)}件`,
    },
    { id: 'confirmed-classes', label: '区分が確定した職員', value: `${formatNumber(placement.confirmedClasses)}人` },
  ];
  return (
    <HomeCard title="人事配置" testId="home-placement">
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 1 }}
      >
        {figures.map((f) => (
          <Box
            key={f.id}
            data-testid="placement-figure"
            data-figure={f.id}
            sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1 }}
          >
            <Typography component="dt" sx={{ fontSize: 13, color: 'text.secondary' }}>
              {f.label}
            </Typography>
            <Typography component="dd" sx={{ m: 0, fontSize: 22, fontWeight: 700 }}>
              {f.value}
            </Typography>
          </Box>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {visible.has('placement') ? (
          <Button variant="contained" onClick={() => navigate('placement')}>
            人事配置資料を開く
          </Button>
        ) : null}
        {visible.has('postings') ? (
          <Button variant="outlined" onClick={() => navigate('postings')}>
            庁内公募の応募を見る
          </Button>
        ) : null}
      </Box>
    </HomeCard>
  );
}
