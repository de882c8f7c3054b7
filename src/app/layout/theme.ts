import { createTheme } from '@mui/material/styles';

/**
 * Light and dark schemes as CSS variables switched by `prefers-color-scheme`: the console
 * follows the system without JavaScript deciding, so there is no flash of the wrong scheme.
 * Transitions (dialogs, menus, toasts) are skipped for people who ask their system for reduced
 * motion.
 */
export const theme = createTheme({
  cssVariables: true,
  motion: { reducedMotion: 'system' },
  colorSchemes: {
    light: { palette: { primary: { main: '#1565c0' } } },
    dark: { palette: { primary: { main: '#90caf9' } } },
  },
});
