import { etagOf } from '../../../contract/versions';
import { publicUrl } from '../../lib/public-url';
import { createRouter } from '../../lib/router';
import {
  createTriggerRoute,
  deleteTriggerRoute,
  getTriggerRoute,
  listRunnerChoicesRoute,
  listTriggersRoute,
  rotateTriggerSecretRoute,
  updateTriggerRoute,
} from './triggers.routes';
import {
  createTrigger,
  deleteTrigger,
  getTrigger,
  listRunnerChoices,
  listTriggers,
  rotateTriggerSecret,
  updateTrigger,
} from './triggers.service';

/** Git triggers (P-5.5, P-5.6): read with the pipeline, changed with update on it. */
export const triggersRouter = createRouter()
  .openapi(listTriggersRoute, async (c) =>
    c.json(
      await listTriggers(c.var.deps, c.var.principal, c.req.valid('param').id, publicUrl(c)),
      200,
    ),
  )
  .openapi(createTriggerRoute, async (c) => {
    const trigger = await createTrigger(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('json'),
      publicUrl(c),
    );
    c.header('Location', `/api/triggers/${trigger.id}`);
    c.header('ETag', etagOf(trigger.version));
    return c.json(trigger, 201);
  })
  .openapi(listRunnerChoicesRoute, async (c) =>
    c.json(await listRunnerChoices(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  )
  .openapi(getTriggerRoute, async (c) => {
    const trigger = await getTrigger(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      publicUrl(c),
    );
    c.header('ETag', etagOf(trigger.version));
    return c.json(trigger, 200);
  })
  .openapi(updateTriggerRoute, async (c) => {
    const trigger = await updateTrigger(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('json'),
      publicUrl(c),
      c.req.valid('header')['if-match'],
    );
    c.header('ETag', etagOf(trigger.version));
    return c.json(trigger, 200);
  })
  .openapi(deleteTriggerRoute, async (c) => {
    await deleteTrigger(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('header')['if-match'],
    );
    return c.body(null, 204);
  })
  .openapi(rotateTriggerSecretRoute, async (c) => {
    const trigger = await rotateTriggerSecret(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      publicUrl(c),
    );
    c.header('ETag', etagOf(trigger.version));
    return c.json(trigger, 200);
  });
