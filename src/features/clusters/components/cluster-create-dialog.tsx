import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { clusterNameSchema, type Cluster } from '@contract/clusters';
import { resourceTagsSchema } from '@contract/tags';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useCreateCluster } from '../api/create-cluster';
import { CLUSTER_NAME_HINT } from './cluster-rename-form';
import { FormTagField } from '@/entities/tags/components/form-tag-field';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

const clusterFormSchema = z.object({ name: clusterNameSchema, tags: resourceTagsSchema });
type ClusterFormValues = z.input<typeof clusterFormSchema>;

type ClusterCreateDialogProps = {
  open: boolean;
  onClose: () => void;
  /** The cluster exists: the caller tells the person. */
  onCreated: (cluster: Cluster) => void;
};

/** Adds a cluster (administrators only): its name and, if wanted, its first tags. */
export function ClusterCreateDialog({ open, onClose, onCreated }: ClusterCreateDialogProps) {
  const create = useCreateCluster();
  return (
    <FormDialog open={open} pending={create.isPending} onClose={onClose}>
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>Add a cluster</DialogTitle>
          <ClusterCreateForm create={create} onClose={onClose} onCreated={onCreated} />
        </>
      )}
    </FormDialog>
  );
}

type ClusterCreateFormProps = Omit<ClusterCreateDialogProps, 'open'> & {
  create: ReturnType<typeof useCreateCluster>;
};

function ClusterCreateForm({ create, onClose, onCreated }: ClusterCreateFormProps) {
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<ClusterFormValues>({
    resolver: zodResolver(clusterFormSchema),
    defaultValues: { name: '', tags: [] },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    create.mutate(values, {
      onSuccess: onCreated,
      onError: (error) => setFailure(applyServerErrors(error, setError, ['name', 'tags'])),
    });
  });

  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <DialogContentText>
            A cluster without tags is covered by the rules for untagged clusters: with the default
            rules, everyone in the account may read and update it.
          </DialogContentText>
          {failure && <Alert severity="error">{failure}</Alert>}
          <FormTextField
            control={control}
            name="name"
            label="Cluster name"
            helperText={CLUSTER_NAME_HINT}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            fullWidth
            required
            sx={{ mt: 1 }}
          />
          <FormTagField control={control} name="tags" resourceType="cluster" />
        </Stack>
      </DialogContent>
      <FormDialogActions pending={create.isPending} submitLabel="Add cluster" onCancel={onClose} />
    </form>
  );
}
