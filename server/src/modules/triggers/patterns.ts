/**
 * The user-supplied patterns of a git trigger, run by RE2 (server/domain/patterns.ts): linear time
 * whatever the pattern, so a hostile branch filter cannot stall the server.
 *
 * A branch filter is written plainly (`^main$`); the literal form with flags of the pipeline
 * restrictions (P-4.4) is read here too, so the two fields of the console agree.
 */
import { globMatcher, globProblem, patternMatcher, patternProblem } from '../../../domain/patterns';

export { globProblem };

/** Why `pattern` is not a usable branch filter, or undefined when it is. */
export function branchFilterProblem(pattern: string): string | undefined {
  return patternProblem(pattern);
}

/**
 * Whether `branch` matches the filter. The filter matches anywhere in the name, as grep does:
 * anchor it (`^main$`) to match a whole name.
 */
export function branchMatches(pattern: string, branch: string): boolean {
  return patternMatcher(pattern)(branch);
}

/** Whether any of `files` (paths from the repository's root) matches `glob`. */
export function anyFileMatches(glob: string, files: readonly string[]): boolean {
  const matches = globMatcher(glob);
  return files.some(matches);
}
