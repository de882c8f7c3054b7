import { SearchPicker, useSearchField } from '@/components/search-picker';
import { usePeopleSearch } from '../api/search-people';

/** A person as a picker holds one: a filter named in the address may know only id and name. */
export type PersonChoice = { id: string; name: string; email?: string };

type PersonPickerProps = {
  value: PersonChoice | null;
  onChange: (person: PersonChoice | null) => void;
  /** What the empty field stands for ("Anyone" in a filter). */
  placeholder?: string;
  size?: 'small' | 'medium';
};

const SEARCH_DEBOUNCE_MS = 250;

/**
 * One person of the account, searched on the server (by name or email) as the person types:
 * an account may have 10,000 people. The one picker of the console, for the explainer and the
 * audit log's person filter.
 *
 * @example
 * <PersonPicker value={person} onChange={setPerson} placeholder="Anyone" size="small" />
 */
export function PersonPicker({
  value,
  onChange,
  placeholder = 'Search by name or email',
  size = 'medium',
}: PersonPickerProps) {
  const field = useSearchField(value, SEARCH_DEBOUNCE_MS);
  const people = usePeopleSearch(field.query, { enabled: field.open });
  const found: PersonChoice[] = (people.data?.items ?? []).map(({ id, name, email }) => ({
    id,
    name,
    email,
  }));
  return (
    <SearchPicker
      field={field}
      found={found}
      fetching={people.isFetching}
      value={value}
      onChange={onChange}
      searchText={(person) => [person.name, person.email]}
      noOptionsText={
        field.query ? `No one in the account matches “${field.query}”.` : 'No people found.'
      }
      detail={(person) => person.email}
      label="Person"
      placeholder={placeholder}
      size={size}
      sx={{ minWidth: 240, flex: 1 }}
    />
  );
}
