import type { QueryKey } from '@tanstack/react-query';
import { clusterKeys } from '@/entities/clusters/api/cluster-keys';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';
import { ruleKeys } from '@/entities/rules/api/rule-keys';
import { tagKeys } from '@/entities/tags/api/tag-keys';

/**
 * Query keys of what the access engine computes (`/api/access/…`): the explainer, the holders
 * of a resource, effective permissions, the dry run of a tag change. No resource of its own: it
 * is derived from rules, teams, people and tags, so whatever changes those names
 * `accessKeys.all` too.
 */
export const accessKeys = {
  all: ['access'] as const,
  explanation: (params: object) => [...accessKeys.all, 'explain', params] as const,
  holders: (params: object) => [...accessKeys.all, 'holders', params] as const,
  /** A page of a person's (or a team's) effective permissions. */
  effective: (params: object) => [...accessKeys.all, 'effective', params] as const,
  /** A dry run of a tag change to one resource: what it would do, or why it is refused. */
  tagCheck: (id: string, change: string) => [...accessKeys.all, 'tag-check', id, change] as const,
};

/**
 * What a change to who may do what refreshes: the rules, what the engine computes from them,
 * and the clusters and pipelines (each lists the signed-in person's privileges, and a list
 * holds only what they may read). A rule's warnings name tags no resource carries, so a tag
 * change on a resource is one of these too.
 */
export const ACCESS_RESOURCES: readonly QueryKey[] = [
  ruleKeys.all,
  accessKeys.all,
  clusterKeys.all,
  pipelineKeys.all,
  tagKeys.all,
];
