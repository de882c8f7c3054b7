import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [20, 50, 100] as const;

/**
 * `value` if it is one of `values`: the address is the person's to edit, so anything unknown in
 * it is ignored, not sent.
 */
export const oneOf = <T extends string>(values: readonly T[], value: string | undefined) =>
  values.find((candidate) => candidate === value);

/** Paging, search and sorting of a list, plus its own filters: all of it lives in the URL. */
export type ListParams<F extends string> = {
  page: number;
  pageSize: number;
  q: string;
  sort: string;
} & Partial<Record<F, string>>;

type ListParamsUpdate<F extends string> = Partial<
  { page: number; pageSize: number; q: string; sort: string } & Record<F, string>
>;

const positive = (value: string | null, fallback: number) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
};

/**
 * A list's state read from the address, as `useListParams` reads it: also what a route's loader
 * reads to ask for the list before the screen's code has loaded (app/prefetch.ts), so that the
 * screen finds it in the cache under the same key.
 */
export function readListParams<F extends string = never>(
  searchParams: URLSearchParams,
  { sort, filters = [] }: { sort: string; filters?: readonly F[] },
): ListParams<F> {
  const values: Record<string, string | number> = {
    page: positive(searchParams.get('page'), 1),
    pageSize: positive(searchParams.get('pageSize'), PAGE_SIZES[0]),
    q: searchParams.get('q') ?? '',
    sort: searchParams.get('sort') ?? sort,
  };
  for (const filter of filters) {
    const value = filter ? searchParams.get(filter) : null;
    if (value) values[filter] = value;
  }
  return values as ListParams<F>;
}

/**
 * A list's state in the URL (`?page=2&q=ada&sort=-email&level=user`), so that a list can be
 * bookmarked, shared and reloaded as it was, and Back undoes a filter. Changing anything but
 * the page goes back to the first page. Defaults are left out of the URL.
 *
 * @example
 * const [params, update] = useListParams({ sort: 'name', filters: ['level', 'status'] });
 * useUsers(params);
 * update({ level: 'administrator' }); // page 1 of the administrators
 */
export function useListParams<F extends string = never>({
  sort: defaultSort,
  filters = [],
}: {
  sort: string;
  filters?: readonly F[];
}): [ListParams<F>, (update: ListParamsUpdate<F>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const filterKey = filters.join(',');

  const params = useMemo(
    () => readListParams(searchParams, { sort: defaultSort, filters: filterKey.split(',') as F[] }),
    [searchParams, defaultSort, filterKey],
  );

  const update = useCallback(
    (change: ListParamsUpdate<F>) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            const isDefault =
              value === '' ||
              value === undefined ||
              (key === 'page' && value === 1) ||
              (key === 'pageSize' && value === PAGE_SIZES[0]) ||
              (key === 'sort' && value === defaultSort);
            if (isDefault) next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in change)) next.delete('page');
          return next;
        },
        // Typing in a search box must not fill the history with every keystroke.
        { replace: 'q' in change },
      );
    },
    [setSearchParams, defaultSort],
  );

  return [params, update];
}

/** What a paged, sortable table needs of its list's state: where it is, and how to move. */
export type ListPaging = {
  page: number;
  pageSize: number;
  sort: string;
  onSortChange: (sort: string) => void;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
};

/**
 * The paging of a table over a list whose state `useListParams` keeps; `sort` is the sort in
 * effect (the URL's, once checked against what the server accepts).
 *
 * @example
 * <DataTable query={users} {...pagingOf(params, update, sort)} … />
 */
export function pagingOf(
  params: { page: number; pageSize: number; sort: string },
  update: (change: { page?: number; pageSize?: number; sort?: string }) => void,
  sort: string = params.sort,
): ListPaging {
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort,
    onSortChange: (next) => update({ sort: next }),
    onPageChange: (page) => update({ page }),
    onPageSizeChange: (pageSize) => update({ pageSize }),
  };
}
