import { createHmac, randomUUID } from 'node:crypto';
import type { GitProviderKind } from '../../contract/integrations';
import { count, eq } from 'drizzle-orm';
import { gitProviders, runs } from '../db/schema';
import type { SignedIn } from './access-scene';
import { expectData } from './api-client';
import type { TestContext } from './test-app';
import type { TestResponse } from './test-agent';

let sequence = 0;

/**
 * Helpers for the runner, trigger and webhook tests: git providers inserted directly (their API
 * is tested on its own), runners registered through the API, signed deliveries.
 */
export function runnerScene(t: TestContext, admin: SignedIn) {
  return {
    async gitProvider(kind: GitProviderKind = 'github', behindFirewall = false) {
      sequence += 1;
      const now = t.clock.now();
      const [row] = await t.deps.db
        .insert(gitProviders)
        .values({
          accountId: admin.accountId,
          name: `${kind}-${sequence}`,
          kind,
          baseUrl: kind === 'github' ? 'https://api.github.com' : `https://git${sequence}.example`,
          onPremise: kind !== 'github',
          behindFirewall,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row!;
    },

    /** A runner created by the administrator and registered; its credential. */
    async runner(options: { appProxy?: boolean; name?: string } = {}) {
      sequence += 1;
      const created = await expectData(
        admin.api.POST('/api/runners', { body: { name: options.name ?? `runner-${sequence}` } }),
        201,
      );
      const registered = await expectData(
        t.agent().api.POST('/api/runner/v1/register', {
          body: {
            registrationToken: created.registrationToken,
            version: '1.0.0',
            appProxy: options.appProxy ?? false,
          },
        }),
        201,
      );
      return { ...created, credential: registered.credential };
    },

    /** A request of the runner protocol with the runner's credential. */
    runnerRequest(credential: string, path: string, body: unknown) {
      return t.agent().post(path, body, { headers: { authorization: `Bearer ${credential}` } });
    },

    poll(credential: string, waitSeconds = 0) {
      return this.runnerRequest(credential, '/api/runner/v1/poll', { waitSeconds });
    },
  };
}

/** `sha256=<hex>` as GitHub and Bitbucket Server sign a body. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Delivers `body` (raw text) to a trigger's webhook with these headers. Like a provider, it sends
 * a fresh delivery id in each provider's header (GitHub `X-GitHub-Delivery`, GitLab
 * `X-Gitlab-Event-UUID`, Bitbucket Server `X-Request-Id`) unless `headers` names one; `null`
 * leaves a header out.
 */
export function deliver(
  t: TestContext,
  triggerId: string,
  body: string,
  headers: Record<string, string | null>,
): Promise<TestResponse> {
  const sent: Record<string, string> = {};
  const all = {
    'content-type': 'application/json',
    'x-github-delivery': randomUUID(),
    'x-gitlab-event-uuid': randomUUID(),
    'x-request-id': randomUUID(),
    ...headers,
  };
  for (const [name, value] of Object.entries(all)) if (value !== null) sent[name] = value;
  return Promise.resolve(
    t.app.request(`/api/hooks/${triggerId}`, { method: 'POST', headers: sent, body }),
  );
}

/** How many runs a pipeline has, whoever may see them (read straight from the database). */
export async function runCountOf(t: TestContext, pipelineId: string): Promise<number> {
  const [row] = await t.deps.db
    .select({ value: count() })
    .from(runs)
    .where(eq(runs.pipelineId, pipelineId));
  return row!.value;
}
