import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { Suspense, useState } from 'react';
import type { Pipeline, PipelineListQuery } from '@contract/pipelines';
import { EmptyState } from '@/components/states';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { usePipelines, type PipelineListParams } from '@/entities/pipelines/api/get-pipelines';
import { PipelineTable } from './pipeline-table';
import { ResourceFilters } from '@/entities/tags/components/resource-filters';
import {
  LazyPipelineBulkTagDialog,
  LazyPipelineCreateDialog,
  LazyPipelineTagEditorDialog,
} from './pipeline-lazy';
import { SelectionBar, useRowSelection } from '@/components/resource-selection';

// The contract's PIPELINE_SORTS would bring zod into the first screen after sign-in.
const PIPELINE_SORTS = [
  'name',
  '-name',
  'project',
  '-project',
  'updatedAt',
  '-updatedAt',
] as const satisfies readonly NonNullable<PipelineListQuery['sort']>[];

const oneOf = <T extends string>(values: readonly T[], value: string | undefined) =>
  values.find((candidate) => candidate === value);

type Dialog =
  { kind: 'create' } | { kind: 'tags'; pipeline: Pipeline } | { kind: 'bulk' } | undefined;

type PipelineListProps = {
  /** Administrators see the impact preview before a tag change; others a warning. */
  isAdministrator: boolean;
  /** Which definition sources the account allows, offered when creating a pipeline. */
  sourceSwitches: Record<'inline' | 'git' | 'url', boolean>;
  /** A pipeline was created: the caller tells the person and may open it. */
  onCreated: (pipeline: Pipeline) => void;
};

/**
 * The pipelines the person may read: searched, filtered by tag (or `untagged`) and project,
 * sorted and paged by the server, all of it in the URL. Anyone may try to create one (the rules
 * decide); the tags of the rows the person may update can be edited one by one or in bulk.
 */
export function PipelineList({ isAdministrator, sourceSwitches, onCreated }: PipelineListProps) {
  const [params, update] = useListParams({ sort: 'name', filters: ['tag', 'project'] });
  const query: PipelineListParams = {
    page: params.page,
    pageSize: params.pageSize,
    sort: oneOf(PIPELINE_SORTS, params.sort) ?? 'name',
    ...(params.q ? { q: params.q } : {}),
    ...(params.tag ? { tag: params.tag } : {}),
    ...(params.project ? { project: params.project } : {}),
  };
  const pipelines = usePipelines(query);
  const shown = pipelines.data?.items;
  const selection = useRowSelection(shown);
  const [dialog, setDialog] = useState<Dialog>();
  const filtered = Boolean(query.q || query.tag || query.project);
  const close = () => setDialog(undefined);
  // As the list last showed it: a reload after someone else's change brings its new version.
  const editing =
    dialog?.kind === 'tags'
      ? (shown?.find((pipeline) => pipeline.id === dialog.pipeline.id) ?? dialog.pipeline)
      : undefined;
  const editable = (shown ?? []).filter((pipeline) => pipeline.canEditTags);

  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}
      >
        <ResourceFilters
          resourceType="pipeline"
          label="Pipelines"
          searchLabel="Search pipelines"
          values={{ q: params.q, tag: query.tag, project: query.project }}
          onChange={update}
          withProject
        />
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => setDialog({ kind: 'create' })}
          sx={{ flexShrink: 0 }}
        >
          New pipeline
        </Button>
      </Stack>
      {(editable.length > 0 || selection.count > 0) && (
        <SelectionBar
          selection={selection}
          selectable={editable}
          itemsName="pipelines"
          actions={
            <Button size="small" variant="outlined" onClick={() => setDialog({ kind: 'bulk' })}>
              Tag selected
            </Button>
          }
        />
      )}
      <PipelineTable
        query={pipelines}
        paging={pagingOf(params, update, query.sort)}
        selection={selection}
        onEditTags={(pipeline) => setDialog({ kind: 'tags', pipeline })}
        empty={
          filtered ? (
            <EmptyState title="No pipeline matches">Try another search, tag or project.</EmptyState>
          ) : (
            <EmptyState title="No pipelines to show">
              Create one, or ask an administrator: this list shows the pipelines that the rules of
              your teams let you see.
            </EmptyState>
          )
        }
      />
      <Suspense fallback={null}>
        {dialog?.kind === 'create' && (
          <LazyPipelineCreateDialog
            open
            sourceSwitches={sourceSwitches}
            onClose={close}
            onCreated={(pipeline) => {
              close();
              onCreated(pipeline);
            }}
          />
        )}
        {editing && (
          <LazyPipelineTagEditorDialog
            pipeline={editing}
            isAdministrator={isAdministrator}
            reload={() => pipelines.refetch()}
            onClose={close}
          />
        )}
        {dialog?.kind === 'bulk' && (
          <LazyPipelineBulkTagDialog
            pipelines={selection.rows}
            isAdministrator={isAdministrator}
            reload={() => pipelines.refetch()}
            onClose={close}
            onChanged={selection.drop}
          />
        )}
      </Suspense>
    </Stack>
  );
}
