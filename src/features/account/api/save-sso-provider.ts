import { useMutation } from '@tanstack/react-query';
import type {
  CreateSsoProviderRequest,
  SsoProvider,
  UpdateSsoProviderRequest,
} from '@contract/sso-providers';
import { api, unwrap } from '@/lib/api/client';
import { SSO_PROVIDER_CHANGES } from './sso-provider-changes';

export function createSsoProvider(body: CreateSsoProviderRequest): Promise<SsoProvider> {
  return unwrap(api.POST('/api/sso-providers', { body }));
}

export type UpdateSsoProviderVariables = { id: string; provider: UpdateSsoProviderRequest };

export function updateSsoProvider({
  id,
  provider,
}: UpdateSsoProviderVariables): Promise<SsoProvider> {
  return unwrap(api.PUT('/api/sso-providers/{id}', { params: { path: { id } }, body: provider }));
}

/**
 * Adds an SSO provider.
 *
 * @example
 * const create = useCreateSsoProvider();
 * create.mutate({ type: 'saml', name: 'Corporate SAML', ssoUrl, entityId, certificate });
 */
export const useCreateSsoProvider = () =>
  useMutation({ mutationFn: createSsoProvider, meta: { invalidates: SSO_PROVIDER_CHANGES } });

/**
 * Changes an SSO provider; a secret left out keeps the one already set.
 *
 * @example
 * const update = useUpdateSsoProvider();
 * update.mutate({ id: provider.id, provider: { ...fields, clientSecret: undefined } });
 */
export const useUpdateSsoProvider = () =>
  useMutation({ mutationFn: updateSsoProvider, meta: { invalidates: SSO_PROVIDER_CHANGES } });
