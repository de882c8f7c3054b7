import type { QueryClient } from '@tanstack/react-query';
import {
  Navigate,
  type LoaderFunctionArgs,
  type Params,
  type RouteObject,
  type ShouldRevalidateFunction,
} from 'react-router';
import { paths } from '@/config/paths';
import { clusterListQueryAt, clustersQueryOptions } from '@/entities/clusters/api/get-clusters';
import { meQueryOptions } from '@/entities/me/api/get-me';
import { pipelineQueryOptions } from '@/entities/pipelines/api/get-pipeline';
import { pipelineListQueryAt, pipelinesQueryOptions } from '@/entities/pipelines/api/get-pipelines';
import { ruleListQueriesAt, rulesQueryOptions } from '@/entities/rules/api/get-rules';
import { ssoProvidersQueryOptions } from '@/entities/sso-providers/api/get-sso-providers';
import { userListQueryAt, usersQueryOptions } from '@/entities/users/api/get-users';
import type { ScreenHandle } from './routes/app/screen-handle';
import { Root, RootError, RootLoading } from './routes/root';

type Prefetch = (queryClient: QueryClient, url: URL, params: Params) => Promise<unknown>;

/**
 * What a screen would ask for first, asked for as soon as the route matches (docs/performance.md,
 * issue 17): in parallel with the route's code rather than after it has loaded and rendered,
 * through the shared cache, under the keys the screen's queries use, so the screen finds the
 * answers there (or on their way). Only what is not cached yet is asked for, as the screen
 * would; a failure is the screen's to show (or the session guard's, for a 401).
 */
const quietly = (request: Promise<unknown>) => request.catch(() => undefined);

const prefetchMe: Prefetch = (queryClient) =>
  quietly(queryClient.ensureQueryData(meQueryOptions()));
const prefetchPipelines: Prefetch = (queryClient, url) =>
  quietly(
    queryClient.ensureQueryData(pipelinesQueryOptions(pipelineListQueryAt(url.searchParams))),
  );
/** A pipeline's page and its editor: the editor's frame paints with it, before Monaco. */
const prefetchPipeline: Prefetch = (queryClient, _url, { pipelineId }) =>
  pipelineId
    ? quietly(queryClient.ensureQueryData(pipelineQueryOptions(pipelineId)))
    : Promise.resolve();
const prefetchClusters: Prefetch = (queryClient, url) =>
  quietly(queryClient.ensureQueryData(clustersQueryOptions(clusterListQueryAt(url.searchParams))));
/** The people and the SSO providers their rows offer, so the rows render once, complete. */
const prefetchPeople: Prefetch = (queryClient, url) =>
  Promise.all([
    quietly(queryClient.ensureQueryData(usersQueryOptions(userListQueryAt(url.searchParams)))),
    quietly(queryClient.ensureQueryData(ssoProvidersQueryOptions())),
  ]);
const prefetchRules: Prefetch = (queryClient, url) => {
  const { list, otherCount } = ruleListQueriesAt(url.searchParams);
  return Promise.all([
    quietly(queryClient.ensureQueryData(rulesQueryOptions(list))),
    quietly(queryClient.ensureQueryData(rulesQueryOptions(otherCount))),
  ]);
};

/**
 * A loader runs when its route starts to match, never again while it stays matched: a change
 * of the list's search, filter or page is the screen's to fetch, and a navigation that runs no
 * loader completes at once (a quick second change of the address builds on the first).
 */
const once = () => false;
/**
 * A pipeline's page and its editor paint their frame without waiting for the pipeline, even on
 * a first load (the editor's frame before Monaco; see the editor route's notes).
 */
const PAINT_FIRST = { waitOnFirstLoad: false };
/** The same, except that another pipeline's address asks for that pipeline. */
const onAnotherPipeline: ShouldRevalidateFunction = ({ currentParams, nextParams }) =>
  currentParams.pipelineId !== nextParams.pipelineId;

/** A screen with its name in the route's handle (read by the administrators-only notice). */
function screen(
  path: string,
  title: string,
  lazy: RouteObject['lazy'],
  loader?: RouteObject['loader'],
  shouldRevalidate: ShouldRevalidateFunction = once,
): RouteObject {
  const handle: ScreenHandle = { title };
  return {
    path,
    handle,
    lazy,
    ...(loader ? { loader, shouldRevalidate } : {}),
  } as RouteObject;
}

/**
 * The whole route tree. Every page is a lazy module, so the sign-in page loads neither the app
 * shell (nor MUI) nor any screen. `queryClient` is the one the screens read, which the loaders
 * fill ahead of them. `firstLoad` says whether the router is still on the page's first
 * navigation (`createAppRouter`); by default it never is.
 */
export const createRoutes = (
  queryClient: QueryClient,
  firstLoad: () => boolean = () => false,
): RouteObject[] => {
  // Starts the requests. On the page's first load the router waits for them (they answer or
  // fail; a failure is the screen's to show) under the start-up spinner, so that the screen
  // paints once, with its data: a loading state that the rows then replace moves what is below
  // it (layout shift, docs/performance.md, issue 17), and the screen's code rarely arrives much
  // earlier than its data. Afterwards nothing waits: a navigation completes at once and the
  // screen shows its own loading states.
  const on =
    (prefetch: Prefetch, { waitOnFirstLoad = true } = {}) =>
    ({ request, params }: LoaderFunctionArgs): Promise<null> | null => {
      const requests = prefetch(queryClient, new URL(request.url), params);
      return waitOnFirstLoad && firstLoad() ? requests.then(() => null) : null;
    };
  return [
    {
      Component: Root,
      ErrorBoundary: RootError,
      HydrateFallback: RootLoading,
      children: [
        { path: paths.signIn, lazy: () => import('./routes/sign-in') },
        { path: paths.setup, lazy: () => import('./routes/setup') },
        { path: paths.acceptInvitation, lazy: () => import('./routes/accept-invitation') },
        { path: paths.resetPassword, lazy: () => import('./routes/reset-password') },
        { path: paths.forgotPassword, lazy: () => import('./routes/forgot-password') },
        {
          lazy: () => import('./routes/app/app-root'),
          // The shell needs the signed-in person before it shows anything.
          loader: on(prefetchMe),
          shouldRevalidate: once,
          children: [
            {
              // Inside the shell, so a failing screen keeps the navigation around it.
              lazy: () => import('./routes/app/screen-error'),
              children: [
                { index: true, element: <Navigate to={paths.pipelines} replace /> },
                screen(
                  paths.pipelines,
                  'Pipelines',
                  () => import('./routes/app/pipelines'),
                  on(prefetchPipelines),
                ),
                screen(
                  paths.pipeline,
                  'Pipelines',
                  () => import('./routes/app/pipeline'),
                  on(prefetchPipeline, PAINT_FIRST),
                  onAnotherPipeline,
                ),
                // Monaco loads with this route only, after its frame (docs/performance.md).
                screen(
                  paths.pipelineDefinition,
                  'Pipelines',
                  () => import('./routes/app/pipeline-definition'),
                  on(prefetchPipeline, PAINT_FIRST),
                  onAnotherPipeline,
                ),
                // The definition's history: Monaco's diff editor, after the frame, as above.
                screen(
                  paths.pipelineHistory,
                  'Pipelines',
                  () => import('./routes/app/pipeline-history'),
                  on(prefetchPipeline, PAINT_FIRST),
                  onAnotherPipeline,
                ),
                screen(
                  paths.clusters,
                  'Clusters',
                  () => import('./routes/app/clusters'),
                  on(prefetchClusters),
                ),
                screen(paths.cluster, 'Clusters', () => import('./routes/app/cluster')),
                { path: paths.profile, lazy: () => import('./routes/app/profile') },
                {
                  lazy: () => import('./routes/app/admin-only'),
                  children: [
                    screen(
                      paths.people,
                      'People',
                      () => import('./routes/app/people'),
                      on(prefetchPeople),
                    ),
                    screen(paths.person, 'People', () => import('./routes/app/person')),
                    screen(paths.teams, 'Teams', () => import('./routes/app/teams')),
                    screen(paths.team, 'Teams', () => import('./routes/app/team')),
                    screen(
                      paths.permissions,
                      'Permissions',
                      () => import('./routes/app/permissions'),
                      on(prefetchRules),
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
                    // Monaco loads with this route too, after its first paint.
                    screen(paths.policy, 'Policy', () => import('./routes/app/policy')),
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
};

/** A router (browser or memory) of the route tree, as `createBrowserRouter` makes it. */
type RouterOf<R> = (routes: RouteObject[]) => R;

/**
 * The router of the console: `createRoutes` under `create` (createBrowserRouter, or a memory
 * router in tests), whose loaders wait for their requests during its first navigation only
 * (until `state.initialized`).
 *
 * @example
 * const router = createAppRouter(queryClient, createBrowserRouter);
 */
export function createAppRouter<R extends { state: { initialized: boolean } }>(
  queryClient: QueryClient,
  create: RouterOf<R>,
): R {
  // The first loaders run while `create` is still building the router.
  const made: { router?: R } = {};
  made.router = create(createRoutes(queryClient, () => !made.router?.state.initialized));
  return made.router;
}
