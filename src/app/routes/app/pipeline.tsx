import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useId } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Pipeline } from '@contract/pipelines';
import { Page } from '@/components/page';
import { LoadingState, NotLoadedState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { paths } from '@/config/paths';
import { usePipeline } from '@/entities/pipelines/api/get-pipeline';
import { checkPipelineChange, useUpdatePipeline } from '@/features/pipelines/api/update-pipeline';
import { PipelineDefinitionSection } from '@/features/pipelines/components/pipeline-definition-section';
import { PipelineDeleteButton } from '@/features/pipelines/components/pipeline-delete-button';
import { PipelineDetailsForm } from '@/features/pipelines/components/pipeline-details-form';
import { ResourceAccess } from '@/entities/access/components/resource-access';
import { ResourcePrivileges } from '@/entities/access/components/resource-privileges';
import { ResourceTagsSection } from '@/entities/access/components/resource-tags-section';
import { useMe } from '@/entities/me/api/get-me';
import {
  LazyRunsSection,
  LazyTriggersSection,
} from '@/features/pipelines/components/pipeline-sections-lazy';
import { isApiError } from '@/lib/api/api-error';
import { NoSuchResource } from '@/components/no-such-resource';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function PipelinesBreadcrumb({ current }: { current: string }) {
  return (
    <PageBreadcrumbs trail={[{ label: 'Pipelines', to: paths.pipelines }]} current={current} />
  );
}

// Until the signed-in person is known; the server refuses a turned-off source in any case.
const ALL_SOURCES = { inline: true, git: true, url: true };

type PipelineDetailsProps = {
  pipeline: Pipeline;
  isAdministrator: boolean;
  sourceSwitches: Record<'inline' | 'git' | 'url', boolean>;
  reload: () => Promise<unknown>;
};

function PipelineDetails({
  pipeline,
  isAdministrator,
  sourceSwitches,
  reload,
}: PipelineDetailsProps) {
  const navigate = useNavigate();
  const updateTags = useUpdatePipeline();
  const nameHeadingId = useId();
  const accessHeadingId = useId();
  const deleteHeadingId = useId();
  const name = `${pipeline.project}/${pipeline.name}`;
  return (
    <Stack spacing={4} divider={<Divider flexItem />} sx={{ maxWidth: 960 }}>
      {pipeline.privileges.includes('update') && (
        <Stack component="section" aria-labelledby={nameHeadingId} spacing={2}>
          <Typography id={nameHeadingId} variant="h6" component="h2">
            Name and project
          </Typography>
          <PipelineDetailsForm pipeline={pipeline} reload={reload} />
        </Stack>
      )}
      <PipelineDefinitionSection pipeline={pipeline} switches={sourceSwitches} reload={reload} />
      <ResourceTagsSection
        resourceType="pipeline"
        resource={pipeline}
        label={`pipeline ${name}`}
        canEdit={pipeline.canEditTags}
        previewImpact={isAdministrator}
        check={(change) =>
          checkPipelineChange({ id: pipeline.id, version: pipeline.version, change })
        }
        save={(change) =>
          updateTags.mutateAsync({ id: pipeline.id, version: pipeline.version, change })
        }
        reload={reload}
        onSaved={(saved) => {
          if (saved.privileges.includes('read')) {
            toast.success(`Tags of pipeline ${name} saved`);
            return;
          }
          // Their rules do not cover the new tags: the page would only say "no such pipeline".
          toast.success(
            `Tags of pipeline ${name} saved. The rules of your teams no longer let you see it.`,
          );
          void navigate(paths.pipelines);
        }}
      />
      <Suspense fallback={<LoadingState label="Loading the runs" />}>
        <LazyRunsSection pipeline={pipeline} onRefused={() => void reload()} />
      </Suspense>
      <Suspense fallback={<LoadingState label="Loading the git triggers" />}>
        <LazyTriggersSection
          pipelineId={pipeline.id}
          canUpdate={pipeline.privileges.includes('update')}
        />
      </Suspense>
      <Stack component="section" aria-labelledby={accessHeadingId} spacing={2}>
        <Typography id={accessHeadingId} variant="h6" component="h2">
          Your access
        </Typography>
        <ResourcePrivileges
          resourceType="pipeline"
          privileges={pipeline.privileges}
          isAdministrator={isAdministrator}
        />
      </Stack>
      {isAdministrator && <ResourceAccess resourceType="pipeline" resourceId={pipeline.id} />}
      {pipeline.privileges.includes('delete') && (
        <Stack component="section" aria-labelledby={deleteHeadingId} spacing={2}>
          <Typography id={deleteHeadingId} variant="h6" component="h2">
            Delete this pipeline
          </Typography>
          <PipelineDeleteButton
            pipeline={pipeline}
            reload={reload}
            onDeleted={() => void navigate(paths.pipelines)}
          />
        </Stack>
      )}
    </Stack>
  );
}

/**
 * One pipeline: its name and project and where its definition comes from (changed by people with
 * update), its runs (started with Run), its tags, the person's
 * privileges on it and, for administrators, who else has access and why. Every change is based
 * on the version shown, and never overwrites someone else's.
 */
export function Component() {
  const { pipelineId = '' } = useParams();
  const pipeline = usePipeline(pipelineId);
  const { data: me } = useMe();
  const isAdministrator = me?.level === 'administrator';

  if (pipeline.data) {
    // Named with its project, as everywhere else: two projects may each have a "deploy".
    const title = `${pipeline.data.project}/${pipeline.data.name}`;
    return (
      <>
        <PipelinesBreadcrumb current={title} />
        <Page title={title}>
          <PipelineDetails
            key={pipeline.data.id}
            pipeline={pipeline.data}
            isAdministrator={isAdministrator}
            sourceSwitches={me?.account.pipelineSources ?? ALL_SOURCES}
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
      <PipelinesBreadcrumb current="Pipeline" />
      <Page title="Pipeline">
        <NotLoadedState
          what="the pipeline"
          error={pipeline.error}
          onRetry={() => void pipeline.refetch()}
        />
      </Page>
    </>
  );
}
