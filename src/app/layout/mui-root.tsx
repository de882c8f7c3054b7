import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { Toaster } from '@/components/toaster';
import { theme } from './theme';

/**
 * MUI for the signed-in console: theme, baseline styles, toasts. It lives in the lazily loaded
 * shell, not above the router, so the pages before sign-in never download it.
 */
export function MuiRoot({ children }: { children: ReactNode }) {
  return (
    // No storage: the scheme follows the system, there is no choice to remember. `noSsr`: the
    // console only renders in the browser, so the provider reads the system's scheme on its first
    // render instead of rendering again after mounting (docs/performance.md, issue 17).
    <ThemeProvider theme={theme} storageManager={null} noSsr>
      <CssBaseline />
      {children}
      <Toaster />
    </ThemeProvider>
  );
}
