import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { visuallyHidden } from './visually-hidden';
import { useEffect, type ReactNode } from 'react';
import { PAGE_SIZES, type ListPaging } from '@/lib/use-list-params';
import { ErrorState, LoadingState } from './states';

export type DataTableColumn<T> = {
  id: string;
  /** The header; also what a screen reader announces for the column's cells. */
  label: string;
  /** Shown to screen readers only (e.g. an "Actions" column of buttons). */
  hideLabel?: boolean;
  /** The `sort` value of this column, when the server can sort by it. */
  sortKey?: string;
  /** The cell that names the row (a `th`), read out with every other cell of the row. */
  rowHeader?: boolean;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
};

/** The query of a page of the list, as react-query gives it. */
export type PageQuery<T> = {
  /** The current page; undefined while the first page loads. */
  data: { items: T[]; total: number } | undefined;
  error: unknown;
  /** A refresh or a new page is on its way while the previous one is still shown. */
  isFetching: boolean;
  refetch: () => unknown;
};

type DataTableProps<T> = ListPaging & {
  /** The table's accessible name. */
  label: string;
  columns: DataTableColumn<T>[];
  rowKey: (row: T) => string;
  query: PageQuery<T>;
  /** What to show when there is nothing (for this search). */
  empty: ReactNode;
  /** Noun for the loading and error messages: "people", "teams". */
  itemsName: string;
};

/**
 * A list that the server pages, sorts and filters: a semantic table (header cells, row headers,
 * `aria-sort`), the pagination below it, and its loading, empty and error states.
 *
 * @example
 * const users = useUsers(query);
 * <DataTable label="People" itemsName="people" columns={columns} rowKey={(u) => u.id}
 *   query={users} {...pagingOf(params, update)} empty={<EmptyState title="No one matches" />} />
 */
export function DataTable<T>({
  label,
  columns,
  rowKey,
  query,
  page,
  pageSize,
  sort,
  onSortChange,
  onPageChange,
  onPageSizeChange,
  empty,
  itemsName,
}: DataTableProps<T>) {
  const { data, error, isFetching: fetching } = query;
  const onRetry = () => void query.refetch();
  const lastPage = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  const pastTheEnd = data !== undefined && data.items.length === 0 && page > lastPage;
  // After deletions (or an old link) the page may lie beyond the end: show the last one.
  useEffect(() => {
    if (pastTheEnd) onPageChange(lastPage);
  }, [pastTheEnd, lastPage, onPageChange]);

  if (data === undefined) {
    return error ? (
      <ErrorState title={`The ${itemsName} could not be loaded.`} error={error} onRetry={onRetry} />
    ) : (
      <LoadingState label={`Loading ${itemsName}`} />
    );
  }

  const descending = sort.startsWith('-');
  const sortField = descending ? sort.slice(1) : sort;

  return (
    <Box>
      {error !== null && error !== undefined && (
        <ErrorState
          title={`The ${itemsName} could not be refreshed.`}
          error={error}
          onRetry={onRetry}
        />
      )}
      <Box sx={{ height: 4 }}>
        {fetching && <LinearProgress aria-label={`Loading ${itemsName}`} />}
      </Box>
      {data.items.length === 0 ? (
        empty
      ) : (
        <TableContainer>
          <Table size="small" aria-label={label} aria-busy={fetching}>
            <TableHead>
              <TableRow>
                {columns.map((column) => {
                  const active = column.sortKey !== undefined && column.sortKey === sortField;
                  return (
                    <TableCell
                      key={column.id}
                      align={column.align}
                      sortDirection={active ? (descending ? 'desc' : 'asc') : false}
                    >
                      {column.sortKey ? (
                        <TableSortLabel
                          active={active}
                          direction={active && descending ? 'desc' : 'asc'}
                          onClick={() =>
                            onSortChange(
                              active && !descending ? `-${column.sortKey}` : column.sortKey!,
                            )
                          }
                        >
                          {column.label}
                        </TableSortLabel>
                      ) : column.hideLabel ? (
                        <Box component="span" sx={visuallyHidden}>
                          {column.label}
                        </Box>
                      ) : (
                        column.label
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.items.map((row) => (
                <TableRow key={rowKey(row)} hover>
                  {columns.map((column) => (
                    <TableCell
                      key={column.id}
                      align={column.align}
                      {...(column.rowHeader ? { component: 'th', scope: 'row' } : {})}
                    >
                      {column.render(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {data.total > 0 && (
        <TablePagination
          component="div"
          count={data.total}
          page={Math.min(page, lastPage) - 1}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[...PAGE_SIZES]}
          onPageChange={(_event, zeroBased) => onPageChange(zeroBased + 1)}
          onRowsPerPageChange={(event) => onPageSizeChange(Number(event.target.value))}
          showFirstButton
          showLastButton
        />
      )}
    </Box>
  );
}
