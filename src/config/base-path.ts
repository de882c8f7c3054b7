/**
 * The path the console is served under (the server's BASE_PATH, e.g. `/perimeter`), or '' at the
 * root. The server writes it into index.html as `<meta name="perimeter-base-path">` at serve time
 * (server/src/lib/static.ts), so that one build runs under any path; a page without it (Vite's
 * dev server, the tests) is at the root. Anything but a plain path counts as the root.
 *
 * @example
 * readBasePath(document); // '/perimeter'
 */
export function readBasePath(doc: Pick<Document, 'querySelector'>): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="perimeter-base-path"]');
  const value = meta?.content ?? '';
  return /^(\/[\w.~-]+)*$/.test(value) ? value : '';
}

/** This page's base path: the router's basename and the prefix of every API request. */
export const basePath = readBasePath(document);
