import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { GIT_PROVIDER_KIND_LABELS } from '@contract/integrations';
import { TRIGGER_EVENT_LABELS, type Trigger, type TriggerWithSecret } from '@contract/triggers';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useTriggers } from '@/entities/triggers/api/get-triggers';
import { useDeleteTrigger, useRotateTriggerSecret } from '../api/save-trigger';
import { TriggerFormDialog } from './trigger-form-dialog';
import { TriggerSecretDialog } from './trigger-secret-dialog';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';

export type TriggersSectionProps = {
  pipelineId: string;
  /**
   * Whether the person has update on the pipeline: needed to add, change or delete triggers, and
   * to see the runners a trigger may use.
   */
  canUpdate: boolean;
};

type Pending = { kind: 'rotate' | 'delete'; trigger: Trigger };

/**
 * A pipeline's git triggers (P-5.5): each one's provider, repository, events, filters and
 * runner; adding one (then its webhook URL and secret, shown once), editing, rotating the
 * secret and deleting.
 */
export function TriggersSection({ pipelineId, canUpdate }: TriggersSectionProps) {
  const headingId = useId();
  const refusalId = useId();
  const triggers = useTriggers(pipelineId);
  const rotate = useRotateTriggerSecret(pipelineId);
  const remove = useDeleteTrigger(pipelineId);
  const [form, setForm] = useState<{ open: boolean; trigger?: Trigger }>({ open: false });
  const [shown, setShown] = useState<{ trigger: TriggerWithSecret; rotated: boolean }>();
  // Kept after the dialog closes so its title does not change while it fades out.
  const [pending, setPending] = useState<Pending>();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const refusal = canUpdate
    ? undefined
    : 'Adding or changing triggers needs update on this pipeline.';

  // The trigger being edited as the list last loaded it, so a reload (or a rotation) brings its
  // current version into the form.
  const editing =
    form.trigger && (triggers.data?.items.find((t) => t.id === form.trigger!.id) ?? form.trigger);

  const ask = (kind: Pending['kind'], trigger: Trigger) => {
    setPending({ kind, trigger });
    setConfirmOpen(true);
  };

  const confirm = () => {
    if (!pending) return;
    const { kind, trigger } = pending;
    if (kind === 'rotate') {
      rotate.mutate(trigger.id, {
        onSuccess: (rotated) => setShown({ trigger: rotated, rotated: true }),
        onError: (error) => toast.error(`Secret not rotated: ${errorMessage(error)}`),
        onSettled: () => setConfirmOpen(false),
      });
    } else {
      remove.mutate(trigger.id, {
        onSuccess: () => toast.success(`Trigger on ${trigger.repository} deleted`),
        onError: (error) => toast.error(`Trigger not deleted: ${errorMessage(error)}`),
        onSettled: () => setConfirmOpen(false),
      });
    }
  };

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'flex-start' } }}
      >
        <Typography id={headingId} variant="h6" component="h2">
          Git triggers
        </Typography>
        <Button
          variant="outlined"
          startIcon={<AddIcon />}
          disabled={!canUpdate}
          aria-describedby={refusal ? refusalId : undefined}
          onClick={() => setForm({ open: true })}
          sx={{ flexShrink: 0 }}
        >
          Add trigger
        </Button>
      </Stack>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        A trigger queues a run of this pipeline when its git provider sends a chosen event for the
        repository, also from a provider behind your firewall: the provider calls Perimeter, and one
        of your runners claims the run. Its runs deploy only to clusters that the person it acts for
        may read: whoever added it or changed it last.
      </Typography>
      {refusal && (
        <Typography id={refusalId} variant="body2" sx={{ color: 'text.secondary' }}>
          {refusal}
        </Typography>
      )}
      {triggers.isPending ? (
        <LoadingState label="Loading the git triggers" />
      ) : triggers.isError ? (
        <ErrorState
          title="The git triggers could not be loaded."
          error={triggers.error}
          onRetry={() => void triggers.refetch()}
        />
      ) : triggers.data.items.length === 0 ? (
        <EmptyState title="This pipeline has no git triggers.">
          {canUpdate ? 'Add one to run the pipeline on pushes or pull requests.' : undefined}
        </EmptyState>
      ) : (
        <TableContainer sx={tableScrollerStyle}>
          <Table size="small" aria-label="Git triggers" sx={stickyFirstColumnStyle}>
            <TableHead>
              <TableRow>
                <TableCell>Repository</TableCell>
                <TableCell>Git provider</TableCell>
                <TableCell>Events</TableCell>
                <TableCell>Branch filter</TableCell>
                <TableCell>Modified files</TableCell>
                <TableCell>Runner</TableCell>
                <TableCell>Acts for</TableCell>
                {canUpdate && <TableCell align="right">Actions</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {triggers.data.items.map((trigger) => (
                <TableRow key={trigger.id}>
                  <TableCell component="th" scope="row">
                    {trigger.repository}
                    <Typography
                      variant="caption"
                      component="span"
                      sx={{ display: 'block', color: 'text.secondary', fontFamily: 'monospace' }}
                    >
                      {trigger.webhookUrl}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {trigger.gitProvider.name} ({GIT_PROVIDER_KIND_LABELS[trigger.gitProvider.kind]}
                    )
                  </TableCell>
                  <TableCell>
                    {trigger.events.map((event) => TRIGGER_EVENT_LABELS[event]).join(', ')}
                  </TableCell>
                  <TableCell sx={{ fontFamily: trigger.branchFilter ? 'monospace' : undefined }}>
                    {trigger.branchFilter ?? 'Every branch'}
                  </TableCell>
                  <TableCell
                    sx={{ fontFamily: trigger.modifiedFilesGlob ? 'monospace' : undefined }}
                  >
                    {trigger.modifiedFilesGlob ?? 'Any'}
                  </TableCell>
                  <TableCell>{trigger.runner.name}</TableCell>
                  <TableCell>
                    {trigger.updatedBy?.name ??
                      'No one: the person who last changed it was removed'}
                  </TableCell>
                  {canUpdate && (
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="small"
                        aria-label={`Edit the trigger on ${trigger.repository}`}
                        onClick={() => setForm({ open: true, trigger })}
                      >
                        Edit
                      </Button>
                      <Button
                        size="small"
                        aria-label={`Rotate the secret of the trigger on ${trigger.repository}`}
                        onClick={() => ask('rotate', trigger)}
                      >
                        Rotate secret
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        aria-label={`Delete the trigger on ${trigger.repository}`}
                        onClick={() => ask('delete', trigger)}
                      >
                        Delete
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <TriggerFormDialog
        open={form.open}
        pipelineId={pipelineId}
        trigger={editing}
        reload={() => triggers.refetch()}
        onClose={() => setForm({ open: false, trigger: form.trigger })}
        onCreated={(created) => {
          setForm({ open: false });
          setShown({ trigger: created, rotated: false });
        }}
        onSaved={(saved) => {
          setForm({ open: false, trigger: form.trigger });
          toast.success(`Trigger on ${saved.repository} saved`);
        }}
      />
      <TriggerSecretDialog shown={shown} onClose={() => setShown(undefined)} />
      <ConfirmDialog
        open={confirmOpen}
        title={
          pending?.kind === 'rotate'
            ? `Rotate the secret of the trigger on ${pending.trigger.repository}?`
            : `Delete the trigger on ${pending?.trigger.repository ?? ''}?`
        }
        confirmLabel={pending?.kind === 'rotate' ? 'Rotate secret' : 'Delete'}
        pending={rotate.isPending || remove.isPending}
        onConfirm={confirm}
        onClose={() => setConfirmOpen(false)}
      >
        {pending?.kind === 'rotate' ? (
          <>
            The current secret stops working at once: deliveries signed with it are refused until
            you paste the new secret into {pending.trigger.gitProvider.name}. The new secret is
            shown once.
          </>
        ) : (
          <>
            Deliveries from {pending?.trigger.gitProvider.name} to this trigger&apos;s webhook URL
            will be refused and queue nothing. Runs it already queued stay as they are. This cannot
            be undone.
          </>
        )}
      </ConfirmDialog>
    </Stack>
  );
}
