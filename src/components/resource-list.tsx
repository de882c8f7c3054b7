import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { Suspense, useState, type ReactNode } from 'react';
import { SelectionBar, type RowSelection } from './resource-selection';

/** The dialog a resource list has open: adding one, the tags of one row, or the chosen rows'. */
type ListDialog<T> = { kind: 'create' } | { kind: 'tags'; row: T } | { kind: 'bulk' } | undefined;

/**
 * Which of a resource list's dialogs is open. The row whose tags are edited is the one the list
 * last showed, so a reload after someone else's change brings its new version (and tags).
 *
 * @example
 * const dialogs = useListDialogs(clusters.data?.items);
 * dialogs.open({ kind: 'tags', row: cluster });
 * {dialogs.editing && <TagEditorDialog cluster={dialogs.editing} onClose={dialogs.close} />}
 */
export function useListDialogs<T extends { id: string }>(shown: readonly T[] | undefined) {
  const [dialog, setDialog] = useState<ListDialog<T>>();
  const editing =
    dialog?.kind === 'tags'
      ? (shown?.find((row) => row.id === dialog.row.id) ?? dialog.row)
      : undefined;
  return {
    open: setDialog,
    close: () => setDialog(undefined),
    creating: dialog?.kind === 'create',
    /** The row whose tags are edited, as last shown. */
    editing,
    bulk: dialog?.kind === 'bulk',
  };
}

type ResourceListProps<T extends { id: string }> = {
  /** The search and filters, beside the add button. */
  filters: ReactNode;
  /** The add button's label; none without it. */
  addLabel?: string;
  onAdd: () => void;
  /** The chosen rows; the selection bar shows while `selectable` is set. */
  selection: RowSelection<T>;
  /** The rows of this page that may be chosen. */
  selectable?: readonly T[];
  /** "clusters", "pipelines". */
  itemsName: string;
  onTagSelected: () => void;
  table: ReactNode;
  /** The lazily loaded dialogs, each rendered once it is open. */
  dialogs: ReactNode;
  /** Anything else below the table (a dialog loaded with the list). */
  children?: ReactNode;
};

/**
 * A screen's list of resources that people tag: search and filters with the add button, the
 * selection bar to tag the chosen rows together, the table, and the list's dialogs.
 */
export function ResourceList<T extends { id: string }>({
  filters,
  addLabel,
  onAdd,
  selection,
  selectable,
  itemsName,
  onTagSelected,
  table,
  dialogs,
  children,
}: ResourceListProps<T>) {
  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}
      >
        {filters}
        {addLabel && (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={onAdd}
            sx={{ flexShrink: 0 }}
          >
            {addLabel}
          </Button>
        )}
      </Stack>
      {selectable && (
        <SelectionBar
          selection={selection}
          selectable={selectable}
          itemsName={itemsName}
          actions={
            <Button size="small" variant="outlined" onClick={onTagSelected}>
              Tag selected
            </Button>
          }
        />
      )}
      {table}
      {children}
      <Suspense fallback={null}>{dialogs}</Suspense>
    </Stack>
  );
}
