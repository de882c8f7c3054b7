import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode, type Ref } from 'react';
import type { ResourceType } from '@contract/access';
import {
  EVERY_TAG,
  isSpecialTag,
  MAX_TAGS_PER_RESOURCE,
  tagProblem,
  UNTAGGED,
  type SpecialTag,
} from '@domain/tags';
import { useTags } from '../api/get-tags';
import { useDebounced } from '@/lib/use-debounced';

const SEARCH_DEBOUNCE_MS = 200;
const SUGGESTIONS = 20;

const KIND_PLURAL: Record<ResourceType, string> = { cluster: 'clusters', pipeline: 'pipelines' };

/** What the two special tags of a rule mean (P-2.3), in the words the field shows. */
export function specialTagMeaning(tag: SpecialTag, resourceType?: ResourceType): string {
  const plural = resourceType ? KIND_PLURAL[resourceType] : 'resources';
  return tag === UNTAGGED
    ? `${plural} that carry no tag at all`
    : `every ${resourceType ?? 'resource'}, whatever its tags`;
}

/** The label of a chosen tag: special ones say what they mean, so nobody reads `*` as a tag. */
function chipLabel(tag: string, allowSpecial: boolean, resourceType?: ResourceType): string {
  if (!allowSpecial || !isSpecialTag(tag)) return tag;
  return tag === UNTAGGED ? 'untagged (no tags)' : `* (every ${resourceType ?? 'resource'})`;
}

export type TagAutocompleteProps = {
  /** The field's visible label (and accessible name), e.g. "Tags". */
  label: string;
  value: readonly string[];
  onChange: (tags: string[]) => void;
  /** Suggest the tags used on this kind only; all kinds when absent. */
  resourceType?: ResourceType;
  /**
   * For rules: also offer the special `untagged` and `*`, with what they mean. Resources never
   * carry them, so a tag field of a cluster or pipeline leaves this off and refuses them.
   */
  allowSpecial?: boolean;
  /** A problem with the field as a whole (a form's or the server's). */
  error?: string;
  /** Problems of single tags, by their index in `value` (from `ruleProblems`, or a 422). */
  tagErrors?: Readonly<Record<number, string>>;
  /** Shown under the field while there is nothing wrong. */
  helperText?: ReactNode;
  /** How many tags the field takes (50 for a resource, as the API allows). */
  max?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onBlur?: () => void;
};

type Message = { key: string; text: string };

/**
 * A multi-value tag field: suggestions from `GET /api/tags` as the person types, free entry of
 * new tags (Enter, a comma, or leaving the field), and every tag checked with `tagProblem` as it
 * is typed, so a tag the server would refuse is explained before anything is sent. A tag that
 * is wrong is not added; a wrong tag already in `value` shows as such, with its reason.
 *
 * @example
 * const [tags, setTags] = useState<string[]>(cluster.tags);
 * <TagAutocomplete label="Tags" resourceType="cluster" value={tags} onChange={setTags} />
 *
 * @example
 * // In a rule: `untagged` and `*` are offered and explained.
 * <TagAutocomplete label="Tags" resourceType="pipeline" allowSpecial value={tags}
 *   onChange={setTags} tagErrors={{ 1: 'untagged stands alone in a rule…' }} />
 */
export function TagAutocomplete({
  label,
  value,
  onChange,
  resourceType,
  allowSpecial = false,
  error,
  tagErrors = {},
  helperText,
  max = MAX_TAGS_PER_RESOURCE,
  disabled = false,
  autoFocus = false,
  inputRef,
  onBlur,
}: TagAutocompleteProps) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const typed = input.trim();
  const query = useDebounced(typed, SEARCH_DEBOUNCE_MS);
  const suggestions = useTags(
    { resourceType, q: query || undefined, limit: SUGGESTIONS },
    // Nothing is asked of the server until someone opens the list.
    { enabled: open && !disabled },
  );
  const usage = new Map((suggestions.data?.items ?? []).map((item) => [item.tag, item.resources]));

  const specials: string[] = allowSpecial
    ? [UNTAGGED, EVERY_TAG].filter((tag) => !typed || tag.startsWith(typed))
    : [];
  const options = [
    ...specials,
    ...[...usage.keys()].filter((tag) => !isSpecialTag(tag) && !value.includes(tag)),
  ];

  /** Why `tag` cannot be added here, or undefined when it can. */
  const problemOf = (tag: string): string | undefined => {
    if (allowSpecial && isSpecialTag(tag)) return undefined;
    return tagProblem(tag);
  };
  const typingProblem = typed ? problemOf(typed) : undefined;

  const add = (raw: string): boolean => {
    const tag = raw.trim();
    if (!tag) return true;
    const problem =
      problemOf(tag) ??
      (value.includes(tag) ? `${tag} is already chosen.` : undefined) ??
      (value.length >= max ? `At most ${max} tags.` : undefined);
    if (problem) {
      setRefusal(problem);
      return false;
    }
    setRefusal(undefined);
    setInput('');
    onChange([...value, tag]);
    return true;
  };

  const messages: Message[] = [];
  if (typingProblem) messages.push({ key: 'typing', text: `${typed}: ${typingProblem}` });
  else if (refusal && typed) messages.push({ key: 'refusal', text: refusal });
  value.forEach((tag, index) => {
    const problem = tagErrors[index] ?? problemOf(tag);
    if (problem) messages.push({ key: `tag-${index}`, text: `${tag}: ${problem}` });
  });
  if (error) messages.push({ key: 'field', text: error });
  const invalid = messages.length > 0;

  const specialHelp = allowSpecial ? (
    <>
      Type a tag and press Enter. <strong>untagged</strong> means{' '}
      {specialTagMeaning(UNTAGGED, resourceType)}; <strong>*</strong> means{' '}
      {specialTagMeaning(EVERY_TAG, resourceType)}. Either stands alone in a rule.
    </>
  ) : (
    'Type a tag and press Enter: lowercase letters, digits, hyphens, dots, colons, underscores.'
  );

  return (
    <Autocomplete
      multiple
      freeSolo
      fullWidth
      disabled={disabled}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={[...value]}
      inputValue={input}
      onInputChange={(_event, text, reason) => {
        // The field owns its text: MUI's own resets (after a choice) are done in `onChange`,
        // so that a refused tag stays in the box to be corrected.
        if (reason === 'input') {
          // A comma ends a tag, as people type lists.
          if (text.endsWith(',')) {
            add(text.slice(0, -1));
            return;
          }
          setRefusal(undefined);
          setInput(text);
        } else if (reason === 'clear') setInput('');
      }}
      onChange={(_event, tags, reason, details) => {
        if (reason === 'createOption' || reason === 'selectOption') {
          if (details?.option !== undefined) add(details.option);
          return;
        }
        setRefusal(undefined);
        onChange(tags);
      }}
      // The server has searched already; the special tags were filtered above.
      filterOptions={(found) => found}
      loading={suggestions.isFetching || query !== typed}
      loadingText="Looking for tags…"
      noOptionsText={
        typed ? `No tag starts with “${typed}” yet: press Enter to add it.` : 'No tags yet.'
      }
      renderValue={(tags, getItemProps) =>
        tags.map((tag, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          const problem = tagErrors[index] ?? problemOf(tag);
          return (
            <Chip
              key={key}
              size="small"
              label={chipLabel(tag, allowSpecial, resourceType)}
              color={problem ? 'error' : 'default'}
              icon={problem ? <ErrorOutlineIcon aria-label="Not valid" /> : undefined}
              {...itemProps}
            />
          );
        })
      }
      renderOption={({ key, ...props }, tag) => {
        const special = allowSpecial && isSpecialTag(tag);
        const count = usage.get(tag);
        return (
          <Box component="li" key={key} {...props}>
            <Box>
              <Typography variant="body2">{tag}</Typography>
              <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
                {special
                  ? `Special: ${specialTagMeaning(tag as SpecialTag, resourceType)}`
                  : count === undefined
                    ? 'New tag'
                    : `On ${count.toLocaleString()} ${count === 1 ? (resourceType ?? 'resource') : resourceType ? KIND_PLURAL[resourceType] : 'resources'}`}
              </Typography>
            </Box>
          </Box>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          autoFocus={autoFocus}
          inputRef={inputRef}
          error={invalid}
          placeholder={value.length === 0 ? 'Type a tag' : undefined}
          onBlur={() => {
            // A tag typed and not yet entered is what the person meant: keep it when it is valid.
            if (typed && !typingProblem) add(typed);
            onBlur?.();
          }}
          onKeyDown={(event) => {
            // Enter on a wrong tag: explain and keep it, rather than let the field swallow it.
            if (event.key === 'Enter' && typed && typingProblem) {
              (event as unknown as { defaultMuiPrevented: boolean }).defaultMuiPrevented = true;
              event.preventDefault();
              setRefusal(typingProblem);
            }
          }}
          slotProps={{
            ...params.slotProps,
            formHelperText: { component: 'div' } as never,
          }}
          helperText={
            invalid ? (
              <Box component="ul" sx={{ m: 0, pl: 2 }}>
                {messages.map((message) => (
                  <li key={message.key}>{message.text}</li>
                ))}
              </Box>
            ) : (
              (helperText ?? specialHelp)
            )
          }
        />
      )}
    />
  );
}
