import { useId, useState } from 'react';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { roleLabels } from '../../../shared/roles';
import { useNotify } from '../notify';
import { useSession } from '../session';
import { ChangePasswordDialog } from '../features/settings/change-password-dialog';
import { confirmLeave } from '../hooks/useLeaveGuard';
import { lockShortcutLabel } from './manual-lock';

export function UserMenu() {
  const { session, setSession, logout, lockNow } = useSession();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [changing, setChanging] = useState(false);
  const menuId = useId();

  return (
    <>
      <Button
        color="inherit"
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        aria-label={`ユーザーメニュー（${session.displayName}）`}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ whiteSpace: 'nowrap' }}
      >
        {session.displayName} ▾
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
          <ListItemText primary={session.displayName} secondary={`${session.login}・${roleLabels[session.role]}`} />
        </MenuItem>
        <Divider />
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setChanging(true);
          }}
        >
          パスワード変更
        </MenuItem>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            lockNow();
          }}
        >
          <ListItemText primary="画面をロック" />
          <Typography component="span" sx={{ ml: 3, color: 'text.secondary', fontSize: 13 }}>
            {lockShortcutLabel}
          </Typography>
        </MenuItem>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            // A form with unsaved changes asks first, as when leaving its section.
            if (confirmLeave()) void logout();
          }}
        >
          ログアウト
        </MenuItem>
      </Menu>
      <ChangePasswordDialog
        open={changing}
        onCancel={() => setChanging(false)}
        onChanged={(s) => {
          setChanging(false);
          setSession(s);
          notify.success('パスワードを変更しました。');
        }}
      />
    </>
  );
}
