import { Navigate, type RouteObject } from 'react-router';
import { paths } from '@/config/paths';
import type { ScreenHandle } from './routes/app/screen-handle';
import { Root, RootError, RootLoading } from './routes/root';

/** A screen with its name in the route's handle (read by the administrators-only notice). */
function screen(path: string, title: string, lazy: RouteObject['lazy']): RouteObject {
  const handle: ScreenHandle = { title };
  return { path, handle, lazy } as RouteObject;
}

/**
 * The whole route tree. Every page is a lazy module, so the sign-in page loads neither the app
 * shell (nor MUI) nor any screen.
 */
export const routes: RouteObject[] = [
  {
    Component: Root,
    ErrorBoundary: RootError,
    HydrateFallback: RootLoading,
    children: [
      { path: paths.signIn, lazy: () => import('./routes/sign-in') },
      { path: paths.setup, lazy: () => import('./routes/setup') },
      { path: paths.acceptInvitation, lazy: () => import('./routes/accept-invitation') },
      {
        lazy: () => import('./routes/app/app-root'),
        children: [
          {
            // Inside the shell, so a failing screen keeps the navigation around it.
            lazy: () => import('./routes/app/screen-error'),
            children: [
              { index: true, element: <Navigate to={paths.pipelines} replace /> },
              screen(paths.pipelines, 'Pipelines', () => import('./routes/app/pipelines')),
              screen(paths.pipeline, 'Pipelines', () => import('./routes/app/pipeline')),
              // Monaco loads with this route only (docs/performance.md).
              screen(
                paths.pipelineDefinition,
                'Pipelines',
                () => import('./routes/app/pipeline-definition'),
              ),
              screen(paths.clusters, 'Clusters', () => import('./routes/app/clusters')),
              screen(paths.cluster, 'Clusters', () => import('./routes/app/cluster')),
              { path: paths.profile, lazy: () => import('./routes/app/profile') },
              {
                lazy: () => import('./routes/app/admin-only'),
                children: [
                  screen(paths.people, 'People', () => import('./routes/app/people')),
                  screen(paths.teams, 'Teams', () => import('./routes/app/teams')),
                  screen(paths.team, 'Teams', () => import('./routes/app/team')),
                  screen(
                    paths.permissions,
                    'Permissions',
                    () => import('./routes/app/permissions'),
                  ),
                  screen(paths.security, 'Security', () => import('./routes/app/security')),
                  screen(
                    paths.pipelineSources,
                    'Pipeline sources',
                    () => import('./routes/app/pipeline-sources'),
                  ),
                  screen(
                    paths.integrations,
                    'Integrations',
                    () => import('./routes/app/integrations'),
                  ),
                  screen(
                    paths.gitProviderRestrictions,
                    'Integrations',
                    () => import('./routes/app/git-provider-restrictions'),
                  ),
                  screen(paths.runners, 'Runners', () => import('./routes/app/runners')),
                  screen(paths.auditLog, 'Audit log', () => import('./routes/app/audit-log')),
                  screen(
                    paths.accountSettings,
                    'Account settings',
                    () => import('./routes/app/account-settings'),
                  ),
                ],
              },
              { path: '*', lazy: () => import('./routes/app/not-found') },
            ],
          },
        ],
      },
    ],
  },
];
