/** Query keys of the pipeline-sources area; the only place they are spelled. */
export const pipelineSourcesKeys = {
  all: ['pipeline-sources'] as const,
  settings: () => [...pipelineSourcesKeys.all, 'settings'] as const,
};
