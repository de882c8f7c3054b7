import {
  createRegistryRequestSchema,
  registryPageSchema,
  registrySchema,
  updateRegistryRequestSchema,
} from '../../../contract/integrations';
import { integrationRoutes } from '../integrations/integrations.routes';

/** `/api/registries` (P-5.2). */
export const registryRoutes = integrationRoutes({
  path: '/registries',
  tag: 'Container registries',
  noun: 'registry',
  operationNoun: { one: 'Registry', many: 'Registries' },
  item: registrySchema,
  page: registryPageSchema,
  create: createRegistryRequestSchema,
  update: updateRegistryRequestSchema,
  testDescription:
    'The Docker Registry HTTP API v2: `GET https://<domain>/v2/` with basic auth, and the token service a Bearer challenge names (Docker Hub, GHCR, Harbor).',
});
