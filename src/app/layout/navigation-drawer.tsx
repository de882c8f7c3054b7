import Drawer from '@mui/material/Drawer';
import type { ReactNode } from 'react';

type NavigationDrawerProps = {
  open: boolean;
  onClose: () => void;
  width: number;
  children: ReactNode;
};

/**
 * The navigation on narrow screens: a temporary drawer over the page. Loaded when it is first
 * opened (see app-shell.tsx): MUI's Drawer brings Modal, its focus trap and the transitions.
 */
export function NavigationDrawer({ open, onClose, width, children }: NavigationDrawerProps) {
  return (
    <Drawer
      variant="temporary"
      open={open}
      onClose={onClose}
      sx={{ display: { xs: 'block', md: 'none' }, '& .MuiDrawer-paper': { width } }}
    >
      {children}
    </Drawer>
  );
}
