import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent } from 'react';
import type { Privilege, ResourceType } from '@contract/access';
import { applyTagChange } from '@domain/tags';
import { FormDialog } from '@/components/form/form-dialog';
import { errorMessage } from '@/lib/api/api-error';
import { confirmTagChange, useImpactConfirmation } from './impact-preview';
import { ResourceStaleAlert, isStale } from '@/components/resource-stale-alert';
import { TagAutocomplete } from '@/entities/tags/components/tag-autocomplete';
import {
  describeChange,
  isNoChange,
  MAY_LOSE_ACCESS_WARNING,
  tagChangeOf,
  tagPatchOf,
  type TagChange,
  type TagPatch,
} from '@/entities/tags/components/tag-change';
import { TagChangeVerdict, useTagChangeCheck, type TagChangeChecker } from './tag-change-check';

/** The resource whose tags are edited; `privileges` and `version` serve the check. */
export type TagEditorResource = {
  id: string;
  tags: readonly string[];
  version?: number;
  privileges?: readonly Privilege[];
};

export type TagEditorDialogProps<R> = {
  open: boolean;
  onClose: () => void;
  resourceType: ResourceType;
  /**
   * The resource as last loaded (a reload after someone else's change brings its new tags), with
   * the person's privileges on it when `check` is given.
   */
  resource: TagEditorResource;
  /** How the resource is named in sentences: "cluster prod-eu", "pipeline payments/deploy". */
  label: string;
  /**
   * Administrators: show who gains and loses access before saving, and ask when anyone loses.
   * Others (pipelines only) see what the change would do to their own access (`check`), or a
   * warning in words without it.
   */
  previewImpact: boolean;
  /** A dry run of the change on the server, for people who are not administrators. */
  check?: TagChangeChecker;
  /** Saves the change (a PATCH body); a 412 means someone else changed the resource first. */
  save: (change: TagPatch) => Promise<R>;
  /** Loads the resource again, after a 412. */
  reload?: () => Promise<unknown>;
  onSaved: (result: R, change: TagChange) => void;
};

/**
 * Adds and removes the tags of one cluster or pipeline. The change is sent by difference, so a
 * tag someone else added meanwhile stays; when the resource changes under the dialog, the
 * person's additions and removals are applied to its new tags.
 */
export function TagEditorDialog<R>({ open, onClose, label, ...props }: TagEditorDialogProps<R>) {
  const [pending, setPending] = useState(false);
  return (
    <FormDialog open={open} pending={pending} onClose={onClose}>
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>Tags of {label}</DialogTitle>
          {/* Its own component, so that every opening starts from the resource's tags. */}
          <TagEditorForm
            {...props}
            label={label}
            onClose={onClose}
            pending={pending}
            setPending={setPending}
          />
        </>
      )}
    </FormDialog>
  );
}

type TagEditorFormProps<R> = Omit<TagEditorDialogProps<R>, 'open'> & {
  pending: boolean;
  setPending: (pending: boolean) => void;
};

function TagEditorForm<R>({
  resourceType,
  resource,
  label,
  previewImpact,
  check,
  save,
  reload,
  onSaved,
  onClose,
  pending,
  setPending,
}: TagEditorFormProps<R>) {
  const impact = useImpactConfirmation();
  const [base, setBase] = useState(resource.tags);
  const [draft, setDraft] = useState<string[]>([...resource.tags]);
  const [failure, setFailure] = useState<string>();
  const [staleOnSave, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const warningId = useId();

  // The resource changed under the dialog (a reload, a refresh): keep the person's own change.
  if (resource.tags !== base) {
    setDraft(applyTagChange(resource.tags, tagChangeOf(base, draft)));
    setBase(resource.tags);
  }

  const change = tagChangeOf(base, draft);
  const verdict = useTagChangeCheck({
    id: resource.id,
    version: resource.version,
    base,
    held: resource.privileges ?? [],
    change,
    check: previewImpact ? undefined : check,
  });
  const verdictId = useId();
  const checked = !previewImpact && check !== undefined;
  // Someone else changed the resource: found by saving, or already by the check.
  const stale = staleOnSave || verdict.state === 'stale';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setStale(false);
    if (isNoChange(change)) {
      onClose();
      return;
    }
    if (verdict.state === 'refused') return;
    if (previewImpact) {
      const go = await confirmTagChange(
        impact,
        resourceType,
        [{ id: resource.id, tags: applyTagChange(resource.tags, change) }],
        label,
        describeChange(change),
      );
      if (typeof go === 'string') setFailure(go);
      if (go !== true) return;
    }
    setPending(true);
    try {
      const result = await save(tagPatchOf(change));
      onSaved(result, change);
    } catch (error) {
      if (isStale(error)) setStale(true);
      else setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  const onReload = async () => {
    setReloading(true);
    try {
      await reload?.();
      setStale(false);
    } finally {
      setReloading(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <DialogContentText>
            Rules give access by tags: changing them changes who may use {label}.
          </DialogContentText>
          {stale && reload && (
            <ResourceStaleAlert
              what={label}
              onReload={() => void onReload()}
              reloading={reloading}
            />
          )}
          {failure && <Alert severity="error">{failure}</Alert>}
          {!previewImpact && !checked && (
            <Alert id={warningId} severity="warning">
              {MAY_LOSE_ACCESS_WARNING}
            </Alert>
          )}
          <TagAutocomplete
            label="Tags"
            resourceType={resourceType}
            value={draft}
            onChange={setDraft}
            autoFocus
          />
          {checked && <TagChangeVerdict id={verdictId} verdict={verdict} label={label} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="contained"
          loading={pending || impact.isPreviewing}
          disabled={stale || verdict.state === 'refused'}
          aria-describedby={previewImpact ? undefined : checked ? verdictId : warningId}
        >
          Save tags
        </Button>
      </DialogActions>
      {impact.dialog}
    </form>
  );
}
