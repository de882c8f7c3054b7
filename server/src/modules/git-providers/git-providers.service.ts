import { and, asc, eq, sql } from 'drizzle-orm';
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
 * The pipelines that use a git provider: today through their triggers (P-5.5). The pipelines
 * issue adds git sources (`git: <name>` in a pipeline's definition); they join this list then.
 */
export async function gitProviderReferences(
  db: Db,
  accountId: string,
  id: string,
): Promise<IntegrationReference[]> {
  const rows = await db
    .select({
      pipelineId: pipelines.id,
      project: pipelines.project,
      name: pipelines.name,
      repository: triggers.repository,
    })
    .from(triggers)
    .innerJoin(pipelines, eq(pipelines.id, triggers.pipelineId))
    .where(and(eq(triggers.accountId, accountId), eq(triggers.gitProviderId, id)))
    .orderBy(
      asc(sql`lower(${pipelines.project})`),
      asc(sql`lower(${pipelines.name})`),
      asc(triggers.repository),
    );
  return rows.map(({ repository, ...pipeline }) => ({
    ...pipeline,
    via: `trigger on ${repository}`,
  }));
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
  // Deleting one deletes its triggers (foreign key, on delete cascade).
  ...integrationTableQueries(gitProviders, [gitProviders.name, gitProviders.baseUrl]),
  references: gitProviderReferences,
  forceNote: 'Delete it anyway (force=true) to remove those triggers too.',
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
