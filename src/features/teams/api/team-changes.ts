import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';
import { teamKeys } from '@/entities/teams/api/team-keys';
import { userKeys } from '@/entities/users/api/user-keys';

/**
 * What a change to a team refreshes: the teams, the people (each row lists their teams), and
 * everything the rules decide: every rule names its team, holders are the teams' members, and
 * deleting a team deletes its rules.
 */
export const TEAM_CHANGES = [teamKeys.all, userKeys.all, ...ACCESS_RESOURCES] as const;
