import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { ResourceType } from '@contract/access';
import { PRIVILEGES_OF } from '@domain/access/rules';
import { EVERY_TAG, UNTAGGED } from '@domain/tags';
import { useTags } from '@/entities/tags/api/get-tags';
import { useTeamById } from '@/entities/teams/api/get-team';
import { TeamPicker } from '@/entities/teams/components/team-picker';
import { useDebounced } from '@/lib/use-debounced';

export type RuleFilterValues = { teamId?: string; tag?: string; privilege?: string };

type RuleFiltersProps = {
  kind: ResourceType;
  values: RuleFilterValues;
  onChange: (change: Partial<Record<'teamId' | 'tag' | 'privilege', string>>) => void;
};

function TagFilter({
  kind,
  value,
  onChange,
}: {
  kind: ResourceType;
  value: string | undefined;
  onChange: (tag: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState(value ?? '');
  const typed = input.trim() === (value ?? '') ? '' : input.trim();
  const query = useDebounced(typed, 200);
  const tags = useTags({ resourceType: kind, q: query || undefined, limit: 20 }, { enabled: open });
  const options = [
    UNTAGGED,
    EVERY_TAG,
    ...(tags.data?.items ?? []).map((item) => item.tag).filter((tag) => tag !== UNTAGGED),
  ];
  return (
    <Autocomplete
      freeSolo
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={value ?? null}
      onChange={(_event, tag) => onChange((tag ?? '').trim())}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      filterOptions={(found) => found.filter((tag) => !typed || tag.startsWith(typed))}
      getOptionLabel={(tag) => (tag === UNTAGGED ? 'untagged' : tag === EVERY_TAG ? '*' : tag)}
      size="small"
      sx={{ minWidth: 200 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Tag"
          placeholder="Any tag"
          slotProps={{
            ...params.slotProps,
            inputLabel: { ...params.slotProps.inputLabel, shrink: true },
          }}
        />
      )}
    />
  );
}

/**
 * Filters of the rules list: a team, a tag a rule names (`untagged` and `*` too) and a
 * privilege it grants (named or implied). The list applies them on the server.
 */
export function RuleFilters({ kind, values, onChange }: RuleFiltersProps) {
  const team = useTeamById(values.teamId);
  const teamChoice = values.teamId ? { id: values.teamId, name: team.data?.name ?? '…' } : null;
  return (
    <Stack role="search" aria-label="Rules" direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <TeamPicker
        label="Team"
        placeholder="Any team"
        size="small"
        value={teamChoice}
        onChange={(chosen) => onChange({ teamId: chosen?.id ?? '' })}
      />
      <TagFilter
        key={values.tag ?? ''}
        kind={kind}
        value={values.tag}
        onChange={(tag) => onChange({ tag })}
      />
      <TextField
        select
        size="small"
        label="Privilege"
        value={values.privilege ?? ''}
        onChange={(event) => onChange({ privilege: event.target.value })}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        sx={{ minWidth: 160 }}
      >
        <option value="">Any privilege</option>
        {PRIVILEGES_OF[kind].map((privilege) => (
          <option key={privilege} value={privilege}>
            {privilege}
          </option>
        ))}
      </TextField>
    </Stack>
  );
}
