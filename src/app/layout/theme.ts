import { createTheme } from '@mui/material/styles';

/**
 * Light and dark schemes as CSS variables switched by `prefers-color-scheme`: the console
 * follows the system without JavaScript deciding, so there is no flash of the wrong scheme.
 * Transitions (dialogs, menus, toasts) are skipped for people who ask their system for reduced
 * motion.
 *
 * `focusVisible` turns on MUI's keyboard focus ring (WCAG 2.4.7, 2.4.11) on every ButtonBase
 * (buttons, icon buttons, navigation links, tabs, chips, menu items, checkboxes, switches) and
 * on links, instead of the faint tint alone: a 2 px outline in the primary colour (at least 3:1
 * against the page in both schemes), 2 px outside the control; inset where an ancestor clips
 * (tabs, menu items, list items), and on a white halo on the app bar, whose own colour is the
 * primary.
 */
export const theme = createTheme({
  cssVariables: true,
  motion: { reducedMotion: 'system' },
  focusVisible: true,
  colorSchemes: {
    light: { palette: { primary: { main: '#1565c0' } } },
    dark: { palette: { primary: { main: '#90caf9' } } },
  },
});
