import { z } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import { hookIgnoredSchema, hookQueuedSchema } from '../../../contract/triggers';
import { jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { createRouter } from '../../lib/router';
import { receiveHook } from './hooks.service';

/**
 * Git providers' webhooks. Mounted before `authenticate` (no session, no CSRF: the signature is
 * the proof). The route is documented by hand and served by a plain handler, because the body
 * must be read raw (for the signature, within the size limit) before anything parses it: a
 * validated JSON body would be parsed first.
 */
export const hooksRouter = createRouter();

hooksRouter.openAPIRegistry.registerPath({
  method: 'post',
  path: '/hooks/{id}',
  operationId: 'receiveWebhook',
  security: [],
  tags: ['Webhooks'],
  summary: 'A git provider’s webhook delivery',
  description:
    'No session: authenticated by the provider’s signature over the raw body (GitHub and GitHub Enterprise `X-Hub-Signature-256`, Bitbucket Server `X-Hub-Signature`: `sha256=<hex HMAC-SHA256>` keyed with the trigger’s secret; GitLab `X-Gitlab-Token`: the secret). JSON only (415), at most 1 MiB (413). 401 when the signature is wrong or missing, and nothing is queued. Every delivery must carry the provider’s delivery id (GitHub `X-GitHub-Delivery`, GitLab `X-Gitlab-Event-UUID`, Bitbucket Server `X-Request-Id`): without it, 400 `delivery-id-missing` and nothing is queued, since it could not be told from a replay. 202 when the event is not selected, the branch or modified files do not match, the trigger’s runner was revoked, or the delivery id was already received in the last 7 days — a replay or redelivery queues nothing; 201 when a run is queued.',
  request: {
    params: idParamSchema,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.record(z.string(), z.unknown()).openapi({
            description: 'The provider’s own payload (GitHub, GitLab or Bitbucket Server).',
          }),
        },
      },
    },
  },
  responses: {
    201: jsonContent(hookQueuedSchema, 'A run was queued'),
    202: jsonContent(hookIgnoredSchema, 'Accepted; nothing was queued, and why'),
    ...problemResponses(400, 401, 404, 413, 415),
  },
});

hooksRouter.post('/hooks/:id', async (c) => {
  // The raw body is checked by its signature first; the id must be a UUID, and the text kept
  // from the delivery passes the same check as validated input (hooks.service.ts).
  // eslint-disable-next-line no-restricted-syntax
  const result = await receiveHook(c.var.deps, c.req.param('id'), c.req.raw);
  return c.json(result.body, result.status);
});
