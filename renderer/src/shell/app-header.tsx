import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useSession } from '../session';
import { FiscalYearSelect } from './fiscal-year-select';
import { UserMenu } from './user-menu';

export function AppHeader() {
  const { status } = useSession();
  return (
    <AppBar position="static" color="primary" component="header">
      <Toolbar sx={{ gap: 2, minHeight: { xs: 60, sm: 60 } }}>
        <Typography component="p" sx={{ fontSize: 22, fontWeight: 700, whiteSpace: 'nowrap' }}>
          要{' '}
          <Box component="span" sx={{ fontSize: 16, fontWeight: 500 }}>
            Kaname
          </Box>
        </Typography>
        <Typography
          component="p"
          data-testid="header-office-name"
          sx={{
            pl: 2,
            borderLeft: 1,
            borderColor: 'rgba(255,255,255,0.4)',
            fontSize: 15,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {status.officeName ?? ''}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <FiscalYearSelect />
        <UserMenu />
      </Toolbar>
    </AppBar>
  );
}
