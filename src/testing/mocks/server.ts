import { setupServer } from 'msw/node';
import { authHandlers } from './handlers/auth';
import { meHandlers } from './handlers/me';
import { peopleHandlers } from './handlers/people';
import { settingsHandlers } from './handlers/settings';

/** The mock API of component tests; `server.use(...)` overrides a handler for one test. */
export const server = setupServer(
  ...authHandlers,
  ...meHandlers,
  ...peopleHandlers,
  ...settingsHandlers,
);
