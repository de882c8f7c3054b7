import { createRouter } from '../../lib/router';
import { getAccountSettings, updateAccountSettings } from './account-settings.service';
import { getPipelineSources, updatePipelineSources } from './pipeline-sources.service';
import { getSecuritySettings, updateSecuritySettings } from './security-settings.service';
import {
  getAccountSettingsRoute,
  getPipelineSourcesRoute,
  getSecuritySettingsRoute,
  updateAccountSettingsRoute,
  updatePipelineSourcesRoute,
  updateSecuritySettingsRoute,
} from './settings.routes';

/** Account-wide settings; administrators only. */
export const settingsRouter = createRouter()
  .openapi(getAccountSettingsRoute, async (c) =>
    c.json(await getAccountSettings(c.var.deps, c.var.principal.accountId), 200),
  )
  .openapi(updateAccountSettingsRoute, async (c) =>
    c.json(await updateAccountSettings(c.var.deps, c.var.principal, c.req.valid('json')), 200),
  )
  .openapi(getSecuritySettingsRoute, async (c) =>
    c.json(await getSecuritySettings(c.var.deps, c.var.principal.accountId), 200),
  )
  .openapi(updateSecuritySettingsRoute, async (c) =>
    c.json(await updateSecuritySettings(c.var.deps, c.var.principal, c.req.valid('json')), 200),
  )
  .openapi(getPipelineSourcesRoute, async (c) =>
    c.json(await getPipelineSources(c.var.deps, c.var.principal.accountId), 200),
  )
  .openapi(updatePipelineSourcesRoute, async (c) =>
    c.json(await updatePipelineSources(c.var.deps, c.var.principal, c.req.valid('json')), 200),
  );
