import CancelOutlinedIcon from '@mui/icons-material/CancelOutlined';
import CheckCircleOutlinedIcon from '@mui/icons-material/CheckCircleOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { AccessReason, Privilege, ResourceType } from '@contract/access';
import { PRIVILEGES_OF } from '@domain/access/rules';
import { ErrorState, LoadingState } from '@/components/states';
import { useExplanation } from '../api/explain-access';
import { PersonPicker, type PersonChoice } from '@/entities/users/components/person-picker';
import { usePersonById } from '@/entities/users/api/search-people';
import { useResourceChoice, useResourceSearch, type ResourceChoice } from '../api/search-resources';
import { SearchPicker, useSearchField } from '@/components/search-picker';

function ResourcePicker({
  kind,
  value,
  onChange,
}: {
  kind: ResourceType;
  value: ResourceChoice | null;
  onChange: (resource: ResourceChoice | null) => void;
}) {
  const field = useSearchField(value);
  const resources = useResourceSearch(kind, field.query, { enabled: field.open });
  return (
    <SearchPicker
      field={field}
      found={resources.data ?? []}
      fetching={resources.isFetching}
      value={value}
      onChange={onChange}
      searchText={(resource) => [resource.name]}
      noOptionsText={field.query ? `No ${kind} matches “${field.query}”.` : `No ${kind}s.`}
      detail={(resource) =>
        resource.tags.length > 0 ? `Tags: ${resource.tags.join(', ')}` : 'No tags'
      }
      label={kind === 'cluster' ? 'Cluster' : 'Pipeline'}
      sx={{ minWidth: 240, flex: 1 }}
    />
  );
}

const GRANTS: readonly AccessReason['kind'][] = ['administrator', 'rule'];

type AccessExplainerProps = {
  /** Start on this kind and resource (a resource page links here with them). */
  initialType?: ResourceType;
  initialResourceId?: string;
  /** Start with this person chosen (a People row's "Check access" links here with them). */
  initialPersonId?: string;
};

/**
 * "Can this person do this on this resource, and why?": pick a person, a kind, a resource and a
 * privilege; the answer is yes or no with its summary and every reason — the rules that grant
 * it (team, tag), or those that would if the person were in their team or the tags matched.
 *
 * @example
 * <AccessExplainer initialType="cluster" initialResourceId={searchParams.get('explainResource')} />
 * <AccessExplainer initialPersonId={searchParams.get('explainPerson')} />
 */
export function AccessExplainer({
  initialType,
  initialResourceId,
  initialPersonId,
}: AccessExplainerProps) {
  const [pickedPerson, setPerson] = useState<PersonChoice | null | undefined>(undefined);
  // The person named in the address, until another is picked; unknown there: nobody chosen.
  const initialPerson = usePersonById(pickedPerson === undefined ? initialPersonId : undefined);
  const person =
    pickedPerson === undefined
      ? initialPerson.data
        ? {
            id: initialPerson.data.id,
            name: initialPerson.data.name,
            email: initialPerson.data.email,
          }
        : null
      : pickedPerson;
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
