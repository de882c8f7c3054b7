import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

type AppProviderProps = { queryClient: QueryClient; children: ReactNode };

/**
 * What every page relies on above the router: server state. (MUI and its theme are provided
 * by the app shell; see layout/mui-root.tsx.)
 */
export function AppProvider({ queryClient, children }: AppProviderProps) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
