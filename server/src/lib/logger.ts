import pino, { type Logger } from 'pino';
import type { Env } from '../env';

/** JSON logs; anything that could hold a secret is redacted by path, whatever logs it. */
export function createLogger(
  env: Pick<Env, 'LOG_LEVEL'>,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: env.LOG_LEVEL,
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

/** Paths that carry a secret in a segment (an invitation token) are logged without it. */
export function redactPath(path: string): string {
  return path.replace(/(\/api\/auth\/invitations\/)[^/]+/, '$1[redacted]');
}
