import pino, { type Logger } from 'pino';
import type { Env } from '../env';

/** JSON logs; anything that could hold a secret is redacted by path, whatever logs it. */
export function createLogger(
  env: Pick<Env, 'LOG_LEVEL'>,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: env.LOG_LEVEL,
    // Every error logged under `err` (or `error`) passes here: a failed statement is logged
    // without the values it carried (see serializeError).
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: [
        'headers.cookie',
        'headers.authorization',
        'headers["x-csrf-token"]',
        '*.password',
        '*.token',
        '*.credentials',
        '*.secret',
        '*.clientSecret',
        '*.bindPassword',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Paths that carry a secret in a segment (an invitation or password-reset token) are logged
 * without it.
 */
export function redactPath(path: string): string {
  return path.replace(/(\/api\/auth\/(?:invitations|password-reset)\/)[^/]+/, '$1[redacted]');
}

/**
 * What a database error may say in a log line: where and why it failed, never with which values.
 * Left out: drizzle's and PGlite's `params`, and PostgreSQL's `detail` ("Failing row contains
 * (…)", "Key (…)=(…) already exists"), `where` ("unnamed portal parameter $4 = '…'", the JSON
 * being parsed), `hint` and `internalQuery`, which can all quote a value.
 */
const DATABASE_ERROR_FIELDS = [
  'code',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'position',
] as const;

const MAX_CAUSES = 5;

type ErrorLike = Error & Record<string, unknown>;

function isDatabaseError(error: ErrorLike): boolean {
  const sqlState = typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
  return (
    'params' in error ||
    'parameters' in error ||
    typeof error.query === 'string' ||
    (sqlState && 'severity' in error)
  );
}

/**
 * A message without the values of the statement: drizzle appends every parameter after
 * `params:`; PostgreSQL quotes the offending value in a data exception (class 22: `invalid
 * input syntax for type uuid: "…"`, `value "…" is out of range`).
 */
function scrubMessage(message: string, sqlState: unknown): string {
  let scrubbed = message.replace(/\nparams: [\s\S]*$/, '');
  if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
    scrubbed = scrubbed.replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"');
  }
  return scrubbed;
}

/**
 * pino's error serializer, except that a database error anywhere in the chain of causes keeps
 * only its statement text (`query`, which holds `$1` placeholders, never values), its SQLSTATE
 * and where it happened. The stack is kept with the scrubbed message in place of the original.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const error = value as ErrorLike;
  const database = isDatabaseError(error);
  const message = scrubMessage(error.message, error.code);
  const out: Record<string, unknown> = {
    type: database && error.constructor.name.length <= 2 ? 'DatabaseError' : error.constructor.name,
    message,
  };
  if (typeof error.stack === 'string') {
    if (message === error.message) out.stack = error.stack;
    else if (error.stack.includes(error.message)) {
      out.stack = error.stack.replace(error.message, message);
    }
    // A stack that does not quote the message as given may still hold the values: left out.
  }
  if (database) {
    if (typeof error.query === 'string') out.query = error.query;
    for (const field of DATABASE_ERROR_FIELDS) {
      const v = error[field];
      if (typeof v === 'string' || typeof v === 'number') out[field] = v;
    }
  } else {
    for (const [key, v] of Object.entries(error)) {
      if (key === 'cause' || key in out) continue;
      out[key] = v instanceof Error ? serializeError(v, depth + 1) : v;
    }
  }
  if (error.cause !== undefined && depth < MAX_CAUSES) {
    out.cause = serializeError(error.cause, depth + 1);
  }
  if (error instanceof AggregateError && depth < MAX_CAUSES) {
    out.errors = error.errors.map((inner) => serializeError(inner, depth + 1));
  }
  return out;
}
