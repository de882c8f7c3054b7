import { useRouteError } from 'react-router';
import { describeRouteError, useRouteRetry } from '../route-error';
import { ErrorPage } from './error-page';

/** The error boundary of the screens inside the app shell, which stays around them. */
export function ErrorBoundary() {
  const error = useRouteError();
  const retry = useRouteRetry(error);
  return (
    <ErrorPage
      title="This page could not be shown"
      message={describeRouteError(error)}
      onRetry={retry}
    />
  );
}
