import { vi } from 'vitest';
import { server } from './mocks/server';

/**
 * The CSV requests the mock API receives on `path` (their query and Accept header) and the
 * files the browser is asked to save (name and text). Remove the listener and the spies after
 * each test: `afterEach(() => { server.events.removeAllListeners(); vi.restoreAllMocks(); })`.
 *
 * @example
 * const downloads = recordDownloads('/api/rules');
 * await user.click(screen.getByRole('button', { name: 'Download CSV' }));
 * expect(downloads.requests[0]!.query).toEqual({ resourceType: 'cluster' });
 */
export function recordDownloads(path: string) {
  const requests: { query: Record<string, string>; accept: string | null }[] = [];
  const blobs: Blob[] = [];
  const saved: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    const accept = request.headers.get('Accept');
    if (request.method === 'GET' && url.pathname === path && accept === 'text/csv') {
      requests.push({ query: Object.fromEntries(url.searchParams), accept });
    }
  });
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return `blob:download-${blobs.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push(this.download);
  });
  return { requests, saved, text: (index = 0) => blobs[index]!.text() };
}
