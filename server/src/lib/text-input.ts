import type { MiddlewareHandler } from 'hono';
import type { FieldError } from '../../contract/problem';
import { HttpProblem } from './problem';

/**
 * What text every field of every request must be able to hold, checked once for all of them in
 * the router's validation hook (lib/router.ts), so that no present or future field can forget it:
 *
 * - nowhere a NUL character (U+0000): PostgreSQL's text and jsonb cannot store it;
 * - nowhere an unpaired UTF-16 surrogate (`"\ud800"` in JSON): UTF-8, and so the database, cannot
 *   represent it, and drivers would silently turn it into U+FFFD;
 * - nowhere another C0 control character or DEL (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F,
 *   U+007F): no name, address, pattern, secret or YAML document holds one (YAML forbids them);
 * - tab, line feed and carriage return are text in a body (YAML, certificates, messages), but not
 *   in the URL's path and query or in a header, which are single lines by nature.
 */
export type TextKind = 'single-line' | 'multi-line';

// No `u` flag: a lone surrogate must stay a code unit the pattern can see.
const LONE_SURROGATE =
  '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const REFUSED: Record<TextKind, RegExp> = {
  'multi-line': new RegExp(
    `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]|${LONE_SURROGATE}`,
  ),
  'single-line': new RegExp(`[\\u0000-\\u001f\\u007f]|${LONE_SURROGATE}`),
};

const hex = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be taken, in a sentence for the field; undefined when it can. */
export function refusedCharacter(text: string, kind: TextKind): string | undefined {
  const match = REFUSED[kind].exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0);
  const at = `at character ${match.index + 1}`;
  if (unit === 0) {
    return `Remove the NUL character (U+0000) ${at}: text cannot hold it.`;
  }
  if (unit >= 0xd800 && unit <= 0xdfff) {
    return `Send valid Unicode: there is an unpaired surrogate (${hex(unit)}) ${at}.`;
  }
  return kind === 'single-line'
    ? `Remove the control character ${hex(unit)} ${at}: this text is one line without control characters.`
    : `Remove the control character ${hex(unit)} ${at}: text holds no control characters but tabs and line breaks.`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** The most places one answer names; a body full of NULs gets the first ones. */
export const MAX_REFUSED_TEXT_ERRORS = 40;

interface Place {
  key: string;
  parent: Place | undefined;
}

const pathOf = (place: Place | undefined): string => {
  const keys: string[] = [];
  for (let p = place; p; p = p.parent) keys.push(p.key);
  return keys.reverse().join('.');
};

/**
 * Every string in `value` (a parsed query, path parameters, headers or a JSON body), object keys
 * included, that holds a refused character: one error per place (the first
 * MAX_REFUSED_TEXT_ERRORS), with its path as validation errors have it (`steps.0.message`).
 * Iterative, and linear in the size of the value however deeply it nests.
 */
export function findRefusedText(value: unknown, kind: TextKind): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; place: Place | undefined }[] = [{ value, place: undefined }];
  while (stack.length > 0 && errors.length < MAX_REFUSED_TEXT_ERRORS) {
    const { value: current, place } = stack.pop()!;
    if (typeof current === 'string') {
      const message = refusedCharacter(current, kind);
      if (message) errors.push({ path: pathOf(place), message });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) {
        stack.push({ value: current[i], place: { key: String(i), parent: place } });
      }
    } else if (isPlainObject(current)) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, inner] = entries[i]!;
        const message = refusedCharacter(key, kind);
        const at = { key, parent: place };
        // A refused key is named by its place; its value is not looked at any further.
        if (message) errors.push({ path: pathOf(at), message: `In this name: ${message}` });
        else stack.push({ value: inner, place: at });
      }
    }
  }
  return errors.slice(0, MAX_REFUSED_TEXT_ERRORS);
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body must be UTF-8 (RFC 8259). Decoding would otherwise replace each malformed byte with
 * U+FFFD — an over-long `C0 80` (a disguised NUL) in a name would be saved as "��" — so such a
 * body is refused with 400 before any route reads it. The body is at most 1 MiB (bodyLimit runs
 * first); it is read once here and handed on as the same bytes.
 */
export const requireUtf8Json: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
  if (c.req.raw.body && JSON_MEDIA_TYPE.test(type)) {
    const bytes = new Uint8Array(await c.req.raw.arrayBuffer());
    try {
      utf8.decode(bytes);
    } catch {
      throw new HttpProblem(400, 'The request body is not valid UTF-8, as JSON must be.');
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
  }
  await next();
};

/** At most `max` UTF-16 units of `text`, never cutting a surrogate pair in half. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
