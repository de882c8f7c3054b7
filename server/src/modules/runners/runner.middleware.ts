import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { runnerByCredential, type RunnerRow } from './runners.service';

/** The runner protocol's requests carry the runner that made them, not a person. */
export interface RunnerEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { runner: RunnerRow };
}

/**
 * `Authorization: Bearer <runner credential>`, and nothing else: a person's session cookie or
 * API token is no runner credential (and a runner credential is no API token, as the person
 * API's `authenticate` only knows API tokens). A revoked runner gets 401 at its next request.
 */
export const authenticateRunner: MiddlewareHandler<RunnerEnv> = async (c, next) => {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const runner = token ? await runnerByCredential(c.var.deps.db, token) : null;
  if (!runner) {
    throw new HttpProblem(
      401,
      'Send the runner credential as Authorization: Bearer. It is not valid, or its runner was revoked.',
      { code: 'invalid-runner-credential', headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  }
  c.set('runner', runner);
  return next();
};

/** The OpenAPI security requirement of the runner protocol. */
export const runnerToken: Array<Record<string, string[]>> = [{ runnerToken: [] }];
