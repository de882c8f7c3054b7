import { z } from 'zod';
import type { GitProviderKind } from './integrations';

/**
 * Git triggers (P-5.5, P-5.6). Events are in each provider's own names: GitHub's
 * `X-GitHub-Event` header, GitLab's payload `object_kind`, Bitbucket Server's `X-Event-Key`.
 */
export const TRIGGER_EVENTS = {
  github: ['push', 'pull_request'],
  'github-enterprise': ['push', 'pull_request'],
  gitlab: ['push', 'tag_push', 'merge_request'],
  'bitbucket-server': ['repo:refs_changed', 'pr:opened', 'pr:from_ref_updated'],
} as const satisfies Record<GitProviderKind, readonly string[]>;

export type TriggerEvent = (typeof TRIGGER_EVENTS)[GitProviderKind][number];

/** Every event name of every provider, for validating a stored list. */
export const ALL_TRIGGER_EVENTS = [
  ...new Set(Object.values(TRIGGER_EVENTS).flat()),
] as readonly TriggerEvent[];

/** P-5.6: these events arrive only through a runner's app-proxy. */
export const PULL_REQUEST_EVENTS: readonly TriggerEvent[] = [
  'pull_request',
  'merge_request',
  'pr:opened',
  'pr:from_ref_updated',
];

export const TRIGGER_EVENT_LABELS: Record<TriggerEvent, string> = {
  push: 'Pushes',
  pull_request: 'Pull requests',
  tag_push: 'Tag pushes',
  merge_request: 'Merge requests',
  'repo:refs_changed': 'Pushes (refs changed)',
  'pr:opened': 'Pull request opened',
  'pr:from_ref_updated': 'Pull request source branch updated',
};
