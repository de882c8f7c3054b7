import type { ReactNode } from 'react';
import { SearchPicker, useSearchField } from '@/components/search-picker';
import { useTeamSearch } from '../api/get-teams';

export type TeamChoice = { id: string; name: string };

type TeamPickerProps = {
  label: string;
  value: TeamChoice | null;
  onChange: (team: TeamChoice | null) => void;
  /** Leave out the built-in `admins` (rules are never written for it, P-2.5). */
  withoutAdmins?: boolean;
  /** Leave out every built-in team (their members follow the access level, not a choice). */
  withoutBuiltIn?: boolean;
  error?: string;
  helperText?: ReactNode;
  size?: 'small' | 'medium';
  autoFocus?: boolean;
  /** Shown while no team is chosen (a filter: "Any team"). */
  placeholder?: string;
};

/**
 * One team of the account, searched on the server as the person types (an account may have
 * hundreds of teams).
 */
export function TeamPicker({
  label,
  value,
  onChange,
  withoutAdmins = false,
  withoutBuiltIn = false,
  error,
  helperText,
  size = 'medium',
  autoFocus = false,
  placeholder,
}: TeamPickerProps) {
  const field = useSearchField(value);
  const teams = useTeamSearch(field.query, { enabled: field.open });
  const found = (teams.data?.items ?? [])
    .filter((team) => !(withoutAdmins && team.builtIn && team.name === 'admins'))
    .filter((team) => !(withoutBuiltIn && team.builtIn))
    .map(({ id, name }) => ({ id, name }));
  return (
    <SearchPicker
      field={field}
      found={found}
      fetching={teams.isFetching}
      value={value}
      onChange={onChange}
      searchText={(team) => [team.name]}
      noOptionsText={field.query ? `No team matches “${field.query}”.` : 'No teams.'}
      label={label}
      placeholder={placeholder}
      size={size}
      autoFocus={autoFocus}
      error={error}
      helperText={helperText}
      sx={{ minWidth: 220 }}
    />
  );
}
