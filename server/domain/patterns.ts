/**
 * The patterns administrators write (P-4.3, P-4.4, P-5.5): regular expressions and globs, all run
 * by RE2 (re2js), so matching takes time linear in the input whatever the pattern: no
 * catastrophic backtracking, no backreferences, no lookaround.
 *
 * Shared with the browser (server/domain), so that it refuses an invalid pattern as it is typed
 * with exactly the code the server refuses it with (docs/decisions.md, "Patterns in the
 * contract"). Only the restriction form and the trigger form load it.
 */
import { RE2JS } from 're2js';

/** The longest pattern accepted; a longer one is a mistake, not a restriction. */
export const PATTERN_MAX_LENGTH = 1_000;

/** Flags of the literal form. `g` and `y` change nothing for a yes/no test and are accepted. */
const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  g: 0,
  y: 0,
  u: 0,
};

export interface ParsedPattern {
  /** The expression itself, without the slashes of the literal form. */
  source: string;
  flags: string;
  /** Whether it was written as `/…/flags`. */
  literal: boolean;
}

/**
 * Reads a pattern written plainly (`^release-.*$`) or as a literal with flags
 * (`/^((pipeline-definition)$).*\/g`). A pattern that starts with `/` is a literal only when a
 * later `/` is followed by nothing but flag letters; otherwise it is read plainly.
 */
export function parsePattern(written: string): ParsedPattern {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(written);
  if (literal) return { source: literal[1]!, flags: literal[2]!, literal: true };
  return { source: written, flags: '', literal: false };
}

function compile(written: string): RE2JS {
  const { source, flags } = parsePattern(written);
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAGS[flag];
    if (bit === undefined) {
      throw new Error(`/${flag} is not a flag here; use i, m or s (g, y and u change nothing).`);
    }
    bits |= bit;
  }
  return RE2JS.compile(source, bits);
}

/** Why `written` is not a usable regular expression, or undefined when it is. */
export function patternProblem(written: string): string | undefined {
  if (written.trim() === '') return 'Write a regular expression, or leave the field empty.';
  if (written.length > PATTERN_MAX_LENGTH) {
    return `A pattern has at most ${PATTERN_MAX_LENGTH.toLocaleString('en')} characters.`;
  }
  try {
    compile(written);
    return undefined;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : '';
    return why.startsWith('/')
      ? why
      : `Not a valid regular expression (RE2 syntax${why ? `: ${why}` : ''}).`;
  }
}

/**
 * A matcher for `written`, which must be valid (see `patternProblem`). Like JavaScript's
 * `RegExp#test`, it matches anywhere in the value: anchor it (`^main$`) to match a whole value.
 */
export function patternMatcher(written: string): (value: string) => boolean {
  const pattern = compile(written);
  return (value) => pattern.test(value);
}

/**
 * A glob as an RE2 pattern: `**` any run of folders, `*` any characters but `/`, `?` one
 * character but `/`, `{a,b}` either, everything else literal. A glob without `/` (`*.md`)
 * matches a file's name in any folder; one with `/` (`ci/**`) matches the path from the
 * repository's root.
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
  if (glob.trim() === '') return 'Write a glob such as ci/** or *.yml, or leave the field empty.';
  if (glob.length > PATTERN_MAX_LENGTH) {
    return `A glob has at most ${PATTERN_MAX_LENGTH.toLocaleString('en')} characters.`;
  }
  try {
    RE2JS.compile(globToRegExp(glob));
    return undefined;
  } catch (error) {
    return `Not a valid glob: ${error instanceof Error ? error.message : 'it cannot be read'}`;
  }
}

/** A matcher for a valid glob, over paths from the repository's root (a leading `/` is ignored). */
export function globMatcher(glob: string): (path: string) => boolean {
  const pattern = RE2JS.compile(globToRegExp(glob));
  return (path) => pattern.matches(path.replace(/^\/+/, ''));
}
