import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { usePipelineSources } from '@/features/pipeline-sources/api/get-pipeline-sources';
import { PipelineSourcesSection } from '@/features/pipeline-sources/components/pipeline-sources-section';

/**
 * The Pipeline sources screen (P-4.2, administrators only): the three switches that allow or
 * forbid inline, git and URL definitions across the account.
 */
export function Component() {
  const sources = usePipelineSources();
  return (
    <Page title="Pipeline sources">
      {sources.isPending ? (
        <LoadingState label="Loading the pipeline sources" />
      ) : sources.isError ? (
        <ErrorState
          title="The pipeline sources could not be loaded."
          error={sources.error}
          onRetry={() => void sources.refetch()}
        />
      ) : (
        <PipelineSourcesSection sources={sources.data} />
      )}
    </Page>
  );
}
