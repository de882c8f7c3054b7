import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';
import { registryKeys } from '@/entities/registries/api/registry-keys';
import { triggerKeys } from '@/entities/triggers/api/trigger-keys';

export type DeleteIntegrationVariables = {
  id: string;
  /** Also when pipelines use it: the triggers that use it are deleted with it. */
  force: boolean;
};

/**
 * What a change to a git provider refreshes: the providers (lists, references, restrictions),
 * and the triggers, which name their provider and go with it when it is deleted by force.
 */
export const GIT_PROVIDER_CHANGES = [gitProviderKeys.all, triggerKeys.all] as const;

/** What a change to a registry refreshes: the registries, their lists and references. */
export const REGISTRY_CHANGES = [registryKeys.all] as const;
