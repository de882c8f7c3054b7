/**
 * Query keys of runners, the git triggers of pipelines and their runs; the only place they are
 * spelled. One area because they show each other: a trigger names its runner (revoking the
 * runner changes what its triggers may do), and a run names its trigger's event and its runner.
 */
export const runnerKeys = {
  all: ['runners'] as const,
  runners: () => [...runnerKeys.all, 'runners'] as const,
  runnerList: (params: object) => [...runnerKeys.runners(), 'list', params] as const,
  /** The runners a trigger of the pipeline may use (the trigger form, for update on it). */
  runnerChoices: (pipelineId: string) => [...runnerKeys.runners(), 'choices', pipelineId] as const,
  /** The git providers a trigger may use (read for the trigger form). */
  gitProviders: (params: object) => [...runnerKeys.all, 'git-providers', params] as const,
  triggers: (pipelineId: string) => [...runnerKeys.all, 'triggers', pipelineId] as const,
  runs: (pipelineId: string) => [...runnerKeys.all, 'runs', pipelineId] as const,
  runList: (pipelineId: string, params: object) =>
    [...runnerKeys.runs(pipelineId), 'list', params] as const,
  /** Who may approve or deny a run waiting at a pending-approval step. */
  runApprovers: (runId: string) => [...runnerKeys.all, 'run-approvers', runId] as const,
};
