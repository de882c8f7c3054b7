/**
 * Clients of real server processes (testing/server-process.ts) over HTTP: a browser's cookies and
 * CSRF header, and a runner's registration and long-poll.
 */
import { expect } from 'vitest';
import type { Job } from '../../contract/runners';

/** A server process's address, `http://127.0.0.1:<port>`. */
export interface Reachable {
  url: string;
}

/** A browser's cookies and CSRF header, sent to whichever replica a request goes to. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async request(
    server: Reachable,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const csrf = this.cookies.get('perimeter_csrf');
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size > 0 && {
          cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        }),
        ...(csrf && method !== 'GET' && { 'x-csrf-token': csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }

  async signIn(server: Reachable, email: string, password: string): Promise<void> {
    const answer = await this.request(server, 'POST', '/api/auth/login', { email, password });
    expect(answer.status).toBe(204);
  }
}

/** A runner of the account, registered through `server`; its credential. */
export async function registerRunner(admin: Browser, server: Reachable, name: string) {
  const created = await admin.request(server, 'POST', '/api/runners', { name });
  expect(created.status).toBe(201);
  const { registrationToken } = (await created.json()) as { registrationToken: string };
  const registered = await fetch(`${server.url}/api/runner/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ registrationToken, version: '1.0.0' }),
  });
  expect(registered.status).toBe(201);
  return ((await registered.json()) as { credential: string }).credential;
}

/** A runner's long-poll on `server`: the job it got (null on 204) and when the answer came. */
export async function poll(server: Reachable, credential: string, waitSeconds: number) {
  const answer = await fetch(`${server.url}/api/runner/v1/poll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ waitSeconds }),
  });
  const at = performance.now();
  if (answer.status === 204) return { job: null, at };
  expect(answer.status).toBe(200);
  return { job: ((await answer.json()) as { job: Job }).job, at };
}

/** Whether a promise has settled, without waiting for it. */
export async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}
