import { setupServer } from 'msw/node';
import { accessHandlers } from './handlers/access';
import { apiTokenHandlers } from './handlers/api-tokens';
import { auditHandlers } from './handlers/audit';
import { authHandlers } from './handlers/auth';
import { integrationHandlers } from './handlers/integrations';
import { meHandlers } from './handlers/me';
import { peopleHandlers } from './handlers/people';
import { pipelineSourceHandlers } from './handlers/pipeline-sources';
import { policyHandlers } from './handlers/policy';
import { resourceHandlers } from './handlers/resources';
import { runnerHandlers } from './handlers/runners';
import { securityHandlers } from './handlers/security';
import { sessionHandlers } from './handlers/sessions';
import { settingsHandlers } from './handlers/settings';

/** The mock API of component tests; `server.use(...)` overrides a handler for one test. */
export const server = setupServer(
  ...authHandlers,
  ...meHandlers,
  ...sessionHandlers,
  ...peopleHandlers,
  ...settingsHandlers,
  ...accessHandlers,
  ...resourceHandlers,
  ...securityHandlers,
  ...apiTokenHandlers,
  ...auditHandlers,
  ...integrationHandlers,
  ...runnerHandlers,
  ...pipelineSourceHandlers,
  ...policyHandlers,
);
