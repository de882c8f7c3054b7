import { etagOf, versionOfEtag } from '../../contract/versions';
import { HttpProblem } from './problem';

/**
 * An optional `If-Match` against the stored version (git providers, registries, clusters,
 * triggers): 412 `stale-version`, with the current `ETag`, when another change came first.
 * Without it (or with `*`) the change applies to whatever is stored. `subject` starts the
 * sentence: "The cluster prod-eu".
 */
export function assertCurrentVersion(
  ifMatch: string | undefined,
  version: number,
  subject: string,
) {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  if (versionOfEtag(ifMatch) !== version) {
    throw new HttpProblem(
      412,
      `${subject} changed since you loaded it (it is now at version ${version}): reload it and make your change again.`,
      { code: 'stale-version', headers: { ETag: etagOf(version) } },
    );
  }
}

/**
 * A required `If-Match` (pipelines): 428 without it, or with `*`, which would match whatever
 * version is stored (a blind overwrite, which is what If-Match is here to prevent); 412 when
 * stale, as above.
 */
export function assertRequiredVersion(
  ifMatch: string | undefined,
  version: number,
  subject: string,
) {
  if (ifMatch === undefined || ifMatch.trim() === '*') {
    throw new HttpProblem(
      428,
      'Send If-Match with the ETag of the version this change is based on (not *).',
      { code: 'if-match-required' },
    );
  }
  assertCurrentVersion(ifMatch, version, subject);
}
