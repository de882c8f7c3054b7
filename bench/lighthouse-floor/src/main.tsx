/**
 * The stack's floor (scripts/bench-lighthouse.ts): the console's libraries with next to nothing
 * of its own, so that Lighthouse's figures for it are what the stack itself costs. A list
 * screen (app bar, docked drawer, a 20-row table fetched with react-query) and, on a lazy
 * route, Monaco with monaco-yaml as the pipeline editor configures them.
 */
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import '@fontsource/roboto/latin-700.css';
import CssBaseline from '@mui/material/CssBaseline';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Shell } from './shell';

const router = createBrowserRouter([
  {
    Component: Shell,
    children: [
      { index: true, lazy: () => import('./list-route') },
      { path: 'editor', lazy: () => import('./editor-route') },
    ],
  },
]);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={createTheme()}>
      <CssBaseline />
      <QueryClientProvider client={new QueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
