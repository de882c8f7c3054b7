/**
 * The user-supplied patterns of a git trigger, both run by RE2 (re2js): linear time whatever
 * the pattern, so a hostile branch filter cannot stall the server (no catastrophic
 * backtracking, no backreferences).
 */
import { RE2JS } from 're2js';

/** Why `pattern` is not a usable RE2 branch filter, or undefined when it is. */
export function branchFilterProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : '';
    return `Not a valid regular expression (RE2 syntax${why ? `: ${why}` : ''}).`;
  }
}

/**
 * Whether `branch` matches the filter. The filter matches anywhere in the name, as grep does:
 * anchor it (`^main$`) to match a whole name.
 */
export function branchMatches(pattern: string, branch: string): boolean {
  return RE2JS.compile(pattern).test(branch);
}

/**
 * A modified-files glob as an RE2 pattern: `**` any run of folders, `*` any characters but `/`,
 * `?` one character but `/`, `{a,b}` either, everything else literal. A glob without `/`
 * (`*.md`) matches the file's name in any folder; one with `/` (`docs/**`) matches the path from
 * the repository's root.
 */
export function globToRegExp(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        i += 1;
        // `**/` matches no folder as well as several.
        if (glob[i + 1] === '/') {
          i += 1;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (char === '?') out += '[^/]';
    else if (char === '{') {
      depth += 1;
      out += '(?:';
    } else if (char === '}') {
      if (depth === 0) throw new Error('A } closes no {.');
      depth -= 1;
      out += ')';
    } else if (char === ',' && depth > 0) out += '|';
    else out += RE2JS.quote(char);
  }
  if (depth > 0) throw new Error('A { is not closed.');
  const anywhere = !glob.includes('/');
  return `^${anywhere ? '(?:.*/)?' : ''}${out}$`;
}

/** Why `glob` is not usable, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'Write a glob such as src/** or *.md, or leave it empty.';
  try {
    RE2JS.compile(globToRegExp(glob));
    return undefined;
  } catch (error) {
    return `Not a valid glob: ${error instanceof Error ? error.message : 'it cannot be read'}`;
  }
}

/** Whether any of `files` (paths from the repository's root) matches `glob`. */
export function anyFileMatches(glob: string, files: readonly string[]): boolean {
  const pattern = RE2JS.compile(globToRegExp(glob));
  return files.some((file) => pattern.matches(file.replace(/^\/+/, '')));
}
