import type { Pipeline } from '@contract/pipelines';
import { EmptyState } from '@/components/states';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import {
  PIPELINE_LIST_FILTERS,
  PIPELINE_LIST_SORT,
  pipelineListQuery,
  usePipelines,
} from '@/entities/pipelines/api/get-pipelines';
import { PipelineTable } from './pipeline-table';
import { ResourceFilters } from '@/entities/tags/components/resource-filters';
import {
  LazyPipelineBulkTagDialog,
  LazyPipelineCreateDialog,
  LazyPipelineTagEditorDialog,
} from './pipeline-lazy';
import { useRowSelection } from '@/components/resource-selection';
import { ResourceList, useListDialogs } from '@/components/resource-list';

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
  const [params, update] = useListParams({
    sort: PIPELINE_LIST_SORT,
    filters: PIPELINE_LIST_FILTERS,
  });
  const query = pipelineListQuery(params);
  const pipelines = usePipelines(query);
  const shown = pipelines.data?.items;
  const selection = useRowSelection(shown);
  const dialogs = useListDialogs(shown);
  const filtered = Boolean(query.q || query.tag || query.project);
  const editable = (shown ?? []).filter((pipeline) => pipeline.canEditTags);

  return (
    <ResourceList
      filters={
        <ResourceFilters
          resourceType="pipeline"
          label="Pipelines"
          searchLabel="Search pipelines"
          values={{ q: params.q, tag: query.tag, project: query.project }}
          onChange={update}
          withProject
        />
      }
      addLabel="New pipeline"
      onAdd={() => dialogs.open({ kind: 'create' })}
      selection={selection}
      selectable={editable.length > 0 || selection.count > 0 ? editable : undefined}
      itemsName="pipelines"
      onTagSelected={() => dialogs.open({ kind: 'bulk' })}
      table={
        <PipelineTable
          query={pipelines}
          paging={pagingOf(params, update, query.sort)}
          selection={selection}
          onEditTags={(pipeline) => dialogs.open({ kind: 'tags', row: pipeline })}
          empty={
            filtered ? (
              <EmptyState title="No pipeline matches">
                Try another search, tag or project.
              </EmptyState>
            ) : (
              <EmptyState title="No pipelines to show">
                Create one, or ask an administrator: this list shows the pipelines that the rules of
                your teams let you see.
              </EmptyState>
            )
          }
        />
      }
      dialogs={
        <>
          {dialogs.creating && (
            <LazyPipelineCreateDialog
              open
              sourceSwitches={sourceSwitches}
              onClose={dialogs.close}
              onCreated={(pipeline) => {
                dialogs.close();
                onCreated(pipeline);
              }}
            />
          )}
          {dialogs.editing && (
            <LazyPipelineTagEditorDialog
              pipeline={dialogs.editing}
              isAdministrator={isAdministrator}
              reload={() => pipelines.refetch()}
              onClose={dialogs.close}
            />
          )}
          {dialogs.bulk && (
            <LazyPipelineBulkTagDialog
              pipelines={selection.rows}
              isAdministrator={isAdministrator}
              reload={() => pipelines.refetch()}
              onClose={dialogs.close}
              onChanged={selection.drop}
            />
          )}
        </>
      }
    />
  );
}
