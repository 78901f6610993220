import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { DemoLogin } from '../../../../shared/contract';
import { roleLabels } from '../../../../shared/roles';
import { VisuallyHidden } from '../../ui/visually-hidden';

type Props = { logins: DemoLogin[]; password: string | null; onPick: (login: string) => void };

/** The demo office only: who to log in as, to see each role. */
export function DemoLogins({ logins, password, onPick }: Props) {
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby="demo-logins-title"
      sx={{ p: 3, width: 640, maxWidth: '100%', borderColor: 'warning.light', bgcolor: '#fffdf7' }}
    >
      <Typography variant="h2" component="h2" id="demo-logins-title" sx={{ mb: 1 }}>
        デモ事業所のログイン
      </Typography>
      <Typography sx={{ mb: 1.5, color: 'text.secondary', fontSize: 14 }}>
        {password !== null
          ? '練習用の事業所です。「入力」を押すと、その役割のログインIDとパスワードが入ります。'
          : '練習用の事業所です。「入力」を押すと、その役割のログインIDが入ります。パスワードはデモ事業所を作成したときに指定したものです（全員共通）。'}
      </Typography>
      {password !== null ? (
        <Typography sx={{ mb: 2, fontSize: 14 }}>
          パスワード（全員共通）：
          <Box
            component="code"
            data-testid="demo-password"
            sx={{
              ml: 0.5,
              px: 1,
              py: 0.25,
              bgcolor: 'grey.100',
              borderRadius: 1,
              fontFamily: 'monospace',
              fontSize: 14,
            }}
          >
            {password}
          </Box>
        </Typography>
      ) : null}
      <Table size="small" aria-labelledby="demo-logins-title">
        <TableHead>
          <TableRow>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>ログインID</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>役割</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>氏名</TableCell>
            <TableCell>備考</TableCell>
            <TableCell>
              <VisuallyHidden>操作</VisuallyHidden>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {logins.map((d) => (
            <TableRow key={d.login} hover>
              <TableCell sx={{ fontFamily: 'monospace' }}>{d.login}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{roleLabels[d.role]}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{d.displayName}</TableCell>
              <TableCell sx={{ color: 'text.secondary', fontSize: 13 }}>{d.note}</TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  variant="outlined"
                  aria-label={`${d.login} を入力`}
                  onClick={() => onPick(d.login)}
                >
                  入力
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
