import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent } from 'react';
import type { ResourceType } from '@contract/access';
import { applyTagChange } from '@contract/tags';
import { errorMessage } from '@/lib/api/api-error';
import { useImpactConfirmation } from './impact-preview';
import { ResourceStaleAlert, isStale } from '@/components/resource-stale-alert';
import { TagAutocomplete } from './tag-autocomplete';

/** A change of tags by difference: what the person added and took away. */
export type TagChange = { addTags: string[]; removeTags: string[] };

/** The change that turns `before` into `after`. */
export function tagChangeOf(before: readonly string[], after: readonly string[]): TagChange {
  return {
    addTags: after.filter((tag) => !before.includes(tag)),
    removeTags: before.filter((tag) => !after.includes(tag)),
  };
}

/** The change as a PATCH body: only the lists that hold something. */
export type TagPatch = { addTags?: string[]; removeTags?: string[] };

export function tagPatchOf({ addTags, removeTags }: TagChange): TagPatch {
  return {
    ...(addTags.length > 0 ? { addTags } : {}),
    ...(removeTags.length > 0 ? { removeTags } : {}),
  };
}

export const isNoChange = ({ addTags, removeTags }: TagChange) =>
  addTags.length === 0 && removeTags.length === 0;

/**
 * Said instead of a preview to people who are not administrators (the preview is theirs only):
 * a tag change can take a pipeline out of what their rules cover.
 */
export const MAY_LOSE_ACCESS_WARNING =
  'Your access to this pipeline comes from the rules of your teams, which match tags. If no rule of your teams covers the new tags, you may lose access to the pipeline. Perimeter cannot show you who gains or loses access before saving; an administrator can.';

export type TagEditorDialogProps<R> = {
  open: boolean;
  onClose: () => void;
  resourceType: ResourceType;
  /** The resource as last loaded (a reload after someone else's change brings its new tags). */
  resource: { id: string; tags: readonly string[] };
  /** How the resource is named in sentences: "cluster prod-eu", "pipeline payments/deploy". */
  label: string;
  /**
   * Administrators: show who gains and loses access before saving, and ask when anyone loses.
   * Others (pipelines only) are warned in words instead and save straight away.
   */
  previewImpact: boolean;
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
  const titleId = useId();
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Tags of {label}</DialogTitle>
      {/* Its own component, so that every opening starts from the resource's tags. */}
      {open && (
        <TagEditorForm
          {...props}
          label={label}
          onClose={onClose}
          pending={pending}
          setPending={setPending}
        />
      )}
    </Dialog>
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
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const warningId = useId();

  // The resource changed under the dialog (a reload, a refresh): keep the person's own change.
  if (resource.tags !== base) {
    setDraft(applyTagChange(resource.tags, tagChangeOf(base, draft)));
    setBase(resource.tags);
  }

  const change = tagChangeOf(base, draft);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setStale(false);
    if (isNoChange(change)) {
      onClose();
      return;
    }
    if (previewImpact) {
      try {
        const proceed = await impact.confirm(
          {
            change: 'tags',
            resourceType,
            resources: [{ id: resource.id, tags: applyTagChange(resource.tags, change) }],
          },
          {
            title: `Change the tags of ${label}?`,
            confirmLabel: 'Save tags',
            description: describeChange(change),
          },
        );
        if (!proceed) return;
      } catch (error) {
        setFailure(`The effect of this change could not be worked out: ${errorMessage(error)}`);
        return;
      }
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
          {!previewImpact && (
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
          disabled={stale}
          aria-describedby={previewImpact ? undefined : warningId}
        >
          Save tags
        </Button>
      </DialogActions>
      {impact.dialog}
    </form>
  );
}

/** "Adds production; removes staging." */
export function describeChange({ addTags, removeTags }: TagChange): string {
  return [
    addTags.length > 0 && `Adds ${addTags.join(', ')}.`,
    removeTags.length > 0 && `Removes ${removeTags.join(', ')}.`,
  ]
    .filter(Boolean)
    .join(' ');
}
