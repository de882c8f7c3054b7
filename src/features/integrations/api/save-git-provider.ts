import type {
  CreateGitProviderRequest,
  GitProvider,
  UpdateGitProviderRequest,
} from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { useIntegrationMutation } from '@/entities/git-providers/api/git-provider-keys';

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
  useIntegrationMutation('git-providers', createGitProvider);

/**
 * Changes a git provider; `credentials` left out keeps them, `null` removes them.
 *
 * @example
 * const update = useUpdateGitProvider();
 * update.mutate({ id: provider.id, version: provider.version, change: { behindFirewall: true } });
 */
export const useUpdateGitProvider = () =>
  useIntegrationMutation('git-providers', updateGitProvider);
