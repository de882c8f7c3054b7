import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { lazy, Suspense } from 'react';
import { Outlet } from 'react-router';
import { useMe } from '@/entities/me/api/get-me';
import { isApiError } from '@/lib/api/api-error';
import { AppShell } from '../../layout/app-shell';
import { MuiRoot } from '../../layout/mui-root';
import { describeRouteError } from '../route-error';
import { ErrorPage } from './error-page';

// The idle timer and its warning load after the shell (it must stay light: the size budget).
const IdleTimeout = lazy(() =>
  import('@/features/auth/components/idle-timeout').catch(() => ({ default: () => null })),
);

/** Every signed-in screen: loads the signed-in person, then frames the screen in the shell. */
export function Component() {
  return (
    <MuiRoot>
      <SignedIn />
    </MuiRoot>
  );
}

function SignedIn() {
  const me = useMe();

  // A 401 is being handled already: the session guard is on its way to the sign-in page.
  if (me.isPending || isApiError(me.error, 401)) {
    return (
      <Box component="main" sx={{ display: 'flex', justifyContent: 'center', pt: '30dvh' }}>
        <CircularProgress aria-label="Loading your account" />
      </Box>
    );
  }
  if (me.isError) {
    return (
      <Box component="main" sx={{ p: 3 }}>
        <ErrorPage
          title="Your account could not be loaded"
          message={describeRouteError(me.error)}
          onRetry={() => void me.refetch()}
        />
      </Box>
    );
  }
  return (
    <AppShell me={me.data}>
      <Outlet />
      <Suspense fallback={null}>
        <IdleTimeout timeoutMinutes={me.data.account.idleTimeoutMinutes} />
      </Suspense>
    </AppShell>
  );
}
