import type { PipelineSourceType } from '@contract/pipeline-sources';

/** Query keys of the pipeline-sources area; the only place they are spelled. */
export const pipelineSourcesKeys = {
  all: ['pipeline-sources'] as const,
  settings: () => [...pipelineSourcesKeys.all, 'settings'] as const,
  /** The pipelines that take their definition from one source: what turning it off stops. */
  pipelines: (source: PipelineSourceType, params: object) =>
    [...pipelineSourcesKeys.all, 'pipelines', source, params] as const,
};
