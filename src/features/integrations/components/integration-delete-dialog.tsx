import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import { useQuery, type UseMutationResult } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorState, LoadingState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { pipelinePath } from '@/config/paths';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import type { gitProviderReferencesQueryOptions } from '../api/get-git-provider-references';
import type { DeleteIntegrationVariables } from '../api/integration-changes';

type IntegrationDeleteDialogProps = {
  /** "git provider" or "registry", for the title and the sentences. */
  noun: string;
  /** Kept while the dialog fades out, so its words do not change. */
  target: { id: string; name: string } | undefined;
  open: boolean;
  /** The query of the pipelines that use it (`gitProviderReferencesQueryOptions`). */
  references: typeof gitProviderReferencesQueryOptions;
  remove: UseMutationResult<void, Error, DeleteIntegrationVariables>;
  onClose: () => void;
};

const pipelinesText = (count: number) =>
  count === 1 ? '1 pipeline uses' : `${count} pipelines use`;

/**
 * Asks before deleting an integration. It first asks the server which pipelines use it: when
 * some do, it lists them (with links) and says that their triggers on it go too, then deletes
 * with `force`; otherwise it is a plain confirmation. Should a pipeline start using it in the
 * meantime, the server refuses (409 `in-use`) and the dialog shows the new list.
 */
export function IntegrationDeleteDialog({
  noun,
  target,
  open,
  references: referencesOptions,
  remove,
  onClose,
}: IntegrationDeleteDialogProps) {
  const references = useQuery({
    ...referencesOptions(target?.id ?? ''),
    enabled: open && target !== undefined,
  });
  const items = references.data?.items;
  const inUse = items !== undefined && items.length > 0;
  const pending = remove.isPending;

  const confirm = () => {
    if (!target || !items) return;
    remove.mutate(
      { id: target.id, force: inUse },
      {
        onSuccess: () => {
          toast.success(`${capitalized(noun)} ${target.name} deleted`);
          onClose();
        },
        onError: (error) => {
          if (isApiError(error, 409) && error.problem.code === 'in-use') {
            void references.refetch();
            return;
          }
          toast.error(`${capitalized(noun)} ${target.name} not deleted: ${errorMessage(error)}`);
          onClose();
        },
      },
    );
  };

  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${noun} ${target?.name ?? ''}?`}
      confirmLabel={inUse ? 'Delete with its triggers' : 'Delete'}
      onConfirm={confirm}
      onClose={onClose}
      pending={pending}
      confirmDisabled={items === undefined}
    >
      {references.isPending ? (
        <LoadingState label={`Looking for pipelines that use ${target?.name ?? ''}`} />
      ) : references.isError ? (
        <ErrorState
          title="The pipelines that use it could not be listed."
          error={references.error}
          onRetry={() => void references.refetch()}
        />
      ) : inUse ? (
        <>
          <Alert severity="warning" sx={{ mb: 2 }}>
            {pipelinesText(new Set(items.map((item) => item.pipelineId)).size)}{' '}
            <strong>{target?.name}</strong>. Deleting it also deletes their triggers on it: those
            pipelines no longer start from its webhooks.
          </Alert>
          <ul aria-label={`Pipelines that use ${target?.name ?? ''}`}>
            {items.map((reference) => (
              <li key={`${reference.pipelineId}-${reference.via}`}>
                <Link component={RouterLink} to={pipelinePath(reference.pipelineId)}>
                  {reference.project}/{reference.name}
                </Link>{' '}
                ({reference.via})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          No pipeline uses <strong>{target?.name}</strong>. Its address and credentials will be
          deleted.
        </>
      )}
    </ConfirmDialog>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
