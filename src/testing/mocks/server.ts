import { setupServer } from 'msw/node';
import { authHandlers } from './handlers/auth';
import { meHandlers } from './handlers/me';

/** The mock API of component tests; `server.use(...)` overrides a handler for one test. */
export const server = setupServer(...authHandlers, ...meHandlers);
