import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { ReactNode } from 'react';
import { SearchField } from '@/components/search-field';

export type PeopleFilterValues = { q: string; level?: string; status?: string };

type PeopleFiltersProps = {
  values: PeopleFilterValues;
  onChange: (change: Partial<PeopleFilterValues>) => void;
};

function FilterSelect({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 160 }}
    >
      {children}
    </TextField>
  );
}

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
      <FilterSelect
        label="Access level"
        value={values.level}
        onChange={(level) => onChange({ level })}
      >
        <option value="">Any level</option>
        <option value="administrator">Administrators</option>
        <option value="user">Users</option>
      </FilterSelect>
      <FilterSelect
        label="Status"
        value={values.status}
        onChange={(status) => onChange({ status })}
      >
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="invited">Invited</option>
      </FilterSelect>
    </Stack>
  );
}
