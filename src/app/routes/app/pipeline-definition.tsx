import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { PIPELINE_SOURCE_LABELS } from '@contract/pipeline-sources';
import { Page } from '@/components/page';
import { NotLoadedState } from '@/components/states';
import { paths, pipelinePath } from '@/config/paths';
import { getPipeline, usePipeline } from '@/entities/pipelines/api/get-pipeline';
import { useUpdatePipeline } from '@/features/pipelines/api/update-pipeline';
import {
  isInlinePipeline,
  PipelineEditor,
} from '@/features/pipeline-editor/components/pipeline-editor';
import { useMe } from '@/entities/me/api/get-me';
import { isApiError } from '@/lib/api/api-error';
import { NoSuchResource } from '@/components/no-such-resource';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function Crumbs({ pipelineId, name }: { pipelineId: string; name?: string }) {
  const trail: { label: string; to: string }[] = [{ label: 'Pipelines', to: paths.pipelines }];
  if (name) trail.push({ label: name, to: pipelinePath(pipelineId) });
  return <PageBreadcrumbs trail={trail} current="Definition" />;
}

/**
 * A pipeline's inline definition in the editor (P-6.2 – P-6.4): Monaco with the pipeline format
 * and the account's names. This route is the only one that loads Monaco.
 */
export function Component() {
  const { pipelineId = '' } = useParams();
  const pipeline = usePipeline(pipelineId);
  const { data: me } = useMe();
  const update = useUpdatePipeline();

  if (pipeline.data && me) {
    const name = `${pipeline.data.project}/${pipeline.data.name}`;
    return (
      <>
        <Crumbs pipelineId={pipelineId} name={pipeline.data.name} />
        <Page title={`Definition of ${name}`}>
          {isInlinePipeline(pipeline.data) ? (
            <PipelineEditor
              key={pipeline.data.id}
              pipeline={pipeline.data}
              personId={me.id}
              save={(yaml, version) =>
                update.mutateAsync({
                  id: pipelineId,
                  version,
                  change: { source: { type: 'inline', yaml } },
                })
              }
              loadLatest={() => getPipeline(pipelineId)}
            />
          ) : (
            <Typography>
              This pipeline’s definition is not inline: it comes from{' '}
              {PIPELINE_SOURCE_LABELS[pipeline.data.source.type].toLowerCase()}, where it is edited.
              The pipeline’s page shows where, and lets people with update change the source.{' '}
              <Link component={RouterLink} to={pipelinePath(pipelineId)}>
                Go to {name}
              </Link>
            </Typography>
          )}
        </Page>
      </>
    );
  }

  if (isApiError(pipeline.error, 404) || isApiError(pipeline.error, 422))
    return <NoSuchResource noun="pipeline" listPath={paths.pipelines} listName="Pipelines" />;

  return (
    <>
      <Crumbs pipelineId={pipelineId} />
      <Page title="Pipeline definition">
        <NotLoadedState
          what="the pipeline"
          error={pipeline.error}
          onRetry={() => void pipeline.refetch()}
          loadingLabel="Loading the definition"
        />
      </Page>
    </>
  );
}
