/**
 * Versions (`ETag`/`If-Match`) of what two people may change at once: pipelines (If-Match
 * required), git providers, registries, clusters and triggers (If-Match optional).
 */

/** `ETag`/`If-Match` value of a version: a strong validator. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header names, or undefined when it names none. `W/"3"` names version
 * 3 too: the server's compression marks the `ETag` of a compressed answer weak (the bytes differ
 * from the uncompressed ones), yet both are the same version, and a client that sends back the
 * ETag it received must succeed.
 */
export function versionOfEtag(header: string): number | undefined {
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : undefined;
}
