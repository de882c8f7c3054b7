import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link as RouterLink, useParams, type LoaderFunctionArgs } from 'react-router';
import type { Pipeline } from '@contract/pipelines';
import { PIPELINE_SOURCE_LABELS } from '@contract/pipeline-sources';
import { Page } from '@/components/page';
import { NotLoadedState } from '@/components/states';
import { paths, pipelinePath } from '@/config/paths';
import { getPipeline, pipelineQueryOptions } from '@/entities/pipelines/api/get-pipeline';
import { useUpdatePipeline } from '@/features/pipelines/api/update-pipeline';
import {
  isInlinePipeline,
  PipelineEditor,
} from '@/features/pipeline-editor/components/pipeline-editor';
import { useMe } from '@/entities/me/api/get-me';
import { isApiError } from '@/lib/api/api-error';
import { NoSuchResource } from '@/components/no-such-resource';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

/** The pipelines asked for by the loader, each taken by the page's first fetch of it. */
const early = new Map<string, Promise<Pipeline>>();

/**
 * Asks for the pipeline as soon as the route's module is here, beside the session the shell
 * asks for, rather than once the shell has rendered with it (issue 17): the page's first fetch
 * of it takes this answer. It waits for nothing, so the navigation does not either.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const id = params.pipelineId;
  if (id && !early.has(id)) {
    const request = getPipeline(id);
    request.catch(() => undefined); // the page's query reports it
    early.set(id, request);
  }
  return null;
}

function usePipeline(id: string) {
  const query = useQuery({
    ...pipelineQueryOptions(id),
    queryFn: ({ signal }) => {
      const request = early.get(id);
      early.delete(id);
      return request ?? getPipeline(id, signal);
    },
  });
  // Taken by the first fetch (which starts in the query's own effect, before this one), or
  // dropped once the page is up with the pipeline from the cache: a later fetch must never
  // take an old answer.
  useEffect(() => {
    early.delete(id);
  }, [id]);
  return query;
}

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
