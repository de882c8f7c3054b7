import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateTeam } from '../api/update-team';
import { useUsers } from '@/entities/users/api/get-users';
import { useDebounced } from '@/lib/use-debounced';

const SEARCH_DEBOUNCE_MS = 250;
const SUGGESTIONS = 10;

/** "Grace Hopper", "Grace Hopper and Alan Turing", "3 people". */
function describePeople(people: User[]): string {
  if (people.length === 1) return people[0]!.name;
  if (people.length === 2) return `${people[0]!.name} and ${people[1]!.name}`;
  return `${people.length} people`;
}

type AddTeamMembersProps = { team: Pick<Team, 'id' | 'name'> };

/**
 * Picks people of the account to add to a team. The suggestions come from the server as the
 * person types (never a preloaded list: an account may have 10,000 people); people already in
 * the team are shown, marked, and cannot be picked again.
 */
export function AddTeamMembers({ team }: AddTeamMembersProps) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const [chosen, setChosen] = useState<User[]>([]);
  const [failure, setFailure] = useState<string>();
  const query = useDebounced(input.trim(), SEARCH_DEBOUNCE_MS);
  const suggestions = useUsers(
    { q: query || undefined, pageSize: SUGGESTIONS, sort: 'name' },
    // Only while the list is open: nothing is asked of the server until someone looks.
    { enabled: open },
  );
  const add = useUpdateTeam();

  const isMember = (person: User) => person.teams.some((ref) => ref.id === team.id);
  const found = suggestions.data?.items ?? [];
  // The chosen people stay among the options (as chips, hidden from the list) whatever the
  // current search finds, so the component always knows them.
  const options = [...chosen, ...found.filter((p) => !chosen.some((c) => c.id === p.id))];
  const searching = suggestions.isFetching || query !== input.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setFailure('Choose at least one person to add.');
      return;
    }
    setFailure(undefined);
    const people = chosen;
    add.mutate(
      { id: team.id, change: { addMemberIds: people.map((person) => person.id) } },
      {
        onSuccess: () => {
          setChosen([]);
          toast.success(`Added ${describePeople(people)} to ${team.name}`);
        },
        onError: (error) => setFailure(`Not added: ${errorMessage(error)}`),
      },
    );
  };

  return (
    <Stack
      component="form"
      noValidate
      onSubmit={submit}
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ alignItems: 'flex-start', maxWidth: 720 }}
    >
      <Autocomplete
        multiple
        fullWidth
        open={open}
        onOpen={() => setOpen(true)}
        onClose={() => setOpen(false)}
        options={options}
        value={chosen}
        onChange={(_event, people) => {
          setChosen(people);
          setFailure(undefined);
        }}
        inputValue={input}
        onInputChange={(_event, text) => setInput(text)}
        // The server has searched already; filtering again here would hide its matches.
        filterOptions={(people) => people}
        filterSelectedOptions
        getOptionLabel={(person) => person.name}
        getOptionKey={(person) => person.id}
        isOptionEqualToValue={(option, value) => option.id === value.id}
        getOptionDisabled={isMember}
        loading={searching}
        loadingText="Searching…"
        noOptionsText={query ? `No one in the account matches “${query}”.` : 'No people found.'}
        renderValue={(people, getItemProps) =>
          people.map((person, index) => {
            const { key, ...itemProps } = getItemProps({ index });
            return <Chip key={key} label={person.name} size="small" {...itemProps} />;
          })
        }
        renderOption={({ key, ...props }, person) => (
          <Box component="li" key={key} {...props}>
            <Box>
              <Typography variant="body2">{person.name}</Typography>
              <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
                {person.email}
                {isMember(person) ? ` · already in ${team.name}` : ''}
              </Typography>
            </Box>
          </Box>
        )}
        renderInput={(params) => (
          <TextField
            {...params}
            label="Add people"
            placeholder={chosen.length === 0 ? 'Search by name or email' : undefined}
            error={failure !== undefined}
            helperText={failure ?? 'Pick one or more people of the account, then add them.'}
          />
        )}
      />
      <Button
        type="submit"
        variant="contained"
        loading={add.isPending}
        sx={{ flexShrink: 0, mt: { sm: 1 } }}
      >
        Add
      </Button>
    </Stack>
  );
}
