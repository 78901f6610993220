import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** The frame of the screens shown before login: the product name above the content. */
export function CenteredPage({ children, subtitle }: { children: ReactNode; subtitle?: string | null }) {
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        bgcolor: 'background.default',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        px: 2,
        py: 6,
      }}
    >
      <Box sx={{ textAlign: 'center', mb: 4 }}>
        <Typography component="p" sx={{ fontSize: 40, fontWeight: 700, color: 'primary.main', lineHeight: 1.1 }}>
          要{' '}
          <Box component="span" sx={{ fontSize: 24, fontWeight: 500, letterSpacing: 1 }}>
            Kaname
          </Box>
        </Typography>
        <Typography sx={{ color: 'text.secondary', mt: 1 }}>人事管理システム</Typography>
        {subtitle ? (
          <Typography sx={{ mt: 2, fontSize: 18, fontWeight: 500 }} data-testid="office-name">
            {subtitle}
          </Typography>
        ) : null}
      </Box>
      {children}
    </Box>
  );
}
