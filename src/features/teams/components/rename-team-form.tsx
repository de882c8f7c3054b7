import { teamNameSchema, type Team } from '@contract/teams';
import { RenameForm } from '@/components/form/rename-form';
import { useUpdateTeam } from '../api/update-team';
import { TEAM_NAME_HINT } from './create-team-dialog';

/** The name of a team that is not built in, checked as it is typed and again on the server. */
export function RenameTeamForm({ team }: { team: Pick<Team, 'id' | 'name'> }) {
  const update = useUpdateTeam();
  return (
    <RenameForm
      label="Team name"
      hint={TEAM_NAME_HINT}
      nameSchema={teamNameSchema}
      current={team.name}
      isSaving={update.isPending}
      save={async (name) => (await update.mutateAsync({ id: team.id, change: { name } })).name}
      savedMessage={(name) => `Team renamed to ${name}`}
    />
  );
}
