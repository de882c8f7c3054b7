import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState, type ReactNode } from 'react';

/**
 * Rows chosen for a bulk action. The choice outlives paging, searching and filtering (pick a few
 * on one page, a few on the next); the rows are the latest the list has shown, so a bulk change
 * is based on what is on screen (a pipeline's version included).
 *
 * @example
 * const selection = useRowSelection(pipelines.data?.items);
 * selection.toggle(pipeline, true);
 * tag.mutate({ pipelines: selection.rows, addTags: ['qa'], removeTags: [] });
 */
export function useRowSelection<T extends { id: string }>(shown: readonly T[] | undefined) {
  const [chosen, setChosen] = useState<ReadonlyMap<string, T>>(new Map());

  const rows = useMemo(() => {
    const latest = new Map((shown ?? []).map((row) => [row.id, row]));
    return [...chosen.values()].map((row) => latest.get(row.id) ?? row);
  }, [chosen, shown]);

  const change = useCallback((items: readonly T[], selected: boolean) => {
    setChosen((current) => {
      const next = new Map(current);
      for (const item of items) {
        if (selected) next.set(item.id, item);
        else next.delete(item.id);
      }
      return next;
    });
  }, []);

  return {
    /** The chosen rows, as last shown. */
    rows,
    count: chosen.size,
    isSelected: (id: string) => chosen.has(id),
    toggle: (row: T, selected: boolean) => change([row], selected),
    /** Chooses or drops several rows at once (a page). */
    change,
    /** Drops rows by id, e.g. those a bulk change has dealt with. */
    drop: (ids: readonly string[]) =>
      setChosen((current) => {
        const next = new Map(current);
        for (const id of ids) next.delete(id);
        return next;
      }),
    clear: () => setChosen(new Map()),
  };
}

export type RowSelection<T extends { id: string }> = ReturnType<typeof useRowSelection<T>>;

type SelectionCheckboxProps = {
  /** "Select prod-eu". */
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
};

/** The checkbox of one row, named after the row. */
export function SelectionCheckbox({ label, checked, onChange, disabled }: SelectionCheckboxProps) {
  return (
    <Checkbox
      size="small"
      checked={checked}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
      slotProps={{ input: { 'aria-label': label } }}
      sx={{ my: -1 }}
    />
  );
}

type SelectionBarProps<T extends { id: string }> = {
  selection: RowSelection<T>;
  /** The rows of this page that may be chosen. */
  selectable: readonly T[];
  /** "clusters", "pipelines". */
  itemsName: string;
  /** The bulk actions, shown once anything is chosen. */
  actions: ReactNode;
};

/**
 * Above a list: choose every row of the page, how many are chosen (announced politely), the bulk
 * actions and a way to drop the choice.
 */
export function SelectionBar<T extends { id: string }>({
  selection,
  selectable,
  itemsName,
  actions,
}: SelectionBarProps<T>) {
  const onPage = selectable.filter((row) => selection.isSelected(row.id)).length;
  const all = selectable.length > 0 && onPage === selectable.length;
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ alignItems: { sm: 'center' }, minHeight: 40 }}
    >
      {/* What FormControlLabel draws, without it: the list's first screen has a size budget. */}
      <Box
        component="label"
        sx={{
          display: 'inline-flex',
          alignItems: 'center',
          ml: '-11px',
          mr: 2,
          cursor: selectable.length === 0 ? 'default' : 'pointer',
          typography: 'body1',
          color: selectable.length === 0 ? 'text.disabled' : undefined,
        }}
      >
        <Checkbox
          size="small"
          checked={all}
          indeterminate={onPage > 0 && !all}
          disabled={selectable.length === 0}
          onChange={(event) => selection.change(selectable, event.target.checked)}
        />
        {`Select all ${itemsName} on this page`}
      </Box>
      <Typography variant="body2" role="status" sx={{ color: 'text.secondary' }}>
        {selection.count === 0
          ? ''
          : selection.count === 1
            ? `1 ${itemsName.replace(/s$/, '')} selected`
            : `${selection.count.toLocaleString()} ${itemsName} selected`}
      </Typography>
      {selection.count > 0 && (
        <Stack direction="row" spacing={1}>
          {actions}
          <Button size="small" onClick={selection.clear}>
            Clear selection
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
