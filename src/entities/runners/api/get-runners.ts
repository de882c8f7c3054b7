import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { RunnerPage } from '@contract/runners';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { runnerKeys } from './runner-keys';

export type RunnerListParams = NonNullable<paths['/api/runners']['get']['parameters']['query']>;

/** How often a list of runners asks again while it is on screen, so states move. */
export const RUNNERS_REFRESH_MS = 10_000;

export function getRunners(query: RunnerListParams, signal?: AbortSignal): Promise<RunnerPage> {
  return unwrap(api.GET('/api/runners', { params: { query }, signal }));
}

export const runnersQueryOptions = (params: RunnerListParams) =>
  queryOptions({
    queryKey: runnerKeys.list(params),
    queryFn: ({ signal }) => getRunners(params, signal),
    placeholderData: keepPreviousData,
    // A runner's state follows its polls (online within the last minute): ask again while the
    // list is visible. react-query stops while the tab is hidden.
    refetchInterval: RUNNERS_REFRESH_MS,
  });

/**
 * A page of the account's runners (administrators only), refreshed every 10 s while shown.
 *
 * @example
 * const { data } = useRunners({ q: 'eu', page: 1, pageSize: 20 });
 * data?.items.filter((runner) => runner.state === 'online');
 */
export function useRunners(params: RunnerListParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...runnersQueryOptions(params), enabled: options.enabled ?? true });
}
