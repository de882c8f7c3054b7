import { useMutation } from '@tanstack/react-query';
import type {
  CreateGitProviderRequest,
  GitProvider,
  UpdateGitProviderRequest,
} from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { GIT_PROVIDER_CHANGES } from './integration-changes';

export function createGitProvider(body: CreateGitProviderRequest): Promise<GitProvider> {
  return unwrap(api.POST('/api/git-providers', { body }));
}

export type UpdateGitProviderVariables = {
  id: string;
  /** The version the change was made on: a change saved meanwhile answers 412. */
  version: number;
  change: UpdateGitProviderRequest;
};

export function updateGitProvider({
  id,
  version,
  change,
}: UpdateGitProviderVariables): Promise<GitProvider> {
  return unwrap(
    api.PATCH('/api/git-providers/{id}', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body: change,
    }),
  );
}

/**
 * Adds a git provider (administrators only).
 *
 * @example
 * const create = useCreateGitProvider();
 * create.mutate({ name: 'corp-gitlab', kind: 'gitlab', baseUrl, credentials: { token } });
 */
export const useCreateGitProvider = () =>
  useMutation({ mutationFn: createGitProvider, meta: { invalidates: GIT_PROVIDER_CHANGES } });

/**
 * Changes a git provider; `credentials` left out keeps them, `null` removes them.
 *
 * @example
 * const update = useUpdateGitProvider();
 * update.mutate({ id: provider.id, version: provider.version, change: { behindFirewall: true } });
 */
export const useUpdateGitProvider = () =>
  useMutation({ mutationFn: updateGitProvider, meta: { invalidates: GIT_PROVIDER_CHANGES } });
