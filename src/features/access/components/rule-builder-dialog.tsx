import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
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
import { useId, useState, type FormEvent } from 'react';
import type {
  Privilege,
  ResourceType,
  RuleInput,
  RuleWithWarnings,
  TagMatch,
} from '@contract/access';
import {
  ADMINISTRATOR_ONLY,
  describeRule,
  PRIVILEGES,
  PRIVILEGES_OF,
  ruleProblems,
  withImplied,
} from '@domain/access/rules';
import { EVERY_TAG, isSpecialTag, UNTAGGED } from '@domain/tags';
import { toast } from '@/components/toast-store';
import { ApiError, errorMessage } from '@/lib/api/api-error';
import { useCreateRule } from '../api/create-rule';
import { useReplaceRule } from '../api/replace-rule';
import { useImpactConfirmation } from './impact-preview';
import { andList, privilegeMeaning, readImpliedBy } from './privilege-text';
import { TagAutocomplete } from './tag-autocomplete';
import { TeamPicker, type TeamChoice } from './team-picker';

const KIND_LABEL: Record<ResourceType, string> = { cluster: 'Clusters', pipeline: 'Pipelines' };

/** Problems by field: `teamId`, `resourceType`, `privileges`, `tags`, `tags.2`, `tagMatch`. */
type Problems = Record<string, string>;

function problemsOf(list: { path: (string | number)[]; message: string }[]): Problems {
  const problems: Problems = {};
  for (const { path, message } of list) {
    // A problem of one privilege belongs to the group of check boxes.
    const key = path[0] === 'privileges' ? 'privileges' : path.join('.');
    problems[key] ??= message;
  }
  return problems;
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
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>{rule ? `Edit rule ${rule.number}` : 'Write a rule'}</DialogTitle>
      {open && (
        <RuleBuilderForm
          key={rule?.id ?? 'new'}
          rule={rule}
          initialKind={initialKind ?? 'cluster'}
          onClose={onClose}
          onSaved={onSaved}
          onBusy={setBusy}
        />
      )}
    </Dialog>
  );
}

type RuleBuilderFormProps = {
  rule: RuleWithWarnings | undefined;
  initialKind: ResourceType;
  onClose: () => void;
  onSaved?: (rule: RuleWithWarnings) => void;
  onBusy: (busy: boolean) => void;
};

function RuleBuilderForm({ rule, initialKind, onClose, onSaved, onBusy }: RuleBuilderFormProps) {
  const [team, setTeam] = useState<TeamChoice | null>(
    rule ? { id: rule.team.id, name: rule.team.name } : null,
  );
  const [kind, setKind] = useState<ResourceType>(rule?.resourceType ?? initialKind);
  const [privileges, setPrivileges] = useState<Privilege[]>(rule?.privileges ?? []);
  const [tags, setTags] = useState<string[]>(rule?.tags ?? []);
  const [tagMatch, setTagMatch] = useState<TagMatch>(rule?.tagMatch ?? 'any');
  // Missing choices are pointed out once the person tries to save, not while they start.
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<string>();
  const impact = useImpactConfirmation();
  const create = useCreateRule();
  const replace = useReplaceRule();
  const saving = create.isPending || replace.isPending;
  const ids = { privileges: useId(), kind: useId(), match: useId(), sentence: useId() };

  const special = tags.some(isSpecialTag);
  const showMatch = tags.length >= 2 && !special;
  const effectiveMatch: TagMatch = showMatch ? tagMatch : 'any';
  const administratorOnly = ADMINISTRATOR_ONLY[kind];
  const creating = privileges.includes('create');
  const othersChosen = privileges.some((privilege) => privilege !== 'create');
  const implied = withImplied(privileges).filter((privilege) => !privileges.includes(privilege));
  const impliedBy = readImpliedBy(privileges);

  const missing: Problems = {};
  if (attempted) {
    if (!team) missing.teamId = 'Choose a team.';
    if (privileges.length === 0) missing.privileges = 'Choose at least one privilege.';
    if (tags.length === 0) {
      missing.tags = `Choose at least one tag, or ${UNTAGGED}, or ${EVERY_TAG}.`;
    }
  }
  const live = problemsOf(ruleProblems({ resourceType: kind, privileges, tags }));
  const problems: Problems = { ...missing, ...live, ...serverProblems };
  const tagErrors: Record<number, string> = {};
  for (const [key, message] of Object.entries(problems)) {
    const [field, index] = key.split('.');
    if (field === 'tags' && index !== undefined) tagErrors[Number(index)] = message;
  }

  const clear = (...fields: string[]) => {
    setFailure(undefined);
    setServerProblems((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([key]) => !fields.includes(key.split('.')[0]!)),
      ),
    );
  };

  const togglePrivilege = (privilege: Privilege, checked: boolean) => {
    clear('privileges');
    if (!checked) return setPrivileges(privileges.filter((p) => p !== privilege));
    // Create stands in a rule of its own: choosing it clears the others, and the other way round.
    if (privilege === 'create') return setPrivileges(['create']);
    setPrivileges(
      PRIVILEGES.filter((p) => p !== 'create' && (p === privilege || privileges.includes(p))),
    );
  };

  const changeKind = (next: ResourceType) => {
    clear('resourceType', 'privileges');
    setKind(next);
    setPrivileges(
      privileges.filter(
        (p) => PRIVILEGES_OF[next].includes(p) && !ADMINISTRATOR_ONLY[next].includes(p),
      ),
    );
  };

  const sentence =
    team && privileges.length > 0 && tags.length > 0
      ? describeRule({
          teamName: team.name,
          resourceType: kind,
          privileges,
          tags,
          tagMatch: effectiveMatch,
        })
      : undefined;

  const showFailure = (error: unknown) => {
    if (error instanceof ApiError && error.status === 422 && error.fieldErrors.length > 0) {
      const placed: Problems = {};
      let unplaced = false;
      for (const { path, message } of error.fieldErrors) {
        // A preview's errors name the rule inside it: `rule.tags.1`.
        const field = path.replace(/^rule\./, '');
        const key = field.startsWith('privileges') ? 'privileges' : field;
        if (
          ['teamId', 'resourceType', 'privileges', 'tags', 'tagMatch'].includes(key.split('.')[0]!)
        ) {
          placed[key] ??= message;
        } else unplaced = true;
      }
      setServerProblems(placed);
      setFailure(unplaced ? errorMessage(error) : undefined);
    } else {
      setFailure(errorMessage(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setFailure(undefined);
    if (!team || privileges.length === 0 || tags.length === 0 || Object.keys(live).length > 0)
      return;
    const input: RuleInput = {
      teamId: team.id,
      resourceType: kind,
      privileges,
      tags,
      tagMatch: effectiveMatch,
    };
    onBusy(true);
    try {
      const proceed = await impact.confirm(
        { change: 'save-rule', ...(rule ? { ruleId: rule.id } : {}), rule: input },
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
        ? await replace.mutateAsync({ id: rule.id, rule: input })
        : await create.mutateAsync(input);
      toast.success(`Rule ${saved.number} saved: ${saved.sentence}`);
      onSaved?.(saved);
      onClose();
    } catch (error) {
      showFailure(error);
    } finally {
      onBusy(false);
    }
  };

  return (
    <>
      <DialogContent>
        <Stack
          component="form"
          id={ids.sentence + '-form'}
          noValidate
          onSubmit={(event) => void submit(event)}
          spacing={3}
          sx={{ pt: 1 }}
        >
          {failure && <Alert severity="error">{failure}</Alert>}

          <TeamPicker
            label="Team"
            value={team}
            onChange={(next) => {
              clear('teamId');
              setTeam(next);
            }}
            withoutAdmins
            autoFocus={!rule}
            error={problems.teamId}
            helperText="Who: the members of this team get the privileges. The admins team is not offered: administrators hold every privilege on everything already."
          />

          <FormControl component="fieldset" error={problems.resourceType !== undefined}>
            <FormLabel component="legend" id={ids.kind}>
              Kind of resource
            </FormLabel>
            <RadioGroup
              row
              aria-labelledby={ids.kind}
              value={kind}
              onChange={(event) => changeKind(event.target.value as ResourceType)}
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
                  <Stack key={privilege} direction="row" sx={{ alignItems: 'center', gap: 1 }}>
                    <FormControlLabel
                      sx={{ minWidth: 150, mr: 0 }}
                      control={
                        <Checkbox
                          checked={privileges.includes(privilege) || isImplied}
                          disabled={
                            adminOnly || isImplied || (excluded && !privileges.includes(privilege))
                          }
                          onChange={(event) => togglePrivilege(privilege, event.target.checked)}
                          slotProps={{ input: { 'aria-describedby': meaningId } }}
                        />
                      }
                      label={adminOnly ? `${privilege} (administrators only)` : privilege}
                    />
                    <Typography id={meaningId} variant="body2" sx={{ color: 'text.secondary' }}>
                      {note}
                    </Typography>
                  </Stack>
                );
              })}
            </Stack>
            <FormHelperText id={`${ids.privileges}-help`} component="div">
              {problems.privileges && <Box sx={{ mb: 0.5 }}>{problems.privileges}</Box>}
              {implied.length > 0 && (
                <Box sx={{ color: 'text.secondary' }}>
                  Also granted: {andList(implied)}, implied by {andList(impliedBy)} (people can see
                  what they can act on).
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
                  Creating and deleting clusters, and changing their tags, stay with administrators
                  whatever the rules say.
                </Box>
              )}
            </FormHelperText>
          </FormControl>

          <Stack spacing={1}>
            <TagAutocomplete
              label="Tags"
              resourceType={kind}
              allowSpecial
              value={tags}
              onChange={(next) => {
                clear('tags', 'tagMatch');
                setTags(next);
              }}
              tagErrors={tagErrors}
              error={problems.tags}
              max={20}
            />
            {showMatch && (
              <FormControl component="fieldset" error={problems.tagMatch !== undefined}>
                <FormLabel component="legend" id={ids.match}>
                  Match
                </FormLabel>
                <RadioGroup
                  aria-labelledby={ids.match}
                  value={tagMatch}
                  onChange={(event) => {
                    clear('tagMatch');
                    setTagMatch(event.target.value as TagMatch);
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
                {problems.tagMatch && <FormHelperText>{problems.tagMatch}</FormHelperText>}
              </FormControl>
            )}
          </Stack>

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
      <DialogActions>
        <Button onClick={onClose} disabled={saving || impact.isPreviewing}>
          Cancel
        </Button>
        <Button
          type="submit"
          form={ids.sentence + '-form'}
          variant="contained"
          loading={saving || impact.isPreviewing}
        >
          Preview and save
        </Button>
      </DialogActions>
      {impact.dialog}
    </>
  );
}
