import { integrationRouter } from '../integrations/integrations.handlers';
import { registryRoutes } from './registries.routes';
import { registryChange, registryCreation, registryStore } from './registries.service';

/** Container registries (P-5.2): read by anyone signed in, changed and tested by administrators. */
export const registriesRouter = integrationRouter(registryRoutes, registryStore, '/registries', {
  create: registryCreation,
  update: registryChange,
});
