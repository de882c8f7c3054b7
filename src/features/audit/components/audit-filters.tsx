import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { SelectField } from '@/components/select-field';
import { useEffect, useState, type ReactNode } from 'react';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  AUDIT_TARGET_TYPES,
  AUDIT_TARGET_TYPE_LABELS,
  auditListQuerySchema,
} from '@contract/audit';
import { PersonPicker, type PersonChoice } from '@/entities/users/components/person-picker';
import { useDebounced } from '@/lib/use-debounced';

/** The filters of the audit log, as they are named in the address (and in the API). */
export const AUDIT_FILTERS = ['actorId', 'action', 'targetType', 'from', 'to'] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditFilterValues = Partial<Record<AuditFilterName, string>>;

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO time as a `datetime-local` input holds it: the person's own clock, to the minute. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What a `datetime-local` input holds (local time) as an ISO time in UTC, or '' for none. */
export function fromLocalInput(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * The time range, from (inclusive) to (exclusive), in the person's own time zone. A change
 * applies once typing pauses or the field is left; a range that ends before it starts is
 * refused in the form, with the API's words, rather than sent.
 */
function TimeRange({
  from,
  to,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (change: { from?: string; to?: string }) => void;
}) {
  const [draft, setDraft] = useState({ from: toLocalInput(from), to: toLocalInput(to) });
  const [applied, setApplied] = useState({ from, to });
  // Follows the address when it changes elsewhere (Back, Clear filters).
  if (applied.from !== from || applied.to !== to) {
    setApplied({ from, to });
    setDraft({ from: toLocalInput(from), to: toLocalInput(to) });
  }

  const range = { from: fromLocalInput(draft.from), to: fromLocalInput(draft.to) };
  const checked = auditListQuerySchema.safeParse({
    from: range.from || undefined,
    to: range.to || undefined,
  });
  const issue = checked.success ? undefined : checked.error.issues[0]?.message;
  const changed = range.from !== (from ?? '') || range.to !== (to ?? '');

  const apply = () => {
    if (issue === undefined && changed) onChange(range);
  };
  const settled = useDebounced(draft, 600);
  useEffect(() => {
    if (settled === draft) apply();
  });

  const field = (which: 'from' | 'to', label: string, error?: string) => (
    <TextField
      type="datetime-local"
      size="small"
      label={label}
      value={draft[which]}
      onChange={(event) => setDraft((current) => ({ ...current, [which]: event.target.value }))}
      onBlur={apply}
      error={error !== undefined}
      helperText={error}
      slotProps={{ inputLabel: { shrink: true } }}
      sx={{ minWidth: 220 }}
    />
  );

  return (
    <>
      {field('from', 'From')}
      {field('to', 'To', issue)}
    </>
  );
}

type AuditFiltersProps = {
  values: AuditFilterValues;
  /** The person the `actorId` filter names, once known. */
  person: PersonChoice | null;
  onChange: (change: AuditFilterValues) => void;
  /** Further controls at the end of the row (the download). */
  children?: ReactNode;
};

/** Filters of the audit log: person, action, target kind and time range; the server applies them. */
export function AuditFilters({ values, person, onChange, children }: AuditFiltersProps) {
  const filtered = AUDIT_FILTERS.some((name) => values[name]);
  return (
    <Stack
      role="search"
      aria-label="Audit log"
      direction="row"
      useFlexGap
      spacing={2}
      sx={{ mb: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <PersonPicker
        value={person}
        onChange={(chosen) => onChange({ actorId: chosen?.id ?? '' })}
        placeholder="Anyone"
        size="small"
      />
      <SelectField
        label="Action"
        value={values.action ?? ''}
        onChange={(action) => onChange({ action })}
        sx={{ minWidth: 200 }}
      >
        <option value="">Any action</option>
        {AUDIT_ACTIONS.map((action) => (
          <option key={action} value={action}>
            {AUDIT_ACTION_LABELS[action]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Target kind"
        value={values.targetType ?? ''}
        onChange={(targetType) => onChange({ targetType })}
        sx={{ minWidth: 200 }}
      >
        <option value="">Any kind</option>
        {AUDIT_TARGET_TYPES.map((type) => (
          <option key={type} value={type}>
            {AUDIT_TARGET_TYPE_LABELS[type]}
          </option>
        ))}
      </SelectField>
      <TimeRange from={values.from} to={values.to} onChange={onChange} />
      {filtered && (
        <Button
          onClick={() => onChange({ actorId: '', action: '', targetType: '', from: '', to: '' })}
          sx={{ height: 40 }}
        >
          Clear filters
        </Button>
      )}
      {children}
    </Stack>
  );
}
