import Stack from '@mui/material/Stack';
import { SelectField } from '@/components/select-field';
import { SearchField } from '@/components/search-field';

export type PeopleFilterValues = { q: string; level?: string; status?: string };

type PeopleFiltersProps = {
  values: PeopleFilterValues;
  onChange: (change: Partial<PeopleFilterValues>) => void;
};

/** Search and filters of the people list; the server applies them. */
export function PeopleFilters({ values, onChange }: PeopleFiltersProps) {
  return (
    <Stack
      role="search"
      aria-label="People"
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ mb: 2 }}
    >
      <SearchField
        label="Search by name or email"
        value={values.q}
        onSearch={(q) => onChange({ q })}
      />
      <SelectField
        label="Access level"
        value={values.level ?? ''}
        onChange={(level) => onChange({ level })}
        sx={{ minWidth: 160 }}
      >
        <option value="">Any level</option>
        <option value="administrator">Administrators</option>
        <option value="user">Users</option>
      </SelectField>
      <SelectField
        label="Status"
        value={values.status ?? ''}
        onChange={(status) => onChange({ status })}
        sx={{ minWidth: 160 }}
      >
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="invited">Invited</option>
      </SelectField>
    </Stack>
  );
}
