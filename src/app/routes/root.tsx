import { Outlet, useRouteError } from 'react-router';
import { LitePage, LiteSpinner } from '@/components/lite/lite-page';
import { SessionGuard } from '../session-guard';
import { describeRouteError, useRouteRetry } from './route-error';

// The root renders before any lazy module, so it is built without MUI (see lite.css).

/** The root of every page, signed in or not. */
export function Root() {
  return (
    <>
      <SessionGuard />
      <Outlet />
    </>
  );
}

/** Shown while the first page's code loads. */
export function RootLoading() {
  return (
    <main className="pm-page">
      <LiteSpinner label="Loading Perimeter" />
    </main>
  );
}

/** The outermost error boundary: the page could not even load its code. */
export function RootError() {
  const error = useRouteError();
  const retry = useRouteRetry(error);
  return (
    <LitePage title="This page could not be shown" documentTitle="Error · Perimeter">
      <p className="pm-text">{describeRouteError(error)}</p>
      <button type="button" className="pm-button" onClick={retry}>
        Try again
      </button>
    </LitePage>
  );
}
