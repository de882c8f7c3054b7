import type { Pipeline } from '@contract/pipelines';
import { toast } from '@/components/toast-store';
import { checkPipelineChange, useTagPipelines, useUpdatePipeline } from '../api/update-pipeline';
import { BulkTagDialog } from '@/entities/access/components/bulk-tag-dialog';
import { pipelineName } from './pipeline-table';
import { tagPatchOf } from '@/entities/tags/components/tag-change';
import { TagEditorDialog } from '@/entities/access/components/tag-editor-dialog';

// The tag dialogs of the pipelines list, with the mutations they need: loaded when first
// opened (see resource-lazy.tsx), so the first screen after sign-in does not carry them.

type PipelineTagEditorDialogProps = {
  /** The pipeline as the list last showed it (a reload brings its new version). */
  pipeline: Pipeline;
  isAdministrator: boolean;
  /** Loads the list again, after someone else's change. */
  reload: () => Promise<unknown>;
  onClose: () => void;
};

/**
 * The tags of one pipeline of the list: the impact preview for administrators; for others, what
 * the change would do to their own access, or why it is refused, before they save.
 */
export function PipelineTagEditorDialog({
  pipeline,
  isAdministrator,
  reload,
  onClose,
}: PipelineTagEditorDialogProps) {
  const update = useUpdatePipeline();
  return (
    <TagEditorDialog
      open
      onClose={onClose}
      resourceType="pipeline"
      resource={pipeline}
      label={`pipeline ${pipelineName(pipeline)}`}
      previewImpact={isAdministrator}
      check={(change) =>
        checkPipelineChange({ id: pipeline.id, version: pipeline.version, change })
      }
      save={(change) => update.mutateAsync({ id: pipeline.id, version: pipeline.version, change })}
      reload={reload}
      onSaved={(saved) => {
        onClose();
        toast.success(
          saved.privileges.includes('read')
            ? `Tags of pipeline ${pipelineName(saved)} saved`
            : `Tags of pipeline ${pipelineName(saved)} saved. The rules of your teams no longer let you see it.`,
        );
      }}
    />
  );
}

type PipelineBulkTagDialogProps = {
  /** The chosen pipelines, as last shown. */
  pipelines: readonly Pipeline[];
  isAdministrator: boolean;
  reload: () => Promise<unknown>;
  onClose: () => void;
  /** These were changed: they leave the selection. */
  onChanged: (ids: string[]) => void;
};

/** The same tag change for every chosen pipeline, each based on the version shown. */
export function PipelineBulkTagDialog({
  pipelines,
  isAdministrator,
  reload,
  onClose,
  onChanged,
}: PipelineBulkTagDialogProps) {
  const tag = useTagPipelines();
  return (
    <BulkTagDialog
      open
      onClose={onClose}
      resourceType="pipeline"
      resources={pipelines}
      nameOf={pipelineName}
      previewImpact={isAdministrator}
      check={(change, pipeline) =>
        checkPipelineChange({
          id: pipeline.id,
          version: pipeline.version,
          change: tagPatchOf(change),
        })
      }
      save={async (change, chosen) => {
        const { changed, failed } = await tag.mutateAsync({ pipelines: [...chosen], ...change });
        return {
          changedIds: changed.map((pipeline) => pipeline.id),
          failed: failed.map(({ pipeline, error }) => ({ id: pipeline.id, error })),
        };
      }}
      reload={reload}
      onChanged={(ids) => {
        onChanged(ids);
        if (ids.length > 0) {
          toast.success(
            ids.length === 1
              ? 'Tags of 1 pipeline changed'
              : `Tags of ${ids.length} pipelines changed`,
          );
        }
      }}
    />
  );
}
