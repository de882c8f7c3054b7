import CancelOutlinedIcon from '@mui/icons-material/CancelOutlined';
import CheckCircleOutlinedIcon from '@mui/icons-material/CheckCircleOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { AccessReason, Privilege, ResourceType } from '@contract/access';
import { PRIVILEGES_OF } from '@domain/access/rules';
import type { User } from '@contract/users';
import { ErrorState, LoadingState } from '@/components/states';
import { useExplanation } from '../api/explain-access';
import {
  usePeopleSearch,
  useResourceChoice,
  useResourceSearch,
  type ResourceChoice,
} from '../api/search-resources';
import { useDebounced } from './use-debounced';

type PersonChoice = Pick<User, 'id' | 'name' | 'email'>;

const contains = (text: string, ...values: string[]) =>
  values.some((value) => value.toLowerCase().includes(text.toLowerCase()));

function PersonPicker({
  value,
  onChange,
}: {
  value: PersonChoice | null;
  onChange: (person: PersonChoice | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const typed = value && input === value.name ? '' : input.trim();
  const query = useDebounced(typed, 200);
  const people = usePeopleSearch(query, { enabled: open });
  const found: PersonChoice[] = (people.data?.items ?? []).map(({ id, name, email }) => ({
    id,
    name,
    email,
  }));
  const options = value && !found.some((p) => p.id === value.id) ? [value, ...found] : found;
  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={value}
      onChange={(_event, person) => onChange(person)}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      // The server searches; until it answers what was just typed, its last answer is
      // narrowed here, so a stale suggestion is never the one picked.
      filterOptions={(list) =>
        query === typed ? list : list.filter((p) => contains(typed, p.name, p.email))
      }
      getOptionLabel={(person) => person.name}
      getOptionKey={(person) => person.id}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      loading={people.isFetching || query !== typed}
      loadingText="Searching…"
      noOptionsText={query ? `No one matches “${query}”.` : 'No people found.'}
      renderOption={({ key, ...props }, person) => (
        <Box component="li" key={key} {...props}>
          <Box>
            <Typography variant="body2">{person.name}</Typography>
            <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
              {person.email}
            </Typography>
          </Box>
        </Box>
      )}
      sx={{ minWidth: 240, flex: 1 }}
      renderInput={(params) => (
        <TextField {...params} label="Person" placeholder="Search by name or email" />
      )}
    />
  );
}

function ResourcePicker({
  kind,
  value,
  onChange,
}: {
  kind: ResourceType;
  value: ResourceChoice | null;
  onChange: (resource: ResourceChoice | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const typed = value && input === value.name ? '' : input.trim();
  const query = useDebounced(typed, 200);
  const resources = useResourceSearch(kind, query, { enabled: open });
  const found = resources.data ?? [];
  const options = value && !found.some((r) => r.id === value.id) ? [value, ...found] : found;
  const label = kind === 'cluster' ? 'Cluster' : 'Pipeline';
  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={value}
      onChange={(_event, resource) => onChange(resource)}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      filterOptions={(list) =>
        query === typed ? list : list.filter((r) => contains(typed, r.name))
      }
      getOptionLabel={(resource) => resource.name}
      getOptionKey={(resource) => resource.id}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      loading={resources.isFetching || query !== typed}
      loadingText="Searching…"
      noOptionsText={query ? `No ${kind} matches “${query}”.` : `No ${kind}s.`}
      renderOption={({ key, ...props }, resource) => (
        <Box component="li" key={key} {...props}>
          <Box>
            <Typography variant="body2">{resource.name}</Typography>
            <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
              {resource.tags.length > 0 ? `Tags: ${resource.tags.join(', ')}` : 'No tags'}
            </Typography>
          </Box>
        </Box>
      )}
      sx={{ minWidth: 240, flex: 1 }}
      renderInput={(params) => <TextField {...params} label={label} />}
    />
  );
}

const GRANTS: readonly AccessReason['kind'][] = ['administrator', 'rule'];

type AccessExplainerProps = {
  /** Start on this kind and resource (a resource page links here with them). */
  initialType?: ResourceType;
  initialResourceId?: string;
};

/**
 * "Can this person do this on this resource, and why?": pick a person, a kind, a resource and a
 * privilege; the answer is yes or no with its summary and every reason — the rules that grant
 * it (team, tag), or those that would if the person were in their team or the tags matched.
 *
 * @example
 * <AccessExplainer initialType="cluster" initialResourceId={searchParams.get('explainResource')} />
 */
export function AccessExplainer({ initialType, initialResourceId }: AccessExplainerProps) {
  const [person, setPerson] = useState<PersonChoice | null>(null);
  const [kind, setKind] = useState<ResourceType>(initialType ?? 'cluster');
  const [picked, setPicked] = useState<ResourceChoice | null | undefined>(undefined);
  const [privilege, setPrivilege] = useState<Privilege>('read');
  // The resource named in the address, until the person picks another.
  const initial = useResourceChoice(
    initialType ?? 'cluster',
    picked === undefined ? initialResourceId : undefined,
  );
  const resource = picked === undefined ? (initial.data ?? null) : picked;

  const query =
    person && resource
      ? { userId: person.id, resourceType: kind, resourceId: resource.id, privilege }
      : undefined;
  const explanation = useExplanation(query);

  let answer;
  if (!query) {
    answer = (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Choose a person and a {kind} to see whether they may {privilege} it, and why.
      </Typography>
    );
  } else if (explanation.data) {
    const { allowed, summary, reasons } = explanation.data;
    const granting = reasons.filter((reason) => GRANTS.includes(reason.kind));
    const others = reasons.filter((reason) => !GRANTS.includes(reason.kind));
    answer = (
      <Alert
        severity={allowed ? 'success' : 'error'}
        variant="outlined"
        role="status"
        icon={allowed ? <CheckCircleOutlinedIcon /> : <CancelOutlinedIcon />}
        aria-label="Answer"
      >
        <AlertTitle>{allowed ? 'Yes' : 'No'}</AlertTitle>
        <Typography sx={{ mb: 1 }}>{summary}</Typography>
        {granting.length > 0 && (
          <>
            <Typography variant="subtitle2" component="h3">
              Why
            </Typography>
            <Box component="ul" sx={{ mt: 0.5, mb: 1, pl: 2.5 }}>
              {granting.map((reason, index) => (
                <li key={index}>{reason.message}</li>
              ))}
            </Box>
          </>
        )}
        {others.length > 0 && (
          <>
            <Typography variant="subtitle2" component="h3">
              {allowed ? 'Also' : 'Why not'}
            </Typography>
            <Box component="ul" sx={{ mt: 0.5, mb: 0, pl: 2.5 }}>
              {others.map((reason, index) => (
                <li key={index}>{reason.message}</li>
              ))}
            </Box>
          </>
        )}
      </Alert>
    );
  } else if (explanation.error) {
    answer = (
      <ErrorState
        title="The answer could not be worked out."
        error={explanation.error}
        onRetry={() => void explanation.refetch()}
      />
    );
  } else {
    answer = <LoadingState label="Working out the answer" />;
  }

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <PersonPicker value={person} onChange={setPerson} />
        <TextField
          select
          label="Kind"
          value={kind}
          onChange={(event) => {
            const next = event.target.value as ResourceType;
            setKind(next);
            setPicked(null);
            if (!PRIVILEGES_OF[next].includes(privilege)) setPrivilege('read');
          }}
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 140 }}
        >
          <option value="cluster">Cluster</option>
          <option value="pipeline">Pipeline</option>
        </TextField>
        <ResourcePicker key={kind} kind={kind} value={resource} onChange={setPicked} />
        <TextField
          select
          label="Privilege"
          value={privilege}
          onChange={(event) => setPrivilege(event.target.value as Privilege)}
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 140 }}
        >
          {PRIVILEGES_OF[kind].map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </TextField>
      </Stack>
      <Box aria-live="polite">{answer}</Box>
    </Stack>
  );
}
