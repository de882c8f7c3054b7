import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { Pipeline } from '@contract/pipelines';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useDeletePipeline } from '../api/delete-pipeline';
import { ResourceStaleAlert, isStale } from '@/components/resource-stale-alert';

type PipelineDeleteButtonProps = {
  pipeline: Pick<Pipeline, 'id' | 'name' | 'project' | 'version'>;
  /** Loads the pipeline again, after someone else's change. */
  reload: () => Promise<unknown>;
  /** The pipeline is gone: take the person somewhere that still exists. */
  onDeleted: () => void;
};

/**
 * Deletes a pipeline (needs delete) after a confirmation that names it, as of the version
 * shown: if someone changed it meanwhile, it stays, and the person is offered the new version.
 */
export function PipelineDeleteButton({ pipeline, reload, onDeleted }: PipelineDeleteButtonProps) {
  const remove = useDeletePipeline();
  const [open, setOpen] = useState(false);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const name = `${pipeline.project}/${pipeline.name}`;

  const confirm = () =>
    remove.mutate(pipeline, {
      onSuccess: () => {
        toast.success(`Pipeline ${name} deleted`);
        onDeleted();
      },
      onError: (error) => {
        setOpen(false);
        if (isStale(error)) setStale(true);
        else toast.error(`Pipeline ${name} not deleted: ${errorMessage(error)}`);
      },
    });

  const onReload = async () => {
    setReloading(true);
    try {
      await reload();
      setStale(false);
    } finally {
      setReloading(false);
    }
  };

  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      {stale && (
        <ResourceStaleAlert
          what={`pipeline ${name}`}
          onReload={() => void onReload()}
          reloading={reloading}
        />
      )}
      <Button color="error" variant="outlined" onClick={() => setOpen(true)} disabled={stale}>
        Delete pipeline
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete pipeline ${name}?`}
        confirmLabel="Delete pipeline"
        pending={remove.isPending}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      >
        The pipeline <strong>{name}</strong> will be deleted, with its tags. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}
