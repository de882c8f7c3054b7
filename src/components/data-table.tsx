import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { useEffect, type ReactNode } from 'react';
import { PAGE_SIZES, type ListPaging } from '@/lib/use-list-params';
import { ListPagination } from './list-pagination';
import { ProgressBar } from './progress-bar';
import { ErrorState, LoadingState } from './states';
import './data-table.css';

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
  /**
   * The rows shown are the answer to the previous address (another page, search, filter or
   * sort: react-query's `keepPreviousData`) while this one's is on its way.
   */
  isPlaceholderData?: boolean;
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
  const { data, error, isFetching: fetching, isPlaceholderData: previous = false } = query;
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
    <div>
      {error !== null && error !== undefined && (
        <ErrorState
          title={`The ${itemsName} could not be refreshed.`}
          error={error}
          onRetry={onRetry}
        />
      )}
      <div className="pm-table-progress">
        {fetching && <ProgressBar label={`Loading ${itemsName}`} />}
      </div>
      {data.items.length === 0 ? (
        empty
      ) : (
        <div className="pm-table-scroller">
          <table className="pm-table" aria-label={label} aria-busy={fetching}>
            <thead>
              <tr>
                {columns.map((column) => {
                  const active = column.sortKey !== undefined && column.sortKey === sortField;
                  return (
                    <th
                      key={column.id}
                      scope="col"
                      data-align={column.align}
                      data-sticky={column.rowHeader}
                      aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}
                    >
                      {column.sortKey ? (
                        <button
                          type="button"
                          data-active={active}
                          data-direction={active && descending ? 'desc' : 'asc'}
                          onClick={() =>
                            onSortChange(
                              active && !descending ? `-${column.sortKey}` : column.sortKey!,
                            )
                          }
                        >
                          {column.label}
                          <ArrowDownwardIcon />
                        </button>
                      ) : column.hideLabel ? (
                        <span className="pm-visually-hidden">{column.label}</span>
                      ) : (
                        column.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            {/* The previous address's rows stay in place (nothing below them moves) but out of
                reach until this one's arrive: a click on a row that the answer then moves or
                removes would land on another row, or on nothing. */}
            <tbody inert={previous}>
              {data.items.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) =>
                    column.rowHeader ? (
                      <th key={column.id} scope="row" data-align={column.align} data-sticky>
                        {column.render(row)}
                      </th>
                    ) : (
                      <td key={column.id} data-align={column.align}>
                        {column.render(row)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.total > 0 && (
        <ListPagination
          total={data.total}
          page={Math.min(page, lastPage)}
          pageSize={pageSize}
          pageSizes={PAGE_SIZES}
          onPageChange={onPageChange}
          onPageSizeChange={onPageSizeChange}
        />
      )}
    </div>
  );
}
