import SellIcon from '@mui/icons-material/SellOutlined';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useId, useState } from 'react';
import type { ResourceType } from '@contract/access';
import { LazyTagEditorDialog } from './tag-editor-lazy';
import type { TagEditorResource } from './tag-editor-dialog';
import { TagChips } from '@/entities/tags/components/tag-chips';
import type { TagPatch } from '@/entities/tags/components/tag-change';
import type { TagChangeChecker } from './tag-change-check';

type ResourceTagsSectionProps<R> = {
  resourceType: ResourceType;
  resource: TagEditorResource;
  /** "cluster prod-eu", "pipeline payments/deploy". */
  label: string;
  /** Whether the person may change the tags (clusters: administrators; pipelines: update). */
  canEdit: boolean;
  /** Administrators see the impact preview first; others what `check` says of their change. */
  previewImpact: boolean;
  /** A dry run of the change, for people who are not administrators. */
  check?: TagChangeChecker;
  save: (change: TagPatch) => Promise<R>;
  /** Loads the resource again, after someone else's change (412). */
  reload?: () => Promise<unknown>;
  onSaved: (result: R) => void;
};

/** The tags of a resource on its page, and the editor for people who may change them. */
export function ResourceTagsSection<R>({
  resourceType,
  resource,
  label,
  canEdit,
  previewImpact,
  check,
  save,
  reload,
  onSaved,
}: ResourceTagsSectionProps<R>) {
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  return (
    <Stack
      component="section"
      aria-labelledby={headingId}
      spacing={2}
      sx={{ alignItems: 'flex-start' }}
    >
      <Typography id={headingId} variant="h6" component="h2">
        Tags
      </Typography>
      <TagChips tags={resource.tags} label={`Tags of ${label}`} />
      <Typography variant="body2" sx={{ color: 'text.secondary', maxWidth: 720 }}>
        {resource.tags.length === 0
          ? `Without tags, the rules for untagged ${resourceType}s apply to it.`
          : 'The rules that match these tags apply to it.'}{' '}
        {!canEdit &&
          (resourceType === 'cluster'
            ? 'Only administrators change the tags of a cluster.'
            : 'Changing them needs the update privilege on it.')}
      </Typography>
      {canEdit && (
        <Button variant="outlined" startIcon={<SellIcon />} onClick={() => setEditing(true)}>
          Edit tags
        </Button>
      )}
      <Suspense fallback={null}>
        {editing && (
          <LazyTagEditorDialog
            open
            onClose={() => setEditing(false)}
            resourceType={resourceType}
            resource={resource}
            label={label}
            previewImpact={previewImpact}
            check={check}
            save={save}
            reload={reload}
            onSaved={(result) => {
              setEditing(false);
              onSaved(result);
            }}
          />
        )}
      </Suspense>
    </Stack>
  );
}
