import { and, asc, eq } from 'drizzle-orm';
import {
  GITHUB_API_URL,
  gitProviderProblems,
  type GitCredentials,
  type GitProvider,
  type IntegrationReference,
  type ParsedCreateGitProviderRequest,
  type ParsedUpdateGitProviderRequest,
} from '../../../contract/integrations';
import type { Db } from '../../db/client';
import { gitProviders, pipelines, triggers } from '../../db/schema';
import { invalidField } from '../../lib/problem';
import { checkGitProvider } from '../integrations/connection-checks';
import { integrationTableQueries } from '../integrations/integration-table';
import type { IntegrationStore } from '../integrations/integrations.service';

type Row = typeof gitProviders.$inferSelect;

function toGitProvider(row: Row): GitProvider {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    credentialsSet: row.credentialsSealed !== null,
    onPremise: row.onPremise,
    behindFirewall: row.behindFirewall,
    lastTest: row.lastTest,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The pipelines that use a git provider: through their triggers (P-5.5) and as the source of
 * their definition (P-4.1), by project and name.
 */
export async function gitProviderReferences(
  db: Db,
  accountId: string,
  id: string,
): Promise<IntegrationReference[]> {
  const triggered = await db
    .select({
      pipelineId: pipelines.id,
      project: pipelines.project,
      name: pipelines.name,
      repository: triggers.repository,
    })
    .from(triggers)
    .innerJoin(pipelines, eq(pipelines.id, triggers.pipelineId))
    .where(and(eq(triggers.accountId, accountId), eq(triggers.gitProviderId, id)))
    .orderBy(asc(triggers.repository));
  const defined = await db
    .select({ pipelineId: pipelines.id, project: pipelines.project, name: pipelines.name })
    .from(pipelines)
    .where(and(eq(pipelines.accountId, accountId), eq(pipelines.gitProviderId, id)));
  const references = [
    ...defined.map((pipeline) => ({ ...pipeline, via: 'definition source' })),
    ...triggered.map(({ repository, ...pipeline }) => ({
      ...pipeline,
      via: `trigger on ${repository}`,
    })),
  ];
  const compare = (a: string, b: string) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  // Stable: a pipeline's definition source comes before its triggers, those by repository.
  return references.sort((a, b) => compare(a.project, b.project) || compare(a.name, b.name));
}

/** Git providers (P-5.1) as the shared integration rules see them. */
export const gitProviderStore: IntegrationStore<Row, GitProvider, GitCredentials> = {
  noun: 'git provider',
  target: 'git-provider',
  actions: {
    created: 'git-provider.created',
    updated: 'git-provider.updated',
    deleted: 'git-provider.deleted',
  },
  addressOf: (row) => row.baseUrl,
  toItem: toGitProvider,
  snapshot: (row) => ({
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    onPremise: row.onPremise,
    behindFirewall: row.behindFirewall,
  }),
  validate(row) {
    const problem = gitProviderProblems(row);
    return problem && invalidField(problem.path, problem.message);
  },
  // Deleting one deletes its triggers (foreign key, on delete cascade); the pipelines defined in
  // it keep their repository, branch and path, with no provider (they cannot run).
  ...integrationTableQueries(gitProviders, [gitProviders.name, gitProviders.baseUrl]),
  references: gitProviderReferences,
  forceNote:
    'Delete it anyway (force=true): its triggers are removed, and a pipeline defined in it cannot run until it is given another source.',
  check: (row, credentials, options) => checkGitProvider(row, credentials, options),
};

/** A creation request as stored values and credentials; GitHub's address by default. */
export function gitProviderCreation(input: ParsedCreateGitProviderRequest) {
  const { credentials, baseUrl, ...values } = input;
  return {
    values: {
      ...values,
      baseUrl: baseUrl ?? GITHUB_API_URL,
      onPremise: values.onPremise ?? false,
      behindFirewall: values.behindFirewall ?? false,
    },
    credentials,
  };
}

export function gitProviderChange(input: ParsedUpdateGitProviderRequest) {
  const { credentials, ...values } = input;
  return { values, credentials };
}
