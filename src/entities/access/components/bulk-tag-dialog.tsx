import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent } from 'react';
import type { ResourceType } from '@contract/access';
import { applyTagChange } from '@domain/tags';
import { FormDialog } from '@/components/form/form-dialog';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { confirmTagChange, useImpactConfirmation } from './impact-preview';
import { isStale } from '@/components/resource-stale-alert';
import { TagAutocomplete } from '@/entities/tags/components/tag-autocomplete';
import {
  describeChange,
  MAY_LOSE_ACCESS_WARNING,
  type TagChange,
} from '@/entities/tags/components/tag-change';

const KIND_PLURAL: Record<ResourceType, string> = { cluster: 'clusters', pipeline: 'pipelines' };

/** What a bulk save did: the resources changed, and those refused with the reason. */
export type BulkTagOutcome = {
  changedIds: string[];
  failed: { id: string; error: unknown }[];
};

type Tagged = { id: string; tags: readonly string[] };

export type BulkTagDialogProps<T extends Tagged> = {
  open: boolean;
  onClose: () => void;
  resourceType: ResourceType;
  /** The chosen resources, as last shown. */
  resources: readonly T[];
  /** How a resource is named in a list: "prod-eu", "payments/deploy". */
  nameOf: (resource: T) => string;
  /** Administrators: preview who gains and loses, and ask when anyone loses. */
  previewImpact: boolean;
  /**
   * For people who are not administrators: a dry run of the change to one resource, whose
   * 403 `tag-escalation` is shown before anything is saved.
   */
  check?: (change: TagChange, resource: T) => Promise<unknown>;
  /** Sends the change to each resource; one refusal does not stop the others. */
  save: (change: TagChange, resources: readonly T[]) => Promise<BulkTagOutcome>;
  /** These were changed (they leave the selection); the dialog closes when none failed. */
  onChanged: (changedIds: string[], change: TagChange) => void;
  /** Loads the list again, after some were refused because someone else changed them. */
  reload?: () => Promise<unknown>;
};

/**
 * Adds tags to, and removes tags from, every chosen cluster or pipeline at once, after the
 * impact preview of the whole change.
 */
export function BulkTagDialog<T extends Tagged>({
  open,
  onClose,
  ...props
}: BulkTagDialogProps<T>) {
  const [pending, setPending] = useState(false);
  const count = props.resources.length;
  const what =
    count === 1 ? `1 ${props.resourceType}` : `${count} ${KIND_PLURAL[props.resourceType]}`;
  return (
    <FormDialog open={open} pending={pending} onClose={onClose}>
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>Tag {what}</DialogTitle>
          <BulkTagForm
            {...props}
            what={what}
            onClose={onClose}
            pending={pending}
            setPending={setPending}
          />
        </>
      )}
    </FormDialog>
  );
}

type BulkTagFormProps<T extends Tagged> = Omit<BulkTagDialogProps<T>, 'open'> & {
  what: string;
  pending: boolean;
  setPending: (pending: boolean) => void;
};

type Failure = { name: string; message: string; stale: boolean };

/** The resources a checked change would be refused for, with the server's reason. */
type Refusals = { key: string; items: { id: string; name: string; reason: string }[] };

const isTagEscalation = (error: unknown) =>
  isApiError(error, 403) && error.problem.code === 'tag-escalation';

function BulkTagForm<T extends Tagged>({
  resourceType,
  resources,
  nameOf,
  previewImpact,
  check,
  save,
  onChanged,
  reload,
  onClose,
  what,
  pending,
  setPending,
}: BulkTagFormProps<T>) {
  const impact = useImpactConfirmation();
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [failures, setFailures] = useState<Failure[]>([]);
  const [reloading, setReloading] = useState(false);
  const [refusals, setRefusals] = useState<Refusals>();
  const [checking, setChecking] = useState(false);
  const refusedId = useId();
  const names = resources.map(nameOf);
  const both = addTags.filter((tag) => removeTags.includes(tag));
  const changeKey = JSON.stringify([addTags, removeTags]);
  // A refusal found for another change says nothing about this one.
  const refused = refusals?.key === changeKey ? refusals.items : undefined;
  const checked = !previewImpact && check !== undefined;
  const allowed = resources.filter((resource) => !refused?.some((item) => item.id === resource.id));

  /** Dry-runs the change on each resource it changes; those refused are kept with the reason. */
  const findRefusals = async (change: TagChange, changing: readonly { id: string }[]) => {
    const byId = new Map(resources.map((resource) => [resource.id, resource]));
    const outcomes = await Promise.allSettled(
      changing.map(({ id }) => check!(change, byId.get(id)!)),
    );
    const items = outcomes.flatMap((outcome, index) => {
      if (outcome.status === 'fulfilled' || !isTagEscalation(outcome.reason)) return [];
      const resource = byId.get(changing[index]!.id)!;
      return [{ id: resource.id, name: nameOf(resource), reason: errorMessage(outcome.reason) }];
    });
    setRefusals({ key: changeKey, items });
    return items;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (addTags.length === 0 && removeTags.length === 0) {
      setProblem('Choose tags to add, tags to remove, or both.');
      return;
    }
    if (both.length > 0) return;
    const change: TagChange = { addTags, removeTags };
    // Only the ones whose tags would change are previewed; every chosen one is sent the change.
    const changing = resources
      .map((resource) => ({
        id: resource.id,
        before: [...resource.tags].sort().join(','),
        tags: applyTagChange(resource.tags, change),
      }))
      .filter(({ before, tags }) => tags.join(',') !== before)
      .map(({ id, tags }) => ({ id, tags }));
    if (changing.length === 0) {
      setProblem(`Nothing would change: the ${KIND_PLURAL[resourceType]} already have these tags.`);
      return;
    }
    if (checked && !refused) {
      setChecking(true);
      try {
        // Shown before anything is saved; saving again then saves the others.
        if ((await findRefusals(change, changing)).length > 0) return;
      } finally {
        setChecking(false);
      }
    }
    if (refused && allowed.length === 0) return;
    if (previewImpact) {
      const go = await confirmTagChange(
        impact,
        resourceType,
        changing,
        what,
        describeChange(change),
      );
      if (typeof go === 'string') setProblem(go);
      if (go !== true) return;
    }
    setPending(true);
    try {
      const outcome = await save(change, allowed);
      const byId = new Map(resources.map((resource) => [resource.id, resource]));
      setFailures(
        outcome.failed.map(({ id, error }) => ({
          name: byId.has(id) ? nameOf(byId.get(id)!) : id,
          message: errorMessage(error),
          stale: isStale(error),
        })),
      );
      onChanged(outcome.changedIds, change);
      if (outcome.failed.length === 0) onClose();
    } finally {
      setPending(false);
    }
  };

  const onReload = async () => {
    setReloading(true);
    try {
      await reload?.();
      setFailures([]);
    } finally {
      setReloading(false);
    }
  };

  const stale = failures.some((failure) => failure.stale);

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <DialogContentText>
            {names.length <= 10
              ? `The same change for ${names.join(', ')}.`
              : `The same change for ${names.slice(0, 10).join(', ')} and ${names.length - 10} more.`}
          </DialogContentText>
          {failures.length > 0 && (
            <Alert
              severity="error"
              action={
                stale && reload ? (
                  <Button
                    color="inherit"
                    size="small"
                    onClick={() => void onReload()}
                    loading={reloading}
                  >
                    Reload
                  </Button>
                ) : undefined
              }
            >
              {failures.length === 1
                ? 'One was not changed'
                : `${failures.length} were not changed`}
              ; the others were.
              <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                {failures.map((failure) => (
                  <li key={failure.name}>
                    {failure.name}:{' '}
                    {failure.stale
                      ? 'someone else changed it after you loaded the list. Reload, check it and save again.'
                      : failure.message}
                  </li>
                ))}
              </Box>
            </Alert>
          )}
          {problem && <Alert severity="error">{problem}</Alert>}
          {refused && refused.length > 0 && (
            <Alert severity="error" id={refusedId}>
              {refused.length === 1
                ? 'This change would be refused for one of them'
                : `This change would be refused for ${refused.length} of them`}
              {allowed.length > 0 ? '; nothing is saved until you save the others.' : '.'}
              <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                {refused.map((item) => (
                  <li key={item.id}>
                    {item.name}: {item.reason}
                  </li>
                ))}
              </Box>
            </Alert>
          )}
          {!previewImpact && <Alert severity="warning">{MAY_LOSE_ACCESS_WARNING}</Alert>}
          <TagAutocomplete
            label="Tags to add"
            resourceType={resourceType}
            value={addTags}
            onChange={setAddTags}
            autoFocus
            helperText="Added to every selected one that does not carry them yet."
          />
          <TagAutocomplete
            label="Tags to remove"
            resourceType={resourceType}
            value={removeTags}
            onChange={setRemoveTags}
            error={
              both.length > 0
                ? `${both.join(', ')}: choose whether to add or to remove ${both.length === 1 ? 'it' : 'them'}.`
                : undefined
            }
            helperText="Taken off every selected one that carries them."
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="contained"
          loading={pending || checking || impact.isPreviewing}
          disabled={refused !== undefined && refused.length > 0 && allowed.length === 0}
          aria-describedby={refused && refused.length > 0 ? refusedId : undefined}
        >
          {refused && refused.length > 0 && allowed.length > 0
            ? `Save tags of the other ${allowed.length}`
            : 'Save tags'}
        </Button>
      </DialogActions>
      {impact.dialog}
    </form>
  );
}
