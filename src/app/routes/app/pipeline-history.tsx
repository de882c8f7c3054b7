import { useParams, useSearchParams } from 'react-router';
import { Page } from '@/components/page';
import { NotLoadedState } from '@/components/states';
import { paths, pipelinePath } from '@/config/paths';
import { usePipeline } from '@/entities/pipelines/api/get-pipeline';
import { PipelineHistory } from '@/features/pipeline-editor/components/pipeline-history';
import { isApiError } from '@/lib/api/api-error';
import { NoSuchResource } from '@/components/no-such-resource';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function Crumbs({ pipelineId, name }: { pipelineId: string; name?: string }) {
  const trail: { label: string; to: string }[] = [{ label: 'Pipelines', to: paths.pipelines }];
  if (name) trail.push({ label: name, to: pipelinePath(pipelineId) });
  return <PageBreadcrumbs trail={trail} current="History" />;
}

/**
 * The history of a pipeline's inline definition (issue 20): its saved versions, a diff of any
 * two (Monaco's diff editor, loaded with this route and the editor's only), and a restore.
 * `?version=n` shows what version n changed (the audit log links here).
 */
export function Component() {
  const { pipelineId = '' } = useParams();
  const [search] = useSearchParams();
  const pipeline = usePipeline(pipelineId);
  const selected = Number(search.get('version'));

  if (pipeline.data) {
    const name = `${pipeline.data.project}/${pipeline.data.name}`;
    return (
      <>
        <Crumbs pipelineId={pipelineId} name={pipeline.data.name} />
        <Page title={`History of ${name}`}>
          <PipelineHistory
            key={pipeline.data.id}
            pipeline={pipeline.data}
            selected={Number.isInteger(selected) && selected > 0 ? selected : undefined}
            reload={() => pipeline.refetch()}
          />
        </Page>
      </>
    );
  }

  if (isApiError(pipeline.error, 404) || isApiError(pipeline.error, 422))
    return <NoSuchResource noun="pipeline" listPath={paths.pipelines} listName="Pipelines" />;

  return (
    <>
      <Crumbs pipelineId={pipelineId} />
      <Page title="Pipeline history">
        <NotLoadedState
          what="the pipeline"
          error={pipeline.error}
          onRetry={() => void pipeline.refetch()}
          loadingLabel="Loading the history"
        />
      </Page>
    </>
  );
}
