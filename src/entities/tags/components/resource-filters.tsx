import Stack from '@mui/material/Stack';
import type { ResourceType } from '@contract/access';
import { SearchField } from '@/components/search-field';
import { SelectField } from '@/components/select-field';
import { useTags } from '../api/get-tags';

// The tag filter offers the account's most used tags; one beyond them still works from the URL.
const TAGS_OFFERED = 100;
const UNTAGGED = 'untagged';

export type ResourceFilterValues = { q: string; tag?: string; project?: string };

type ResourceFiltersProps = {
  resourceType: ResourceType;
  /** The search region's name: "Clusters". */
  label: string;
  searchLabel: string;
  values: ResourceFilterValues;
  onChange: (change: Partial<ResourceFilterValues>) => void;
  /** Pipelines: a filter by project. */
  withProject?: boolean;
};

/** Search and filters of the cluster and pipeline lists; the server applies them. */
export function ResourceFilters({
  resourceType,
  label,
  searchLabel,
  values,
  onChange,
  withProject = false,
}: ResourceFiltersProps) {
  const tags = useTags({ resourceType, limit: TAGS_OFFERED });
  const offered = (tags.data?.items ?? []).map((item) => item.tag);
  if (values.tag && values.tag !== UNTAGGED && !offered.includes(values.tag)) {
    offered.unshift(values.tag);
  }
  return (
    <Stack role="search" aria-label={label} direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <SearchField label={searchLabel} value={values.q} onSearch={(q) => onChange({ q })} />
      <SelectField
        label="Tag"
        value={values.tag ?? ''}
        onChange={(tag) => onChange({ tag })}
        sx={{ minWidth: 180 }}
      >
        <option value="">Any tags</option>
        <option value={UNTAGGED}>No tags (untagged)</option>
        {offered.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </SelectField>
      {withProject && (
        <SearchField
          label="Project"
          value={values.project ?? ''}
          onSearch={(project) => onChange({ project })}
        />
      )}
    </Stack>
  );
}
