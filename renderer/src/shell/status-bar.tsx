import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { roleLabels } from '../../../shared/roles';
import { useSession } from '../session';

/** The footer line: who is logged in, which database is open. */
export function StatusBar() {
  const { status, session } = useSession();
  return (
    <Box
      component="footer"
      data-testid="status-bar"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 3,
        px: 2,
        height: 30,
        flexShrink: 0,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: '#e8ebef',
        fontSize: 12.5,
        color: 'text.secondary',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      <Typography component="span" sx={{ fontSize: 'inherit' }}>
        ログイン中: {session.displayName}（{session.login}・{roleLabels[session.role]}）
      </Typography>
      <Typography
        component="span"
        title={status.dbPath}
        sx={{ fontSize: 'inherit', overflow: 'hidden', textOverflow: 'ellipsis' }}
      >
        データベース: {status.dbPath}
      </Typography>
      {status.isDemo ? (
        <Chip label="デモ事業所" size="small" color="warning" variant="outlined" sx={{ height: 20, fontSize: 12 }} />
      ) : null}
      <Box sx={{ flexGrow: 1 }} />
      <Typography component="span" sx={{ fontSize: 'inherit' }}>
        v{status.version}
      </Typography>
    </Box>
  );
}
