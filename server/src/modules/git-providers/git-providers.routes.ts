import {
  createGitProviderRequestSchema,
  gitProviderPageSchema,
  gitProviderSchema,
  updateGitProviderRequestSchema,
} from '../../../contract/integrations';
import { integrationRoutes } from '../integrations/integrations.routes';

/** `/api/git-providers` (P-5.1). */
export const gitProviderRoutes = integrationRoutes({
  path: '/git-providers',
  tag: 'Git providers',
  noun: 'git provider',
  operationNoun: { one: 'GitProvider', many: 'GitProviders' },
  item: gitProviderSchema,
  page: gitProviderPageSchema,
  create: createGitProviderRequestSchema,
  update: updateGitProviderRequestSchema,
  testDescription:
    'GitHub and GitHub Enterprise: `GET <api>/user` with the token; GitLab: `GET /api/v4/user`; Bitbucket Server: the user (with a username) or the application properties (an HTTP access token). Without credentials, only that the address answers.',
});
