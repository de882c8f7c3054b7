/**
 * The query keys of one server resource, keyed as react-admin keys its cache:
 * `[resource]`, `[resource, 'list', params]`, `[resource, 'detail', id]`. Every key of a
 * resource starts with its name, so `keys.all` is the prefix a mutation names to refresh all
 * of it (see `invalidates` in query-client.ts), and no two resources share a prefix.
 *
 * @example
 * export const teamKeys = resourceKeys('teams');
 * teamKeys.list({ q: 'pay' }); // ['teams', 'list', { q: 'pay' }]
 * teamKeys.detail(id); // ['teams', 'detail', id]
 */
export function resourceKeys(resource: string) {
  return {
    all: [resource] as const,
    lists: () => [resource, 'list'] as const,
    list: (params: object) => [resource, 'list', params] as const,
    detail: (id: string) => [resource, 'detail', id] as const,
  };
}
