import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/Person';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';

type PersonMenuListProps = {
  id: string;
  /** The id of the button that opens the menu, which names it. */
  buttonId: string;
  anchorEl: HTMLElement | null;
  onClose: () => void;
  onProfile: () => void;
  onSignOut: () => void;
  signingOut: boolean;
};

/** The menu of `PersonMenu`, loaded when it is first opened (see person-menu.tsx). */
export function PersonMenuList({
  id,
  buttonId,
  anchorEl,
  onClose,
  onProfile,
  onSignOut,
  signingOut,
}: PersonMenuListProps) {
  return (
    <Menu
      id={id}
      anchorEl={anchorEl}
      open={anchorEl !== null}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      slotProps={{ list: { 'aria-labelledby': buttonId } }}
    >
      <MenuItem onClick={onProfile}>
        <ListItemIcon>
          <PersonIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText>Profile</ListItemText>
      </MenuItem>
      <MenuItem onClick={onSignOut} disabled={signingOut}>
        <ListItemIcon>
          <LogoutIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText>Sign out</ListItemText>
      </MenuItem>
    </Menu>
  );
}
