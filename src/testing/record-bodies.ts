import { server } from './mocks/server';

/**
 * The JSON bodies the mock API receives for `method` on paths starting with `path`, as they
 * arrive. Remove the listener after each test: `afterEach(() => server.events.removeAllListeners())`.
 *
 * @example
 * const patches = recordBodies('PATCH', '/api/clusters');
 */
export function recordBodies(method: string, path: string): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method !== method || !new URL(request.url).pathname.startsWith(path)) return;
    void request
      .clone()
      .json()
      .then((body: unknown) => bodies.push(body));
  });
  return bodies;
}
