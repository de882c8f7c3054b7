import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Pipeline } from '@contract/pipelines';
import { DataTable, type DataTableColumn, type PageQuery } from '@/components/data-table';
import { pipelinePath } from '@/config/paths';
import { formatDate } from '@/lib/format';
import type { ListPaging } from '@/lib/use-list-params';
import { SelectionCheckbox, type RowSelection } from '@/components/resource-selection';
import { TagChips } from '@/entities/tags/components/tag-chips';

// Short words for the list; the contract's longer labels would bring zod into this screen.
const SOURCE_WORDS: Record<Pipeline['source']['type'], string> = {
  inline: 'Inline',
  git: 'Git',
  url: 'URL',
};

/** How a pipeline is named in sentences: "payments/deploy". */
export const pipelineName = (pipeline: Pick<Pipeline, 'project' | 'name'>) =>
  `${pipeline.project}/${pipeline.name}`;

type PipelineTableProps = {
  query: PageQuery<Pipeline>;
  paging: ListPaging;
  selection: RowSelection<Pipeline>;
  onEditTags: (pipeline: Pipeline) => void;
  empty: ReactNode;
};

/**
 * The pipelines the person may read, a page at a time. Rows whose tags the person may change
 * (`canEditTags`) can be chosen for bulk tagging and have their own tag button.
 */
export function PipelineTable({ query, paging, selection, onEditTags, empty }: PipelineTableProps) {
  const anyEditable = (query.data?.items ?? []).some((pipeline) => pipeline.canEditTags);
  const columns: DataTableColumn<Pipeline>[] = [
    ...(anyEditable
      ? [
          {
            id: 'select',
            label: 'Select',
            hideLabel: true,
            render: (pipeline: Pipeline) =>
              pipeline.canEditTags && (
                <SelectionCheckbox
                  label={`Select ${pipelineName(pipeline)}`}
                  checked={selection.isSelected(pipeline.id)}
                  onChange={(checked) => selection.toggle(pipeline, checked)}
                />
              ),
          },
        ]
      : []),
    {
      id: 'name',
      label: 'Name',
      sortKey: 'name',
      rowHeader: true,
      render: (pipeline) => (
        <Link className="pm-link" to={pipelinePath(pipeline.id)}>
          {pipeline.name}
        </Link>
      ),
    },
    { id: 'project', label: 'Project', sortKey: 'project', render: (pipeline) => pipeline.project },
    {
      id: 'tags',
      label: 'Tags',
      render: (pipeline) => (
        <TagChips tags={pipeline.tags} label={`Tags of ${pipelineName(pipeline)}`} />
      ),
    },
    { id: 'source', label: 'Source', render: (pipeline) => SOURCE_WORDS[pipeline.source.type] },
    {
      id: 'updatedAt',
      label: 'Changed',
      sortKey: 'updatedAt',
      render: (pipeline) => formatDate(pipeline.updatedAt),
    },
    ...(anyEditable
      ? [
          {
            id: 'actions',
            label: 'Actions',
            hideLabel: true,
            align: 'right' as const,
            render: (pipeline: Pipeline) =>
              pipeline.canEditTags && (
                <Button
                  size="small"
                  aria-label={`Edit tags of ${pipelineName(pipeline)}`}
                  onClick={() => onEditTags(pipeline)}
                >
                  Edit tags
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <DataTable
      label="Pipelines"
      itemsName="pipelines"
      columns={columns}
      rowKey={(pipeline) => pipeline.id}
      query={query}
      empty={empty}
      {...paging}
    />
  );
}
