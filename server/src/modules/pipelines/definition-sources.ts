/**
 * Where a pipeline's definition comes from (P-4.1) and whether the account lets it be used:
 * the three switches (P-4.2) and the git provider's restrictions (P-4.3, P-4.4). Creating or
 * changing a source is refused with 422 naming what stands in the way; running with 409
 * (runs.service.ts); the pipeline's `runnable` says the same in advance.
 */
import { and, eq, inArray } from 'drizzle-orm';
import {
  sourceDisabledReason,
  type PipelineSource,
  type PipelineSourceType,
  type PipelineSourceView,
  type Runnability,
} from '../../../contract/pipeline-sources';
import { patternMatcher, globMatcher } from '../../../domain/patterns';
import type {
  RestrictionCheck,
  RestrictionSettings,
  RestrictionTestResult,
} from '../../../contract/restrictions';
import type { Db } from '../../db/client';
import { accounts, gitProviders, pipelines } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import { HttpProblem } from '../../lib/problem';

type PipelineRow = typeof pipelines.$inferSelect;
type GitProviderRow = typeof gitProviders.$inferSelect;

/** The source columns of a pipeline row for `source` (the others null). */
export function sourceColumns(source: PipelineSource) {
  return {
    sourceType: source.type,
    inlineYaml: source.type === 'inline' ? source.yaml : null,
    gitProviderId: source.type === 'git' ? source.gitProviderId : null,
    gitRepository: source.type === 'git' ? source.repository : null,
    gitBranch: source.type === 'git' ? source.branch : null,
    gitPath: source.type === 'git' ? source.path : null,
    sourceUrl: source.type === 'url' ? source.url : null,
  };
}

/** A row's source as the API answers it; `withYaml: false` for lists. */
export function sourceView(
  row: PipelineRow,
  providerName: string | null,
  withYaml: boolean,
): PipelineSourceView {
  switch (row.sourceType) {
    case 'git':
      return {
        type: 'git',
        gitProviderId: row.gitProviderId,
        gitProviderName: row.gitProviderId ? providerName : null,
        repository: row.gitRepository ?? '',
        branch: row.gitBranch ?? '',
        path: row.gitPath ?? '',
      };
    case 'url':
      return { type: 'url', url: row.sourceUrl ?? '' };
    default:
      return withYaml ? { type: 'inline', yaml: row.inlineYaml ?? '' } : { type: 'inline' };
  }
}

/**
 * What the audit log records of a source. Of an inline definition, its length and SHA-256 digest
 * rather than its text: enough to see that a save changed it (and to match a copy), without
 * copying every definition into the log.
 */
export function sourceSnapshot(row: PipelineRow) {
  return row.sourceType === 'git'
    ? {
        type: 'git',
        gitProviderId: row.gitProviderId,
        repository: row.gitRepository,
        branch: row.gitBranch,
        path: row.gitPath,
      }
    : row.sourceType === 'url'
      ? { type: 'url', url: row.sourceUrl }
      : {
          type: 'inline',
          lines: lineCountOf(row.inlineYaml ?? ''),
          sha256: sha256(row.inlineYaml ?? ''),
        };
}

/** Lines as an editor numbers them: a final line break starts no new line. */
export function lineCountOf(text: string): number {
  return text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
}

export type SourceSwitches = Record<PipelineSourceType, boolean>;

export async function sourceSwitchesOf(db: Db, accountId: string): Promise<SourceSwitches> {
  const [row] = await db
    .select({
      inline: accounts.inlineSourceEnabled,
      git: accounts.gitSourceEnabled,
      url: accounts.urlSourceEnabled,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row ?? { inline: true, git: true, url: true };
}

/** A provider's saved restrictions in the shape the API takes them. */
export function restrictionsOf(provider: GitProviderRow): RestrictionSettings {
  return {
    repositories: provider.restrictRepositories ?? null,
    branches: provider.restrictBranches,
    paths: provider.restrictPaths,
  };
}

/** The providers of the account with these ids, by id. */
export async function providersById(
  db: Db,
  accountId: string,
  ids: readonly (string | null)[],
): Promise<Map<string, GitProviderRow>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select()
    .from(gitProviders)
    .where(and(eq(gitProviders.accountId, accountId), inArray(gitProviders.id, wanted)));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The most compiled patterns kept; past it, the cache starts again. */
const MATCHERS_MAX = 500;
const matchers = new Map<string, (value: string) => boolean>();

/**
 * A compiled matcher, kept: compiling costs a hundred times more than matching, and a provider's
 * pipelines (its restrictions' `pipelines.refused`) or a page of them share a few patterns.
 */
function matcherOf(kind: 'pattern' | 'glob', written: string): (value: string) => boolean {
  const key = `${kind}:${written}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    if (matchers.size >= MATCHERS_MAX) matchers.clear();
    matcher = kind === 'pattern' ? patternMatcher(written) : globMatcher(written);
    matchers.set(key, matcher);
  }
  return matcher;
}

const EVERY: Record<RestrictionCheck['restriction'], string> = {
  repositories: 'Every repository is allowed.',
  branches: 'Every branch is allowed.',
  paths: 'Every path is allowed.',
};

/** One restriction's verdict on `value`: not set (rule null), or allowed or refused by `rule`. */
function checkOf(
  restriction: RestrictionCheck['restriction'],
  value: string,
  rule: string | null,
  test: () => boolean,
  detail = (allowed: boolean) => `${value} ${allowed ? 'matches' : 'does not match'} ${rule}.`,
): RestrictionCheck {
  if (rule === null) {
    return { restriction, value, rule, outcome: 'not-set', detail: EVERY[restriction] };
  }
  const allowed = test();
  return {
    restriction,
    value,
    rule,
    outcome: allowed ? 'allowed' : 'refused',
    detail: detail(allowed),
  };
}

/**
 * What each restriction says of one definition (P-4.5). Patterns run by RE2: linear in the
 * length of the value whatever the pattern. A picked list compares names without regard to case.
 */
export function checkRestrictions(
  restrictions: RestrictionSettings,
  definition: { repository: string; branch: string; path: string },
): RestrictionTestResult {
  const { repositories, branches, paths } = restrictions;
  const { repository, branch, path } = definition;
  const checks = [
    !repositories || 'pattern' in repositories
      ? checkOf('repositories', repository, repositories?.pattern ?? null, () =>
          matcherOf('pattern', repositories!.pattern)(repository),
        )
      : checkOf(
          'repositories',
          repository,
          repositories.names.join(', '),
          () => repositories.names.some((name) => name.toLowerCase() === repository.toLowerCase()),
          (allowed) => `${repository} is ${allowed ? '' : 'not '}one of the picked repositories.`,
        ),
    checkOf('branches', branch, branches, () => matcherOf('pattern', branches!)(branch)),
    checkOf('paths', path, paths, () => matcherOf('glob', paths!)(path)),
  ];
  return { allowed: checks.every((check) => check.outcome !== 'refused'), checks };
}

function refusalSentence(providerName: string, result: RestrictionTestResult): string {
  const refused = result.checks.filter((check) => check.outcome === 'refused');
  return `The restrictions of git provider ${providerName} refuse this definition: ${refused
    .map((check) => `${check.restriction}: ${check.detail}`)
    .join(' ')}`;
}

/**
 * Whether a pipeline with this source may run now (P-4.2, P-4.3), and the reason a person reads
 * on the disabled Run button when not.
 */
export function runnabilityOf(
  row: Pick<
    PipelineRow,
    'sourceType' | 'gitProviderId' | 'gitRepository' | 'gitBranch' | 'gitPath'
  >,
  switches: SourceSwitches,
  providers: Map<string, GitProviderRow>,
): Runnability {
  if (!switches[row.sourceType]) {
    return {
      allowed: false,
      code: 'source-disabled',
      reason: sourceDisabledReason(row.sourceType),
    };
  }
  if (row.sourceType !== 'git') return { allowed: true, code: null, reason: null };
  const provider = row.gitProviderId ? providers.get(row.gitProviderId) : undefined;
  if (!provider) {
    return {
      allowed: false,
      code: 'provider-missing',
      reason:
        'The git provider this definition comes from was deleted; choose another source for the pipeline.',
    };
  }
  const result = checkRestrictions(restrictionsOf(provider), {
    repository: row.gitRepository ?? '',
    branch: row.gitBranch ?? '',
    path: row.gitPath ?? '',
  });
  return result.allowed
    ? { allowed: true, code: null, reason: null }
    : { allowed: false, code: 'restricted', reason: refusalSentence(provider.name, result) };
}

/** Runnability for every row of a page, with one query for the switches and one for providers. */
export async function runnabilityOfRows(
  db: Db,
  accountId: string,
  rows: readonly PipelineRow[],
): Promise<{ switches: SourceSwitches; providers: Map<string, GitProviderRow> }> {
  const [switches, providers] = await Promise.all([
    sourceSwitchesOf(db, accountId),
    providersById(
      db,
      accountId,
      rows.map((row) => row.gitProviderId),
    ),
  ]);
  return { switches, providers };
}

/**
 * Refuses (422, on the field that is wrong) a source the account does not allow: a turned-off
 * source, a git provider of another account or none, a definition the provider's restrictions
 * refuse. Returns the provider of a git source.
 */
export async function assertSourceAllowed(
  db: Db,
  accountId: string,
  source: PipelineSource,
): Promise<GitProviderRow | null> {
  const switches = await sourceSwitchesOf(db, accountId);
  if (!switches[source.type]) {
    throw new HttpProblem(422, sourceDisabledReason(source.type), {
      code: 'source-disabled',
      errors: [{ path: 'source.type', message: sourceDisabledReason(source.type) }],
    });
  }
  if (source.type !== 'git') return null;
  const provider = (await providersById(db, accountId, [source.gitProviderId])).get(
    source.gitProviderId,
  );
  if (!provider) {
    throw new HttpProblem(422, 'There is no such git provider in this account.', {
      errors: [
        { path: 'source.gitProviderId', message: 'There is no such git provider in this account.' },
      ],
    });
  }
  const result = checkRestrictions(restrictionsOf(provider), source);
  if (!result.allowed) {
    const refused = result.checks.filter((check) => check.outcome === 'refused');
    const field = { repositories: 'repository', branches: 'branch', paths: 'path' } as const;
    throw new HttpProblem(422, refusalSentence(provider.name, result), {
      code: 'restricted',
      errors: refused.map((check) => ({
        path: `source.${field[check.restriction]}`,
        message: `Refused by the ${check.restriction} restriction of ${provider.name}: ${check.detail}`,
      })),
    });
  }
  return provider;
}
