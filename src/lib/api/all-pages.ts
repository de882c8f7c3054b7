/**
 * The contract's MAX_PAGE_SIZE (@contract/pagination, checked by all-pages.test.ts), spelled here
 * because that module brings zod, and the clusters' queries, which use this, are asked for by a
 * route loader in the entry chunk (app/router.tsx).
 */
export const MAX_PAGE_SIZE = 100;

/** More than this many of one kind is not a list anyone picks from by heart. */
const MAX_PAGES = 20;

/**
 * Every item of a paged list, one full page after another (up to 20 pages).
 *
 * @example
 * const all = await allPages((query) => unwrap(api.GET('/api/registries', { params: { query } })));
 */
export async function allPages<T>(
  getPage: (query: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await getPage({ page, pageSize: MAX_PAGE_SIZE });
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) break;
  }
  return items;
}
