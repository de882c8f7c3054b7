import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Privilege } from '@contract/access';
import { listed } from '@domain/access/rules';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { accessKeys } from '../api/access-keys';
import { isStale } from '@/components/resource-stale-alert';
import { useDebounced } from '@/lib/use-debounced';
import {
  isNoChange,
  tagPatchOf,
  type TagChange,
  type TagPatch,
} from '@/entities/tags/components/tag-change';

/**
 * Asks the server what a tag change would do before it is saved (a dry run): the privileges the
 * person would hold afterwards, or the refusal. The server refuses a change that would give a
 * person who is not an administrator a privilege they do not hold, or tags outside their create
 * rules (403 `tag-escalation`); the console only shows its reason early.
 */
export type TagChangeChecker = (change: TagPatch) => Promise<{ privileges: readonly Privilege[] }>;

export type TagChangeCheck =
  | { state: 'idle' | 'checking' | 'unknown' | 'stale' }
  | { state: 'refused'; reason: string }
  | { state: 'allowed'; lost: Privilege[] };

/** How long the tags must stay unchanged before the server is asked. */
const SETTLE_MS = 300;

/**
 * The server's verdict on `change` to a resource whose tags are `base`, asked once typing settles.
 *
 * @example
 * const verdict = useTagChangeCheck({ id, base: pipeline.tags, held: pipeline.privileges, change, check });
 * if (verdict.state === 'refused') disableSave(verdict.reason);
 */
export function useTagChangeCheck({
  id,
  version,
  base,
  held,
  change,
  check,
}: {
  id: string;
  /** The version the change is based on, when the resource has one. */
  version?: number;
  base: readonly string[];
  held: readonly Privilege[];
  change: TagChange;
  check: TagChangeChecker | undefined;
}): TagChangeCheck {
  // A string, so that an equal change typed again is the same query and the debounce settles.
  const key = JSON.stringify([version, base, change.addTags, change.removeTags]);
  const settled = useDebounced(key, SETTLE_MS);
  const enabled = check !== undefined && !isNoChange(change);
  const query = useQuery({
    queryKey: accessKeys.tagCheck(id, settled),
    queryFn: () => {
      const [, , addTags, removeTags] = JSON.parse(settled) as [
        unknown,
        unknown,
        string[],
        string[],
      ];
      return check!(tagPatchOf({ addTags, removeTags }));
    },
    enabled: enabled && settled === key,
    retry: false,
    gcTime: 0,
    staleTime: Infinity,
  });
  if (!enabled) return { state: 'idle' };
  if (settled !== key || query.isFetching) return { state: 'checking' };
  if (query.error) {
    if (isApiError(query.error, 403) && query.error.problem.code === 'tag-escalation') {
      return { state: 'refused', reason: errorMessage(query.error) };
    }
    return { state: isStale(query.error) ? 'stale' : 'unknown' };
  }
  if (!query.data) return { state: 'checking' };
  const after = query.data.privileges;
  return { state: 'allowed', lost: held.filter((privilege) => !after.includes(privilege)) };
}

/** The verdict in words, under the tags; `id` lets the Save button point at a refusal. */
export function TagChangeVerdict({
  id,
  verdict,
  label,
}: {
  id: string;
  verdict: TagChangeCheck;
  label: string;
}) {
  if (verdict.state === 'refused') {
    return (
      <Alert id={id} severity="error">
        {verdict.reason}
      </Alert>
    );
  }
  if (verdict.state === 'allowed' && verdict.lost.includes('read')) {
    return (
      <Alert id={id} severity="warning">
        After this change you could no longer see {label}: no rule of your teams covers its new
        tags.
      </Alert>
    );
  }
  if (verdict.state === 'allowed' && verdict.lost.length > 0) {
    return (
      <Alert id={id} severity="info">
        After this change you would no longer {listed(verdict.lost, 'or')} {label}.
      </Alert>
    );
  }
  return (
    <Typography id={id} role="status" variant="body2" sx={{ color: 'text.secondary' }}>
      {verdict.state === 'checking'
        ? 'Checking what this change would do…'
        : verdict.state === 'allowed'
          ? 'You keep every privilege you hold on it.'
          : verdict.state === 'unknown'
            ? 'Perimeter could not check this change in advance; it is checked again when you save.'
            : ''}
    </Typography>
  );
}
