import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import {
  Controller,
  useForm,
  useWatch,
  type FieldError,
  type Path,
  type Resolver,
} from 'react-hook-form';
import {
  ruleInputSchema,
  MAX_RULE_NOTE,
  type ParsedRuleInput,
  type Privilege,
  type RuleInput,
  type ResourceType,
  type RuleWithWarnings,
  type TagMatch,
} from '@contract/access';
import {
  ADMINISTRATOR_ONLY,
  describeRule,
  PRIVILEGES,
  PRIVILEGES_OF,
  withImplied,
} from '@domain/access/rules';
import { isSpecialTag } from '@domain/tags';
import { FormDialog } from '@/components/form/form-dialog';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useCreateRule } from '../api/create-rule';
import { useReplaceRule } from '../api/replace-rule';
import { useImpactConfirmation } from '@/entities/access/components/impact-preview';
import { andList, privilegeMeaning, readImpliedBy } from './privilege-text';
import { TagAutocomplete } from '@/entities/tags/components/tag-autocomplete';
import { TeamPicker, type TeamChoice } from '@/entities/teams/components/team-picker';
import { FormDialogActions } from '@/components/form/form-dialog-actions';
import { FormTextField } from '@/components/form/form-text-field';

const KIND_LABEL: Record<ResourceType, string> = { cluster: 'Clusters', pipeline: 'Pipelines' };

/** The form's values: the rule as the administrator builds it, with the team they chose. */
type RuleFormValues = {
  team: TeamChoice | null;
  resourceType: ResourceType;
  privileges: Privilege[];
  tags: string[];
  /** As chosen; the rule matches any-of unless the match is offered (two tags or more). */
  tagMatch: TagMatch;
  /** Why the rule exists; empty for no note. */
  note: string;
};

const FIELDS = ['team', 'resourceType', 'privileges', 'tags', 'tagMatch', 'note'] as const;

/** Whether the tags leave a choice of any-of or all-of: two or more, none of them special. */
const offersMatch = (tags: readonly string[]) => tags.length >= 2 && !tags.some(isSpecialTag);

/** The rule the form would send: the contract's request body. */
function ruleInputOf(values: RuleFormValues) {
  return {
    teamId: values.team?.id ?? '',
    resourceType: values.resourceType,
    privileges: values.privileges,
    tags: values.tags,
    tagMatch: offersMatch(values.tags) ? values.tagMatch : 'any',
    note: values.note,
  } satisfies RuleInput;
}

/**
 * The form field a problem of the rule belongs to: the request names the team by `teamId`, a
 * preview's problems name the rule inside it (`rule.tags.1`), and a problem of one privilege
 * belongs to the group of check boxes.
 */
function fieldOf(path: string): Path<RuleFormValues> | undefined {
  const field = path.replace(/^rule\./, '');
  const [name] = field.split('.');
  if (name === 'teamId') return 'team';
  if (name === 'privileges') return 'privileges';
  if (name === 'tags') return field as Path<RuleFormValues>;
  return FIELDS.find((known) => known === name);
}

/** The contract's rule schema on the body the form would send, its problems on the fields. */
const bodyResolver = requestBodyResolver<RuleFormValues, ParsedRuleInput>(
  ruleInputSchema,
  ruleInputOf,
);
const ruleResolver: Resolver<RuleFormValues, unknown, ParsedRuleInput> = async (...args) => {
  const result = await bodyResolver(...args);
  const { teamId, ...errors } = result.errors as typeof result.errors & { teamId?: FieldError };
  return teamId ? { values: {}, errors: { ...errors, team: teamId } } : result;
};

/** The first message of a field or of its items (`privileges.2`). */
function messageOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('message' in error && typeof error.message === 'string') return error.message;
  return Object.values(error).map(messageOf).find(Boolean);
}

/** The messages of single tags by their place in the list. */
function tagErrorsOf(error: unknown): Record<number, string> {
  const tagErrors: Record<number, string> = {};
  if (typeof error !== 'object' || error === null) return tagErrors;
  for (const [key, item] of Object.entries(error)) {
    const message = /^\d+$/.test(key) ? messageOf(item) : undefined;
    if (message) tagErrors[Number(key)] = message;
  }
  return tagErrors;
}

type RuleBuilderDialogProps = {
  open: boolean;
  /** The rule to change; absent for a new rule. */
  rule?: RuleWithWarnings;
  /** The kind a new rule starts with (the list the administrator is looking at). */
  initialKind?: ResourceType;
  onClose: () => void;
  /** After saving: the rule as the server answered (number, sentence, warnings). */
  onSaved?: (rule: RuleWithWarnings) => void;
};

/**
 * Writes or changes an access rule: who (a team, never `admins`), what (privileges of the
 * kind; create on its own; cluster create and delete are the administrators'), where (tags, or
 * `untagged` or `*` alone, matched any-of or all-of). It checks the rule as it is built, shows
 * the implied privileges and the sentence the rule will read as, and before saving shows the
 * impact preview, asking for a confirmation when anyone loses access.
 *
 * @example
 * <RuleBuilderDialog open={editing !== undefined} rule={editing} onClose={() => setEditing(undefined)} />
 */
export function RuleBuilderDialog({
  open,
  rule,
  initialKind,
  onClose,
  onSaved,
}: RuleBuilderDialogProps) {
  // From the preview until the save answers, not only while a request is out.
  const [busy, setBusy] = useState(false);
  return (
    <FormDialog open={open} pending={busy} onClose={onClose} maxWidth="md">
      {(titleId) =>
        // Not while it fades out: the rule it showed is gone by then, and a fresh form would
        // take the focus that closing gives back.
        open && (
          <RuleBuilderForm
            key={rule?.id ?? 'new'}
            titleId={titleId}
            rule={rule}
            initialKind={initialKind ?? 'cluster'}
            onClose={onClose}
            onSaved={onSaved}
            onBusy={setBusy}
          />
        )
      }
    </FormDialog>
  );
}

type RuleBuilderFormProps = {
  titleId: string;
  rule: RuleWithWarnings | undefined;
  initialKind: ResourceType;
  onClose: () => void;
  onSaved?: (rule: RuleWithWarnings) => void;
  onBusy: (busy: boolean) => void;
};

function RuleBuilderForm({
  titleId,
  rule,
  initialKind,
  onClose,
  onSaved,
  onBusy,
}: RuleBuilderFormProps) {
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    clearErrors,
    formState: { errors, isSubmitted },
  } = useForm<RuleFormValues, unknown, ParsedRuleInput>({
    resolver: ruleResolver,
    // Each choice is checked as it is made; choices not made yet are pointed out on saving.
    mode: 'onChange',
    defaultValues: {
      team: rule ? { id: rule.team.id, name: rule.team.name } : null,
      resourceType: rule?.resourceType ?? initialKind,
      privileges: rule?.privileges ?? [],
      tags: rule?.tags ?? [],
      tagMatch: rule?.tagMatch ?? 'any',
      note: rule?.note ?? '',
    },
  });
  const values = useWatch({ control }) as RuleFormValues;
  const { team, resourceType: kind, privileges, tags } = values;
  const [failure, setFailure] = useState<string>();
  const impact = useImpactConfirmation();
  const create = useCreateRule();
  const replace = useReplaceRule();
  const saving = create.isPending || replace.isPending;
  const ids = { privileges: useId(), kind: useId(), match: useId(), sentence: useId() };

  const showMatch = offersMatch(tags);
  const administratorOnly = ADMINISTRATOR_ONLY[kind];
  const creating = privileges.includes('create');
  const othersChosen = privileges.some((privilege) => privilege !== 'create');
  const implied = withImplied(privileges).filter((privilege) => !privileges.includes(privilege));
  const impliedBy = readImpliedBy(privileges);
  const problems = {
    team: messageOf(errors.team),
    resourceType: messageOf(errors.resourceType),
    privileges: messageOf(errors.privileges),
    tags: errors.tags?.message,
    tagMatch: messageOf(errors.tagMatch),
  };
  const input = ruleInputOf(values);
  const sentence =
    team && privileges.length > 0 && tags.length > 0
      ? describeRule({ ...input, teamName: team.name })
      : undefined;

  const withPrivilege = (privilege: Privilege, checked: boolean): Privilege[] => {
    if (!checked) return privileges.filter((p) => p !== privilege);
    // Create stands in a rule of its own: choosing it clears the others, and the other way round.
    if (privilege === 'create') return ['create'];
    return PRIVILEGES.filter((p) => p !== 'create' && (p === privilege || privileges.includes(p)));
  };

  // Another kind keeps only the privileges it has and a rule may grant.
  const keepPrivilegesOf = (next: ResourceType) => {
    const kept = privileges.filter(
      (p) => PRIVILEGES_OF[next].includes(p) && !ADMINISTRATOR_ONLY[next].includes(p),
    );
    setValue('privileges', kept, { shouldDirty: true, shouldValidate: isSubmitted });
    if (!isSubmitted) clearErrors('privileges');
  };

  const onSubmit = handleSubmit(async (parsed) => {
    setFailure(undefined);
    onBusy(true);
    try {
      const proceed = await impact.confirm(
        { change: 'save-rule', ...(rule ? { ruleId: rule.id } : {}), rule: parsed },
        {
          title: rule ? `Save rule ${rule.number}?` : 'Save this rule?',
          confirmLabel: 'Save rule',
          show: 'always',
          description: (
            <Typography>
              {rule ? `Rule ${rule.number} will read: ` : 'The new rule will read: '}
              <strong>{sentence}</strong>
            </Typography>
          ),
        },
      );
      if (!proceed) return;
      const saved = rule
        ? await replace.mutateAsync({ id: rule.id, rule: parsed })
        : await create.mutateAsync(parsed);
      toast.success(`Rule ${saved.number} saved: ${saved.sentence}`);
      onSaved?.(saved);
      onClose();
    } catch (error) {
      setFailure(applyServerErrors(error, setError, fieldOf));
    } finally {
      onBusy(false);
    }
  });

  return (
    <>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <DialogTitle id={titleId}>{rule ? `Edit rule ${rule.number}` : 'Write a rule'}</DialogTitle>
        <DialogContent>
          <Stack spacing={3} sx={{ pt: 1 }}>
            {failure && <Alert severity="error">{failure}</Alert>}

            <Controller
              control={control}
              name="team"
              render={({ field }) => (
                <TeamPicker
                  label="Team"
                  value={field.value}
                  onChange={(next) => {
                    setFailure(undefined);
                    field.onChange(next);
                  }}
                  withoutAdmins
                  autoFocus={!rule}
                  error={problems.team}
                  helperText="Who: the members of this team get the privileges. The admins team is not offered: administrators hold every privilege on everything already."
                />
              )}
            />

            <FormControl component="fieldset" error={problems.resourceType !== undefined}>
              <FormLabel component="legend" id={ids.kind}>
                Kind of resource
              </FormLabel>
              <Controller
                control={control}
                name="resourceType"
                render={({ field }) => (
                  <RadioGroup
                    row
                    aria-labelledby={ids.kind}
                    name={field.name}
                    value={field.value}
                    onChange={(event) => {
                      const next = event.target.value as ResourceType;
                      setFailure(undefined);
                      field.onChange(next);
                      keepPrivilegesOf(next);
                    }}
                  >
                    {(['cluster', 'pipeline'] as const).map((option) => (
                      <FormControlLabel
                        key={option}
                        value={option}
                        control={<Radio />}
                        label={KIND_LABEL[option]}
                        disabled={rule !== undefined}
                      />
                    ))}
                  </RadioGroup>
                )}
              />
              <FormHelperText>
                {problems.resourceType ??
                  (rule
                    ? 'A rule keeps its kind: to give access to the other kind, write a new rule.'
                    : 'What the rule is about: a rule covers one kind.')}
              </FormHelperText>
            </FormControl>

            <FormControl
              component="fieldset"
              error={problems.privileges !== undefined}
              aria-describedby={`${ids.privileges}-help`}
            >
              <FormLabel component="legend" id={ids.privileges}>
                Privileges
              </FormLabel>
              <Controller
                control={control}
                name="privileges"
                render={({ field }) => (
                  <Stack>
                    {PRIVILEGES_OF[kind].map((privilege) => {
                      const adminOnly = administratorOnly.includes(privilege);
                      const isImplied = implied.includes(privilege);
                      const excluded = privilege === 'create' ? othersChosen : creating;
                      const meaningId = `${ids.privileges}-${privilege}`;
                      const note = adminOnly
                        ? 'administrators only: no rule can grant it'
                        : isImplied
                          ? `implied by ${andList(impliedBy)}`
                          : privilegeMeaning(privilege, kind);
                      return (
                        <Stack
                          key={privilege}
                          direction="row"
                          sx={{ alignItems: 'center', gap: 1 }}
                        >
                          <FormControlLabel
                            sx={{ minWidth: 150, mr: 0 }}
                            control={
                              <Checkbox
                                checked={privileges.includes(privilege) || isImplied}
                                disabled={
                                  adminOnly ||
                                  isImplied ||
                                  (excluded && !privileges.includes(privilege))
                                }
                                onChange={(event) => {
                                  setFailure(undefined);
                                  field.onChange(withPrivilege(privilege, event.target.checked));
                                }}
                                slotProps={{ input: { 'aria-describedby': meaningId } }}
                              />
                            }
                            label={adminOnly ? `${privilege} (administrators only)` : privilege}
                          />
                          <Typography
                            id={meaningId}
                            variant="body2"
                            sx={{ color: 'text.secondary' }}
                          >
                            {note}
                          </Typography>
                        </Stack>
                      );
                    })}
                  </Stack>
                )}
              />
              <FormHelperText id={`${ids.privileges}-help`} component="div">
                {problems.privileges && <Box sx={{ mb: 0.5 }}>{problems.privileges}</Box>}
                {implied.length > 0 && (
                  <Box sx={{ color: 'text.secondary' }}>
                    Also granted: {andList(implied)}, implied by {andList(impliedBy)} (people can
                    see what they can act on).
                  </Box>
                )}
                {(creating || (kind === 'pipeline' && othersChosen)) && (
                  <Box sx={{ color: 'text.secondary' }}>
                    Create stands in a rule of its own: its tags say which tags a new {kind} may be
                    given, and it grants nothing on existing ones.{' '}
                    {creating
                      ? `To let the team see what it creates, write a second rule with read.`
                      : 'Untick the others to write a create rule.'}
                  </Box>
                )}
                {kind === 'cluster' && (
                  <Box sx={{ color: 'text.secondary' }}>
                    Creating and deleting clusters, and changing their tags, stay with
                    administrators whatever the rules say.
                  </Box>
                )}
              </FormHelperText>
            </FormControl>

            <Stack spacing={1}>
              <Controller
                control={control}
                name="tags"
                render={({ field }) => (
                  <TagAutocomplete
                    label="Tags"
                    resourceType={kind}
                    allowSpecial
                    value={field.value}
                    onChange={(next) => {
                      setFailure(undefined);
                      // The match is checked against the tags it applies to.
                      clearErrors('tagMatch');
                      field.onChange(next);
                    }}
                    tagErrors={tagErrorsOf(errors.tags)}
                    error={problems.tags}
                    max={20}
                  />
                )}
              />
              {showMatch && (
                <FormControl component="fieldset" error={problems.tagMatch !== undefined}>
                  <FormLabel component="legend" id={ids.match}>
                    Match
                  </FormLabel>
                  <Controller
                    control={control}
                    name="tagMatch"
                    render={({ field }) => (
                      <RadioGroup
                        aria-labelledby={ids.match}
                        name={field.name}
                        value={field.value}
                        onChange={(event) => {
                          setFailure(undefined);
                          field.onChange(event.target.value as TagMatch);
                        }}
                      >
                        <FormControlLabel
                          value="any"
                          control={<Radio />}
                          label={`Any of these tags: a ${kind} with at least one of them`}
                        />
                        <FormControlLabel
                          value="all"
                          control={<Radio />}
                          label={`All of these tags: a ${kind} with every one of them`}
                        />
                      </RadioGroup>
                    )}
                  />
                  {problems.tagMatch && <FormHelperText>{problems.tagMatch}</FormHelperText>}
                </FormControl>
              )}
            </Stack>

            <FormTextField
              control={control}
              name="note"
              label="Note (optional)"
              multiline
              minRows={2}
              maxRows={6}
              helperText={`Why this rule exists, for whoever reads it later: a ticket, a person to ask, until when. Shown in the rules list and kept in the audit log; at most ${MAX_RULE_NOTE} characters.`}
            />

            <Box
              component="section"
              aria-labelledby={ids.sentence}
              sx={{ p: 2, bgcolor: 'action.hover', borderRadius: 1 }}
            >
              <Typography id={ids.sentence} variant="subtitle2" component="h3">
                The rule reads
              </Typography>
              <Typography aria-live="polite">
                {sentence ??
                  'Choose a team, at least one privilege and a tag to see the rule as a sentence.'}
              </Typography>
            </Box>
          </Stack>
        </DialogContent>
        <FormDialogActions
          pending={saving || impact.isPreviewing}
          submitLabel="Preview and save"
          onCancel={onClose}
        />
      </form>
      {impact.dialog}
    </>
  );
}
