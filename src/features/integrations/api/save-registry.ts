import { useMutation } from '@tanstack/react-query';
import type {
  CreateRegistryRequest,
  Registry,
  UpdateRegistryRequest,
} from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { REGISTRY_CHANGES } from './integration-changes';

export function createRegistry(body: CreateRegistryRequest): Promise<Registry> {
  return unwrap(api.POST('/api/registries', { body }));
}

export type UpdateRegistryVariables = {
  id: string;
  /** The version the change was made on: a change saved meanwhile answers 412. */
  version: number;
  change: UpdateRegistryRequest;
};

export function updateRegistry({
  id,
  version,
  change,
}: UpdateRegistryVariables): Promise<Registry> {
  return unwrap(
    api.PATCH('/api/registries/{id}', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body: change,
    }),
  );
}

/**
 * Adds a registry (administrators only).
 *
 * @example
 * const create = useCreateRegistry();
 * create.mutate({ name: 'corp', domain: 'registry.example.com', credentials: { username, password } });
 */
export const useCreateRegistry = () =>
  useMutation({ mutationFn: createRegistry, meta: { invalidates: REGISTRY_CHANGES } });

/**
 * Changes a registry; `credentials` left out keeps them, `null` removes them.
 *
 * @example
 * const update = useUpdateRegistry();
 * update.mutate({ id: registry.id, version: registry.version, change: { behindFirewall: true } });
 */
export const useUpdateRegistry = () =>
  useMutation({ mutationFn: updateRegistry, meta: { invalidates: REGISTRY_CHANGES } });
