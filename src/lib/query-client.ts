import { MutationCache, QueryClient, matchQuery, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api/api-error';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /**
       * The resources a successful mutation changes, as key prefixes (`teamKeys.all`, or a
       * narrower key): every query under them is invalidated, on whichever screen shows it.
       * Declared next to the request, from what the server does (deleting a team deletes its
       * rules, so it names `ruleKeys.all` too).
       */
      invalidates?: readonly QueryKey[];
    };
  }
}

const MAX_RETRIES = 2;

/** Asking again cannot change a 4xx answer; only network failures and 5xx are worth a retry. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

export function createQueryClient({ retry = true }: { retry?: boolean } = {}): QueryClient {
  // One place turns a mutation's `meta.invalidates` into invalidations (TkDodo, "Automatic
  // Query Invalidation after Mutations"), so no hook has to know which screens show what it
  // changed. It runs before the mutation's own onSuccess and is awaited: a caller that
  // navigates on success finds the lists already refreshed.
  const mutationCache = new MutationCache({
    onSuccess: async (_data, _variables, _context, mutation) => {
      const prefixes = mutation.meta?.invalidates;
      if (!prefixes?.length) return;
      await queryClient.invalidateQueries({
        predicate: (query) => prefixes.some((queryKey) => matchQuery({ queryKey }, query)),
      });
    },
  });
  const queryClient = new QueryClient({
    mutationCache,
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: retry ? shouldRetry : false,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
