import { zodResolver } from '@hookform/resolvers/zod';
import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { emailDomainSchema, updateAccountSettingsRequestSchema } from '@contract/settings';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { useUpdateAccountSettings } from '../api/update-account-settings';

type FormValues = z.input<typeof updateAccountSettingsRequestSchema>;
type FormOutput = z.output<typeof updateAccountSettingsRequestSchema>;

/**
 * Whether `text` could still become a domain by typing more. An unfinished domain ("exam") is
 * not flagged while the person is typing; a character no domain can hold ("exa mple",
 * "example_com", "a..b") is, at once.
 */
export function couldBecomeDomain(text: string): boolean {
  const value = text.trim().toLowerCase().replace(/^@/, '');
  return (
    /^[a-z0-9.-]*$/.test(value) &&
    value.length <= 253 &&
    !value.startsWith('.') &&
    !value.includes('..') &&
    !/(^|\.)-|-\./.test(value) &&
    value.split('.').every((label) => label.length <= 63)
  );
}

/** What is wrong with the domain typed, or undefined when it can be added. */
function draftIssue(text: string, domains: readonly string[]): string | undefined {
  const parsed = emailDomainSchema.safeParse(text);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Enter a domain.';
  if (domains.includes(parsed.data)) return `${parsed.data} is already in the list.`;
  return undefined;
}

const domainPath = (index: number): Path<FormValues> => `invitationDomains.${index}`;

/**
 * P-1.8: the email domains invitations are limited to, edited as a list (type a domain and add
 * it; remove any with its button) and saved together. Every domain is checked with the
 * contract's schema as it is typed; the server's objections appear against the domain they
 * name.
 */
export function InvitationDomainsForm({ domains }: { domains: string[] }) {
  const listLabelId = useId();
  const update = useUpdateAccountSettings();
  const [failure, setFailure] = useState<string>();
  const [draft, setDraft] = useState('');
  // Whether an unfinished draft is to be judged: after leaving the field or trying to add it.
  const [draftChecked, setDraftChecked] = useState(false);
  const [lastChange, setLastChange] = useState('');
  const draftRef = useRef<HTMLInputElement>(null);
  const removeButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const focusAfterRemove = useRef<number | undefined>(undefined);

  const {
    control,
    handleSubmit,
    setError,
    clearErrors,
    setValue,
    reset,
    formState: { errors, isDirty },
  } = useForm<FormValues, unknown, FormOutput>({
    resolver: zodResolver(updateAccountSettingsRequestSchema),
    // Follows the saved list (after saving, or when it changes elsewhere) unless being edited.
    values: { invitationDomains: domains },
    resetOptions: { keepDirtyValues: true },
  });
  const list = useWatch({ control, name: 'invitationDomains' });

  // A removed domain's button is gone: keep the keyboard in the list rather than lose focus.
  useEffect(() => {
    const index = focusAfterRemove.current;
    if (index === undefined) return;
    focusAfterRemove.current = undefined;
    const next = removeButtons.current[Math.min(index, list.length - 1)];
    (list.length > 0 && next ? next : draftRef.current)?.focus();
  }, [list]);

  const showDraftIssue = draftChecked || !couldBecomeDomain(draft);
  const draftError = showDraftIssue ? draftIssue(draft, list) : undefined;

  const setList = (next: string[], change: string) => {
    setValue('invitationDomains', next, { shouldDirty: true });
    // Errors are kept by position: any change of the list makes them point elsewhere.
    clearErrors('invitationDomains');
    setFailure(undefined);
    setLastChange(change);
  };

  /** Adds the typed domain; the list with it, or undefined when it cannot be added. */
  const addDraft = (): string[] | undefined => {
    setDraftChecked(true);
    if (draftIssue(draft, list) !== undefined) {
      draftRef.current?.focus();
      return undefined;
    }
    const domain = emailDomainSchema.parse(draft);
    const next = [...list, domain];
    setList(next, `Added ${domain}.`);
    setDraft('');
    setDraftChecked(false);
    return next;
  };

  const remove = (index: number) => {
    const domain = list[index];
    focusAfterRemove.current = index;
    setList(
      list.filter((_, i) => i !== index),
      `Removed ${domain}.`,
    );
  };

  const onDraftKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds the domain to the list; saving is the Save button's.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    addDraft();
  };

  const save = (values: FormOutput) => {
    setFailure(undefined);
    update.mutate(values, {
      onSuccess: (saved) => {
        // Not keeping dirty values (the form's resetOptions): the saved list replaces the edit.
        reset({ invitationDomains: saved.invitationDomains }, { keepDirtyValues: false });
        setLastChange('');
        toast.success(
          saved.invitationDomains.length === 0
            ? 'Invitation domains saved: anyone may be invited'
            : 'Invitation domains saved',
        );
      },
      onError: (error) => {
        const fields = [
          ...values.invitationDomains.map((_, i) => domainPath(i)),
          'invitationDomains',
        ];
        setFailure(
          applyServerErrors(error, setError, fields as Path<FormValues>[]) ??
            'Not saved: correct the domains marked below.',
        );
      },
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A domain typed but not yet added is meant to be saved too.
    if (draft.trim() !== '' && !addDraft()) return;
    void handleSubmit(save)();
  };

  const discard = () => {
    reset({ invitationDomains: domains }, { keepDirtyValues: false });
    clearErrors();
    setFailure(undefined);
    setLastChange('');
    // The button goes with the changes: the keyboard goes on from the field.
    draftRef.current?.focus();
  };

  const listError = errors.invitationDomains?.message ?? errors.invitationDomains?.root?.message;

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Typography id={listLabelId}>
        {list.length === 0
          ? 'The list is empty: anyone may be invited, whatever their email domain.'
          : 'Only addresses at these domains may be invited:'}
      </Typography>
      {list.length > 0 && (
        <Box
          component="ul"
          aria-labelledby={listLabelId}
          sx={{ listStyle: 'none', m: 0, p: 0, maxWidth: 560 }}
        >
          {list.map((domain, index) => {
            const error = errors.invitationDomains?.[index]?.message;
            const errorId = `${listLabelId}-error-${index}`;
            return (
              <Box
                component="li"
                key={domain}
                sx={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 1,
                  py: 0.5,
                  pl: 1.5,
                  borderBottom: 1,
                  borderColor: 'divider',
                }}
              >
                <Box sx={{ flex: 1, minWidth: 0 }}>
                  <Typography
                    sx={{
                      fontFamily: 'monospace',
                      overflowWrap: 'anywhere',
                      color: error ? 'error.main' : undefined,
                    }}
                  >
                    {domain}
                  </Typography>
                  {error && (
                    <Typography id={errorId} variant="body2" sx={{ color: 'error.main' }}>
                      {error}
                    </Typography>
                  )}
                </Box>
                <IconButton
                  ref={(element) => {
                    removeButtons.current[index] = element;
                  }}
                  aria-label={`Remove ${domain}`}
                  aria-describedby={error ? errorId : undefined}
                  onClick={() => remove(index)}
                  disabled={update.isPending}
                >
                  <CloseIcon />
                </IconButton>
              </Box>
            );
          })}
        </Box>
      )}
      {listError && (
        <Typography variant="body2" sx={{ color: 'error.main' }}>
          {listError}
        </Typography>
      )}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: 'flex-start', maxWidth: 560 }}
      >
        <TextField
          label="Domain to add"
          value={draft}
          inputRef={draftRef}
          onChange={(event) => {
            setDraft(event.target.value);
            if (event.target.value.trim() === '') setDraftChecked(false);
          }}
          onBlur={() => setDraftChecked(draft.trim() !== '')}
          onKeyDown={onDraftKeyDown}
          error={draftError !== undefined}
          helperText={draftError ?? 'For example example.com. Press Enter or Add domain to add it.'}
          disabled={update.isPending}
          fullWidth
          size="small"
          slotProps={{
            htmlInput: { spellCheck: false, autoCapitalize: 'none', autoComplete: 'off' },
          }}
        />
        <Button variant="outlined" onClick={addDraft} sx={{ flexShrink: 0, height: 40 }}>
          Add domain
        </Button>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button type="submit" variant="contained" loading={update.isPending}>
          Save
        </Button>
        {isDirty && (
          <Button onClick={discard} disabled={update.isPending}>
            Discard changes
          </Button>
        )}
        <Typography role="status" variant="body2" sx={{ color: 'text.secondary' }}>
          {isDirty ? `${lastChange} Not saved yet.`.trim() : ''}
        </Typography>
      </Stack>
    </Stack>
  );
}
