import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Team } from '@contract/teams';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useDeleteTeam } from '../api/delete-team';
import { useTeamRules } from '@/entities/rules/api/get-team-rules';

type DeleteTeamButtonProps = {
  team: Pick<Team, 'id' | 'name' | 'memberCount'>;
  /** The team is gone: take the person somewhere that still exists. */
  onDeleted: () => void;
};

/** What happens to the team's people: they stay (P-1.7: people belong to the account). */
function whatHappensToMembers({ name, memberCount }: DeleteTeamButtonProps['team']): string {
  if (memberCount === 0) return 'It has no members.';
  if (memberCount === 1)
    return `Its one member stays in the account and keeps their other teams; only their membership of ${name} ends.`;
  return `Its ${memberCount.toLocaleString()} members stay in the account and keep their other teams; only their membership of ${name} ends.`;
}

/** The access rules written for the team, which go with it. */
function TeamRules({ team, open }: { team: DeleteTeamButtonProps['team']; open: boolean }) {
  const rules = useTeamRules(team.id, { enabled: open });
  if (rules.isPending) {
    return <Typography sx={{ mt: 2 }}>Looking for the access rules of {team.name}…</Typography>;
  }
  if (rules.error) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        The access rules of {team.name} could not be listed: any rule written for the team is
        deleted with it, and its members lose what those rules gave them.
      </Alert>
    );
  }
  const { items, total } = rules.data;
  if (total === 0) {
    return <Typography sx={{ mt: 2 }}>No access rule is written for {team.name}.</Typography>;
  }
  return (
    <Box sx={{ mt: 2 }}>
      <Typography>
        {total === 1
          ? 'This access rule is deleted with it'
          : `These ${total.toLocaleString()} access rules are deleted with it`}
        , and the members lose what {total === 1 ? 'it gave' : 'they gave'} them through {team.name}
        :
      </Typography>
      <Box component="ul" aria-label={`Rules of ${team.name}`} sx={{ my: 1, pl: 2.5 }}>
        {items.map((rule) => (
          <li key={rule.id}>
            Rule {rule.number}: {rule.sentence}
          </li>
        ))}
      </Box>
      {total > items.length && (
        <Typography>and {(total - items.length).toLocaleString()} more.</Typography>
      )}
    </Box>
  );
}

/**
 * Deletes a team that is not built in, after a confirmation that names it and lists the access
 * rules that are deleted with it.
 */
export function DeleteTeamButton({ team, onDeleted }: DeleteTeamButtonProps) {
  const remove = useDeleteTeam();
  const [open, setOpen] = useState(false);

  const confirm = () =>
    remove.mutate(team.id, {
      onSuccess: () => {
        toast.success(`Team ${team.name} deleted`);
        onDeleted();
      },
      onError: (error) => {
        setOpen(false);
        toast.error(`Team ${team.name} not deleted: ${errorMessage(error)}`);
      },
    });

  return (
    <>
      <Button color="error" variant="outlined" onClick={() => setOpen(true)}>
        Delete team
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete team ${team.name}?`}
        confirmLabel="Delete team"
        pending={remove.isPending}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      >
        The team <strong>{team.name}</strong> will be deleted. {whatHappensToMembers(team)}
        <TeamRules team={team} open={open} />
        <Typography sx={{ mt: 2 }}>This cannot be undone.</Typography>
      </ConfirmDialog>
    </>
  );
}
