import Button from '@mui/material/Button';
import { useState } from 'react';
import type { Team } from '@contract/teams';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useDeleteTeam } from '../api/delete-team';

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

/** Deletes a team that is not built in, after a confirmation that names it. */
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
        {/* Access rules arrive with issue 4; until then a team grants nothing, so deleting one
            takes away only the grouping. Say which rules go with it once rules exist. */}
        The team <strong>{team.name}</strong> will be deleted. {whatHappensToMembers(team)}
        This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
