import AddCircleOutlineIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Impact, Preview, PreviewRequest, ResourceType } from '@contract/access';
import { errorMessage } from '@/lib/api/api-error';
import { usePreviewAccess } from '../api/preview-access';

/** "1 person", "37 people". */
export function peopleCount(count: number): string {
  return count === 1 ? '1 person' : `${count.toLocaleString()} people`;
}

/** "a, b and c", or "a, b and 35 more" when the sample is shorter than the total. */
export function sampleText(names: readonly string[], total: number): string {
  const more = total - names.length;
  if (more > 0) return `${names.join(', ')} and ${more.toLocaleString()} more`;
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function ImpactItem({ impact }: { impact: Impact }) {
  const losing = impact.effect === 'lose';
  const Icon = losing ? RemoveCircleOutlineIcon : AddCircleOutlineIcon;
  const { people, resources, throughRules } = impact;
  return (
    <Box component="li" sx={{ display: 'flex', gap: 1, py: 1, listStyle: 'none' }}>
      <Icon fontSize="small" color={losing ? 'error' : 'success'} sx={{ mt: 0.25 }} aria-hidden />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {impact.sentence}
        </Typography>
        {people.total > 0 && (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            People:{' '}
            {sampleText(
              people.sample.map((person) => person.name),
              people.total,
            )}
          </Typography>
        )}
        {resources.total > 0 && (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {resources.total === 1 ? 'Resource' : 'Resources'}:{' '}
            {sampleText(
              resources.sample.map((resource) => resource.name),
              resources.total,
            )}
          </Typography>
        )}
        {throughRules.length > 0 && (
          <Typography variant="body2" component="div" sx={{ color: 'text.secondary' }}>
            {losing ? 'They had it through:' : 'Through:'}
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {throughRules.map((rule) => (
                <li key={rule.id}>
                  {rule.number > 0 ? `Rule ${rule.number}` : 'The new rule'}: {rule.sentence}
                </li>
              ))}
            </Box>
          </Typography>
        )}
      </Box>
    </Box>
  );
}

type ImpactPreviewProps = {
  preview: Preview;
  /** The level of the "Loses access" / "Gains access" headings (3 inside a dialog). */
  headingLevel?: 2 | 3 | 4;
};

type ImpactSectionProps = {
  heading: 'h2' | 'h3' | 'h4';
  title: string;
  impacts: readonly Impact[];
};

/** One side of the preview (who loses, who gains), left out when it names no one. */
function ImpactSection({ heading, title, impacts }: ImpactSectionProps) {
  if (impacts.length === 0) return null;
  return (
    <Box component="section">
      <Typography variant="subtitle1" component={heading} sx={{ fontWeight: 500 }}>
        {title}
      </Typography>
      <Box component="ul" sx={{ m: 0, p: 0 }}>
        {impacts.map((impact, index) => (
          <ImpactItem key={index} impact={impact} />
        ))}
      </Box>
    </Box>
  );
}

/**
 * What a change would do to people's access, as `POST /api/access/preview` answers: losses
 * first (they are what an administrator must not miss), then gains; each group as a sentence,
 * with samples of the people and resources ("and 35 more") and the rules involved.
 *
 * @example
 * const preview = usePreviewAccess();
 * preview.data && <ImpactPreview preview={preview.data} />
 */
export function ImpactPreview({ preview, headingLevel = 3 }: ImpactPreviewProps) {
  const heading = `h${headingLevel}` as const;
  const losses = preview.impacts.filter((impact) => impact.effect === 'lose');
  const gains = preview.impacts.filter((impact) => impact.effect === 'gain');

  if (preview.impacts.length === 0) {
    return (
      <Alert severity="info" variant="outlined">
        No one gains or loses a privilege through this change.
      </Alert>
    );
  }

  return (
    <Stack spacing={2}>
      <Alert severity={losses.length > 0 ? 'warning' : 'info'} variant="outlined">
        {[
          preview.peopleLosing > 0 && `${peopleCount(preview.peopleLosing)} would lose access`,
          preview.peopleGaining > 0 && `${peopleCount(preview.peopleGaining)} would gain access`,
        ]
          .filter(Boolean)
          .join('; ')}
        . Administrators keep every privilege and are not counted.
      </Alert>
      <ImpactSection heading={heading} title="Who loses access" impacts={losses} />
      <ImpactSection heading={heading} title="Who gains access" impacts={gains} />
    </Stack>
  );
}

type ImpactConfirmDialogProps = {
  open: boolean;
  /** A question that names the change: "Save rule 4?", "Change the tags of cluster prod-eu?". */
  title: string;
  preview: Preview | undefined;
  /** The button that goes ahead: "Save rule", "Save tags", "Delete rule". */
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  /** Shown above the preview: what is about to be done, in other words. */
  children?: ReactNode;
  pending?: boolean;
  /** The change destroys something (a rule): the button is red whoever loses what. */
  destructive?: boolean;
};

/**
 * The preview of a change in a dialog, with its confirmation. When anyone would lose access
 * (`needsConfirmation`), going ahead needs an explicit tick first, and the button says it is
 * destructive; Cancel has focus, so Enter never takes access away by accident.
 *
 * @example
 * <ImpactConfirmDialog open={open} title="Delete rule 4?" preview={preview}
 *   confirmLabel="Delete rule" onConfirm={remove} onClose={() => setOpen(false)} />
 */
export function ImpactConfirmDialog({
  open,
  title,
  preview,
  confirmLabel,
  onConfirm,
  onClose,
  children,
  pending = false,
  destructive = false,
}: ImpactConfirmDialogProps) {
  const titleId = useId();
  const [understood, setUnderstood] = useState(false);
  const [shown, setShown] = useState(open);
  // A new opening asks for the tick again.
  if (open !== shown) {
    setShown(open);
    if (open) setUnderstood(false);
  }
  const needsConfirmation = preview?.needsConfirmation ?? false;
  const losing = preview?.peopleLosing ?? 0;

  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {children}
          {preview && <ImpactPreview preview={preview} />}
          {needsConfirmation && (
            <FormControlLabel
              control={
                <Checkbox
                  checked={understood}
                  onChange={(event) => setUnderstood(event.target.checked)}
                />
              }
              label={`I understand that ${losing > 0 ? peopleCount(losing) : 'some people'} will lose access`}
            />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending} autoFocus>
          Cancel
        </Button>
        <Button
          onClick={onConfirm}
          variant="contained"
          color={needsConfirmation || destructive ? 'error' : 'primary'}
          disabled={needsConfirmation && !understood}
          loading={pending}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export type ImpactConfirmationOptions = {
  /** The dialog's title, a question that names the change. */
  title: string;
  /** The button that goes ahead. */
  confirmLabel: string;
  /** Shown above the preview in the dialog. */
  description?: ReactNode;
  /**
   * When to show the dialog. `always` (rules: the administrator sees even "no one is
   * affected"); `when-affected` (the default: anyone gains or loses); `when-losing` (only when a
   * confirmation is needed). A loss always shows it.
   */
  show?: 'always' | 'when-affected' | 'when-losing';
  /** The change destroys something (deleting a rule): the button is red. */
  destructive?: boolean;
};

type Asking = { preview: Preview; options: ImpactConfirmationOptions };

/**
 * Runs the impact preview of a change and, when it matters, shows it and asks before going
 * ahead. `confirm` resolves `true` when the change may be saved (nobody is affected, or the
 * person confirmed), `false` when they cancelled; it rejects with the API's error when the
 * preview itself fails (a 422 names the fields of the change, as saving would). Render
 * `dialog` somewhere in the component. Used before saving or deleting a rule and before
 * changing the tags of clusters or pipelines.
 *
 * @example
 * const impact = useImpactConfirmation();
 * const saveTags = async (tags: string[]) => {
 *   const request = { change: 'tags', resourceType: 'cluster', resources: [{ id, tags }] } as const;
 *   try {
 *     if (!(await impact.confirm(request, {
 *       title: `Change the tags of cluster ${name}?`,
 *       confirmLabel: 'Save tags',
 *     }))) return;
 *   } catch (error) {
 *     return setFailure(errorMessage(error));
 *   }
 *   update.mutate({ id, tags });
 * };
 * return <>{form}{impact.dialog}</>;
 */
export function useImpactConfirmation() {
  const preview = usePreviewAccess();
  const { mutateAsync } = preview;
  const [asking, setAsking] = useState<Asking>();
  const [open, setOpen] = useState(false);
  const resolver = useRef<((proceed: boolean) => void) | undefined>(undefined);

  const settle = useCallback((proceed: boolean) => {
    resolver.current?.(proceed);
    resolver.current = undefined;
    setOpen(false);
  }, []);

  // Leaving the screen while the dialog is up is a "no".
  useEffect(() => () => resolver.current?.(false), []);

  const confirm = useCallback(
    async (request: PreviewRequest, options: ImpactConfirmationOptions): Promise<boolean> => {
      const result = await mutateAsync(request);
      const show = options.show ?? 'when-affected';
      const quiet =
        !result.needsConfirmation &&
        (show === 'when-losing' || (show === 'when-affected' && result.impacts.length === 0));
      if (quiet) return true;
      resolver.current?.(false);
      return new Promise<boolean>((resolve) => {
        resolver.current = resolve;
        setAsking({ preview: result, options });
        setOpen(true);
      });
    },
    [mutateAsync],
  );

  const dialog = (
    <ImpactConfirmDialog
      open={open}
      title={asking?.options.title ?? ''}
      confirmLabel={asking?.options.confirmLabel ?? 'Save'}
      preview={asking?.preview}
      destructive={asking?.options.destructive}
      onConfirm={() => settle(true)}
      onClose={() => settle(false)}
    >
      {asking?.options.description}
    </ImpactConfirmDialog>
  );

  return {
    /** Previews `request` and asks when needed; see the hook's description. */
    confirm,
    /** The dialog to render. */
    dialog,
    /** True while the preview is being worked out: show it on the button that saves. */
    isPreviewing: preview.isPending,
    /** The last preview, e.g. to show it beside a form too. */
    preview: preview.data,
  };
}

/**
 * Asks to confirm what changing the tags of `resources` does to access, as the tag dialogs do
 * before saving: `true` to save, `false` when the person cancelled, or why the change's effect
 * could not be worked out.
 */
export async function confirmTagChange(
  impact: ReturnType<typeof useImpactConfirmation>,
  resourceType: ResourceType,
  resources: { id: string; tags: string[] }[],
  what: string,
  description: ReactNode,
): Promise<boolean | string> {
  try {
    return await impact.confirm(
      { change: 'tags', resourceType, resources },
      { title: `Change the tags of ${what}?`, confirmLabel: 'Save tags', description },
    );
  } catch (error) {
    return `The effect of this change could not be worked out: ${errorMessage(error)}`;
  }
}
