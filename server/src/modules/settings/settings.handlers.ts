import { createRouter } from '../../lib/router';
import { getAccountSettings, updateAccountSettings } from './account-settings.service';
import { getAccountSettingsRoute, updateAccountSettingsRoute } from './settings.routes';

/** Account-wide settings; administrators only. */
export const settingsRouter = createRouter()
  .openapi(getAccountSettingsRoute, async (c) =>
    c.json(await getAccountSettings(c.var.deps, c.var.principal.accountId), 200),
  )
  .openapi(updateAccountSettingsRoute, async (c) =>
    c.json(
      await updateAccountSettings(c.var.deps, c.var.principal.accountId, c.req.valid('json')),
      200,
    ),
  );
