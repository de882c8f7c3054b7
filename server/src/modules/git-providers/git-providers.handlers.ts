import { integrationRouter } from '../integrations/integrations.handlers';
import { gitProviderRoutes } from './git-providers.routes';
import { gitProviderChange, gitProviderCreation, gitProviderStore } from './git-providers.service';

/** Git providers (P-5.1): read by anyone signed in, changed and tested by administrators. */
export const gitProvidersRouter = integrationRouter(
  gitProviderRoutes,
  gitProviderStore,
  '/git-providers',
  { create: gitProviderCreation, update: gitProviderChange },
);
