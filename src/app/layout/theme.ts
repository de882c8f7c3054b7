import { createTheme } from '@mui/material/styles';

/**
 * Light and dark schemes as CSS variables switched by `prefers-color-scheme`: the console
 * follows the system without JavaScript deciding, so there is no flash of the wrong scheme.
 */
export const theme = createTheme({
  cssVariables: true,
  colorSchemes: {
    light: { palette: { primary: { main: '#1565c0' } } },
    dark: { palette: { primary: { main: '#90caf9' } } },
  },
});
