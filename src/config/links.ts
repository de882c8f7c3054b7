import { paths } from './paths';

// The address of one resource's screen, for links from other screens. Apart from the route
// table (paths.ts), which the router needs in the entry chunk, so that these load with the
// screens that link (every byte of the entry is on the first list's budget).

/** The page of one person. */
export function personPath(userId: string): string {
  return paths.person.replace(':userId', encodeURIComponent(userId));
}

/** The page of one team. */
export function teamPath(teamId: string): string {
  return paths.team.replace(':teamId', encodeURIComponent(teamId));
}

/** The access explainer on the Permissions screen with this person already chosen. */
export function checkAccessPath(personId: string): string {
  const query = new URLSearchParams({ explainPerson: personId });
  return `${paths.permissions}?${query.toString()}#check-access`;
}

/** The editor of one pipeline's inline definition (P-6.2). */
export function pipelineDefinitionPath(pipelineId: string): string {
  return paths.pipelineDefinition.replace(':pipelineId', encodeURIComponent(pipelineId));
}

/** The history of one pipeline's definition; with `version`, what that version changed. */
export function pipelineHistoryPath(pipelineId: string, version?: number): string {
  const path = paths.pipelineHistory.replace(':pipelineId', encodeURIComponent(pipelineId));
  return version === undefined ? path : `${path}?version=${version}`;
}

/** The restrictions page of one git provider (P-4.3). */
export function gitProviderRestrictionsPath(gitProviderId: string): string {
  return paths.gitProviderRestrictions.replace(':gitProviderId', encodeURIComponent(gitProviderId));
}

/** The page of one cluster. */
export function clusterPath(clusterId: string): string {
  return paths.cluster.replace(':clusterId', encodeURIComponent(clusterId));
}
