import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TeamListParams } from '@/entities/teams/api/get-teams';
import type { UserListParams } from './get-users';

/**
 * Query keys of the people area: people, teams and SSO providers. The only place they are
 * spelled.
 */
export const peopleKeys = {
  all: ['people'] as const,
  users: () => [...peopleKeys.all, 'users'] as const,
  userList: (params: UserListParams) => [...peopleKeys.users(), 'list', params] as const,
  teams: () => [...peopleKeys.all, 'teams'] as const,
  teamList: (params: TeamListParams) => [...peopleKeys.teams(), 'list', params] as const,
  team: (id: string) => [...peopleKeys.teams(), 'detail', id] as const,
  ssoProviders: () => [...peopleKeys.all, 'sso-providers'] as const,
};

/**
 * A change in the people area. People, teams and SSO providers show each other (a person's
 * row lists their teams and provider, a team counts its members, a provider its people), so
 * any change refreshes the whole area: that is the narrowest prefix that is always right.
 *
 * @example
 * export const useRemoveUser = () => usePeopleMutation(removeUser);
 */
export function usePeopleMutation<TVariables, TData>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  options: { gcTime?: number } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    ...options,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}
