import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { teamCreationRefusal } from '@contract/teams';
import { Page } from '@/components/page';
import { toast } from '@/components/toast-store';
import { teamPath } from '@/config/links';
import { CreateTeamDialog } from '@/features/teams/components/create-team-dialog';
import { TeamsTable } from '@/features/teams/components/teams-table';
import { useMe } from '@/entities/me/api/get-me';

/** The Teams screen: the account's teams, and creating one where the plan allows it. */
export function Component() {
  // The shell loaded the signed-in person (and so the plan) before showing any screen.
  const { data: me } = useMe();
  const refusal = me ? teamCreationRefusal(me.account.plan) : undefined;
  const refusalId = useId();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();

  const create = (
    <Stack spacing={1} sx={{ alignItems: { sm: 'flex-end' }, maxWidth: { sm: 420 } }}>
      <Button
        variant="contained"
        startIcon={<AddIcon />}
        disabled={refusal !== undefined}
        aria-describedby={refusal ? refusalId : undefined}
        onClick={() => setCreating(true)}
        sx={{ flexShrink: 0 }}
      >
        Create team
      </Button>
      {/* In words beside the button, not only a tooltip: a disabled button takes no focus. */}
      {refusal && (
        <Typography
          id={refusalId}
          variant="body2"
          sx={{ color: 'text.secondary', textAlign: { sm: 'right' } }}
        >
          {refusal}
        </Typography>
      )}
    </Stack>
  );

  return (
    <Page title="Teams">
      <TeamsTable actions={create} />
      <CreateTeamDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(team) => {
          setCreating(false);
          toast.success(`Team ${team.name} created`);
          void navigate(teamPath(team.id));
        }}
      />
    </Page>
  );
}
