import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/api-error';

const MAX_RETRIES = 2;

/** Asking again cannot change a 4xx answer; only network failures and 5xx are worth a retry. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

export function createQueryClient({ retry = true }: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: retry ? shouldRetry : false,
      },
      mutations: { retry: false },
    },
  });
}
