import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { Me } from '@contract/me';
import { Navigation } from './navigation';
import { PersonMenu } from './person-menu';

// The temporary drawer (Modal, focus trap, transitions) loads when it is first opened: wide
// screens never need it, and the shell is on the first screen after sign-in, which has a size
// budget (scripts/size-check.ts).
const NavigationDrawer = lazy(() =>
  import('./navigation-drawer').then((module) => ({ default: module.NavigationDrawer })),
);

const DRAWER_WIDTH = 256;
const MAIN_ID = 'main-content';

type AppShellProps = { me: Me; children: ReactNode };

/**
 * The frame of every signed-in screen: app bar, navigation (a permanent drawer on wide
 * screens, a temporary one on narrow screens) and the main content.
 */
export function AppShell({ me, children }: AppShellProps) {
  const [navOpen, setNavOpen] = useState(false);
  // Once opened, the temporary drawer stays mounted, so that it can slide out.
  const [navWanted, setNavWanted] = useState(false);
  const navigation = (
    <Navigation
      isAdministrator={me.level === 'administrator'}
      onNavigate={() => setNavOpen(false)}
    />
  );

  return (
    <Box sx={{ display: 'flex' }}>
      <Box
        component="a"
        href={`#${MAIN_ID}`}
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: (theme) => theme.zIndex.tooltip,
          p: 1,
          color: 'primary.main',
          bgcolor: 'background.paper',
          '&:focus': { top: 8 },
        }}
      >
        Skip to main content
      </Box>
      <AppBar
        position="fixed"
        // Above the permanent drawer on wide screens; the temporary one must cover it instead.
        sx={(theme) => ({ [theme.breakpoints.up('md')]: { zIndex: theme.zIndex.drawer + 1 } })}
      >
        <Toolbar>
          <IconButton
            color="inherit"
            edge="start"
            aria-label="Open navigation"
            onClick={() => {
              setNavWanted(true);
              setNavOpen(true);
            }}
            sx={{ mr: 1, display: { md: 'none' } }}
          >
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component="div" noWrap>
            Perimeter
          </Typography>
          <Typography
            component="div"
            noWrap
            sx={{ ml: 2, pl: 2, borderLeft: 1, borderColor: 'currentColor', minWidth: 0 }}
          >
            {me.account.name}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          <Typography
            component="div"
            variant="body2"
            noWrap
            sx={{ mr: 1, display: { xs: 'none', sm: 'block' } }}
          >
            {me.name}
          </Typography>
          <PersonMenu />
        </Toolbar>
      </AppBar>
      {navWanted && (
        <Suspense fallback={null}>
          <NavigationDrawer open={navOpen} onClose={() => setNavOpen(false)} width={DRAWER_WIDTH}>
            {navigation}
          </NavigationDrawer>
        </Suspense>
      )}
      {/* What MUI's permanent Drawer draws, without the Drawer: it would bring Modal along. */}
      <Box sx={{ display: { xs: 'none', md: 'block' }, width: DRAWER_WIDTH, flexShrink: 0 }}>
        <Box
          sx={{
            position: 'fixed',
            top: 0,
            left: 0,
            width: DRAWER_WIDTH,
            height: '100%',
            overflowY: 'auto',
            zIndex: 'drawer',
            bgcolor: 'background.paper',
            color: 'text.primary',
            borderRight: 1,
            borderColor: 'divider',
          }}
        >
          <Toolbar />
          {navigation}
        </Box>
      </Box>
      <Box
        component="main"
        id={MAIN_ID}
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, p: { xs: 2, sm: 3 }, '&:focus': { outline: 'none' } }}
      >
        <Toolbar />
        {children}
      </Box>
    </Box>
  );
}
