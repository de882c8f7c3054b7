import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import type { Me } from '@contract/me';
import { DisplayNameForm } from './display-name-form';

const LEVEL_NAMES: Record<Me['level'], string> = { administrator: 'Administrator', user: 'User' };

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <Stack direction="row" spacing={1}>
      <Typography component="dt" sx={{ fontWeight: 500, minWidth: 120 }}>
        {term}
      </Typography>
      {children}
    </Stack>
  );
}

/** Who the person is in the account; only the display name is theirs to change. */
export function ProfileDetails({ me }: { me: Me }) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Your details
      </Typography>
      <Stack component="dl" spacing={1} sx={{ m: 0, '& dd': { m: 0 } }}>
        <Detail term="Email">
          <Typography component="dd">{me.email}</Typography>
        </Detail>
        <Detail term="Access level">
          <Typography component="dd">{LEVEL_NAMES[me.level]}</Typography>
        </Detail>
        <Detail term="Teams">
          <Stack component="dd" direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
            {me.teams.map((team) => (
              <Chip key={team.id} label={team.name} size="small" />
            ))}
          </Stack>
        </Detail>
      </Stack>
      <DisplayNameForm name={me.name} />
    </Stack>
  );
}
