/** One field of an audited thing, before and after the change. */
export type FieldChange = {
  /** The field's path, dotted when nested: `source.branch`. */
  path: string;
  before: unknown;
  after: unknown;
  changed: boolean;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nested objects become dotted paths (`source.branch`); lists stay whole, as one value. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()) {
  if (!isPlainObject(value)) {
    if (prefix) into.set(prefix, value);
    return into;
  }
  const keys = Object.keys(value);
  // An empty object is still a value ({} before, { a: 1 } after), not nothing.
  if (keys.length === 0 && prefix) into.set(prefix, value);
  for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, into);
  return into;
}

/** Equal as JSON says: lists in order, objects by their fields whatever their order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => same(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => same(a[key], b[key]));
  }
  return false;
}

/**
 * The fields of the before and after values of an audit entry, changed ones first (in the
 * order the after value names them), then the unchanged. A field missing on one side (a
 * creation has no before, a deletion no after) counts as changed from or to nothing.
 *
 * @example
 * diffFields({ name: 'qa', tags: ['a'] }, { name: 'qa-eu', tags: ['a'] });
 * // [{ path: 'name', before: 'qa', after: 'qa-eu', changed: true },
 * //  { path: 'tags', before: ['a'], after: ['a'], changed: false }]
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before);
  const next = flatten(after);
  const paths = [...new Set([...next.keys(), ...old.keys()])];
  const fields = paths.map((path) => {
    const [a, b] = [old.get(path), next.get(path)];
    return { path, before: a, after: b, changed: !same(a, b) };
  });
  return [...fields.filter((field) => field.changed), ...fields.filter((field) => !field.changed)];
}

const ACRONYMS = /\b(id|sso|url|dn|oidc|ldap|saml|api)(s?)\b/g;

/**
 * A field's path in words: `idleTimeoutMinutes` → "Idle timeout minutes",
 * `source.gitProviderId` → "Source › git provider ID", `memberIds` → "Member IDs".
 */
export function fieldLabel(path: string): string {
  const words = path
    .split('.')
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .toLowerCase()
        .replace(
          ACRONYMS,
          (_word, acronym: string, plural: string) => acronym.toUpperCase() + plural,
        ),
    )
    .join(' › ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The ways of signing in, as `session.signed-in` and `session.sign-in-failed` record them. */
const SIGN_IN_METHODS: Record<string, string> = {
  password: 'Password',
  oidc: 'OpenID Connect',
  saml: 'SAML 2.0',
  ldap: 'LDAP',
};

/**
 * A recorded value that is a code, in words (`method: 'oidc'` → "OpenID Connect"); undefined
 * for any other value, which is shown as recorded.
 */
export function valueInWords(path: string, value: unknown): string | undefined {
  if (path === 'method' && typeof value === 'string') return SIGN_IN_METHODS[value];
  return undefined;
}
